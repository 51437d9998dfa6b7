package io.voipkit.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.voipkit.core.CallControl;
import io.voipkit.core.Channel;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.HealthCheck;
import io.voipkit.core.HealthReport;
import io.voipkit.core.HealthStatus;
import io.voipkit.core.LiveState;
import io.voipkit.core.OriginateRequest;
import io.voipkit.core.OriginateResult;
import io.voipkit.core.ParkResult;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxKind;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.CallParked;
import io.voipkit.core.event.ConnectionStateChanged;
import io.voipkit.core.event.StateResynced;
import io.voipkit.freeswitch.internal.RealFreeSwitch;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The starter in a real Spring Boot application (Tomcat on a random port, actuator, Micrometer,
 * Spring Security) against a real FreeSWITCH 1.10.12, configured only through
 * {@code voip.pbx.fs.*} with {@code type=freeswitch}: health UP over the actuator, the meters, a
 * call originated through the injected {@link CallControl} seen by a {@code @PbxEventListener}
 * bean and in {@link LiveState}, a park into the lot and slots of {@code voip.pbx.fs.parking-*},
 * and FreeSWITCH stopped under the running application (health DOWN, the application still
 * serves, actions fail fast) and started again (reconnect, {@link StateResynced}, UP).
 *
 * <p>FreeSWITCH is the one of {@code ../shared/pbx}, configured and started by voip-freeswitch-esl's
 * {@link RealFreeSwitch} (its test-jar) on free loopback ports, with that class's test extensions
 * ({@code 7703}: answer and stay up 60 s); the test skips with the reason where it is absent or
 * cannot run, as the adapter's own FreeSWITCH ITs do. The events come as JSON
 * ({@code event-format=json}): the adapter's own real ITs use the default plain format, so this
 * one covers the other end to end. A sipp phone keeps directory user {@value #PHONE} registered,
 * so that the health report is UP (with every known user offline it is DEGRADED).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StarterRealFreeSwitchIT {

    static final String PBX_ID = "fs";
    static final String PHONE = "1000";
    /** Answers and stays up 60 s (RealFreeSwitch's test dialplan). */
    static final String LONG_CALL = "loopback/7703/default";
    static final String PARKING_LOT = "starter-it";
    static final Duration WAIT = Duration.ofSeconds(30);
    /** FreeSWITCH's start-up (RealFreeSwitch waits up to 90 s), the reconnect backoff and the re-registration. */
    static final Duration RESTART_WAIT = Duration.ofSeconds(150);

    static RealFreeSwitch fs;
    static Process phone;
    static ConfigurableApplicationContext app;
    static URI base;
    static String authorization;
    static final HttpClient HTTP = StarterIts.HTTP;
    static final JsonMapper JSON = StarterIts.JSON;

    @BeforeAll
    static void startApplication() throws Exception {
        fs = RealFreeSwitch.start();
        phone = registerPhone();

        String user = "voipkit-it";
        String password = UUID.randomUUID().toString();
        authorization = StarterIts.basicAuthorization(user, password);
        Map<String, Object> properties = StarterIts.webApplicationProperties(user, password);
        properties.put("voip.pbx.fs.type", "freeswitch");
        properties.put("voip.pbx.fs.host", "127.0.0.1");
        properties.put("voip.pbx.fs.port", Integer.toString(fs.eslPort));
        properties.put("voip.pbx.fs.secret", fs.password);
        properties.put("voip.pbx.fs.event-format", "json");
        properties.put("voip.pbx.fs.parking-lot", PARKING_LOT);
        properties.put("voip.pbx.fs.parking-slots", "6201-6210");
        properties.put("voip.pbx.fs.connect-timeout", "10s");
        properties.put("voip.pbx.fs.action-timeout", "15s");
        // A restarted FreeSWITCH opens its event socket within seconds: keep the backoff short.
        properties.put("voip.pbx.fs.reconnect.initial-delay", "500ms");
        properties.put("voip.pbx.fs.reconnect.max-delay", "2s");
        app = StarterIts.startApplication(properties);
        base = StarterIts.baseUri(app);
    }

    @AfterAll
    static void stopApplication() throws Exception {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            try {
                if (phone != null) {
                    phone.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } finally {
                if (fs != null) {
                    fs.close();
                }
            }
        }
    }

    // ------------------------------------------------------------------ health

    @Test
    @Order(1)
    void connectsAtStartUpAndReportsHealthUp() throws Exception {
        Pbx pbx = app.getBean(Pbx.class);
        assertThat(pbx.id()).isEqualTo(PBX_ID);
        assertThat(pbx.kind()).isEqualTo(PbxKind.FREESWITCH);
        await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
        LiveState state = app.getBean(LiveState.class);
        await().atMost(WAIT).untilAsserted(() -> assertThat(state.endpoint(PHONE).orElseThrow().status())
                .isEqualTo(EndpointStatus.ONLINE));

        HealthCheck health = app.getBean(HealthCheck.class);
        await().atMost(WAIT).untilAsserted(() -> assertThat(health.fullReport().status()).isEqualTo(HealthStatus.UP));
        HealthReport report = health.fullReport();
        assertThat(report.system()).isNotNull();
        assertThat(report.system().version()).startsWith("1.10.");
        assertThat(report.channels().endpointsOnline()).isGreaterThanOrEqualTo(1);

        StarterIts.assertHealthEndpointsUp(get("actuator/health/voip"), get("actuator/health"), PBX_ID, fs.password);
    }

    // ------------------------------------------------------------------ metrics

    @Test
    @Order(2)
    void metersShowTheConnectionAndCountReceivedEvents() throws Exception {
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        Pbx pbx = app.getBean(Pbx.class);
        await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
        StarterIts.assertConnectedMeters(meters, PBX_ID);

        double before = meters.get("voip.events.received").tag("pbx", PBX_ID).counter().count();
        CallControl calls = app.getBean(CallControl.class);
        OriginateResult r = calls.originate(OriginateRequest.toApplication(LONG_CALL, "park", null)
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).as("%s", r).isTrue();
        try {
            await().atMost(WAIT).untilAsserted(() -> assertThat(meters.get("voip.events.received").tag("pbx", PBX_ID)
                    .counter().count()).isGreaterThan(before));
        } finally {
            calls.hangup(r.uniqueId());
        }

        StarterIts.assertConnectedAndSubscriptionMeters(
                get("actuator/metrics/voip.connection.connected?tag=pbx:" + PBX_ID), meters, PBX_ID);
    }

    // ------------------------------------------------------------------ call control and events

    @Test
    @Order(3)
    void aCallOriginatedThroughTheInjectedCallControlReachesTheListenerAndTheLiveState() {
        CallControl calls = app.getBean(CallControl.class);
        LiveState state = app.getBean(LiveState.class);
        ItApplication.EventLog log = app.getBean(ItApplication.EventLog.class);

        OriginateResult r = calls.originate(OriginateRequest.toApplication(LONG_CALL, "park", null)
                .callerId("\"Starter IT\" <4711>").timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).as("%s", r).isTrue();
        assertThat(r.channel()).startsWith("loopback/7703-a");
        assertThat(r.uniqueId()).hasSize(36);

        StarterIts.assertCallSeenThenEnded(state, log, r, PBX_ID, WAIT, () -> calls.hangup(r.uniqueId()));
    }

    /** {@code voip.pbx.fs.parking-lot} and {@code parking-slots} are where the injected CallControl parks. */
    @Test
    @Order(4)
    void parkUsesTheConfiguredLotAndSlots() {
        CallControl calls = app.getBean(CallControl.class);
        ItApplication.EventLog log = app.getBean(ItApplication.EventLog.class);
        OriginateResult r = calls.originate(OriginateRequest.toApplication(LONG_CALL, "park", null)
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).as("%s", r).isTrue();
        try {
            ParkResult parked = calls.park(r.uniqueId(), null, Duration.ofSeconds(30));
            assertThat(parked.parkingLot()).isEqualTo(PARKING_LOT);
            assertThat(Integer.parseInt(parked.space())).isBetween(6201, 6210);
            await().atMost(WAIT).untilAsserted(() -> assertThat(log.of(CallParked.class)).anySatisfy(p -> {
                assertThat(p.uniqueId()).isEqualTo(r.uniqueId());
                assertThat(p.parkingLot()).isEqualTo(PARKING_LOT);
                assertThat(p.parkingSpace()).isEqualTo(parked.space());
            }));
        } finally {
            calls.hangup(r.uniqueId());
        }
    }

    // ------------------------------------------------------------------ FreeSWITCH goes away and comes back

    @Test
    @Order(10)
    void whenFreeSwitchStopsHealthIsDownTheAppStillServesAndItReconnectsWhenFreeSwitchIsBack() throws Exception {
        Pbx pbx = app.getBean(Pbx.class);
        LiveState state = app.getBean(LiveState.class);
        HealthCheck health = app.getBean(HealthCheck.class);
        CallControl calls = app.getBean(CallControl.class);
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        ItApplication.EventLog log = app.getBean(ItApplication.EventLog.class);
        await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);

        // A call that is up when FreeSWITCH goes away.
        OriginateResult longCall = calls.originate(OriginateRequest.toApplication(LONG_CALL, "park", null)
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(longCall.success()).as("%s", longCall).isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(state.channels()).extracting(Channel::uniqueId)
                .contains(longCall.uniqueId()));

        Instant stoppedAt = Instant.now();
        try {
            stopFreeSwitch();

            await().atMost(WAIT).until(() -> pbx.connectionState() != ConnectionState.CONNECTED);
            assertThat(health.fullReport().status()).isEqualTo(HealthStatus.DOWN);
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    meters.get("voip.connection.connected").tag("pbx", PBX_ID).gauge().value()).isZero());
            assertThat(state.isCurrent()).isFalse();
            // Actions fail fast instead of hanging.
            assertThatThrownBy(() -> calls.hangup(longCall.uniqueId())).isInstanceOf(PbxNotConnectedException.class);
            assertThatThrownBy(() -> calls.originate(OriginateRequest.toApplication(LONG_CALL, "park", null).build()))
                    .isInstanceOf(PbxNotConnectedException.class);

            HttpResponse<String> voip = get("actuator/health/voip");
            assertThat(voip.statusCode()).as(voip.body()).isEqualTo(503);
            JsonNode member = JSON.readTree(voip.body()).path("components").path(PBX_ID);
            assertThat(member.path("status").asString()).isEqualTo("DOWN");
            assertThat(voip.body()).doesNotContain(fs.password);
            assertThat(get("actuator/health").statusCode()).isEqualTo(503);
            // The application's own endpoint still answers, from the last known state.
            HttpResponse<String> own = get("it/status");
            assertThat(own.statusCode()).isEqualTo(200);
            assertThat(own.body()).contains("current=false").doesNotStartWith("CONNECTED");
        } finally {
            // Same configuration and ports; the sipp phone registers again afterwards.
            fs.restart();
        }

        await().atMost(RESTART_WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(log.of(StateResynced.class))
                .anySatisfy(e -> assertThat(e.timestamp()).isAfter(stoppedAt)));
        List<StateResynced> resyncs = log.of(StateResynced.class);
        StateResynced resynced = resyncs.get(resyncs.size() - 1);
        assertThat(resynced.downtime()).isPositive();
        assertThat(log.of(ConnectionStateChanged.class)).anySatisfy(e -> {
            assertThat(e.previous()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(e.current()).isEqualTo(ConnectionState.RECONNECTING);
        });
        // The call died with FreeSWITCH: the resynchronised state no longer has it, and the
        // application was told, by its hang-up (a graceful shutdown hangs calls up first) or by the resync.
        assertThat(state.isCurrent()).isTrue();
        assertThat(state.channels()).extracting(Channel::uniqueId).doesNotContain(longCall.uniqueId());
        boolean hangupSeen = log.of(CallEnded.class).stream().anyMatch(e -> e.uniqueId().equals(longCall.uniqueId()));
        assertThat(hangupSeen || resynced.endedCalls().contains(longCall.uniqueId()))
                .as("the long call's end reached the application: CallEnded seen=%s, %s", hangupSeen, resynced).isTrue();

        // A new FreeSWITCH process: the phone registers again rather than rely on the old registration surviving.
        phone.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        phone = registerPhone();
        await().atMost(WAIT).untilAsserted(() -> assertThat(state.endpoint(PHONE).orElseThrow().status())
                .isEqualTo(EndpointStatus.ONLINE));
        await().atMost(WAIT).untilAsserted(() -> assertThat(health.fullReport().status()).isEqualTo(HealthStatus.UP));
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> voip = get("actuator/health/voip");
            assertThat(voip.statusCode()).as(voip.body()).isEqualTo(200);
        });
        assertThat(meters.get("voip.connection.connected").tag("pbx", PBX_ID).gauge().value()).isEqualTo(1.0);
        assertThat(get("it/status").body()).startsWith("CONNECTED current=true");
        // And it works: a new call goes through.
        OriginateResult after = calls.originate(OriginateRequest.toApplication(LONG_CALL, "park", null)
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(after.success()).as("%s", after).isTrue();
        calls.hangup(after.uniqueId());
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Stops FreeSWITCH the way an operator's {@code systemctl stop} does: SIGTERM, FreeSWITCH
     * hangs up its calls and exits. It is this JVM's only {@code bin/freeswitch} child
     * (RealFreeSwitch keeps its process to itself); {@link RealFreeSwitch#restart()} starts it again.
     */
    static void stopFreeSwitch() throws Exception {
        List<ProcessHandle> freeSwitch = ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/bin/freeswitch")).orElse(false)).toList();
        assertThat(freeSwitch).as("the FreeSWITCH process RealFreeSwitch started").hasSize(1);
        ProcessHandle p = freeSwitch.get(0);
        p.destroy();
        try {
            p.onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException slow) {
            p.destroyForcibly();
            p.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    /** A sipp phone registering directory user {@value #PHONE} and answering FreeSWITCH's requests for 20 min. */
    static Process registerPhone() throws IOException {
        Path sipp = Path.of("/usr/bin/sipp");
        Path scenario = Path.of("..", "scripts", "sipp", "register.xml").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isExecutable(sipp) && Files.isRegularFile(scenario),
                "sipp or scripts/sipp is missing: no SIP phone can register, so health cannot be UP");
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(sipp.toString(), "127.0.0.1:" + fs.sipPort(),
                "-sf", scenario.toString(), "-s", PHONE, "-au", PHONE, "-ap", fs.sipPassword(),
                "-i", "127.0.0.1", "-p", Integer.toString(port), "-key", "contact_port", Integer.toString(port),
                "-key", "expires", "3600", "-d", "1200000", "-aa", "-m", "1", "-nostdin"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return StarterIts.get(base, authorization, path);
    }
}
