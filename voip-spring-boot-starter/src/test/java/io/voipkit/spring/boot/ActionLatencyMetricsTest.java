package io.voipkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.voipkit.core.ActionObserver;
import io.voipkit.core.CallControl;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.OriginateRequest;
import io.voipkit.core.OriginateResult;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxRegistry;
import io.voipkit.simulator.esl.FreeSwitchSimulator;
import io.voipkit.spring.boot.internal.ActionLatencyMeters;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The timer {@code voip.action.latency}: the starter gives its observer to every PBX it builds,
 * Spring Boot's metrics support binds it to the registry, and actions issued through the injected
 * beans or the registry are recorded by PBX, action and outcome.
 */
class ActionLatencyMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** As an application with actuator and the simple registry: Boot binds the meter binders itself. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, VoipAutoConfiguration.class,
                    VoipMetricsAutoConfiguration.class));

    private static Pbx connected(org.springframework.context.ApplicationContext context) {
        Pbx pbx = context.getBean(Pbx.class);
        await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
        return pbx;
    }

    @Test
    void anOriginateThroughTheInjectedCallControlIsTimedWithItsTags() {
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=3").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ActionLatencyMeters.class);
            connected(context);
            OriginateResult r = context.getBean(CallControl.class).originate(
                    OriginateRequest.toApplication("Local/200@test", "Wait", "1").timeout(Duration.ofSeconds(10)).build());
            assertThat(r.success()).as("result %s", r).isTrue();
            assertThatThrownBy(() -> context.getBean(CallControl.class).hangup("PJSIP/nobody-00000000"))
                    .isInstanceOf(PbxActionFailedException.class);

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                Timer originate = meters.get(ActionLatencyMeters.NAME)
                        .tags("pbx", "simulator", "action", "Originate", "outcome", "success").timer();
                assertThat(originate.count()).isGreaterThanOrEqualTo(1);
                assertThat(originate.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
                assertThat(meters.get(ActionLatencyMeters.NAME)
                        .tags("pbx", "simulator", "action", "Hangup", "outcome", "failed").timer().count()).isEqualTo(1);
            });
            // no arguments in any tag: the action tag is the AMI name only
            assertThat(meters.find(ActionLatencyMeters.NAME).timers()).extracting(t -> t.getId().getTag("action"))
                    .allMatch(a -> a.matches("[A-Za-z]+"));
            // histogram buckets are off unless asked for
            assertThat(meters.get(ActionLatencyMeters.NAME).tags("action", "Originate", "outcome", "success").timer()
                    .takeSnapshot().histogramCounts()).isEmpty();
        });
    }

    @Test
    void actionsThroughTheRegistryAreTimedToo() {
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=3").run(context -> {
            connected(context);
            context.getBean(PbxRegistry.class).require("simulator").queues().queues();
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(meters.get(ActionLatencyMeters.NAME)
                    .tags("pbx", "simulator", "action", "QueueStatus", "outcome", "success").timer().count()).isEqualTo(1));
        });
    }

    /**
     * Spring Boot's distribution properties reach the timer. (Percentile-histogram buckets appear
     * only in registries with aggregable percentiles, such as Prometheus; the simple registry
     * shows SLO buckets and client-side percentiles.)
     */
    @Test
    void bootsDistributionPropertiesApplyToTheTimer() {
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=3",
                "management.metrics.distribution.slo.voip.action.latency=50ms,1s",
                "management.metrics.distribution.percentiles.voip.action.latency=0.5,0.99").run(context -> {
            Pbx pbx = connected(context);
            pbx.health().checkConnection();
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                io.micrometer.core.instrument.distribution.HistogramSnapshot snapshot = meters.get(ActionLatencyMeters.NAME)
                        .tags("action", "Ping", "outcome", "success").timer().takeSnapshot();
                assertThat(snapshot.count()).isEqualTo(1);
                assertThat(snapshot.histogramCounts()).hasSize(2);
                assertThat(snapshot.percentileValues()).hasSize(2);
            });
        });
    }

    @Test
    void aFreeSwitchPbxIsTimedUnderItsCommandNames() {
        FreeSwitchSimulator fs = FreeSwitchSimulator.builder().password("fs-s3cret").heartbeat(Duration.ZERO).build().start();
        try {
            runner.withPropertyValues("voip.pbx.fs.type=freeswitch", "voip.pbx.fs.host=127.0.0.1",
                    "voip.pbx.fs.port=" + fs.port(), "voip.pbx.fs.secret=fs-s3cret").run(context -> {
                        connected(context).health().checkConnection();
                        MeterRegistry meters = context.getBean(MeterRegistry.class);
                        assertThat(meters.get(ActionLatencyMeters.NAME)
                                .tags("pbx", "fs", "action", "status", "outcome", "success").timer().count()).isEqualTo(1);
                    });
        } finally {
            fs.close();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnObserver {
        static final List<String> SEEN = new CopyOnWriteArrayList<>();

        @Bean
        ActionObserver auditObserver() {
            return (pbx, action, latency, outcome) -> SEEN.add(pbx + " " + action + " " + outcome);
        }
    }

    @Test
    void theApplicationsOwnObserverIsToldBesideTheTimer() {
        OwnObserver.SEEN.clear();
        runner.withUserConfiguration(OwnObserver.class)
                .withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=3").run(context -> {
                    connected(context).health().checkConnection();
                    // both are told, in either order, on the thread that completes the action
                    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                        assertThat(OwnObserver.SEEN).contains("simulator Ping SUCCESS");
                        assertThat(context.getBean(MeterRegistry.class).get(ActionLatencyMeters.NAME)
                                .tags("action", "Ping", "outcome", "success").timer().count()).isEqualTo(1);
                    });
                });
    }

    @Test
    void withoutMicrometerTheApplicationsObserverStillWorks() {
        OwnObserver.SEEN.clear();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VoipAutoConfiguration.class, VoipMetricsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .withUserConfiguration(OwnObserver.class)
                .withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=3").run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ActionLatencyMeters.class);
                    connected(context).health().checkConnection();
                    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(OwnObserver.SEEN).contains("simulator Ping SUCCESS"));
                });
    }

    @Test
    void theTimerBacksOffForABeanOfItsName() {
        runner.withBean("voipActionLatencyMeters", ActionObserver.class, () -> ActionObserver.NONE)
                .withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=3").run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ActionLatencyMeters.class);
                    connected(context).health().checkConnection();
                    assertThat(context.getBean(MeterRegistry.class).find(ActionLatencyMeters.NAME).timers()).isEmpty();
                });
    }

    @Test
    void actionsBeforeTheRegistryIsBoundAreNotRecordedAndLaterOnesAre() {
        ActionLatencyMeters meters = new ActionLatencyMeters();
        meters.actionCompleted("p", "Ping", Duration.ofMillis(3), ActionObserver.Outcome.SUCCESS);
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        meters.bindTo(registry);
        meters.bindTo(registry); // a second bind of the same registry changes nothing
        meters.actionCompleted("p", "Ping", Duration.ofMillis(5), ActionObserver.Outcome.SUCCESS);
        meters.actionCompleted("p", "Ping", Duration.ofMillis(7), ActionObserver.Outcome.TIMEOUT);
        Timer ok = registry.get(ActionLatencyMeters.NAME).tags("pbx", "p", "action", "Ping", "outcome", "success").timer();
        assertThat(ok.count()).isEqualTo(1);
        assertThat(ok.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(5.0);
        assertThat(registry.get(ActionLatencyMeters.NAME).tags("outcome", "timeout").timer().count()).isEqualTo(1);
        assertThat(registry.get(ActionLatencyMeters.NAME).tags("outcome", "not_connected").timer().count()).isZero();

        // a second registry bound later gets the same timers from then on
        io.micrometer.core.instrument.simple.SimpleMeterRegistry second = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        meters.bindTo(second);
        meters.actionCompleted("p", "Ping", Duration.ofMillis(2), ActionObserver.Outcome.SUCCESS);
        assertThat(ok.count()).isEqualTo(2);
        assertThat(second.get(ActionLatencyMeters.NAME).tags("outcome", "success").timer().count()).isEqualTo(1);
    }
}
