package io.voipkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.HealthStatus;
import io.voipkit.core.LiveState;
import io.voipkit.core.Pbx;
import io.voipkit.core.event.EndpointStatusChanged;
import io.voipkit.core.event.Subscription;
import io.voipkit.simulator.PbxSimulator;
import io.voipkit.simulator.TrafficGenerator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The embedded simulator, and health and metrics against it and against an unreachable PBX. */
class SimulatorModeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoipAutoConfiguration.class, VoipHealthAutoConfiguration.class,
                    VoipMetricsAutoConfiguration.class));

    @Test
    void simulatorMode_connectsAndShowsThePhones() {
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=5", "voip.simulator.registered=3")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Pbx pbx = context.getBean(Pbx.class);
                    assertThat(pbx.id()).isEqualTo("simulator");
                    await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
                    LiveState state = context.getBean(LiveState.class);
                    await().atMost(WAIT).untilAsserted(() -> {
                        assertThat(state.endpoints()).hasSize(5);
                        assertThat(state.endpoints()).filteredOn(e -> e.status() == EndpointStatus.ONLINE).hasSize(3);
                    });
                });
    }

    @Test
    void simulatorMode_healthIsUpOrDegradedAsTheReportSays() {
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=3")
                .run(context -> {
                    Pbx pbx = context.getBean(Pbx.class);
                    await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
                    HealthIndicator indicator = indicator(context.getBean("voipHealthContributor", CompositeHealthContributor.class),
                            "simulator");
                    Health health = indicator.health();
                    assertThat(health.getStatus()).isNotEqualTo(Status.DOWN);
                    HealthStatus reported = pbx.health().fullReport().status();
                    assertThat(health.getStatus().getCode()).isEqualTo(reported.name());
                    assertThat(health.getDetails()).containsEntry("pbx", "simulator").containsKey("connection");
                    assertThat(health.getDetails().toString()).doesNotContain("secret=");
                });
    }

    @Test
    void unreachablePbx_healthIsDownWithTheReason() {
        runner.withPropertyValues(VoipAutoConfigurationTest.asteriskOnClosedPort())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    HealthIndicator indicator = indicator(context.getBean("voipHealthContributor", CompositeHealthContributor.class),
                            "asterisk");
                    Health health = indicator.health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsEntry("pbx", "asterisk");
                    assertThat(health.getDetails().toString()).doesNotContain("secret");
                });
    }

    @Test
    void noPbxConfigured_healthAndMetricsStillStart() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasBean("voipHealthContributor").hasBean("voipMeterBinder");
        });
    }

    @Test
    void severalPbxs_getOneHealthMemberEach() {
        runner.withPropertyValues("voip.pbx.office.host=127.0.0.1", "voip.pbx.office.port=" + VoipAutoConfigurationTest.closedPort(),
                        "voip.pbx.office.username=u", "voip.pbx.office.secret=s",
                        "voip.pbx.branch.host=127.0.0.1", "voip.pbx.branch.port=" + VoipAutoConfigurationTest.closedPort(),
                        "voip.pbx.branch.username=u", "voip.pbx.branch.secret=s")
                .run(context -> {
                    CompositeHealthContributor composite = context.getBean("voipHealthContributor", CompositeHealthContributor.class);
                    assertThat(indicator(composite, "office").health().getStatus()).isEqualTo(Status.DOWN);
                    assertThat(indicator(composite, "branch").health().getStatus()).isEqualTo(Status.DOWN);
                    assertThat(composite.getContributor("simulator")).isNull();
                });
    }

    @Test
    void healthCanBeSwitchedOff() {
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=1", "management.health.voip.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("voipHealthContributor"));
    }

    @Test
    void metrics_showConnectionEndpointsAndDeliveredEvents() {
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=4", "voip.simulator.registered=2")
                .run(context -> {
                    Pbx pbx = context.getBean(Pbx.class);
                    SimpleMeterRegistry meters = new SimpleMeterRegistry();
                    context.getBean("voipMeterBinder", MeterBinder.class).bindTo(meters);
                    await().atMost(WAIT).untilAsserted(() -> {
                        assertThat(meters.get("voip.connection.connected").tag("pbx", "simulator").gauge().value()).isEqualTo(1.0);
                        assertThat(meters.get("voip.endpoints").tags("pbx", "simulator", "status", "ONLINE").gauge().value())
                                .isEqualTo(2.0);
                    });
                    assertThat(meters.get("voip.connection.state").tags("pbx", "simulator", "state", "CLOSED").gauge().value())
                            .isZero();

                    PbxSimulator simulator = context.getBean(PbxSimulator.class);
                    double subscriptionsBefore = meters.get("voip.events.subscriptions").tag("pbx", "simulator").gauge().value();
                    double live;
                    try (Subscription sub = pbx.events().subscribe(EndpointStatusChanged.class, e -> { })) {
                        assertThat(meters.get("voip.events.subscriptions").tag("pbx", "simulator").gauge().value())
                                .isEqualTo(subscriptionsBefore + 1);
                        simulator.registerPhone(simulator.endpoints().get(3));
                        await().atMost(WAIT).until(() -> sub.stats().delivered() >= 1);
                        live = meters.get("voip.events.delivered").tag("pbx", "simulator").functionCounter().count();
                        assertThat(live).isGreaterThanOrEqualTo(1);
                    }
                    // The subscription is closed now; what it delivered stays in the total.
                    assertThat(meters.get("voip.events.delivered").tag("pbx", "simulator").functionCounter().count())
                            .isGreaterThanOrEqualTo(live);
                    await().atMost(WAIT).untilAsserted(() -> assertThat(
                            meters.get("voip.events.received").tag("pbx", "simulator").counter().count()).isGreaterThanOrEqualTo(1));
                });
    }

    @Test
    void callsPerSecond_startsRandomTraffic() {
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=4", "voip.simulator.calls-per-second=20")
                .run(context -> {
                    TrafficGenerator traffic = context.getBean(TrafficGenerator.class);
                    await().atMost(WAIT).until(() -> traffic.stepsExecuted() > 0);
                });
    }

    @Test
    void noCallsPerSecond_noTraffic() {
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=1")
                .run(context -> assertThat(context).doesNotHaveBean(TrafficGenerator.class));
    }

    @Test
    void simulatorNotUsed_whenAPbxIsConfigured() {
        runner.withPropertyValues(VoipAutoConfigurationTest.asteriskOnClosedPort())
                .withPropertyValues("voip.simulator.enabled=true")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(PbxSimulator.class);
                    assertThat(context.getBean(Pbx.class).id()).isEqualTo("asterisk");
                });
    }

    @Test
    void invalidSimulatorSettings_failNamingTheProperty() {
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=2", "voip.simulator.registered=3")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.simulator.registered"));
    }

    private static HealthIndicator indicator(CompositeHealthContributor composite, String id) {
        return (HealthIndicator) composite.getContributor(id);
    }
}
