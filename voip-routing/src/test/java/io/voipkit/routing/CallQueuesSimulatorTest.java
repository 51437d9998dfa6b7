package io.voipkit.routing;

import io.voipkit.ami.AsteriskPbx;
import io.voipkit.core.Endpoint;
import io.voipkit.core.Pbx;
import io.voipkit.simulator.PbxSimulator;
import io.voipkit.simulator.SimCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end over the wire: {@link CallQueues} watching an {@link AsteriskPbx} connected to the
 * simulator's AMI, so availability, hang-ups and abandons come from real AMI events and the live
 * state the adapter builds from them.
 */
class CallQueuesSimulatorTest {

    private static final List<String> PHONES = List.of("101-ep", "102-ep", "103-ep", "104-ep");

    private PbxSimulator sim;
    private Pbx pbx;
    private CallQueues queues;
    private final List<CallQueues.Assignment> dispatched = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        sim = PbxSimulator.builder().endpoints(4).build().start();
        pbx = AsteriskPbx.builder().id("sim").host("127.0.0.1").port(sim.amiPort()).username("voipkit")
                .secret("voipkit").build();
        pbx.connect();
        PHONES.forEach(sim::registerPhone);
        await().atMost(Duration.ofSeconds(10)).until(() -> PHONES.stream()
                .allMatch(p -> pbx.state().endpoint(p).map(e -> e.status().name().equals("ONLINE")).orElse(false)));
        RuleSet rules = RuleSet.builder()
                .group(NumberGroup.builder("support").strategy(Strategy.LINEAR)
                        .members("PJSIP/101-ep", "PJSIP/102-ep", "PJSIP/103-ep", "PJSIP/104-ep").build())
                .defaultAction(new RouteAction.ToGroup("support"))
                .build();
        RoutingEngine engine = RoutingEngine.builder().rules(rules).liveState(pbx.state()).build();
        queues = CallQueues.builder(engine).watch(pbx).onDispatch(dispatched::add)
                .checkInterval(Duration.ofMinutes(1)) // no periodic round: the AMI events alone must drive it
                .build();
    }

    @AfterEach
    void stop() {
        if (queues != null) {
            queues.close();
        }
        if (pbx != null) {
            pbx.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private boolean busy(String endpoint) {
        return pbx.state().endpoint(endpoint).map(Endpoint::isBusy).orElse(false);
    }

    @Test
    void busyPhonesQueueTheCallerAndThePhoneThatHangsUpGetsIt() throws Exception {
        SimCall a = sim.placeCall("101-ep", "102-ep");
        SimCall b = sim.placeCall("103-ep", "104-ep");
        sim.answer(a);
        sim.answer(b);
        await().atMost(Duration.ofSeconds(10)).until(() -> PHONES.stream().allMatch(this::busy));

        RouteDecision d = queues.engine().decide("+4930111", "200");
        assertThat(d.isRouted()).as("every phone is on a call").isFalse();
        assertThat(queues.join("support", "trunk-call-1", "+4930111").joined()).isTrue();
        var future = queues.outcome("trunk-call-1").orElseThrow();
        Thread.sleep(300);
        assertThat(future).as("nobody is free: the caller waits").isNotDone();

        sim.hangup(b, 16); // 103-ep and 104-ep hang up: Hangup events over AMI
        CallQueues.Outcome outcome = future.get(10, TimeUnit.SECONDS);
        // dispatched at the first Hangup: the phone whose leg ended first, and never one still on a call
        assertThat(outcome).isInstanceOfSatisfying(CallQueues.Assignment.class,
                x -> assertThat(x.members()).extracting(GroupMember::target).isNotEmpty()
                        .isSubsetOf("PJSIP/103-ep", "PJSIP/104-ep"));
        await().untilAsserted(() -> assertThat(dispatched).hasSize(1));
        sim.hangup(a, 16);
    }

    @Test
    void aQueuedCallerWhoHangsUpIsAbandoned() throws Exception {
        SimCall a = sim.placeCall("101-ep", "102-ep");
        SimCall b = sim.placeCall("103-ep", "104-ep");
        sim.answer(a);
        sim.answer(b);
        await().atMost(Duration.ofSeconds(10)).until(() -> PHONES.stream().allMatch(this::busy));
        // an outside caller (the simulator's own queue entry gives it a channel and unique id)
        SimCall caller = sim.queueCall("sales", "+4930999");
        assertThat(queues.join("support", caller.uniqueid(), "+4930999").joined()).isTrue();
        var future = queues.outcome(caller.uniqueid()).orElseThrow();

        sim.abandon(caller); // QueueCallerAbandon, Hangup of the caller's channel
        assertThat(future.get(10, TimeUnit.SECONDS))
                .isInstanceOf(CallQueues.Abandoned.class);
        assertThat(queues.waitingCount("support")).isZero();
        assertThat(dispatched).isEmpty();
    }
}
