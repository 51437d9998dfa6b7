package io.voipkit.spring.boot.it;

import io.micrometer.core.instrument.MeterRegistry;
import io.voipkit.core.Channel;
import io.voipkit.core.LiveState;
import io.voipkit.core.OriginateResult;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.ChannelCreated;
import io.voipkit.core.event.PbxEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the starter's real-PBX ITs (StarterRealAsteriskIT, StarterRealFreeSwitchIT) check the same
 * way whichever PBX is behind the application: the actuator's health and metrics responses, the
 * connection and subscription meters, and the HTTP calls to the running application.
 */
final class StarterIts {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();

    private StarterIts() {
    }

    /** GET {@code path} relative to {@code base} with that {@code Authorization} header. */
    static HttpResponse<String> get(URI base, String authorization, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The index of the first event that matches, or -1. */
    static int indexOf(List<PbxEvent> events, Predicate<PbxEvent> p) {
        for (int i = 0; i < events.size(); i++) {
            if (p.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code actuator/health/voip} and {@code actuator/health} say UP with the PBX connected, and
     * the PBX's secret is not in the voip health response.
     */
    static void assertHealthEndpointsUp(HttpResponse<String> voip, HttpResponse<String> overall, String pbxId,
                                        String secret) {
        assertThat(voip.statusCode()).as(voip.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(voip.body());
        assertThat(body.path("status").asString()).isEqualTo("UP");
        JsonNode member = body.path("components").path(pbxId);
        assertThat(member.path("status").asString()).as(voip.body()).isEqualTo("UP");
        assertThat(member.path("details").path("pbx").asString()).isEqualTo(pbxId);
        assertThat(member.path("details").path("connection").path("state").asString()).isEqualTo("CONNECTED");
        assertThat(voip.body()).doesNotContain(secret);

        assertThat(overall.statusCode()).as(overall.body()).isEqualTo(200);
        assertThat(JSON.readTree(overall.body()).path("components").path("voip").path("status").asString()).isEqualTo("UP");
    }

    /** The connection gauges say CONNECTED and at least one endpoint is online. */
    static void assertConnectedMeters(MeterRegistry meters, String pbxId) {
        assertThat(meters.get("voip.connection.connected").tag("pbx", pbxId).gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("voip.connection.state").tags("pbx", pbxId, "state", "CONNECTED").gauge().value())
                .isEqualTo(1.0);
        assertThat(meters.get("voip.endpoints").tags("pbx", pbxId, "status", "ONLINE").gauge().value())
                .isGreaterThanOrEqualTo(1.0);
    }

    /**
     * The actuator's {@code voip.connection.connected} reads 1, and the subscription meters show the
     * metrics' own subscription and the {@code @PbxEventListener} bean's live with events delivered.
     * Read after a GC too: Micrometer holds a gauge's state object only weakly, so the binder must
     * keep it reachable.
     */
    static void assertConnectedAndSubscriptionMeters(HttpResponse<String> connected, MeterRegistry meters,
                                                     String pbxId) {
        assertThat(connected.statusCode()).as(connected.body()).isEqualTo(200);
        assertThat(JSON.readTree(connected.body()).path("measurements").get(0).path("value").asDouble()).isEqualTo(1.0);
        System.gc();
        assertThat(meters.get("voip.events.subscriptions").tag("pbx", pbxId).gauge().value())
                .as("voip.events.subscriptions").isGreaterThanOrEqualTo(2.0);
        assertThat(meters.get("voip.events.delivered").tag("pbx", pbxId).functionCounter().count())
                .as("voip.events.delivered").isGreaterThan(0);
    }

    /**
     * The call {@code r} is in the live state and reached the {@code @PbxEventListener} bean as
     * {@code ChannelCreated}; after {@code hangup} it reaches it as {@code CallEnded}, leaves the
     * live state, and the two events were delivered in the order the PBX sent them.
     */
    static void assertCallSeenThenEnded(LiveState state, ItApplication.EventLog log, OriginateResult r, String pbxId,
                                        Duration wait, Runnable hangup) {
        await().atMost(wait).untilAsserted(() -> assertThat(state.channels()).extracting(Channel::uniqueId)
                .contains(r.uniqueId()));
        await().atMost(wait).untilAsserted(() -> assertThat(log.of(ChannelCreated.class))
                .anySatisfy(e -> {
                    assertThat(e.uniqueId()).isEqualTo(r.uniqueId());
                    assertThat(e.pbxId()).isEqualTo(pbxId);
                }));

        hangup.run();
        await().atMost(wait).untilAsserted(() -> assertThat(log.of(CallEnded.class)).extracting(CallEnded::uniqueId)
                .contains(r.uniqueId()));
        await().atMost(wait).untilAsserted(() -> assertThat(state.channels()).extracting(Channel::uniqueId)
                .doesNotContain(r.uniqueId()));
        List<PbxEvent> events = log.events();
        int created = indexOf(events, e -> e instanceof ChannelCreated c && c.uniqueId().equals(r.uniqueId()));
        int ended = indexOf(events, e -> e instanceof CallEnded c && c.uniqueId().equals(r.uniqueId()));
        assertThat(created).isNotNegative().isLessThan(ended);
    }

    /** The {@code Authorization} header value of HTTP basic authentication. */
    static String basicAuthorization(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The application properties both ITs start with: no banner, a random port on 127.0.0.1, a known
     * Spring Security user instead of the generated password (security is on the test classpath:
     * the starter secures its web endpoints with it), health with details and metrics exposed. The
     * map is mutable and ordered; the IT adds its {@code voip.*} settings.
     */
    static Map<String, Object> webApplicationProperties(String user, String password) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.main.banner-mode", "off");
        properties.put("server.address", "127.0.0.1");
        properties.put("server.port", "0");
        properties.put("spring.security.user.name", user);
        properties.put("spring.security.user.password", password);
        properties.put("management.endpoints.web.exposure.include", "health,metrics");
        properties.put("management.endpoint.health.show-details", "always");
        return properties;
    }

    /** Starts {@link ItApplication} as a servlet web application with {@code properties}. */
    static ConfigurableApplicationContext startApplication(Map<String, Object> properties) {
        return new SpringApplicationBuilder(ItApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(properties)
                .run();
    }

    /** The base URI of the running application ({@code http://127.0.0.1:<port>/}). */
    static URI baseUri(ConfigurableApplicationContext app) {
        return URI.create("http://127.0.0.1:" + app.getEnvironment().getRequiredProperty("local.server.port") + "/");
    }
}
