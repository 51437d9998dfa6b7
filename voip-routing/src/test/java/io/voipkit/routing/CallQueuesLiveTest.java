package io.voipkit.routing;

import io.voipkit.core.Channel;
import io.voipkit.core.ChannelState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.ChannelCreated;
import io.voipkit.core.event.EndpointStatusChanged;
import io.voipkit.core.event.EventDispatcher;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.QueueCallerAbandoned;
import io.voipkit.core.event.RawFields;
import io.voipkit.testsupport.MutableClock;
import io.voipkit.testsupport.StubPbx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link CallQueues} wired to a PBX's live state and events (a {@link StubPbx} whose state the test writes). */
class CallQueuesLiveTest {

    private static final Instant T = Instant.parse("2026-11-25T09:00:00Z");
    private static final Duration NO_TICK = Duration.ofMinutes(1); // only events may trigger a dispatch

    private final StubPbx pbx = new StubPbx("office");
    private final MutableClock clock = new MutableClock(T);
    private final List<CallQueues.Assignment> dispatched = new CopyOnWriteArrayList<>();
    private final List<CallQueues.Overflow> overflowed = new CopyOnWriteArrayList<>();
    private final AtomicLong channelSeq = new AtomicLong();
    private final Map<String, String> channelOfEndpoint = new ConcurrentHashMap<>();
    private CallQueues queues;

    @AfterEach
    void close() {
        if (queues != null) {
            queues.close();
        }
        pbx.close();
    }

    private void phones(String... names) {
        for (String n : names) {
            pbx.store().putEndpoint(new Endpoint(n, EndpointStatus.ONLINE, null, List.of(), null, T, List.of()));
        }
    }

    /** The phone starts a call: the live state sees its channel, then the bus carries the event (as the adapters do). */
    private void busy(String endpoint) {
        long n = channelSeq.incrementAndGet();
        String uniqueId = "1764061200." + n;
        String name = String.format("PJSIP/%s-%08x", endpoint, n);
        pbx.store().channelCreated(new Channel(name, uniqueId, uniqueId, ChannelState.UP, endpoint, null, "200", null,
                endpoint, T, null));
        channelOfEndpoint.put(endpoint, uniqueId);
        pbx.dispatcher().publish(new ChannelCreated("office", T, RawFields.empty(), name, uniqueId, uniqueId, endpoint,
                null, "internal", "200", ChannelState.UP));
    }

    /** The phone's call ends: the state forgets the channel, then the bus carries the Hangup (as the adapters do). */
    private void hangUp(String endpoint) {
        String uniqueId = channelOfEndpoint.remove(endpoint);
        Channel ch = pbx.store().channelRemoved(uniqueId).orElseThrow();
        pbx.dispatcher().publish(new CallEnded("office", T, RawFields.empty(), ch.name(), uniqueId, uniqueId,
                endpoint, "200", 16, "Normal Clearing", Duration.ofSeconds(30)));
    }

    private RoutingEngine engine(NumberGroup... groups) {
        RuleSet.Builder rules = RuleSet.builder();
        for (NumberGroup g : groups) {
            rules.group(g);
        }
        return RoutingEngine.builder().rules(rules.build()).liveState(pbx.state()).clock(clock).build();
    }

    private CallQueues.Builder queues(RoutingEngine engine) {
        return CallQueues.builder(engine).watch(pbx).onDispatch(dispatched::add).onOverflow(overflowed::add)
                .checkInterval(NO_TICK);
    }

    @Test
    void aCallerWaitsWhilePhonesAreBusyAndGoesToTheFirstPhoneThatHangsUp() throws Exception {
        phones("101", "102");
        busy("101");
        busy("102");
        RoutingEngine engine = engine(NumberGroup.builder("support").strategy(Strategy.LINEAR)
                .members("PJSIP/101", "PJSIP/102").ringTime(Duration.ofSeconds(20)).build());
        queues = queues(engine).build();
        assertThat(queues.join("support", "caller-1", "+4930111").position()).isEqualTo(1);
        CompletableFuture<CallQueues.Outcome> outcome = queues.outcome("caller-1").orElseThrow();

        clock.advance(Duration.ofSeconds(12));
        hangUp("102");

        CallQueues.Outcome o = outcome.get(10, TimeUnit.SECONDS);
        assertThat(o).isInstanceOfSatisfying(CallQueues.Assignment.class, a -> {
            assertThat(a.members()).extracting(GroupMember::target).containsExactly("PJSIP/102");
            assertThat(a.waited()).isEqualTo(Duration.ofSeconds(12));
            assertThat(a.ringTime()).isEqualTo(Duration.ofSeconds(20));
        });
        await().untilAsserted(() -> assertThat(dispatched).containsExactly((CallQueues.Assignment) o));
        assertThat(queues.waitingCount("support")).isZero();
        // 102 is held for the caller: a new decision does not get it while the dial is under way
        assertThat(engine.decide(RouteRequest.of("+4930222", "100")).isRouted()).isFalse();
    }

    @Test
    void aHeldPhoneIsOfferedOnceAndAgainWhenItsCallEnds() {
        phones("101");
        busy("101");
        queues = queues(engine(NumberGroup.builder("support").members("PJSIP/101").build())).build();
        queues.join("support", "c1", "1");
        queues.join("support", "c2", "2");
        hangUp("101");
        await().untilAsserted(() -> assertThat(dispatched).hasSize(1));
        // the phone looks free to the live state, but it is held for c1: a burst of events changes nothing
        for (int i = 0; i < 5; i++) {
            pbx.dispatcher().publish(new EndpointStatusChanged("office", T, RawFields.empty(), "101",
                    EndpointStatus.ONLINE, "Reachable", null, null));
        }
        assertThat(queues.dispatchAll()).isEmpty();
        assertThat(queues.position("c2")).contains(1);

        busy("101"); // c1's call reaches the phone: the hold has done its job
        hangUp("101"); // and ends: c2 is next
        await().untilAsserted(() -> assertThat(dispatched).extracting(CallQueues.Assignment::callId)
                .containsExactly("c1", "c2"));
    }

    @Test
    void aFreedMemberServesTheLongestWaitingCallerOfItsGroups() {
        phones("101", "102", "103");
        busy("101");
        busy("102");
        busy("103");
        queues = queues(engine(
                NumberGroup.builder("sales").members("PJSIP/101", "PJSIP/103").build(),
                NumberGroup.builder("support").members("PJSIP/102", "PJSIP/103").build())).build();
        queues.join("sales", "s1", "1");
        clock.advance(Duration.ofSeconds(5));
        queues.join("support", "p1", "2");
        clock.advance(Duration.ofSeconds(5));
        queues.join("sales", "s2", "3");

        hangUp("103"); // in both groups: sales' s1 has waited longest
        await().untilAsserted(() -> assertThat(dispatched).extracting(CallQueues.Assignment::callId).containsExactly("s1"));
        hangUp("102"); // support only
        await().untilAsserted(() -> assertThat(dispatched).extracting(CallQueues.Assignment::callId)
                .containsExactly("s1", "p1"));
        assertThat(queues.waiting("sales")).extracting(CallQueues.Waiting::callId).containsExactly("s2");
    }

    @Test
    void aCallerWhoseChannelEndsIsAbandoned() throws Exception {
        phones("101");
        busy("101");
        EventDispatcher out = new EventDispatcher("office");
        List<PbxEvent> events = new CopyOnWriteArrayList<>();
        out.subscribe(QueueCallerAbandoned.class, events::add);
        queues = queues(engine(NumberGroup.builder("support").members("PJSIP/101").build())).events(out).build();
        queues.join("support", "1764061200.900", "+4930111");
        queues.join("support", "PJSIP/trunk-0000002a", "+4930222");
        clock.advance(Duration.ofSeconds(8));
        pbx.dispatcher().publish(new CallEnded("office", T, RawFields.empty(), "PJSIP/trunk-00000029",
                "1764061200.900", null, "+4930111", null, 16, null, null)); // by unique id
        pbx.dispatcher().publish(new CallEnded("office", T, RawFields.empty(), "PJSIP/trunk-0000002a",
                "1764061200.901", null, "+4930222", null, 16, null, null)); // by channel name
        await().untilAsserted(() -> assertThat(events).hasSize(2));
        assertThat(events.get(0)).isInstanceOfSatisfying(QueueCallerAbandoned.class, e -> {
            assertThat(e.uniqueId()).isEqualTo("1764061200.900");
            assertThat(e.holdTime()).isEqualTo(Duration.ofSeconds(8));
        });
        assertThat(queues.waitingCount("support")).isZero();
        assertThat(dispatched).isEmpty();
        out.close();
    }

    @Test
    void callersWhoWaitTooLongOverflowOnTheQueuesOwnScheduler() throws Exception {
        phones("101");
        busy("101");
        queues = CallQueues.builder(engine(NumberGroup.builder("support").members("PJSIP/101").build()))
                .maxWait(Duration.ofSeconds(30)).overflow("support", new RouteAction.ToVoicemail("100@default"))
                .watch(pbx).onOverflow(overflowed::add).checkInterval(Duration.ofMillis(20)).build();
        queues.join("support", "c1", "1");
        CompletableFuture<CallQueues.Outcome> outcome = queues.outcome("c1").orElseThrow();
        clock.advance(Duration.ofSeconds(29));
        Thread.sleep(100); // several scheduler rounds: not yet
        assertThat(overflowed).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        await().untilAsserted(() -> assertThat(overflowed).hasSize(1));
        assertThat(overflowed.get(0).action()).contains(new RouteAction.ToVoicemail("100@default"));
        assertThat(outcome.get(1, TimeUnit.SECONDS)).isEqualTo(overflowed.get(0));
        assertThat(queues.outcome("c1")).isEmpty();
    }

    @Test
    void closeStopsTheAutomaticMode() {
        phones("101");
        busy("101");
        queues = queues(engine(NumberGroup.builder("support").members("PJSIP/101").build())).build();
        queues.join("support", "c1", "1");
        queues.close();
        queues.close(); // idempotent
        assertThat(queues.isAutomatic()).isFalse();
        assertThat(pbx.events().subscriptions()).isEmpty();
        hangUp("101");
        assertThat(queues.waitingCount("support")).isEqualTo(1);
        assertThat(queues.dispatch("support")).isPresent(); // still usable by hand
    }

    @Test
    void anApplicationSchedulerIsUsedAndNotShutDown() {
        ScheduledExecutorService mine = Executors.newSingleThreadScheduledExecutor();
        try {
            phones("101");
            queues = CallQueues.builder(engine(NumberGroup.builder("support").members("PJSIP/101").build()))
                    .scheduler(mine).onDispatch(dispatched::add).build();
            queues.join("support", "c1", "1"); // the phone is free: served at once
            await().untilAsserted(() -> assertThat(dispatched).hasSize(1));
            queues.close();
            assertThat(mine.isShutdown()).isFalse();
        } finally {
            mine.shutdownNow();
        }
    }

    /**
     * Many callers joining from several threads while phones finish calls on others: every caller
     * is served exactly once, and no phone is ever offered while it is on a call or held.
     */
    @Test
    void manyThreadsServeEveryCallerOnceAndNeverDoubleBookAPhone() throws Exception {
        String[] eps = {"101", "102", "103", "104"};
        phones(eps);
        for (String ep : eps) {
            busy(ep);
        }
        Map<String, AtomicInteger> onCall = new ConcurrentHashMap<>();
        for (String ep : eps) {
            onCall.put(ep, new AtomicInteger(1));
        }
        AtomicInteger doubleBooked = new AtomicInteger();
        Set<String> served = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        ExecutorService phonesPool = Executors.newFixedThreadPool(2);
        RoutingEngine engine = engine(NumberGroup.builder("support").strategy(Strategy.ROUND_ROBIN)
                .members("PJSIP/101", "PJSIP/102", "PJSIP/103", "PJSIP/104").maxQueueSize(10_000).build());
        queues = CallQueues.builder(engine).watch(pbx).checkInterval(Duration.ofMillis(200)).onDispatch(a -> {
            if (!served.add(a.callId())) {
                duplicates.incrementAndGet();
            }
            String ep = a.members().get(0).endpoint();
            if (onCall.get(ep).incrementAndGet() != 1) {
                doubleBooked.incrementAndGet();
            }
            busy(ep); // the phone picks up at once...
            phonesPool.execute(() -> { // ...and hangs up a moment later on another thread
                onCall.get(ep).decrementAndGet();
                hangUp(ep);
            });
        }).build();

        int threads = 4;
        int perThread = 100;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            fs.add(callers.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    queues.join("support", "call-" + thread + "-" + i, "+49" + thread);
                }
                return null;
            }));
        }
        go.countDown();
        for (String ep : eps) { // the phones' first calls end while callers pour in
            onCall.get(ep).decrementAndGet();
            hangUp(ep);
        }
        for (Future<?> f : fs) {
            f.get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(served).hasSize(threads * perThread));
        callers.shutdown();
        phonesPool.shutdown();
        assertThat(duplicates).hasValue(0);
        assertThat(doubleBooked).hasValue(0);
        assertThat(queues.waitingCount("support")).isZero();
    }
}
