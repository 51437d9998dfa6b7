package io.voipkit.examples.pjsipmonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voipkit.examples.pjsipmonitor.internal.Section;
import io.voipkit.examples.pjsipmonitor.internal.SectionStore;
import io.voipkit.examples.pjsipmonitor.internal.StatusPublisher;
import io.voipkit.simulator.PbxSimulator;
import io.voipkit.simulator.SimCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The {@code /ws} protocol against the started application (simulation mode, 5 phones, no random
 * traffic) with a real WebSocket client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MonitorWebSocketTest {
    static final String PASSWORD = "test-password-1";
    static final Path DATA = tempDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("voip.monitor.password", () -> PASSWORD);
        registry.add("voip.monitor.data-dir", DATA::toString);
        registry.add("voip.simulator.phones", () -> "5");
        registry.add("voip.simulator.registered", () -> "2");
        registry.add("voip.simulator.calls-per-second", () -> "0");
        registry.add("voip.simulator.log-noise", () -> "false");
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("pjsip-monitor-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    PbxSimulator simulator;
    @Autowired
    SectionStore sections;
    @Autowired
    StatusPublisher status;
    TestWebSocket ws;

    @BeforeEach
    void connect() throws Exception {
        ws = TestWebSocket.open(port, "admin", PASSWORD).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        ws.close();
        // One test's saved section must not change what the next one sees, even when it failed midway.
        for (Section s : sections.saved()) {
            sections.delete(s.id());
        }
        status.sectionsChanged();
    }

    @Test
    void requestUpdate_answersWithStatusUpdateOfEveryEndpointAndSection() throws Exception {
        ws.send("{\"type\":\"requestUpdate\"}");
        JsonNode status = ws.next("statusUpdate", n -> n.path("connection").path("usable").asBoolean()
                && n.path("connection").path("current").asBoolean());
        assertThat(status.path("connection").path("mode").asString()).isEqualTo("simulation");
        assertThat(status.path("endpoints")).hasSize(5);
        assertThat(status.path("sections").get(0).path("id").asString()).isEqualTo("ep:101-ep");
        assertThat(status.path("sections").get(0).path("status").asString()).isEqualTo("ONLINE");
        assertThat(status.path("sections").get(4).path("status").asString()).isEqualTo("OFFLINE");
        assertThat(status.toString()).doesNotContain(PASSWORD).doesNotContain("secret");
    }

    @Test
    void registeringAPhone_pushesAStatusUpdateWithoutBeingAsked() throws Exception {
        ws.next("statusUpdate", n -> n.path("connection").path("usable").asBoolean());
        simulator.registerPhone("104-ep");
        JsonNode pushed = ws.next("statusUpdate", n -> sectionStatus(n, "ep:104-ep").equals("ONLINE"));
        assertThat(pushed.path("version").asLong()).isPositive();
        simulator.unregisterPhone("104-ep");
        ws.next("statusUpdate", n -> sectionStatus(n, "ep:104-ep").equals("OFFLINE"));
    }

    @Test
    void aCall_appearsInCallsWithTheOtherPartysNumber() throws Exception {
        SimCall call = simulator.placeCall("101-ep", "102-ep");
        try {
            simulator.answer(call);
            // The caller's leg learns the other party's number as the call progresses: wait for it.
            JsonNode status = ws.next("statusUpdate", n -> "102".equals(leg(n, "101-ep").path("otherPartyNumber").asString()));
            JsonNode callerLeg = leg(status, "101-ep");
            assertThat(callerLeg.path("startedAt").asString()).isNotBlank();
            assertThat(callerLeg.path("inbound").asBoolean()).isFalse();
            JsonNode calleeLeg = leg(status, "102-ep");
            assertThat(calleeLeg.path("otherPartyNumber").asString()).isEqualTo("101");
            assertThat(calleeLeg.path("inbound").asBoolean()).isTrue();
            assertThat(status.path("sections").get(0).path("activeCalls").asInt()).isEqualTo(1);
        } finally {
            simulator.hangup(call, 16);
        }
        ws.next("statusUpdate", n -> n.path("calls").isEmpty());
    }

    @Test
    void malformedJson_getsAnError_andTheSessionStaysOpen() throws Exception {
        ws.send("{\"type\": requestUpdate");
        assertThat(ws.next("error").path("message").asString()).startsWith("not valid JSON");
        ws.send("{\"type\":\"requestUpdate\"}");
        ws.next("statusUpdate");
        assertThat(ws.isOpen()).isTrue();
    }

    @Test
    void unknownType_andNonObjects_getErrors() throws Exception {
        ws.send("{\"type\":\"launchRockets\"}");
        JsonNode error = ws.next("error");
        assertThat(error.path("message").asString()).contains("unknown message type \"launchRockets\"");
        assertThat(error.path("request").asString()).isEqualTo("launchRockets");
        ws.send("[1,2,3]");
        assertThat(ws.next("error").path("message").asString()).contains("JSON object");
        ws.send("{\"type\":42}");
        assertThat(ws.next("error").path("message").asString()).contains("string \"type\"");
    }

    @Test
    void oversizedMessage_getsAnError_andTheSessionStaysOpen() throws Exception {
        ws.send("{\"type\":\"requestUpdate\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
        assertThat(ws.next("error").path("message").asString()).contains("larger than the 65536 allowed");
        ws.send("{\"type\":\"requestUpdate\"}");
        ws.next("statusUpdate");
        assertThat(ws.isOpen()).isTrue();
    }

    @Test
    void saveSection_persistsAndIsPushed_invalidOnesAreRejected() throws Exception {
        ws.send("{\"type\":\"saveSection\",\"name\":\"Front desk\",\"endpoints\":[\"101-ep\",\"102-ep\"]}");
        JsonNode saved = ws.next("sectionSaved");
        String id = saved.path("section").path("id").asString();
        assertThat(id).startsWith("s-");
        ws.nextOrSkipped("statusUpdate", n -> n.path("sections").get(0).path("name").asString().equals("Front desk"));
        assertThat(Files.readString(DATA.resolve("sections.json"))).contains("Front desk");

        ws.send("{\"type\":\"saveSection\",\"name\":\"Empty\",\"endpoints\":[]}");
        assertThat(ws.next("error").path("message").asString()).contains("endpoints");
        ws.send("{\"type\":\"saveSection\",\"name\":\"Bad\\r\\nname\",\"endpoints\":[\"101-ep\"]}");
        assertThat(ws.next("error").path("message").asString()).contains("name");

        ws.send("{\"type\":\"deleteSection\",\"id\":\"" + id + "\"}");
        ws.next("sectionDeleted");
        ws.nextOrSkipped("statusUpdate", n -> n.path("sections").get(0).path("id").asString().equals("ep:101-ep"));
    }

    @Test
    void subscribeLogs_sendsHistoryThenMatchingLinesOnly() throws Exception {
        ws.send("{\"type\":\"subscribeLogs\",\"endpoints\":[\"103-ep\"],\"history\":10}");
        JsonNode history = ws.next("logHistory");
        assertThat(history.path("endpoints").get(0).asString()).isEqualTo("103-ep");
        simulator.log("ERROR", "res_pjsip.c", "Endpoint 101-ep is not for this subscriber");
        simulator.log("ERROR", "res_pjsip.c", "Endpoint 103-ep failed to authenticate");
        JsonNode line = ws.next("logUpdate");
        assertThat(line.path("message").asString()).isEqualTo("Endpoint 103-ep failed to authenticate");
        assertThat(line.path("level").asString()).isEqualTo("ERROR");
        assertThat(line.path("file").asString()).isEqualTo("full");
        assertThat(line.path("source").asString()).isEqualTo("res_pjsip.c");

        ws.send("{\"type\":\"unsubscribeLogs\"}");
        ws.send("{\"type\":\"subscribeLogs\",\"levels\":[\"LOUD\"]}");
        assertThat(ws.next("error").path("message").asString()).contains("unknown level");
        ws.send("{\"type\":\"subscribeLogs\",\"section\":\"nope\"}");
        assertThat(ws.next("error").path("message").asString()).contains("no section has id");
    }

    @Test
    void withoutOrWithWrongCredentials_theHandshakeIsRefused() {
        assertThatThrownBy(() -> TestWebSocket.open(port, null, null).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
        assertThatThrownBy(() -> TestWebSocket.open(port, "admin", "wrong").join())
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }

    private static JsonNode leg(JsonNode status, String endpoint) {
        for (JsonNode c : status.path("calls")) {
            if (c.path("endpoint").asString().equals(endpoint)) {
                return c;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    private static String sectionStatus(JsonNode status, String id) {
        for (JsonNode s : status.path("sections")) {
            if (s.path("id").asString().equals(id)) {
                return s.path("status").asString();
            }
        }
        return "";
    }
}
