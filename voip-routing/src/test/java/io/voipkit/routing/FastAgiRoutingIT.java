package io.voipkit.routing;

import io.voipkit.core.HangupCause;
import io.voipkit.testsupport.ItServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Routing at call time on the real Asterisk: calls are originated into a dialplan that asks our
 * FastAGI server ({@code AGI(agi://127.0.0.1:PORT/route)}) and dials {@code ${VOIPKIT_ROUTE_TARGET}};
 * the Local-channel agent that answers writes its name into AstDB under the called number, which
 * the test reads back. The contexts are created at run time over the CLI with a unique name and
 * removed afterwards, so the shared test PBX's configuration is not touched.
 *
 * <p>Queued calls: group {@code queued} (agents 4 and 5) has a queue; while the test marks both
 * agents busy, a call to it is held inside the AGI session (music on hold) until an agent frees.
 */
class FastAgiRoutingIT {

    private static ItServices services;
    private static FastAgiRoutingServer server;
    private static RoutingEngine engine;
    private static CallQueues queues;
    /** Agents the test says are on a call (the availability the engine reads). */
    private static final Set<String> busy = ConcurrentHashMap.newKeySet();
    private static final String RUN = "voipkit-routing-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String ENTRY = RUN + "-entry";
    private static final String ROUTE = RUN + "-route";
    private static final String AGENTS = RUN + "-agents";

    private static String agent(int n) {
        return "Local/agent" + n + "@" + AGENTS;
    }

    @BeforeAll
    static void setUp() {
        services = ItServices.require();
        RuleSet rules = RuleSet.builder()
                .group(NumberGroup.builder("rr").strategy(Strategy.ROUND_ROBIN).members(agent(1), agent(2))
                        .ringTime(Duration.ofSeconds(10)).build())
                .group(NumberGroup.builder("prio").strategy(Strategy.PRIORITY)
                        .member(GroupMember.of(agent(1)).withPriority(1))
                        .member(GroupMember.of(agent(3)).withPriority(0)).build())
                .rule(RoutingRule.builder("vip").priority(0).caller("^+7495")
                        .action(new RouteAction.ToNumber(agent(2))).build())
                .rule(RoutingRule.builder("rr").priority(10).called("_50XX").toGroup("rr").build())
                .rule(RoutingRule.builder("prio").priority(10).called("_51XX").toGroup("prio").build())
                .group(NumberGroup.builder("queued").strategy(Strategy.LINEAR).members(agent(4), agent(5))
                        .ringTime(Duration.ofSeconds(10)).maxQueueSize(5).build())
                .rule(RoutingRule.builder("queued").priority(10).called("_52XX").toGroup("queued").build())
                .rule(RoutingRule.builder("closed").priority(10).called("_59XX")
                        .action(new RouteAction.Reject(HangupCause.CALL_REJECTED)).build())
                .build();
        engine = RoutingEngine.builder().rules(rules).availability(m -> !busy.contains(m.target())).build();
        queues = CallQueues.builder(engine).maxWait(Duration.ofSeconds(25)).checkInterval(Duration.ofMillis(200))
                .build();
        server = FastAgiRoutingServer.builder(engine).queues(queues).port(0).build().start();
        int port = server.port();
        List<String> dialplan = List.of(
                // entry: the extension carries CALLED+CALLER; set the caller id, then route the called number
                "_X.,1,Set(CALLERID(num)=${EXTEN:4}) into " + ENTRY,
                "_X.,2,Goto(" + ROUTE + ",${EXTEN:0:4},1) into " + ENTRY,
                "_X.,1,Set(__ITCALLED=${EXTEN}) into " + ROUTE,
                "_X.,2,AGI(agi://127.0.0.1:" + port + "/route) into " + ROUTE,
                // no spaces or quotes: the CLI splits its arguments at whitespace and eats quotes
                "_X.,3,GotoIf($[${LEN(${VOIPKIT_ROUTE_TARGET})}=0]?6) into " + ROUTE,
                "_X.,4,Dial(${VOIPKIT_ROUTE_TARGET},${VOIPKIT_ROUTE_RINGTIME}) into " + ROUTE,
                "_X.,5,Hangup() into " + ROUTE,
                "_X.,6,Set(DB(" + RUN + "/${EXTEN})=none-${VOIPKIT_ROUTE_ACTION}) into " + ROUTE,
                "_X.,7,Hangup() into " + ROUTE);
        for (String line : dialplan) {
            String out = services.asteriskCli("dialplan add extension " + line);
            assertThat(out).as(line).contains("added into");
        }
        for (int n = 1; n <= 5; n++) {
            services.asteriskCli("dialplan add extension agent" + n + ",1,Set(DB(" + RUN + "/${ITCALLED})=agent" + n
                    + ") into " + AGENTS);
            services.asteriskCli("dialplan add extension agent" + n + ",2,Answer() into " + AGENTS);
            services.asteriskCli("dialplan add extension agent" + n + ",3,Wait(1) into " + AGENTS);
            services.asteriskCli("dialplan add extension agent" + n + ",4,Hangup() into " + AGENTS);
        }
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.close();
        }
        if (queues != null) {
            queues.close();
        }
        if (services != null) {
            for (String ctx : List.of(ENTRY, ROUTE, AGENTS)) {
                services.asteriskCli("dialplan remove context " + ctx);
            }
            services.asteriskCli("database deltree " + RUN);
        }
    }

    /** Originates a call from {@code caller} to {@code called} and returns what the dialplan recorded. */
    private static String call(String caller, String called) {
        originate(caller, called);
        return recorded(called);
    }

    private static void originate(String caller, String called) {
        services.asteriskCli("channel originate Local/" + called + caller + "@" + ENTRY + " application Wait 3");
    }

    /** What the dialplan recorded for {@code called}, once it has: the agent that answered, or none-ACTION. */
    private static String recorded(String called) {
        String[] result = new String[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String out = services.asteriskCli("database get " + RUN + " " + called);
            if (out.startsWith("Value: ")) {
                result[0] = out.substring("Value: ".length()).trim();
                return true;
            }
            return false;
        });
        return result[0];
    }

    @Test
    void routesRealCallsByRuleAndStrategy() {
        assertThat(call("+4930111", "5001")).isEqualTo("agent1");
        assertThat(call("+4930111", "5002")).isEqualTo("agent2"); // round robin moves on
        assertThat(call("+4930111", "5003")).isEqualTo("agent1");
        assertThat(call("+4930111", "5101")).isEqualTo("agent3"); // priority: agent3 has priority 0
        assertThat(call("+74951234567", "5004")).isEqualTo("agent2"); // the caller rule comes first
        assertThat(call("+4930111", "5901")).isEqualTo("none-reject"); // nothing to dial: dialplan falls back
        assertThat(call("+4930111", "4242")).isEqualTo("none-none"); // no rule, no default: no decision
        assertThat(engine.statistics("rr").orElseThrow().matches()).isEqualTo(3);
        assertThat(engine.statistics("vip").orElseThrow().matches()).isEqualTo(1);
    }

    @Test
    void aCallWaitsWhileEveryAgentIsBusyAndIsDialledWhenOneFrees() throws InterruptedException {
        busy.add(agent(4));
        busy.add(agent(5));
        originate("+4930111", "5201");
        await().atMost(Duration.ofSeconds(20)).until(() -> queues.waitingCount("queued") == 1);
        Thread.sleep(1_000); // held, not dialled: nobody has written the result
        assertThat(services.asteriskCli("database get " + RUN + " 5201")).doesNotStartWith("Value: ");

        busy.remove(agent(5)); // the queues' next round (200 ms) finds agent 5
        assertThat(recorded("5201")).isEqualTo("agent5");
        assertThat(queues.waitingCount("queued")).isZero();
        busy.clear();
    }

    @Test
    void aCallerWhoHangsUpWhileWaitingLeavesTheQueue() {
        busy.add(agent(4));
        busy.add(agent(5));
        originate("+4930111", "5202");
        await().atMost(Duration.ofSeconds(20)).until(() -> queues.waitingCount("queued") == 1);
        String channel = services.asteriskCli("core show channels concise").lines()
                .filter(l -> l.startsWith("Local/5202+4930111@" + ENTRY)).map(l -> l.substring(0, l.indexOf('!')))
                .findFirst().orElseThrow(() -> new AssertionError("the waiting call's channel is not listed"));
        services.asteriskCli("channel request hangup " + channel);
        // Asterisk tells the AGI session (HANGUP), which abandons the wait
        await().atMost(Duration.ofSeconds(10)).until(() -> queues.waitingCount("queued") == 0);
        busy.clear();
        assertThat(services.asteriskCli("database get " + RUN + " 5202")).doesNotStartWith("Value: ");
    }
}
