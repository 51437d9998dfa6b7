package io.voipkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voipkit.core.CallControl;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.LiveState;
import io.voipkit.core.OriginateRequest;
import io.voipkit.core.OriginateResult;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxKind;
import io.voipkit.core.PbxRegistry;
import io.voipkit.simulator.PbxSimulator;
import io.voipkit.simulator.esl.FreeSwitchSimulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code type=freeswitch}: the starter builds a {@code FreeSwitchPbx} from {@code voip.pbx.<id>.*}
 * and connects it to voip-simulator's {@link FreeSwitchSimulator} (the Event Socket as FreeSWITCH
 * 1.10 speaks it), alone and beside an Asterisk.
 */
class FreeSwitchStarterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoipAutoConfiguration.class, VoipHealthAutoConfiguration.class));

    private FreeSwitchSimulator fs;

    @BeforeEach
    void startSimulator() {
        fs = FreeSwitchSimulator.builder().password("fs-s3cret").heartbeat(Duration.ZERO).build().start();
    }

    @AfterEach
    void stopSimulator() {
        fs.close();
    }

    private String[] freeSwitch(String id) {
        return new String[] {"voip.pbx." + id + ".type=freeswitch", "voip.pbx." + id + ".host=127.0.0.1",
                "voip.pbx." + id + ".port=" + fs.port(), "voip.pbx." + id + ".secret=fs-s3cret",
                "voip.pbx." + id + ".action-timeout=5s", "voip.pbx." + id + ".reconnect.initial-delay=100ms",
                "voip.pbx." + id + ".reconnect.max-delay=500ms"};
    }

    @Test
    void freeSwitchWithoutUsername_connects_healthIsUp_andLiveStateHasTheRegistrations() {
        fs.registerPhone("1000");
        fs.registerPhone("1001");
        runner.withPropertyValues(freeSwitch("fs")).run(context -> {
            assertThat(context).hasNotFailed();
            Pbx pbx = context.getBean(Pbx.class);
            assertThat(pbx.id()).isEqualTo("fs");
            assertThat(pbx.kind()).isEqualTo(PbxKind.FREESWITCH);
            assertThat(pbx.toString()).doesNotContain("fs-s3cret");
            await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);

            LiveState state = context.getBean(LiveState.class);
            await().atMost(WAIT).untilAsserted(() -> assertThat(state.endpoints())
                    .filteredOn(e -> e.status() == EndpointStatus.ONLINE).extracting(Endpoint::name)
                    .containsExactlyInAnyOrder("1000", "1001"));

            // A registration after the connect reaches the live state through the event stream.
            fs.registerPhone("1002");
            await().atMost(WAIT).untilAsserted(() -> assertThat(state.endpoints())
                    .filteredOn(e -> e.status() == EndpointStatus.ONLINE).extracting(Endpoint::name).contains("1002"));

            HealthIndicator indicator = (HealthIndicator) context.getBean("voipHealthContributor",
                    CompositeHealthContributor.class).getContributor("fs");
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("pbx", "fs");
            assertThat(health.getDetails().toString()).doesNotContain("fs-s3cret");
        });
    }

    @Test
    void originateThroughTheInjectedCallControl_reachesTheSimulator() {
        runner.withPropertyValues(freeSwitch("fs")).run(context -> {
            Pbx pbx = context.getBean(Pbx.class);
            await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
            int before = fs.activeChannels();

            OriginateResult r = context.getBean(CallControl.class).originate(OriginateRequest
                    .toApplication("loopback/9000/default", "park", null).timeout(Duration.ofSeconds(10)).build());

            assertThat(r.success()).as("originate %s", r).isTrue();
            assertThat(fs.activeChannels()).isGreaterThan(before);
            await().atMost(WAIT).untilAsserted(() -> assertThat(pbx.state().channels()).isNotEmpty());
        });
    }

    @Test
    void wrongPassword_isNotConnected_andHealthIsDown() {
        runner.withPropertyValues(freeSwitch("fs")).withPropertyValues("voip.pbx.fs.secret=wrong").run(context -> {
            assertThat(context).hasNotFailed();
            HealthIndicator indicator = (HealthIndicator) context.getBean("voipHealthContributor",
                    CompositeHealthContributor.class).getContributor("fs");
            await().atMost(WAIT).untilAsserted(() -> assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN));
            assertThat(context.getBean(Pbx.class).connectionState()).isNotEqualTo(ConnectionState.CONNECTED);
        });
    }

    @Test
    void freeSwitchPortDefaultsTo8021() {
        runner.withPropertyValues("voip.pbx.fs.type=freeswitch", "voip.pbx.fs.host=127.0.0.1", "voip.pbx.fs.secret=x")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Pbx.class).toString()).contains("8021");
                });
    }

    @Test
    void voipAsteriskWithTypeFreeswitch_alsoWorks() {
        runner.withPropertyValues("voip.asterisk.type=freeswitch", "voip.asterisk.host=127.0.0.1",
                "voip.asterisk.port=" + fs.port(), "voip.asterisk.secret=fs-s3cret").run(context -> {
                    Pbx pbx = context.getBean(Pbx.class);
                    assertThat(pbx.kind()).isEqualTo(PbxKind.FREESWITCH);
                    await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
                });
    }

    @Test
    void missingSecret_failsNamingTheProperty() {
        runner.withPropertyValues("voip.pbx.fs.type=freeswitch", "voip.pbx.fs.host=127.0.0.1")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.pbx.fs.secret").hasMessageContaining("is required"));
    }

    @Test
    void username_isRejectedForFreeSwitch_namingTheProperty() {
        runner.withPropertyValues(freeSwitch("fs")).withPropertyValues("voip.pbx.fs.username=admin")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.pbx.fs.username").hasMessageContaining("only a password"));
    }

    @Test
    void tls_isRejectedForFreeSwitch_namingTheProperty() {
        runner.withPropertyValues(freeSwitch("fs")).withPropertyValues("voip.pbx.fs.tls=true")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.pbx.fs.tls"));
    }

    @Test
    void logFiles_andZone_areRejectedForFreeSwitch_namingTheProperty() {
        runner.withPropertyValues(freeSwitch("fs")).withPropertyValues("voip.pbx.fs.log-files=/tmp/x")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.pbx.fs.log-files"));
        runner.withPropertyValues(freeSwitch("fs")).withPropertyValues("voip.pbx.fs.zone=Europe/Berlin")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.pbx.fs.zone"));
    }

    @Test
    void asteriskStillNeedsItsUsername() {
        runner.withPropertyValues("voip.pbx.office.host=127.0.0.1", "voip.pbx.office.secret=s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.pbx.office.username"));
    }

    @Test
    void invalidFreeSwitchPort_failsNamingTheProperty() {
        runner.withPropertyValues(freeSwitch("fs")).withPropertyValues("voip.pbx.fs.port=70000")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.pbx.fs.port"));
    }

    @Test
    void mixedRegistry_asteriskAndFreeSwitch_bothConnect_eachWithItsHealthMember() {
        try (PbxSimulator ami = PbxSimulator.builder().endpoints(3).build().start()) {
            ami.registerPhone("101-ep");
            fs.registerPhone("1000");
            runner.withPropertyValues(freeSwitch("fs"))
                    .withPropertyValues("voip.pbx.office.host=127.0.0.1", "voip.pbx.office.port=" + ami.amiPort(),
                            "voip.pbx.office.username=voipkit", "voip.pbx.office.secret=voipkit")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        // Two PBXs: no single-PBX beans, both in the registry.
                        assertThat(context).doesNotHaveBean(CallControl.class);
                        PbxRegistry registry = context.getBean(PbxRegistry.class);
                        assertThat(registry.ids()).containsExactlyInAnyOrder("office", "fs");
                        Pbx office = registry.require("office");
                        Pbx freeSwitch = registry.require("fs");
                        assertThat(office.kind()).isEqualTo(PbxKind.ASTERISK);
                        assertThat(freeSwitch.kind()).isEqualTo(PbxKind.FREESWITCH);
                        await().atMost(WAIT).until(() -> office.connectionState() == ConnectionState.CONNECTED
                                && freeSwitch.connectionState() == ConnectionState.CONNECTED);
                        await().atMost(WAIT).untilAsserted(() -> {
                            assertThat(office.state().endpoints()).filteredOn(e -> e.status() == EndpointStatus.ONLINE)
                                    .extracting(Endpoint::name).contains("101-ep");
                            assertThat(freeSwitch.state().endpoints()).filteredOn(e -> e.status() == EndpointStatus.ONLINE)
                                    .extracting(Endpoint::name).containsExactly("1000");
                        });
                        CompositeHealthContributor composite = context.getBean("voipHealthContributor",
                                CompositeHealthContributor.class);
                        assertThat(((HealthIndicator) composite.getContributor("fs")).health().getStatus()).isEqualTo(Status.UP);
                        assertThat(((HealthIndicator) composite.getContributor("office")).health().getStatus())
                                .isNotEqualTo(Status.DOWN);
                    });
        }
    }
}
