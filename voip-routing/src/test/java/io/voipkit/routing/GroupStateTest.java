package io.voipkit.routing;

import io.voipkit.routing.internal.GroupState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class GroupStateTest {

    private static final Availability ALL = Availability.always();

    private static NumberGroup group(Strategy s, String... targets) {
        return NumberGroup.builder("g").strategy(s).members(targets).build();
    }

    private static List<String> targets(List<GroupMember> members) {
        return members.stream().map(GroupMember::target).toList();
    }

    /** Runs {@code calls} decisions on {@code threads} threads released together; counts the first target. */
    private static Map<String, AtomicInteger> hammer(int threads, int calls, Consumer<Map<String, AtomicInteger>> call)
            throws Exception {
        Map<String, AtomicInteger> firsts = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < calls / threads; i++) {
                    call.accept(firsts);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : fs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        return firsts;
    }

    @Test
    void roundRobinSpreadsExactlyUnderConcurrentCalls() throws Exception {
        NumberGroup g = group(Strategy.ROUND_ROBIN, "PJSIP/1", "PJSIP/2", "PJSIP/3", "PJSIP/4", "PJSIP/5");
        GroupState state = new GroupState();
        var firsts = hammer(8, 8 * 5 * 500, m -> m.computeIfAbsent(
                state.order(g, ALL, new Random()).get(0).target(), k -> new AtomicInteger()).incrementAndGet());
        assertThat(firsts).hasSize(5);
        firsts.values().forEach(c -> assertThat(c.get()).isEqualTo(8 * 500));
    }

    @Test
    void rrMemorySpreadsExactlyUnderConcurrentCalls() throws Exception {
        NumberGroup g = group(Strategy.RR_MEMORY, "PJSIP/1", "PJSIP/2", "PJSIP/3", "PJSIP/4");
        GroupState state = new GroupState();
        var firsts = hammer(8, 8 * 4 * 500, m -> m.computeIfAbsent(
                state.order(g, ALL, new Random()).get(0).target(), k -> new AtomicInteger()).incrementAndGet());
        firsts.values().forEach(c -> assertThat(c.get()).isEqualTo(8 * 500));
        assertThat(firsts).hasSize(4);
    }

    @Test
    void rrMemoryContinuesAfterTheMemberUsedLastWhenSomeAreAway() {
        NumberGroup g = group(Strategy.RR_MEMORY, "A", "B", "C", "D");
        GroupState state = new GroupState();
        assertThat(state.order(g, ALL, new Random()).get(0).target()).isEqualTo("A");
        Availability noB = m -> !m.target().equals("B");
        assertThat(targets(state.order(g, noB, new Random()))).containsExactly("C", "D", "A");
        assertThat(state.order(g, ALL, new Random()).get(0).target()).isEqualTo("D");
    }

    @Test
    void roundRobinSkipsUnavailableMembersKeepingTheRotation() {
        NumberGroup g = group(Strategy.ROUND_ROBIN, "A", "B", "C");
        GroupState state = new GroupState();
        Availability noB = m -> !m.target().equals("B");
        assertThat(targets(state.order(g, noB, new Random()))).containsExactly("A", "C");
        assertThat(targets(state.order(g, noB, new Random()))).containsExactly("C", "A"); // B's turn falls to C
        assertThat(targets(state.order(g, noB, new Random()))).containsExactly("C", "A");
        assertThat(targets(state.order(g, noB, new Random()))).containsExactly("A", "C");
    }

    @Test
    void leastRecentPicksTheLongestIdleEvenUnderConcurrency() throws Exception {
        String[] members = new String[6];
        for (int i = 0; i < members.length; i++) {
            members[i] = "PJSIP/" + i;
        }
        NumberGroup g = group(Strategy.LEAST_RECENT, members);
        GroupState state = new GroupState();
        var firsts = hammer(6, 6 * 6 * 200, m -> m.computeIfAbsent(
                state.order(g, ALL, new Random()).get(0).target(), k -> new AtomicInteger()).incrementAndGet());
        // each pick makes its member the most recent, so the picks cycle and spread exactly
        assertThat(firsts).hasSize(6);
        firsts.values().forEach(c -> assertThat(c.get()).isEqualTo(6 * 200));
    }

    @Test
    void leastRecentCountsIdleTimeFromTheEndOfTheLastCall() {
        NumberGroup g = group(Strategy.LEAST_RECENT, "A", "B", "C");
        GroupState state = new GroupState();
        state.callEnded("A");
        state.callEnded("C");
        state.callEnded("B");
        // never-used members first, then oldest hang-up: A ended first
        assertThat(targets(state.order(g, ALL, new Random()))).containsExactly("A", "C", "B");
        assertThat(targets(state.order(g, ALL, new Random()))).containsExactly("C", "B", "A");
        state.callEnded("C"); // C's call ended just now: it is the most recent again
        assertThat(targets(state.order(g, ALL, new Random()))).containsExactly("B", "A", "C");
    }

    @Test
    void fewestCallsSpreadsExactlyAndPrefersListOrderOnTies() throws Exception {
        NumberGroup g = group(Strategy.FEWEST_CALLS, "A", "B", "C");
        GroupState state = new GroupState();
        assertThat(targets(state.order(g, ALL, new Random()))).containsExactly("A", "B", "C");
        assertThat(targets(state.order(g, ALL, new Random()))).containsExactly("B", "C", "A");
        var firsts = hammer(4, 4 * 3 * 100, m -> m.computeIfAbsent(
                state.order(g, ALL, new Random()).get(0).target(), k -> new AtomicInteger()).incrementAndGet());
        assertThat(state.callsGiven("A") + state.callsGiven("B") + state.callsGiven("C")).isEqualTo(2 + 1200);
        // after 1202 calls the counts differ by at most one
        long min = Math.min(state.callsGiven("A"), Math.min(state.callsGiven("B"), state.callsGiven("C")));
        long max = Math.max(state.callsGiven("A"), Math.max(state.callsGiven("B"), state.callsGiven("C")));
        assertThat(max - min).isLessThanOrEqualTo(1);
        assertThat(firsts).hasSize(3);
    }

    @Test
    void linearAlwaysStartsAtTheTop() {
        NumberGroup g = group(Strategy.LINEAR, "A", "B", "C");
        GroupState state = new GroupState();
        assertThat(targets(state.order(g, ALL, new Random()))).containsExactly("A", "B", "C");
        assertThat(targets(state.order(g, m -> !m.target().equals("A"), new Random()))).containsExactly("B", "C");
        assertThat(targets(state.order(g, ALL, new Random()))).containsExactly("A", "B", "C");
    }

    @Test
    void priorityOrdersByPriorityThenWeightThenListOrder() {
        NumberGroup g = NumberGroup.builder("g").strategy(Strategy.PRIORITY)
                .member(GroupMember.of("low").withPriority(5))
                .member(GroupMember.of("first").withPriority(0))
                .member(GroupMember.of("heavy").withPriority(1).withWeight(9))
                .member(GroupMember.of("light").withPriority(1))
                .member(GroupMember.of("light2").withPriority(1))
                .build();
        assertThat(targets(new GroupState().order(g, ALL, new Random())))
                .containsExactly("first", "heavy", "light", "light2", "low");
    }

    @Test
    void ringAllReturnsEveryAvailableMember() {
        NumberGroup g = group(Strategy.RING_ALL, "A", "B", "C");
        assertThat(targets(new GroupState().order(g, m -> !m.target().equals("B"), new Random())))
                .containsExactly("A", "C");
    }

    @Test
    void nobodyAvailableGivesAnEmptyOrder() {
        for (Strategy s : Strategy.values()) {
            assertThat(new GroupState().order(group(s, "A", "B"), m -> false, new Random())).as(s.name()).isEmpty();
        }
    }

    @Test
    void randomStrategiesReturnEveryAvailableMemberOnce() {
        for (Strategy s : Set.of(Strategy.RANDOM, Strategy.WEIGHTED_RANDOM)) {
            NumberGroup g = group(s, "A", "B", "C", "D");
            assertThat(targets(new GroupState().order(g, ALL, new Random(7)))).as(s.name())
                    .containsExactlyInAnyOrder("A", "B", "C", "D");
        }
    }

    @Test
    void weightedRandomFollowsTheWeights() {
        NumberGroup g = NumberGroup.builder("g").strategy(Strategy.WEIGHTED_RANDOM)
                .member(GroupMember.of("A").withWeight(1))
                .member(GroupMember.of("B").withWeight(9))
                .build();
        GroupState state = new GroupState();
        Random random = new Random(42);
        int b = 0;
        for (int i = 0; i < 10_000; i++) {
            if (state.order(g, ALL, random).get(0).target().equals("B")) {
                b++;
            }
        }
        // expected 9000; with a fixed seed the result is deterministic, the bounds allow any sane generator
        assertThat(b).isBetween(8_700, 9_300);
    }

    @Test
    void randomPicksEachMemberFirstAboutEquallyOften() {
        NumberGroup g = group(Strategy.RANDOM, "A", "B", "C", "D");
        GroupState state = new GroupState();
        Random random = new Random(1);
        Map<String, Integer> firsts = new java.util.HashMap<>();
        for (int i = 0; i < 8_000; i++) {
            firsts.merge(state.order(g, ALL, random).get(0).target(), 1, Integer::sum);
        }
        assertThat(firsts).hasSize(4);
        firsts.values().forEach(c -> assertThat(c).isBetween(1_700, 2_300));
    }
}
