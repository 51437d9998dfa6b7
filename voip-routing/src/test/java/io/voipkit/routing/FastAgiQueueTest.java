package io.voipkit.routing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** FastAGI with {@link CallQueues}: Asterisk's side played on loopback, the call held in the AGI session. */
class FastAgiQueueTest {

    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private RoutingEngine engine;
    private CallQueues queues;
    private FastAgiRoutingServer server;

    @BeforeEach
    void start() {
        RuleSet rules = RuleSet.builder()
                .group(NumberGroup.builder("support").strategy(Strategy.LINEAR)
                        .members("Local/agent1@agents", "Local/agent2@agents").ringTime(Duration.ofSeconds(15))
                        .maxQueueSize(2).build())
                .group(NumberGroup.builder("backup").members("Local/agent9@agents").build())
                .rule(RoutingRule.builder("support").called("_5XXX").toGroup("support").build())
                .build();
        engine = RoutingEngine.builder().rules(rules).availability(m -> !busy.contains(m.target())).build();
        queues = CallQueues.builder(engine).maxWait(Duration.ofSeconds(60)).checkInterval(Duration.ofMillis(50))
                .overflow("support", new RouteAction.ToGroup("backup")).build();
        server = FastAgiRoutingServer.builder(engine).queues(queues).port(0).maxSessions(8).maxWaitingSessions(2)
                .build().start();
    }

    @AfterEach
    void stop() {
        server.close();
        queues.close();
    }

    /** One AGI connection, as Asterisk makes it. */
    private final class Agi implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final BufferedReader in;
        final Map<String, String> vars = new LinkedHashMap<>();

        Agi(String uniqueId, String called) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            send("agi_network: yes\nagi_network_script: route\nagi_request: agi://127.0.0.1/route\n"
                    + "agi_channel: Local/" + called + "@test-00000001;2\nagi_uniqueid: " + uniqueId + "\n"
                    + "agi_callerid: +4930111\nagi_extension: " + called + "\n\n");
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Reads commands and answers them until {@code stop} is read (returned) or the server closes (null). */
        String until(String stop) throws IOException {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("SET VARIABLE ")) {
                    String rest = line.substring("SET VARIABLE ".length());
                    int space = rest.indexOf(' ');
                    vars.put(rest.substring(0, space), rest.substring(space + 2, rest.length() - 1));
                    send("200 result=1\n");
                } else {
                    send("200 result=0\n");
                }
                if (line.startsWith(stop)) {
                    return line;
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aCallWaitsWithMusicUntilAnAgentIsFreeThenDialsIt() throws Exception {
        busy.add("Local/agent1@agents");
        busy.add("Local/agent2@agents");
        try (Agi agi = new Agi("1764061200.1", "5001")) {
            assertThat(agi.until("EXEC StartMusicOnHold")).isEqualTo("EXEC StartMusicOnHold default");
            assertThat(agi.vars).containsEntry("VOIPKIT_ROUTE_ACTION", "wait")
                    .containsEntry("VOIPKIT_ROUTE_QUEUE_POSITION", "1").containsEntry("VOIPKIT_ROUTE_GROUP", "support");
            await().until(() -> queues.waitingCount("support") == 1);

            busy.remove("Local/agent2@agents"); // found by the queues' next round
            assertThat(agi.until("EXEC StopMusicOnHold")).isNotNull();
            assertThat(agi.until("no more")).isNull(); // the answer, then the server closes
            assertThat(agi.vars).containsEntry("VOIPKIT_ROUTE_ACTION", "group")
                    .containsEntry("VOIPKIT_ROUTE_TARGET", "Local/agent2@agents")
                    .containsEntry("VOIPKIT_ROUTE_RINGTIME", "15").containsEntry("VOIPKIT_ROUTE_RULE", "support")
                    .containsEntry("VOIPKIT_ROUTE_QUEUE_POSITION", "1").containsKey("VOIPKIT_ROUTE_WAITED");
        }
        // agent2 is held for this call: the next caller waits instead of ringing it too
        assertThat(engine.decide("+4930222", "5002").isRouted()).isFalse();
    }

    @Test
    void aCallerWhoHangsUpWhileWaitingLeavesTheQueue() throws Exception {
        busy.add("Local/agent1@agents");
        busy.add("Local/agent2@agents");
        try (Agi agi = new Agi("1764061200.2", "5001")) {
            agi.until("EXEC StartMusicOnHold");
            await().until(() -> queues.waitingCount("support") == 1);
            agi.send("HANGUP\n");
            await().until(() -> queues.waitingCount("support") == 0);
            assertThat(agi.in.readLine()).as("the server closes without answering").isNull();
        }
    }

    @Test
    void aFullQueueAndTooManyWaitingCallsGetTheOverflowAtOnce() throws Exception {
        busy.add("Local/agent1@agents");
        busy.add("Local/agent2@agents");
        try (Agi first = new Agi("1764061200.3", "5001"); Agi second = new Agi("1764061200.4", "5001")) {
            first.until("EXEC StartMusicOnHold");
            second.until("EXEC StartMusicOnHold");
            try (Agi third = new Agi("1764061200.5", "5001")) { // maxWaitingSessions(2) reached (the queue holds 2 too)
                assertThat(third.until("no more")).isNull();
                assertThat(third.vars).containsEntry("VOIPKIT_ROUTE_ACTION", "group")
                        .containsEntry("VOIPKIT_ROUTE_TARGET", "Local/agent9@agents");
            }
            assertThat(queues.waitingCount("support")).isEqualTo(2);
        }
    }

    @Test
    void whileCallersWaitANewCallQueuesBehindThemEvenIfAnAgentLooksFree() throws Exception {
        busy.add("Local/agent1@agents");
        busy.add("Local/agent2@agents");
        try (Agi first = new Agi("1764061200.6", "5001")) {
            first.until("EXEC StartMusicOnHold");
            await().until(() -> queues.waitingCount("support") == 1);
            queues.close(); // stop dispatching, so that the order can be seen
            busy.clear();
            try (Agi second = new Agi("1764061200.7", "5001")) {
                second.until("EXEC StartMusicOnHold");
                assertThat(second.vars).containsEntry("VOIPKIT_ROUTE_QUEUE_POSITION", "2");
                assertThat(queues.dispatch("support").orElseThrow().callId()).isEqualTo("1764061200.6");
                assertThat(first.until("no more")).isNull();
                assertThat(first.vars).containsEntry("VOIPKIT_ROUTE_TARGET", "Local/agent1@agents");
            }
        }
    }

    @Test
    void theQueuesMustRunByThemselvesAndServeTheSameEngine() {
        CallQueues manual = CallQueues.builder(engine).build();
        assertThatThrownBy(() -> FastAgiRoutingServer.builder(engine).queues(manual))
                .hasMessageStartingWith("queues: the queues must run automatically");
        RoutingEngine other = RoutingEngine.builder().build();
        assertThatThrownBy(() -> FastAgiRoutingServer.builder(other).queues(queues))
                .hasMessageStartingWith("queues: the queues serve another RoutingEngine");
        assertThatThrownBy(() -> FastAgiRoutingServer.builder(engine).holdMusic("a b"))
                .hasMessageStartingWith("holdMusic:");
    }
}
