package io.voipkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.voipkit.core.CallControl;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.HealthCheck;
import io.voipkit.core.LiveState;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxRegistry;
import io.voipkit.core.QueueMonitor;
import io.voipkit.core.event.OverflowPolicy;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Property binding, validation, bean creation and back-off of {@link VoipAutoConfiguration}. */
class VoipAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoipAutoConfiguration.class));

    /** A loopback port nobody listens on: connects fail fast with "connection refused". */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bindsEveryAsteriskPropertyIntoImmutableRecords() {
        runner.withPropertyValues("voip.asterisk.host=127.0.0.1", "voip.asterisk.port=" + closedPort(),
                        "voip.asterisk.username=crm", "voip.asterisk.secret=s3cr3t-value", "voip.asterisk.tls=false",
                        "voip.asterisk.zone=Europe/Berlin", "voip.asterisk.log-files=/tmp/a,/tmp/b",
                        "voip.asterisk.connect-timeout=700ms", "voip.asterisk.action-timeout=3s",
                        "voip.asterisk.reconnect.initial-delay=200ms", "voip.asterisk.reconnect.max-delay=2s",
                        "voip.asterisk.reconnect.multiplier=1.5",
                        "voip.events.queue-capacity=100", "voip.events.overflow-policy=drop-oldest")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    VoipProperties p = context.getBean(VoipProperties.class);
                    VoipProperties.Connection a = p.asterisk();
                    assertThat(a.host()).isEqualTo("127.0.0.1");
                    assertThat(a.username()).isEqualTo("crm");
                    assertThat(a.zone()).isEqualTo("Europe/Berlin");
                    assertThat(a.logFiles()).containsExactly(Path.of("/tmp/a"), Path.of("/tmp/b"));
                    assertThat(a.connectTimeout()).isEqualTo(Duration.ofMillis(700));
                    assertThat(a.actionTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(a.reconnect().multiplier()).isEqualTo(1.5);
                    assertThat(a.failFast()).isFalse();
                    assertThat(p.events().overflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
                    assertThat(a.toString()).doesNotContain("s3cr3t-value");

                    Pbx pbx = context.getBean(PbxRegistry.class).require("asterisk");
                    assertThat(pbx.config().actionTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(pbx.config().reconnectMaxDelay()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(pbx.config().eventQueueCapacity()).isEqualTo(100);
                    assertThat(pbx.config().overflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
                    assertThat(pbx.toString()).doesNotContain("s3cr3t-value");
                });
    }

    @Test
    void singlePbx_exposesItsCallControlQueueMonitorHealthCheckAndLiveState() {
        runner.withPropertyValues(asteriskOnClosedPort())
                .run(context -> {
                    Pbx pbx = context.getBean(Pbx.class);
                    assertThat(pbx.id()).isEqualTo("asterisk");
                    assertThat(context.getBean(CallControl.class)).isSameAs(pbx.calls());
                    assertThat(context.getBean(QueueMonitor.class)).isSameAs(pbx.queues());
                    assertThat(context.getBean(HealthCheck.class)).isSameAs(pbx.health());
                    assertThat(context.getBean(LiveState.class)).isSameAs(pbx.state());
                });
    }

    @Test
    void pbxThatCannotBeReached_doesNotStopTheApplication_andIsClosedOnShutdown() {
        Pbx[] seen = new Pbx[1];
        runner.withPropertyValues(asteriskOnClosedPort())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    seen[0] = context.getBean(Pbx.class);
                    assertThat(seen[0].connectionState()).isNotEqualTo(ConnectionState.CONNECTED);
                });
        assertThat(seen[0].connectionState()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void failFast_failsTheStartUpWhenThePbxCannotBeReached() {
        runner.withPropertyValues(asteriskOnClosedPort())
                .withPropertyValues("voip.asterisk.fail-fast=true")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void missingSecret_failsNamingTheProperty() {
        runner.withPropertyValues("voip.asterisk.host=127.0.0.1", "voip.asterisk.username=crm")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.asterisk.secret"));
    }

    @Test
    void invalidPort_failsNamingTheProperty() {
        runner.withPropertyValues(asteriskOnClosedPort()).withPropertyValues("voip.asterisk.port=70000")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("voip.asterisk.port"));
    }

    @Test
    void invalidReconnect_failsNamingTheProperty() {
        runner.withPropertyValues(asteriskOnClosedPort())
                .withPropertyValues("voip.asterisk.reconnect.initial-delay=10s", "voip.asterisk.reconnect.max-delay=1s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.asterisk.reconnect"));
    }

    @Test
    void invalidQueueCapacity_failsNamingTheProperty() {
        runner.withPropertyValues(asteriskOnClosedPort()).withPropertyValues("voip.events.queue-capacity=0")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.events.queue-capacity"));
    }

    @Test
    void unknownPbxType_failsNamingTheProperty() {
        runner.withPropertyValues("voip.pbx.office.type=avaya", "voip.pbx.office.host=127.0.0.1",
                        "voip.pbx.office.username=u", "voip.pbx.office.secret=s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.pbx.office.type").hasMessageContaining("avaya"));
    }

    @Test
    void invalidPbxId_failsNamingTheProperty() {
        runner.withPropertyValues("voip.pbx[bad id].host=127.0.0.1", "voip.pbx[bad id].username=u",
                        "voip.pbx[bad id].secret=s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.pbx.bad id"));
    }

    @Test
    void severalPbxs_areAllRegistered_andNoSinglePbxBeansExist() {
        int port = closedPort();
        runner.withPropertyValues(asteriskOnClosedPort())
                .withPropertyValues("voip.pbx.branch.host=127.0.0.1", "voip.pbx.branch.port=" + port,
                        "voip.pbx.branch.username=u", "voip.pbx.branch.secret=s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(PbxRegistry.class).ids()).containsExactlyInAnyOrder("asterisk", "branch");
                    assertThat(context).doesNotHaveBean(Pbx.class);
                    assertThat(context).doesNotHaveBean(CallControl.class);
                });
    }

    @Test
    void nothingConfigured_givesAnEmptyRegistryAndNoPbx() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(PbxRegistry.class).ids()).isEmpty();
            assertThat(context).doesNotHaveBean(Pbx.class);
            assertThat(context).doesNotHaveBean("voipSimulator");
        });
    }

    @Test
    void userRegistry_replacesOurs() {
        runner.withUserConfiguration(UserRegistry.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(PbxRegistry.class);
                    assertThat(context.getBean(PbxRegistry.class)).isSameAs(context.getBean("myRegistry"));
                    assertThat(context.getBean(PbxRegistry.class).ids()).isEmpty();
                });
    }

    @Test
    void userCallControl_replacesOurs_theOtherSinglePbxBeansStay() {
        runner.withPropertyValues(asteriskOnClosedPort())
                .withUserConfiguration(UserCallControl.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(CallControl.class);
                    assertThat(context.getBean(CallControl.class)).isSameAs(context.getBean("myCalls"));
                    assertThat(context).hasSingleBean(QueueMonitor.class);
                });
    }

    static String[] asteriskOnClosedPort() {
        return new String[] {"voip.asterisk.host=127.0.0.1", "voip.asterisk.port=" + closedPort(),
                "voip.asterisk.username=crm", "voip.asterisk.secret=secret",
                "voip.asterisk.connect-timeout=500ms", "voip.asterisk.reconnect.initial-delay=100ms",
                "voip.asterisk.reconnect.max-delay=200ms"};
    }

    @Configuration(proxyBeanMethods = false)
    static class UserRegistry {
        @Bean
        PbxRegistry myRegistry() {
            return new PbxRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserCallControl {
        @Bean
        CallControl myCalls() {
            return mock(CallControl.class);
        }
    }
}
