package io.voipkit.examples.pjsipmonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voipkit.ami.LogBuffer;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.OriginateRequest;
import io.voipkit.core.OriginateResult;
import io.voipkit.core.Pbx;
import io.voipkit.simulator.PbxSimulator;
import io.voipkit.testsupport.ItServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code voip.asterisk.*} switches the monitor from the simulator to a real Asterisk 22 (the
 * project's test Asterisk): no simulator runs, the cards are the real PJSIP endpoints, the
 * Asterisk's log files are tailed into the log buffer, and health reports the real PBX. Skipped
 * without the test services (failed when {@code voipkit.it.required=true}).
 */
class RealAsteriskIT {
    static final String PASSWORD = "real-asterisk-it-1";
    static ConfigurableApplicationContext context;
    static int port;
    static ItServices services;

    @BeforeAll
    static void start() throws IOException {
        services = ItServices.require();
        Path data = Files.createTempDirectory("pjsip-monitor-real");
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--voip.monitor.password=" + PASSWORD,
                "--voip.monitor.data-dir=" + data,
                "--voip.asterisk.host=" + services.asteriskHost(), "--voip.asterisk.port=" + services.amiPort(),
                "--voip.asterisk.username=" + services.amiUsername(),
                "--voip.asterisk.log-files=" + services.asteriskLogDir().resolve("full")));
        // The secret goes in as a system property, not an argument that a failure message might echo.
        System.setProperty("voip.asterisk.secret", services.amiSecret());
        try {
            context = new SpringApplicationBuilder(PjsipMonitorApplication.class).run(args.toArray(String[]::new));
        } finally {
            System.clearProperty("voip.asterisk.secret");
        }
        port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void theCardsAreTheRealAsterisksEndpoints_andNoSimulatorRuns() throws Exception {
        assertThat(context.getBeanProvider(PbxSimulator.class).getIfAvailable()).isNull();
        TestWebSocket ws = TestWebSocket.open(port, "admin", PASSWORD).get(20, TimeUnit.SECONDS);
        try {
            JsonNode status = ws.next("statusUpdate", n -> n.path("connection").path("usable").asBoolean()
                    && n.path("connection").path("current").asBoolean());
            assertThat(status.path("connection").path("mode").asString()).isEqualTo("asterisk");
            assertThat(status.path("connection").path("pbx").asString()).isEqualTo("asterisk");
            List<String> names = new ArrayList<>();
            status.path("endpoints").forEach(e -> names.add(e.path("name").asString()));
            assertThat(names).containsAll(services.pjsipEndpoints());
            assertThat(status.toString()).doesNotContain(services.amiSecret());
        } finally {
            ws.close();
        }
    }

    @Test
    void theAsterisksLogFilesFillTheLogBuffer() {
        LogBuffer buffer = context.getBean(LogBuffer.class);
        Pbx pbx = context.getBean(Pbx.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
        long before = buffer.totalCounts().values().stream().mapToLong(Long::longValue).sum();
        // A short call through the test dialplan makes Asterisk write to its "full" log.
        OriginateResult r = pbx.calls().originate(OriginateRequest.toApplication("Local/200@test", "Wait", "1")
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                buffer.totalCounts().values().stream().mapToLong(Long::longValue).sum() > before);
        assertThat(buffer.recent(1)).singleElement().satisfies(line -> assertThat(line.pbxId()).isEqualTo("asterisk"));
    }

    @Test
    void healthReportsTheRealPbx_withoutALogInOnlyItsStatus() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(anonymous.body());
        assertThat(body.path("status").asString()).isIn("UP", "DEGRADED");
        assertThat(body.has("components")).isFalse();
        assertThat(anonymous.body()).doesNotContain(services.amiSecret());
    }
}
