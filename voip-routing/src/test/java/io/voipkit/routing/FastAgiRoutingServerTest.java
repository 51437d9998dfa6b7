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

import static org.assertj.core.api.Assertions.assertThat;

/** Plays Asterisk's side of FastAGI against the server on loopback. */
class FastAgiRoutingServerTest {

    private FastAgiRoutingServer server;

    @BeforeEach
    void start() {
        RuleSet rules = RuleSet.builder()
                .group(NumberGroup.builder("support").strategy(Strategy.ROUND_ROBIN)
                        .members("Local/agent1@agents", "Local/agent2@agents").ringTime(Duration.ofSeconds(15)).build())
                .rule(RoutingRule.builder("support").called("_5XXX").toGroup("support").build())
                .rule(RoutingRule.builder("vip").caller("^+7495").action(new RouteAction.ToNumber("Local/agent3@agents"))
                        .build())
                .build();
        RoutingEngine engine = RoutingEngine.builder().rules(rules).build();
        // 3 s, not less: on a loaded machine the first assertion of a JVM (class loading) can take a second
        server = FastAgiRoutingServer.builder(engine).port(0).readTimeout(Duration.ofSeconds(3)).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Sends the environment, answers every command with 200, returns the variables set. */
    private Map<String, String> call(String script, String callerId, String extension, String... args)
            throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            StringBuilder env = new StringBuilder()
                    .append("agi_network: yes\n")
                    .append("agi_network_script: ").append(script).append('\n')
                    .append("agi_request: agi://127.0.0.1/").append(script).append('\n')
                    .append("agi_channel: Local/5001@test-00000001;2\n")
                    .append("agi_callerid: ").append(callerId).append('\n')
                    .append("agi_calleridname: unknown\n")
                    .append("agi_extension: ").append(extension).append('\n');
            for (int i = 0; i < args.length; i++) {
                env.append("agi_arg_").append(i + 1).append(": ").append(args[i]).append('\n');
            }
            out.write(env.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            Map<String, String> vars = new LinkedHashMap<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                assertThat(line).startsWith("SET VARIABLE ");
                String rest = line.substring("SET VARIABLE ".length());
                int space = rest.indexOf(' ');
                String value = rest.substring(space + 1);
                assertThat(value).startsWith("\"").endsWith("\"");
                vars.put(rest.substring(0, space), value.substring(1, value.length() - 1).replace("\\\"", "\"")
                        .replace("\\\\", "\\"));
                out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            return vars;
        }
    }

    @Test
    void setsTheDecisionAsChannelVariables() throws IOException {
        Map<String, String> first = call("route", "+4930123", "5001");
        assertThat(first).containsEntry("VOIPKIT_ROUTE_ACTION", "group")
                .containsEntry("VOIPKIT_ROUTE_TARGET", "Local/agent1@agents")
                .containsEntry("VOIPKIT_ROUTE_STRATEGY", "ROUND_ROBIN")
                .containsEntry("VOIPKIT_ROUTE_RINGTIME", "15")
                .containsEntry("VOIPKIT_ROUTE_RULE", "support");
        assertThat(call("route", "+4930123", "5002")).containsEntry("VOIPKIT_ROUTE_TARGET", "Local/agent2@agents");
        assertThat(call("route", "+74951234567", "42")).containsEntry("VOIPKIT_ROUTE_TARGET", "Local/agent3@agents");
    }

    @Test
    void argumentsOverrideTheChannelsNumbers() throws IOException {
        assertThat(call("route", "unknown", "s", "+74951234567", "42"))
                .containsEntry("VOIPKIT_ROUTE_TARGET", "Local/agent3@agents");
    }

    @Test
    void noMatchAndUnknownCallerIdAnswerNoDecision() throws IOException {
        assertThat(call("route", "unknown", "42")).containsEntry("VOIPKIT_ROUTE_ACTION", "none")
                .containsEntry("VOIPKIT_ROUTE_TARGET", "");
    }

    @Test
    void badInputAndUnknownScriptsFallBackInsteadOfFailing() throws IOException {
        assertThat(call("route", "1", "9".repeat(300))).containsEntry("VOIPKIT_ROUTE_ACTION", "none")
                .containsEntry("VOIPKIT_ROUTE_TARGET", "")
                .hasEntrySatisfying("VOIPKIT_ROUTE_ERROR", e -> assertThat(e).startsWith("called: must be at most 256"));
        assertThat(call("other", "1", "5001")).containsEntry("VOIPKIT_ROUTE_ACTION", "none")
                .hasEntrySatisfying("VOIPKIT_ROUTE_ERROR", e -> assertThat(e).contains("unknown AGI script"));
    }

    @Test
    void aSilentOrFloodingPeerIsDisconnected() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("agi_network: yes\n".getBytes(StandardCharsets.UTF_8));
            // then silence: the server's read timeout closes the session
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(("agi_x: " + "y".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedWhileWriting) {
                // the server may close before we finish: that is the point
            }
            assertThat(readToEnd(s)).isEmpty();
        }
    }

    private static String readToEnd(Socket s) {
        try {
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException reset) {
            return "";
        }
    }
}
