package io.voipkit.spring.boot.it;

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
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.ChannelCreated;
import io.voipkit.core.event.ConnectionStateChanged;
import io.voipkit.core.event.StateResynced;
import io.voipkit.routing.RoutingEngine;
import io.voipkit.testsupport.ItServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The starter in a real Spring Boot application (Tomcat on a random port, actuator, Micrometer)
 * against the real Asterisk 22 that {@code scripts/services.sh} starts, configured only through
 * {@code voip.asterisk.*}: health UP over the actuator, the meters, a call originated through the
 * injected {@link CallControl} seen by a {@code @PbxEventListener} bean and in {@link LiveState},
 * a dialplan whose {@code CURL} asks the application's route endpoint ({@code voip.web.enabled},
 * rules from {@code voip.routing.rules-file}) and dials the agent it answers, and the PBX
 * stopped under the running application (health DOWN, the application still serves, it
 * reconnects and resynchronises when Asterisk is back).
 *
 * <p>A sipp phone keeps {@value #PHONE} registered so that the health report is UP (with every
 * endpoint offline it is DEGRADED). The tests run in order: the last one stops the shared
 * Asterisk and starts it again the way {@code scripts/services.sh} does; {@link #stopApplication()}
 * starts it again in any case, because other ITs run after this one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StarterRealAsteriskIT {

    /** No other IT registers this one (they register 103, 104 and 105). */
    static final String PHONE = "102-ep";
    /** Not registered by any IT: the routing group's first choice, unavailable. */
    static final String OFFLINE_PHONE = "101-ep";
    static final String PBX_ID = "asterisk";
    static final Duration WAIT = Duration.ofSeconds(30);
    /** Asterisk's start-up, the reconnect backoff and the first qualify of the phone. */
    static final Duration RESTART_WAIT = Duration.ofSeconds(120);

    /** Names of the run-time dialplan contexts and the AstDB family; unique per run, removed afterwards. */
    static final String RUN = "voipkit-starter-it-" + UUID.randomUUID().toString().substring(0, 8);
    static final String ENTRY = RUN + "-entry";
    static final String ROUTE = RUN + "-route";
    static final String AGENTS = RUN + "-agents";

    static ItServices services;
    static Path rulesDir;
    static RealAsterisk asterisk;
    static String asteriskStartedBy;
    static SippPhone phone;
    static ConfigurableApplicationContext app;
    static URI base;
    static String authorization;
    static final HttpClient HTTP = StarterIts.HTTP;
    static final JsonMapper JSON = StarterIts.JSON;

    @BeforeAll
    static void startApplication() throws IOException {
        services = ItServices.require();
        asterisk = RealAsterisk.of(services);
        asteriskStartedBy = asterisk.startedBy();
        phone = SippPhone.register(services, PHONE, Duration.ofMinutes(20));

        // Spring Security is on the test classpath (the starter secures its web endpoints with it):
        // a known user instead of the generated password; without security the header is ignored.
        String user = "voipkit-it";
        String password = UUID.randomUUID().toString();
        authorization = StarterIts.basicAuthorization(user, password);
        rulesDir = Files.createTempDirectory("voipkit-starter-it");
        Path rules = rulesDir.resolve("routing.json");
        Files.writeString(rules, """
                {
                  "label": "starter IT",
                  "groups": [
                    { "name": "desk", "strategy": "priority", "ringTime": "10s",
                      "members": [ { "target": "%s", "endpoint": "%s", "priority": 0 },
                                   { "target": "%s", "endpoint": "%s", "priority": 1 } ] }
                  ],
                  "rules": [
                    { "id": "vip", "priority": 0, "caller": "^+7495", "action": { "number": "%s" } },
                    { "id": "desk", "priority": 10, "called": "_77XX", "action": { "group": "desk" } }
                  ]
                }
                """.formatted(agent(1), OFFLINE_PHONE, agent(2), PHONE, agent(3)), StandardCharsets.UTF_8);
        Map<String, Object> properties = StarterIts.webApplicationProperties(user, password);
        properties.put("voip.asterisk.host", services.asteriskHost());
        properties.put("voip.asterisk.port", Integer.toString(services.amiPort()));
        properties.put("voip.asterisk.username", services.amiUsername());
        properties.put("voip.asterisk.secret", services.amiSecret());
        // A restarted Asterisk accepts again within seconds: keep the backoff short.
        properties.put("voip.asterisk.reconnect.initial-delay", "500ms");
        properties.put("voip.asterisk.reconnect.max-delay", "2s");
        properties.put("voip.routing.rules-file", rules.toString());
        properties.put("voip.web.enabled", "true");
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
                if (asterisk != null) {
                    asterisk.ensureRunning(asteriskStartedBy);
                }
            } finally {
                try {
                    removeRoutingDialplan();
                } finally {
                    if (phone != null) {
                        phone.close();
                    }
                    if (rulesDir != null) {
                        Files.deleteIfExists(rulesDir.resolve("routing.json"));
                        Files.deleteIfExists(rulesDir);
                    }
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
        await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
        // UP needs an online endpoint: wait for the sipp phone's first qualify.
        LiveState state = app.getBean(LiveState.class);
        await().atMost(WAIT).untilAsserted(() -> assertThat(state.endpoint(PHONE).orElseThrow().status())
                .isEqualTo(EndpointStatus.ONLINE));

        HealthCheck health = app.getBean(HealthCheck.class);
        await().atMost(WAIT).untilAsserted(() -> assertThat(health.fullReport().status()).isEqualTo(HealthStatus.UP));
        HealthReport report = health.fullReport();
        assertThat(report.system()).isNotNull();
        assertThat(report.system().version()).contains("22.");
        assertThat(report.channels().endpointsOnline()).isGreaterThanOrEqualTo(1);

        StarterIts.assertHealthEndpointsUp(get("actuator/health/voip"), get("actuator/health"), PBX_ID, services.amiSecret());
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
        OriginateResult r = app.getBean(CallControl.class).originate(OriginateRequest.toApplication("Local/201@test", "Wait", "1")
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).as("%s", r).isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(meters.get("voip.events.received").tag("pbx", PBX_ID)
                .counter().count()).isGreaterThan(before));
        // The originate's round trip to the real Asterisk, in the action timer (tagged by AMI action and outcome).
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(meters.get("voip.action.latency")
                .tags("pbx", PBX_ID, "action", "Originate", "outcome", "success").timer().count()).isGreaterThanOrEqualTo(1));
        HttpResponse<String> latency = get("actuator/metrics/voip.action.latency?tag=action:Originate&tag=outcome:success");
        assertThat(latency.statusCode()).as(latency.body()).isEqualTo(200);
        assertThat(latency.body()).contains("\"COUNT\"", "\"TOTAL_TIME\"");

        // The same meters through the actuator's metrics endpoint.
        StarterIts.assertConnectedAndSubscriptionMeters(
                get("actuator/metrics/voip.connection.connected?tag=pbx:" + PBX_ID), meters, PBX_ID);
    }

    // ------------------------------------------------------------------ the dialplan asks the route endpoint

    /**
     * A dialplan created at run time over the CLI asks the application's route endpoint with
     * {@code CURL} and dials what it answers; the Local-channel agent that answers writes its
     * name into AstDB under the called number. The group's first choice, {@code agent1}, watches
     * the offline {@value #OFFLINE_PHONE}, so the live state makes the engine pick {@code agent2}
     * (whose endpoint, {@value #PHONE}, is the registered sipp phone).
     */
    @Test
    @Order(4)
    void theDialplansCurlToTheRouteEndpointDialsTheExpectedAgent() throws Exception {
        LiveState state = app.getBean(LiveState.class);
        ItApplication.EventLog log = app.getBean(ItApplication.EventLog.class);
        await().atMost(WAIT).untilAsserted(() -> assertThat(state.endpoint(PHONE).orElseThrow().status())
                .isEqualTo(EndpointStatus.ONLINE));
        assertThat(state.endpoint(OFFLINE_PHONE).orElseThrow().status()).isNotEqualTo(EndpointStatus.ONLINE);

        // What the dialplan will get, asked directly (no credentials: 127.0.0.1 may call the route endpoint).
        HttpResponse<String> direct = HTTP.send(HttpRequest.newBuilder(base.resolve("api/voip/route/+4930111/7701"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).as(direct.body()).isEqualTo(200);
        assertThat(direct.body()).isEqualTo(agent(2));

        createRoutingDialplan(Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port")));
        assertThat(call("+4930111", "7701")).isEqualTo("agent2");       // group "desk": agent1's phone is offline
        assertThat(call("+74951234567", "7702")).isEqualTo("agent3");   // the caller rule comes first
        assertThat(call("+4930111", "4242")).isEqualTo("none");         // no rule: empty answer, dialplan falls back
        assertThat(log.of(ChannelCreated.class)).extracting(ChannelCreated::channel)
                .anySatisfy(c -> assertThat(c).startsWith(agent(2) + "-"))
                .anySatisfy(c -> assertThat(c).startsWith(agent(3) + "-"))
                .noneSatisfy(c -> assertThat(c).startsWith(agent(1) + "-"));
        RoutingEngine engine = app.getBean(RoutingEngine.class);
        assertThat(engine.statistics("desk").orElseThrow().matches()).isGreaterThanOrEqualTo(2); // direct + dialplan
        assertThat(engine.statistics("vip").orElseThrow().matches()).isEqualTo(1);
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        assertThat(meters.get("voip.routing.decisions").tag("rule", "desk").functionCounter().count()).isGreaterThanOrEqualTo(2);
        assertThat(meters.get("voip.routing.decisions").tag("rule", "vip").functionCounter().count()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ call control and events

    @Test
    @Order(3)
    void aCallOriginatedThroughTheInjectedCallControlReachesTheListenerAndTheLiveState() {
        CallControl calls = app.getBean(CallControl.class);
        LiveState state = app.getBean(LiveState.class);
        ItApplication.EventLog log = app.getBean(ItApplication.EventLog.class);

        // Extension 200 of the test dialplan answers and stays 15 s; our side waits 30 s.
        OriginateResult r = calls.originate(OriginateRequest.toApplication("Local/200@test", "Wait", "30")
                .callerId("\"Starter IT\" <4711>").timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).as("%s", r).isTrue();
        assertThat(r.channel()).startsWith("Local/200@test-");

        await().atMost(WAIT).untilAsserted(() -> assertThat(state.channels()).extracting(Channel::uniqueId)
                .contains(r.uniqueId()));
        Channel live = state.channels().stream().filter(c -> r.uniqueId().equals(c.uniqueId())).findFirst().orElseThrow();
        assertThat(live.name()).isEqualTo(r.channel());
        // Hung up by channel name; the events are delivered in the order Asterisk sent them.
        StarterIts.assertCallSeenThenEnded(state, log, r, PBX_ID, WAIT, () -> calls.hangup(r.channel()));
    }

    // ------------------------------------------------------------------ the PBX goes away and comes back

    @Test
    @Order(10)
    void whenAsteriskStopsHealthIsDownTheAppStillServesAndItReconnectsWhenAsteriskIsBack() throws Exception {
        Pbx pbx = app.getBean(Pbx.class);
        LiveState state = app.getBean(LiveState.class);
        HealthCheck health = app.getBean(HealthCheck.class);
        CallControl calls = app.getBean(CallControl.class);
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        ItApplication.EventLog log = app.getBean(ItApplication.EventLog.class);
        await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
        // Another checkout's run (or a hand-started Asterisk) owns it: stopping it would pull the
        // PBX from under that run, so this test only runs where this checkout's scripts started it.
        org.junit.jupiter.api.Assumptions.assumeTrue(asteriskStartedBy != null, "Asterisk was not started by this "
                + "checkout's scripts/services.sh; this test stops and restarts it only the way those scripts do");

        // A call that is up when Asterisk goes away.
        OriginateResult longCall = calls.originate(OriginateRequest.toApplication("Local/999@test", "Wait", "120")
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(longCall.success()).as("%s", longCall).isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(state.channels()).extracting(Channel::uniqueId)
                .contains(longCall.uniqueId()));

        Instant stoppedAt = Instant.now();
        try {
            asterisk.stopNow();

            await().atMost(WAIT).until(() -> pbx.connectionState() != ConnectionState.CONNECTED);
            assertThat(health.fullReport().status()).isEqualTo(HealthStatus.DOWN);
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    meters.get("voip.connection.connected").tag("pbx", PBX_ID).gauge().value()).isZero());
            assertThat(state.isCurrent()).isFalse();
            // Actions fail fast instead of hanging.
            assertThatThrownBy(() -> calls.hangup(longCall.channel())).isInstanceOf(PbxNotConnectedException.class);

            HttpResponse<String> voip = get("actuator/health/voip");
            assertThat(voip.statusCode()).as(voip.body()).isEqualTo(503);
            JsonNode member = JSON.readTree(voip.body()).path("components").path(PBX_ID);
            assertThat(member.path("status").asString()).isEqualTo("DOWN");
            assertThat(voip.body()).doesNotContain(services.amiSecret());
            assertThat(get("actuator/health").statusCode()).isEqualTo(503);
            // The application's own endpoint still answers, from the last known state.
            HttpResponse<String> own = get("it/status");
            assertThat(own.statusCode()).isEqualTo(200);
            assertThat(own.body()).contains("current=false").doesNotStartWith("CONNECTED");
            // So does the starter's route endpoint (a number rule needs no PBX).
            HttpResponse<String> route = get("api/voip/route/+74951234567/7702");
            assertThat(route.statusCode()).as(route.body()).isEqualTo(200);
            assertThat(route.body()).isEqualTo(agent(3));
        } finally {
            asterisk.start(asteriskStartedBy);
        }

        await().atMost(RESTART_WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(log.of(StateResynced.class))
                .anySatisfy(e -> assertThat(e.timestamp()).isAfter(stoppedAt)));
        StateResynced resynced = log.of(StateResynced.class).get(log.of(StateResynced.class).size() - 1);
        assertThat(resynced.downtime()).isPositive();
        assertThat(log.of(ConnectionStateChanged.class)).anySatisfy(e -> {
            assertThat(e.previous()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(e.current()).isEqualTo(ConnectionState.RECONNECTING);
        });
        // The call died with Asterisk: the resynchronised state no longer has it, and the application
        // was told, either by its hang-up (core stop now hangs calls up and Asterisk usually gets the
        // events out before the socket closes) or, when the socket closed first, by the resync.
        assertThat(state.isCurrent()).isTrue();
        assertThat(state.channels()).extracting(Channel::uniqueId).doesNotContain(longCall.uniqueId());
        boolean hangupSeen = log.of(CallEnded.class).stream().anyMatch(e -> e.uniqueId().equals(longCall.uniqueId()));
        assertThat(hangupSeen || resynced.endedCalls().contains(longCall.uniqueId()))
                .as("the long call's end reached the application: CallEnded seen=%s, %s", hangupSeen, resynced).isTrue();

        // The phone is qualified again (its contact survives the restart) and health is UP again.
        await().atMost(RESTART_WAIT).untilAsserted(() -> assertThat(health.fullReport().status()).isEqualTo(HealthStatus.UP));
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> voip = get("actuator/health/voip");
            assertThat(voip.statusCode()).as(voip.body()).isEqualTo(200);
        });
        assertThat(meters.get("voip.connection.connected").tag("pbx", PBX_ID).gauge().value()).isEqualTo(1.0);
        assertThat(get("it/status").body()).startsWith("CONNECTED current=true");
        // And it works: a new call goes through.
        OriginateResult after = calls.originate(OriginateRequest.toApplication("Local/201@test", "Wait", "1")
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(after.success()).as("%s", after).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    static String agent(int n) {
        return "Local/agent" + n + "@" + AGENTS;
    }

    /**
     * The entry context takes CALLED (4 digits) followed by CALLER as its extension, sets the
     * caller id and goes to the route context, which answers, asks the route endpoint and dials the
     * answer, or records "none" when the answer is empty. No spaces or quotes: the CLI splits its
     * arguments at whitespace and eats quotes.
     */
    static void createRoutingDialplan(int port) {
        List<String> dialplan = List.of(
                "_X.,1,Set(CALLERID(num)=${EXTEN:4}) into " + ENTRY,
                "_X.,2,Goto(" + ROUTE + ",${EXTEN:0:4},1) into " + ENTRY,
                "_X.,1,Answer() into " + ROUTE,
                "_X.,2,Set(__ITCALLED=${EXTEN}) into " + ROUTE,
                "_X.,3,Set(DEST=${CURL(http://127.0.0.1:" + port + "/api/voip/route/${CALLERID(num)}/${EXTEN})}) into " + ROUTE,
                "_X.,4,GotoIf($[${LEN(${DEST})}=0]?7) into " + ROUTE,
                "_X.,5,Dial(${DEST},10) into " + ROUTE,
                "_X.,6,Hangup() into " + ROUTE,
                "_X.,7,Set(DB(" + RUN + "/${EXTEN})=none) into " + ROUTE,
                "_X.,8,Hangup() into " + ROUTE);
        for (String line : dialplan) {
            assertThat(services.asteriskCli("dialplan add extension " + line)).as(line).contains("added into");
        }
        for (int n = 1; n <= 3; n++) {
            for (String step : List.of("1,Set(DB(" + RUN + "/${ITCALLED})=agent" + n + ")", "2,Answer()", "3,Wait(1)",
                    "4,Hangup()")) {
                String line = "agent" + n + "," + step + " into " + AGENTS;
                assertThat(services.asteriskCli("dialplan add extension " + line)).as(line).contains("added into");
            }
        }
    }

    /** Removes what {@link #createRoutingDialplan} added (gone anyway if Asterisk restarted since). */
    static void removeRoutingDialplan() {
        if (services == null || asterisk == null || !asterisk.isRunning()) {
            return;
        }
        for (String ctx : List.of(ENTRY, ROUTE, AGENTS)) {
            asterisk.cli("dialplan remove context " + ctx);
        }
        asterisk.cli("database deltree " + RUN);
    }

    /**
     * Originates a call from {@code caller} to {@code called} into the routing dialplan through
     * the injected {@link CallControl} and returns what the dialplan recorded: the agent that
     * answered, or "none".
     */
    static String call(String caller, String called) {
        OriginateResult r = app.getBean(CallControl.class).originate(OriginateRequest.toApplication(
                "Local/" + called + caller + "@" + ENTRY, "Wait", "3").timeout(Duration.ofSeconds(20)).build());
        assertThat(r.success()).as("originate into the routing dialplan: %s", r).isTrue();
        String[] result = new String[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            String out = services.asteriskCli("database get " + RUN + " " + called);
            if (out.startsWith("Value: ")) {
                result[0] = out.substring("Value: ".length()).trim();
                return true;
            }
            return false;
        });
        return result[0];
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return StarterIts.get(base, authorization, path);
    }
}
