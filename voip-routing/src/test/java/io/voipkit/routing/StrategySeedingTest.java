package io.voipkit.routing;

import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.MemberState;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.event.RawFields;
import io.voipkit.core.event.StateResynced;
import io.voipkit.testsupport.MutableClock;
import io.voipkit.testsupport.StubPbx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Least recent and fewest calls start from the PBX's queue statistics, so an application restart keeps fairness. */
class StrategySeedingTest {

    private static final Instant T = Instant.parse("2026-11-25T09:00:00Z");

    private static QueueMember member(String iface, String stateIface, int callsTaken, Instant lastCall) {
        return new QueueMember(null, iface, stateIface, "static", 0, callsTaken, lastCall, MemberState.NOT_IN_USE,
                false, null, false);
    }

    private static QueueStatus queue(String name, QueueMember... members) {
        return QueueStatus.empty(name).withMembers(List.of(members));
    }

    private static RuleSet rules(Strategy strategy) {
        return RuleSet.builder()
                .group(NumberGroup.builder("g").strategy(strategy).members("PJSIP/101", "PJSIP/102", "PJSIP/103").build())
                .defaultAction(new RouteAction.ToGroup("g")).build();
    }

    private static List<String> decide(RoutingEngine e) {
        return e.decide("1", "2").targets();
    }

    @Test
    void leastRecentStartsWithTheMemberIdleLongestOnThePbx() {
        RoutingEngine e = RoutingEngine.builder().rules(rules(Strategy.LEAST_RECENT)).clock(new MutableClock(T)).build();
        assertThat(decide(e)).containsExactly("PJSIP/101", "PJSIP/102", "PJSIP/103"); // no history: list order
        RoutingEngine restarted = RoutingEngine.builder().rules(rules(Strategy.LEAST_RECENT))
                .clock(new MutableClock(T)).build();
        int seeded = restarted.seed(List.of(queue("support",
                member("PJSIP/101", null, 4, T.minusSeconds(60)),
                member("PJSIP/102", null, 9, T.minusSeconds(3600)),
                member("PJSIP/103", null, 0, null))));  // never took a call: longest idle of all
        assertThat(seeded).isEqualTo(3);
        assertThat(decide(restarted)).containsExactly("PJSIP/103", "PJSIP/102", "PJSIP/101");
        assertThat(decide(restarted)).containsExactly("PJSIP/102", "PJSIP/101", "PJSIP/103");
        assertThat(decide(restarted)).containsExactly("PJSIP/101", "PJSIP/103", "PJSIP/102");
    }

    @Test
    void fewestCallsCountsTheCallsTakenInEveryQueueOfTheMember() {
        RoutingEngine e = RoutingEngine.builder().rules(rules(Strategy.FEWEST_CALLS)).build();
        e.seed(List.of(
                queue("support", member("PJSIP/101", null, 5, null), member("PJSIP/102", null, 2, null)),
                queue("sales", member("PJSIP/102", null, 4, null), member("Local/103@agents", "PJSIP/103", 3, null))));
        // 101: 5, 102: 2 + 4 = 6, 103 (by its state interface): 3
        assertThat(decide(e)).containsExactly("PJSIP/103", "PJSIP/101", "PJSIP/102");
        assertThat(decide(e)).containsExactly("PJSIP/103", "PJSIP/101", "PJSIP/102"); // 103 now 4
        // 103 now 5, a tie with 101: list order
        assertThat(decide(e)).containsExactly("PJSIP/101", "PJSIP/103", "PJSIP/102");
        assertThat(decide(e)).containsExactly("PJSIP/103", "PJSIP/101", "PJSIP/102"); // 101 now 6, 102 6, 103 5
    }

    @Test
    void seedingAgainNeverMovesStateBackwards() {
        MutableClock clock = new MutableClock(T);
        RoutingEngine e = RoutingEngine.builder().rules(rules(Strategy.LEAST_RECENT)).clock(clock).build();
        List<QueueStatus> stats = List.of(queue("q", member("PJSIP/101", null, 0, T.minusSeconds(10)),
                member("PJSIP/102", null, 0, T.minusSeconds(20)), member("PJSIP/103", null, 0, T.minusSeconds(30))));
        e.seed(stats);
        assertThat(decide(e).get(0)).isEqualTo("PJSIP/103"); // given a call at T
        clock.advance(Duration.ofSeconds(1));
        e.seed(stats); // a resync with the same, older, statistics
        assertThat(decide(e).get(0)).as("103's call at T is newer than the PBX's figure").isEqualTo("PJSIP/102");
    }

    @Test
    void membersTheQueuesDoNotListKeepNoHistoryAndOtherGroupsAreUntouched() {
        RoutingEngine e = RoutingEngine.builder().rules(rules(Strategy.LEAST_RECENT)).build();
        assertThat(e.seed(List.of(queue("q", member("PJSIP/999", null, 7, T))))).isZero();
        assertThat(e.seed(List.of())).isZero();
        assertThatThrownBy(() -> e.seed(null)).hasMessageStartingWith("queues:");
    }

    @Test
    void anEngineBuiltOnLiveStateIsSeededFromItsQueues() {
        StubPbx pbx = new StubPbx("office");
        pbx.store().putQueue(queue("support", member("PJSIP/101", null, 1, T.minusSeconds(5)),
                member("PJSIP/102", null, 1, T.minusSeconds(500)), member("PJSIP/103", null, 1, T.minusSeconds(50))));
        RoutingEngine e = RoutingEngine.builder().rules(rules(Strategy.LEAST_RECENT)).liveState(pbx.state())
                .availability(Availability.always()).build();
        assertThat(decide(e)).containsExactly("PJSIP/102", "PJSIP/103", "PJSIP/101");
        pbx.close();
    }

    @Test
    void watchingQueuesReseedAfterEveryResync() {
        StubPbx pbx = new StubPbx("office");
        for (String ep : List.of("101", "102", "103")) {
            pbx.store().putEndpoint(new Endpoint(ep, EndpointStatus.ONLINE, null, List.of(), null, T, List.of()));
        }
        RoutingEngine e = RoutingEngine.builder().rules(rules(Strategy.FEWEST_CALLS)).liveState(pbx.state()).build();
        try (CallQueues queues = CallQueues.builder(e).watch(pbx).checkInterval(Duration.ofMinutes(1)).build()) {
            assertThat(queues.isAutomatic()).isTrue();
            // while the application was disconnected, 101 and 102 took calls
            pbx.store().putQueue(queue("support", member("PJSIP/101", null, 8, T), member("PJSIP/102", null, 6, T),
                    member("PJSIP/103", null, 1, T)));
            pbx.dispatcher().publish(new StateResynced("office", T, RawFields.empty(), List.of(), List.of(),
                    Duration.ofSeconds(30)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> e.explain(RouteRequest.of("1", "2")).targets().get(0).equals("PJSIP/103"));
        } finally {
            pbx.close();
        }
    }
}
