package io.voipkit.routing;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.EventDispatcher;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.QueueCallerAbandoned;
import io.voipkit.core.event.QueueCallerJoined;
import io.voipkit.core.event.QueueCallerLeft;
import io.voipkit.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CallQueuesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T09:00:00Z"));
    private final AtomicBoolean membersFree = new AtomicBoolean(false);
    private final EventDispatcher bus = new EventDispatcher("office");
    private final List<PbxEvent> events = new CopyOnWriteArrayList<>();

    private final RoutingEngine engine = RoutingEngine.builder()
            .rules(RuleSet.builder()
                    .group(NumberGroup.builder("support").strategy(Strategy.ROUND_ROBIN)
                            .members("PJSIP/101", "PJSIP/102").maxQueueSize(2).build())
                    .group(NumberGroup.builder("backup").members("PJSIP/900").build())
                    .defaultAction(new RouteAction.ToGroup("support"))
                    .build())
            .availability(m -> membersFree.get() || m.target().equals("PJSIP/900"))
            .clock(clock)
            .build();

    private CallQueues queues() {
        bus.subscribe(PbxEvent.class, events::add);
        return CallQueues.builder(engine).maxWait(Duration.ofSeconds(60))
                .overflow("support", new RouteAction.ToGroup("backup")).events(bus).build();
    }

    @AfterEach
    void close() {
        bus.close();
    }

    @Test
    void callersWaitInOrderAndAreServedWhenAMemberIsFree() {
        CallQueues q = queues();
        RouteDecision d = engine.decide("+4930", "100");
        assertThat(d.isRouted()).isFalse();
        assertThat(q.join("support", "call-1", "+4930").position()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(q.join("support", "call-2", "").position()).isEqualTo(2);
        assertThat(q.dispatch("support")).isEmpty(); // nobody free yet
        assertThat(q.position("call-2")).contains(2);

        membersFree.set(true);
        clock.advance(Duration.ofSeconds(10));
        CallQueues.Assignment a = q.dispatch("support").orElseThrow();
        assertThat(a.callId()).isEqualTo("call-1");
        assertThat(a.waited()).isEqualTo(Duration.ofSeconds(15));
        assertThat(a.members()).extracting(GroupMember::target).containsExactly("PJSIP/101", "PJSIP/102");
        assertThat(q.position("call-2")).contains(1);
        assertThat(q.dispatch("support").orElseThrow().members().get(0).target()).isEqualTo("PJSIP/102");
        assertThat(q.dispatch("support")).isEmpty();

        await().untilAsserted(() -> assertThat(events).hasSize(4));
        assertThat(events.get(0)).isInstanceOfSatisfying(QueueCallerJoined.class, e -> {
            assertThat(e.queue()).isEqualTo("support");
            assertThat(e.uniqueId()).isEqualTo("call-1");
            assertThat(e.position()).isEqualTo(1);
            assertThat(e.pbxId()).isEqualTo("office");
        });
        assertThat(events.get(2)).isInstanceOfSatisfying(QueueCallerLeft.class,
                e -> assertThat(e.count()).isEqualTo(1));
    }

    @Test
    void aFullQueueOverflows() {
        CallQueues q = queues();
        q.join("support", "c1", "1");
        q.join("support", "c2", "2");
        CallQueues.JoinResult third = q.join("support", "c3", "3");
        assertThat(third.joined()).isFalse();
        assertThat(third.overflow()).contains(new RouteAction.ToGroup("backup"));
        assertThat(q.waiting("support")).extracting(CallQueues.Waiting::callId).containsExactly("c1", "c2");
    }

    @Test
    void callersWhoWaitTooLongOverflow() {
        CallQueues q = queues();
        q.join("support", "c1", "1");
        clock.advance(Duration.ofSeconds(30));
        q.join("support", "c2", "2");
        clock.advance(Duration.ofSeconds(30));
        List<CallQueues.Overflow> expired = q.expire();
        assertThat(expired).extracting(CallQueues.Overflow::callId).containsExactly("c1");
        assertThat(expired.get(0).action()).contains(new RouteAction.ToGroup("backup"));
        assertThat(expired.get(0).waited()).isEqualTo(Duration.ofSeconds(60));
        assertThat(q.waiting("support")).extracting(CallQueues.Waiting::callId).containsExactly("c2");
    }

    @Test
    void abandonedCallersLeaveWithAnEvent() {
        CallQueues q = queues();
        q.join("support", "c1", "1");
        q.join("support", "c2", "2");
        clock.advance(Duration.ofSeconds(7));
        assertThat(q.abandon("c1")).isTrue();
        assertThat(q.abandon("c1")).isFalse();
        assertThat(q.abandon("never")).isFalse();
        assertThat(q.position("c2")).contains(1);
        await().untilAsserted(() -> assertThat(events).hasSize(3));
        assertThat(events.get(2)).isInstanceOfSatisfying(QueueCallerAbandoned.class, e -> {
            assertThat(e.holdTime()).isEqualTo(Duration.ofSeconds(7));
            assertThat(e.originalPosition()).isEqualTo(1);
        });
    }

    @Test
    void rejectsUnknownGroupsAndDuplicateCalls() {
        CallQueues q = queues();
        assertThatThrownBy(() -> q.join("nope", "c1", "1")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("no group nope");
        q.join("support", "c1", "1");
        assertThatThrownBy(() -> q.join("support", "c1", "1")).hasMessageContaining("already waiting");
        assertThatThrownBy(() -> q.join("support", "c\r\n2", "1")).hasMessageStartingWith("callId:");
    }

    @Test
    void concurrentJoinsAndDispatchesServeEveryCallerExactlyOnce() throws Exception {
        RoutingEngine big = RoutingEngine.builder()
                .rules(RuleSet.builder().group(NumberGroup.builder("g").members("A", "B").maxQueueSize(100_000).build())
                        .build())
                .build();
        CallQueues q = CallQueues.builder(big).build();
        java.util.Set<String> served = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int thread = t;
            fs.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 5_000; i++) {
                    q.join("g", thread + "-" + i, "1");
                }
                return null;
            }));
            fs.add(pool.submit(() -> {
                go.await();
                while (served.size() < 15_000) {
                    q.dispatch("g").ifPresent(a -> {
                        if (!served.add(a.callId())) {
                            duplicates.incrementAndGet();
                        }
                    });
                }
                return null;
            }));
        }
        go.countDown();
        for (var f : fs) {
            f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(duplicates).hasValue(0);
        assertThat(served).hasSize(15_000);
        assertThat(q.waiting("g")).isEmpty();
    }
}
