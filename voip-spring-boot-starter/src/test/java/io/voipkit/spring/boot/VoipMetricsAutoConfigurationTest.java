package io.voipkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voipkit.core.LiveState;
import io.voipkit.core.MemberState;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxRegistry;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.event.EventBus;
import io.voipkit.routing.RoutingEngine;
import io.voipkit.spring.boot.internal.CdrImportRunner;
import io.voipkit.spring.boot.internal.RuleFileReloader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Routing, CDR and queue meters of {@link VoipMetricsAutoConfiguration}, their conditions and back-off. */
class VoipMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoipAutoConfiguration.class, VoipRoutingAutoConfiguration.class,
                    VoipCdrAutoConfiguration.class, VoipMetricsAutoConfiguration.class));

    @TempDir
    Path dir;

    @Test
    void routingDecisionsPerRule_includingRulesAddedByAReload() throws IOException {
        Path f = dir.resolve("routing.json");
        Files.writeString(f, VoipRoutingAutoConfigurationTest.RULES);
        runner.withPropertyValues("voip.routing.rules-file=" + f).run(context -> {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            context.getBean("voipRoutingMeterBinder", MeterBinder.class).bindTo(meters);
            RoutingEngine engine = context.getBean(RoutingEngine.class);
            engine.decide("1", "100");
            engine.decide("1", "100");
            engine.decide("1", "555");
            assertThat(meters.get("voip.routing.decisions").tag("rule", "sales").functionCounter().count()).isEqualTo(2);
            assertThat(meters.get("voip.routing.rule-set.version").gauge().value()).isEqualTo(1);

            Files.writeString(f, VoipRoutingAutoConfigurationTest.RULES.replace("\"sales\"", "\"sales-2\""));
            Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
            assertThat(context.getBean(RuleFileReloader.class).checkNow()).isTrue();
            engine.decide("1", "100");
            assertThat(meters.get("voip.routing.decisions").tag("rule", "sales-2").functionCounter().count()).isEqualTo(1);
            assertThat(meters.get("voip.routing.rule-set.version").gauge().value()).isEqualTo(2);
        });
    }

    @Test
    void cdrImportCounts() throws IOException {
        Path csv = dir.resolve("Master.csv");
        Files.write(csv, VoipCdrAutoConfigurationTest.masterCsvRows());
        runner.withPropertyValues("voip.cdr.source.type=asterisk-csv", "voip.cdr.source.path=" + csv).run(context -> {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            context.getBean("voipCdrMeterBinder", MeterBinder.class).bindTo(meters);
            CdrImportRunner r = context.getBean(CdrImportRunner.class);
            r.runOnce();
            r.runOnce();
            assertThat(meters.get("voip.cdr.imported").functionCounter().count()).isEqualTo(3);
            assertThat(meters.get("voip.cdr.rejected").functionCounter().count()).isZero();
            assertThat(meters.get("voip.cdr.import.runs").tag("outcome", "success").functionCounter().count()).isEqualTo(2);
            Files.delete(csv);
            try {
                r.runOnce();
            } catch (RuntimeException expected) {
                // counted below
            }
            assertThat(meters.get("voip.cdr.import.runs").tag("outcome", "failure").functionCounter().count()).isEqualTo(1);
        });
    }

    @Test
    void queueGauges_waitingAndAvailablePerQueue() {
        runner.withUserConfiguration(OnePbxWithAQueue.class).run(context -> {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            context.getBean("voipQueueMeterBinder", MeterBinder.class).bindTo(meters);
            assertThat(meters.get("voip.queue.waiting").tags("pbx", "office", "queue", "support").gauge().value()).isEqualTo(2);
            // one idle, one paused, one busy, one on a queue call: one can take a call
            assertThat(meters.get("voip.queue.available").tags("pbx", "office", "queue", "support").gauge().value())
                    .isEqualTo(1);
        });
    }

    @Test
    void backOffByName_andAbsentModules() {
        runner.withBean("voipRoutingMeterBinder", MeterBinder.class, () -> m -> { })
                .run(context -> assertThat(context.getBean("voipRoutingMeterBinder"))
                        .isNotInstanceOf(io.voipkit.spring.boot.internal.RoutingMeterBinder.class));
        runner.withClassLoader(new FilteredClassLoader(RoutingEngine.class, io.voipkit.cdr.CdrImporter.class))
                .run(context -> assertThat(context).hasNotFailed().hasBean("voipMeterBinder")
                        .doesNotHaveBean("voipRoutingMeterBinder").doesNotHaveBean("voipCdrMeterBinder"));
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("voipQueueMeterBinder"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OnePbxWithAQueue {
        @Bean
        PbxRegistry registry() {
            QueueMember idle = member("PJSIP/101", MemberState.NOT_IN_USE, false, false);
            QueueMember paused = member("PJSIP/102", MemberState.NOT_IN_USE, true, false);
            QueueMember busy = member("PJSIP/103", MemberState.IN_USE, false, false);
            QueueMember inCall = member("PJSIP/104", MemberState.NOT_IN_USE, false, true);
            QueueStatus q = new QueueStatus("support", "rrmemory", 0, 2, Duration.ZERO, Duration.ZERO, 0, 0,
                    Duration.ofSeconds(60), 0, 0, List.of(idle, paused, busy, inCall), List.of());
            LiveState state = Mockito.mock(LiveState.class);
            Mockito.when(state.queues()).thenReturn(List.of(q));
            Pbx pbx = Mockito.mock(Pbx.class);
            Mockito.when(pbx.id()).thenReturn("office");
            Mockito.when(pbx.state()).thenReturn(state);
            Mockito.when(pbx.events()).thenReturn(Mockito.mock(EventBus.class));
            PbxRegistry registry = new PbxRegistry();
            registry.register(pbx);
            return registry;
        }

        static QueueMember member(String iface, MemberState s, boolean paused, boolean inCall) {
            return new QueueMember(iface, iface, null, "static", 0, 0, null, s, paused, null, inCall);
        }
    }

}
