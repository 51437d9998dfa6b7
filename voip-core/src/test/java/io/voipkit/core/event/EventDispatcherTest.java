package io.voipkit.core.event;

import io.voipkit.core.ConnectionState;
import io.voipkit.core.InvalidRequestException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EventDispatcherTest {
    private static final Instant T = Instant.parse("2026-11-24T20:16:39Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EventDispatcher bus = new EventDispatcher("pbx1");
    private final List<ExecutorService> pools = new ArrayList<>();
    private final List<CountDownLatch> gates = new ArrayList<>();

    @AfterEach
    void tearDown() {
        gates.forEach(g -> {
            while (g.getCount() > 0) {
                g.countDown();
            }
        });
        bus.close();
        pools.forEach(ExecutorService::shutdownNow);
    }

    /** A CallEnded whose cause carries a sequence number, so order can be checked. */
    private static CallEnded ended(int seq) {
        return new CallEnded("pbx1", T, RawFields.empty(), "PJSIP/101-ep-00000001", "1.1", null, null, null, seq,
                null, null);
    }

    private static ChannelCreated created(String uniqueId) {
        return new ChannelCreated("pbx1", T, RawFields.of("Event", "Newchannel"), "PJSIP/101-ep-00000001", uniqueId,
                null, null, null, null, null, io.voipkit.core.ChannelState.DOWN);
    }

    private CountDownLatch gate() {
        CountDownLatch g = new CountDownLatch(1);
        gates.add(g);
        return g;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SubscriptionOptions opts(int capacity, OverflowPolicy policy) {
        return SubscriptionOptions.builder().queueCapacity(capacity).overflowPolicy(policy).build();
    }

    private static List<Integer> causes(List<? extends PbxEvent> events) {
        List<Integer> out = new ArrayList<>(events.size());
        for (PbxEvent e : events) {
            out.add(((CallEnded) e).cause());
        }
        return out;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    // ---- routing ---------------------------------------------------------------------------

    @Test
    void deliversByTypeWithPbxEventAsCatchAll() {
        List<PbxEvent> all = new CopyOnWriteArrayList<>();
        List<CallEnded> endedOnly = new CopyOnWriteArrayList<>();
        List<ChannelCreated> createdOnly = new CopyOnWriteArrayList<>();
        bus.subscribe(PbxEvent.class, all::add);
        bus.subscribe(CallEnded.class, endedOnly::add);
        bus.subscribe(ChannelCreated.class, createdOnly::add);

        bus.publish(created("1.1"));
        bus.publish(ended(1));
        bus.publish(created("1.2"));
        bus.publish(new ConnectionStateChanged("pbx1", T, RawFields.empty(), ConnectionState.CONNECTED,
                ConnectionState.RECONNECTING, "EOF"));

        await().atMost(WAIT).until(() -> all.size() == 4 && endedOnly.size() == 1 && createdOnly.size() == 2);
        assertThat(all).extracting(PbxEvent::name)
                .containsExactly("Newchannel", "CallEnded", "Newchannel", "ConnectionStateChanged");
        assertThat(createdOnly).extracting(ChannelCreated::uniqueId).containsExactly("1.1", "1.2");
        assertThat(endedOnly).extracting(CallEnded::cause).containsExactly(1);
    }

    @Test
    void aSubscriptionMadeAfterEventsWereRoutedSeesLaterEventsOfThatType() {
        List<CallEnded> first = new CopyOnWriteArrayList<>();
        bus.subscribe(CallEnded.class, first::add);
        bus.publish(ended(1)); // fills the routing cache for CallEnded
        List<CallEnded> second = new CopyOnWriteArrayList<>();
        bus.subscribe(CallEnded.class, second::add);
        bus.publish(ended(2));
        await().atMost(WAIT).until(() -> first.size() == 2 && second.size() == 1);
        assertThat(second.get(0).cause()).isEqualTo(2);
    }

    @Test
    void filterSelectsEventsAndRunsOnTheDeliveryThreadNotThePublisher() {
        List<CallEnded> busy = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> filterThread = new AtomicReference<>();
        Subscription sub = bus.subscribe(CallEnded.class, e -> {
            filterThread.set(Thread.currentThread());
            return e.cause() == 17;
        }, busy::add);
        for (int i = 10; i < 20; i++) {
            bus.publish(ended(i));
        }
        await().atMost(WAIT).until(() -> sub.stats().queueDepth() == 0 && busy.size() == 1);
        assertThat(busy.get(0).cause()).isEqualTo(17);
        assertThat(filterThread.get()).isNotSameAs(Thread.currentThread());
        assertThat(filterThread.get().getName()).isEqualTo("voipkit-events-pbx1-1");
        assertThat(filterThread.get().isDaemon()).isTrue();
        assertThat(sub.stats().delivered()).as("filtered-out events are not delivered").isEqualTo(1);
    }

    // ---- ordering and backpressure ---------------------------------------------------------

    @Test
    void slowSubscriberUnderBlockLosesNothingAndKeepsExactOrder() {
        int n = 200_000;
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>(n));
        Subscription sub = bus.subscribe(CallEnded.class, e -> true, e -> {
            seen.add(e.cause());
            if (e.cause() % 20_000 == 0) {
                LockSupport.parkNanos(2_000_000); // slower than the publisher now and then
            }
        }, opts(16, OverflowPolicy.BLOCK));
        for (int i = 0; i < n; i++) {
            bus.publish(ended(i));
        }
        await().atMost(WAIT).until(() -> seen.size() == n);
        assertThat(seen).isEqualTo(range(0, n));
        assertThat(sub.stats().delivered()).isEqualTo(n);
        assertThat(sub.stats().dropped()).isZero();
    }

    // ---- batches (publishAll) ---------------------------------------------------------------

    private static PbxEvent[] batchOf(int from, int to) {
        PbxEvent[] events = new PbxEvent[to - from];
        for (int i = from; i < to; i++) {
            events[i - from] = ended(i);
        }
        return events;
    }

    @Test
    void publishAllRoutesByTypeAndKeepsOrderLikePublish() {
        List<PbxEvent> all = new CopyOnWriteArrayList<>();
        List<ChannelCreated> createdOnly = new CopyOnWriteArrayList<>();
        bus.subscribe(PbxEvent.class, all::add);
        bus.subscribe(ChannelCreated.class, createdOnly::add);
        PbxEvent[] events = {created("1.1"), ended(1), created("1.2"), ended(2)};

        bus.publishAll(events, 1, 4);

        await().atMost(WAIT).until(() -> all.size() == 3 && createdOnly.size() == 1);
        assertThat(all).extracting(PbxEvent::name).containsExactly("CallEnded", "Newchannel", "CallEnded");
        assertThat(createdOnly).extracting(ChannelCreated::uniqueId).containsExactly("1.2");
    }

    @Test
    void publishAllUnderBlockWithBatchesLargerThanTheQueueLosesNothingAndKeepsOrder() {
        int n = 200_000;
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>(n));
        Subscription sub = bus.subscribe(CallEnded.class, e -> true, e -> {
            seen.add(e.cause());
            if (e.cause() % 20_000 == 0) {
                LockSupport.parkNanos(2_000_000);
            }
        }, opts(16, OverflowPolicy.BLOCK));
        for (int i = 0; i < n; i += 1000) {
            bus.publishAll(batchOf(i, i + 1000), 0, 1000); // a batch 60 times the queue: the publisher must wake the task before waiting
        }
        await().atMost(WAIT).until(() -> seen.size() == n);
        assertThat(seen).isEqualTo(range(0, n));
        assertThat(sub.stats().dropped()).isZero();
    }

    @Test
    void whilePublishAllWaitsForAFullBlockQueueOtherSubscribersAlreadyHaveTheBatchSoFar() throws Exception {
        CountDownLatch release = gate();
        List<Integer> fast = new CopyOnWriteArrayList<>();
        List<Integer> slow = new CopyOnWriteArrayList<>();
        bus.subscribe(CallEnded.class, e -> fast.add(e.cause()));
        Subscription blocked = bus.subscribe(CallEnded.class, e -> true, e -> {
            slow.add(e.cause());
            awaitUninterruptibly(release);
        }, opts(4, OverflowPolicy.BLOCK));
        Thread publisher = new Thread(() -> bus.publishAll(batchOf(0, 100), 0, 100));
        publisher.start();

        // The slow listener holds one event and its queue holds four: the publisher waits at the
        // sixth event at the latest, and the fast subscriber must have been woken for those before.
        await().atMost(WAIT).until(() -> publisher.getState() == Thread.State.WAITING && fast.size() >= 5);
        assertThat(publisher.isAlive()).isTrue();
        release.countDown();
        publisher.join(WAIT.toMillis());

        await().atMost(WAIT).until(() -> fast.size() == 100 && slow.size() == 100);
        assertThat(fast).isEqualTo(range(0, 100));
        assertThat(slow).isEqualTo(range(0, 100));
        assertThat(blocked.stats().dropped()).isZero();
    }

    @Test
    void publishAllStrandsNoEventWhenTheDeliveryTaskGoesIdleBetweenBatches() {
        AtomicInteger seen = new AtomicInteger();
        bus.subscribe(CallEnded.class, e -> seen.incrementAndGet());
        int expected = 0;
        for (int round = 0; round < 5_000; round++) {
            int burst = 1 + (round % 3);
            bus.publishAll(batchOf(expected, expected + burst), 0, burst);
            expected += burst;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.get() < expected) {
                assertThat(System.nanoTime()).as("event stranded in round %d", round).isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void publishAllUnderDropOldestKeepsTheNewestAndCountsEveryDropExactly() {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = gate();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        Subscription sub = bus.subscribe(CallEnded.class, e -> true, e -> {
            seen.add(e.cause());
            entered.countDown();
            awaitUninterruptibly(release);
        }, opts(10, OverflowPolicy.DROP_OLDEST));

        bus.publishAll(batchOf(0, 1), 0, 1);
        awaitUninterruptibly(entered); // the listener holds event 0; the queue is empty
        for (int i = 1; i < 1000; i += 111) {
            bus.publishAll(batchOf(i, i + 111), 0, 111); // never blocks
        }
        assertThat(sub.stats().queueDepth()).isEqualTo(10);
        assertThat(sub.stats().dropped()).isEqualTo(989);
        release.countDown();

        await().atMost(WAIT).until(() -> sub.stats().delivered() == 11);
        assertThat(seen).containsExactly(0, 990, 991, 992, 993, 994, 995, 996, 997, 998, 999);
    }

    @Test
    void publishAllRejectsABadRangeAndAForeignEventButPublishesWhatCameBefore() {
        List<CallEnded> seen = new CopyOnWriteArrayList<>();
        bus.subscribe(CallEnded.class, seen::add);
        PbxEvent foreign = new CallEnded("other", T, RawFields.empty(), "PJSIP/1-ep-1", "1.1", null, null, null, 0,
                null, null);
        assertThatThrownBy(() -> bus.publishAll(batchOf(0, 2), 1, 3)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> bus.publishAll(new PbxEvent[] {ended(7), foreign, ended(8)}, 0, 3))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("events[1].pbxId");
        await().atMost(WAIT).until(() -> seen.size() == 1);
        assertThat(seen.get(0).cause()).isEqualTo(7);
    }

    @Test
    void noEventIsStrandedWhenItArrivesJustAsTheDeliveryTaskGoesIdle() {
        // Many tiny bursts, each awaited: every burst races the delivery task going idle. An event
        // queued in that window and not picked up would stay queued until the next publish, so
        // the per-burst wait below would never end (it fails after 10 s instead).
        AtomicInteger seen = new AtomicInteger();
        bus.subscribe(CallEnded.class, e -> seen.incrementAndGet());
        int expected = 0;
        for (int round = 0; round < 5_000; round++) {
            int burst = 1 + (round % 3);
            for (int i = 0; i < burst; i++) {
                bus.publish(ended(expected++));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.get() < expected) {
                assertThat(System.nanoTime()).as("event stranded in round %d", round).isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void eachSubscriptionKeepsOrderOnASharedMultiThreadedExecutor() {
        ExecutorService shared = Executors.newFixedThreadPool(4);
        pools.add(shared);
        int n = 50_000;
        List<List<Integer>> seen = new ArrayList<>();
        List<Subscription> subs = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            List<Integer> list = Collections.synchronizedList(new ArrayList<>());
            seen.add(list);
            subs.add(bus.subscribe(CallEnded.class, e -> true, e -> list.add(e.cause()),
                    SubscriptionOptions.builder().executor(shared).queueCapacity(64).name("shared-" + s).build()));
        }
        for (int i = 0; i < n; i++) {
            bus.publish(ended(i));
        }
        await().atMost(WAIT).until(() -> seen.stream().allMatch(l -> l.size() == n));
        for (List<Integer> list : seen) {
            assertThat(list).isEqualTo(range(0, n));
        }
        assertThat(subs).allSatisfy(s -> assertThat(s.stats().delivered()).isEqualTo(n));
    }

    @Test
    void concurrentPublishersUnderBlockAreSafeAndLossless() throws Exception {
        int publishers = 4;
        int perPublisher = 25_000;
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        Subscription sub = bus.subscribe(CallEnded.class, e -> true, e -> seen.add(e.cause()),
                opts(32, OverflowPolicy.BLOCK));
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        pools.add(pool);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int base = p * 1_000_000;
            done.add(pool.submit(() -> {
                awaitUninterruptibly(start);
                for (int i = 0; i < perPublisher; i++) {
                    bus.publish(ended(base + i));
                }
            }));
        }
        start.countDown();
        for (var f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        await().atMost(WAIT).until(() -> seen.size() == publishers * perPublisher);
        assertThat(sub.stats().dropped()).isZero();
        assertThat(sub.stats().delivered()).isEqualTo(publishers * perPublisher);
        for (int p = 0; p < publishers; p++) {
            int base = p * 1_000_000;
            List<Integer> mine = seen.stream().filter(c -> c >= base && c < base + 1_000_000).toList();
            assertThat(mine).as("events of publisher %d, in its order", p).isEqualTo(range(base, base + perPublisher));
        }
    }

    @Test
    void dropOldestKeepsTheNewestAndCountsEveryDropExactly() {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = gate();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        Subscription sub = bus.subscribe(CallEnded.class, e -> true, e -> {
            seen.add(e.cause());
            entered.countDown();
            awaitUninterruptibly(release);
        }, opts(10, OverflowPolicy.DROP_OLDEST));

        bus.publish(ended(0));
        awaitUninterruptibly(entered); // the listener holds event 0; the queue is empty
        for (int i = 1; i < 1000; i++) {
            bus.publish(ended(i)); // never blocks
        }
        assertThat(sub.stats().queueDepth()).isEqualTo(10);
        assertThat(sub.stats().dropped()).isEqualTo(989);
        release.countDown();

        await().atMost(WAIT).until(() -> sub.stats().delivered() == 11);
        assertThat(seen).containsExactly(0, 990, 991, 992, 993, 994, 995, 996, 997, 998, 999);
        SubscriptionStats stats = sub.stats();
        assertThat(stats.delivered() + stats.dropped()).isEqualTo(1000);
        assertThat(stats.policy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
        assertThat(sub.isActive()).isTrue();
    }

    @Test
    void failPolicyClosesOnlyThatSubscriptionAndOthersCarryOn() {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = gate();
        Subscription strict = bus.subscribe(CallEnded.class, e -> true, e -> {
            entered.countDown();
            awaitUninterruptibly(release);
        }, opts(4, OverflowPolicy.FAIL));
        List<Integer> other = new CopyOnWriteArrayList<>();
        Subscription relaxed = bus.subscribe(CallEnded.class, e -> other.add(e.cause()));

        bus.publish(ended(0));
        awaitUninterruptibly(entered);
        for (int i = 1; i <= 4; i++) {
            bus.publish(ended(i)); // fills the queue of 4
        }
        assertThat(strict.isActive()).isTrue();
        bus.publish(ended(5)); // overflows
        assertThat(strict.isActive()).isFalse();
        assertThat(strict.isFailed()).isTrue();
        assertThat(bus.subscriptions()).containsExactly(relaxed);
        bus.publish(ended(6));
        release.countDown();

        await().atMost(WAIT).until(() -> other.size() == 7);
        assertThat(other).isEqualTo(range(0, 7));
        await().atMost(WAIT).until(() -> strict.stats().delivered() == 1);
        assertThat(strict.stats().dropped()).as("the overflowing event and the 4 queued").isEqualTo(5);
        assertThat(relaxed.isFailed()).isFalse();
    }

    // ---- listener failures -----------------------------------------------------------------

    @Test
    void throwingListenerIsLoggedCountedAndKept() {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        Subscription sub;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            sub = bus.subscribe(PbxEvent.class, e -> true, e -> {
                int c = ((CallEnded) e).cause();
                seen.add(c);
                if (c % 2 == 0) {
                    throw new IllegalStateException("boom on " + c);
                }
            }, SubscriptionOptions.builder().name("crm-sync").build());
            for (int i = 0; i < 100; i++) {
                bus.publish(ended(i));
            }
            Subscription s = sub;
            await().atMost(WAIT).until(() -> s.stats().delivered() + s.stats().failed() == 100);
        } finally {
            System.setErr(originalErr);
        }
        assertThat(seen).isEqualTo(range(0, 100));
        assertThat(sub.stats().failed()).isEqualTo(50);
        assertThat(sub.stats().delivered()).isEqualTo(50);
        assertThat(sub.isActive()).isTrue();
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("crm-sync").contains("CallEnded").contains("boom on 0");
        // 50 failures, but only the 1st, 2nd, 4th, 8th, 16th and 32nd are logged
        assertThat(log.split("threw on event", -1)).hasSize(7);
    }

    // ---- close -----------------------------------------------------------------------------

    @Test
    void closingASubscriptionReleasesAPublisherBlockedOnIt() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = gate();
        Subscription slow = bus.subscribe(CallEnded.class, e -> true, e -> {
            entered.countDown();
            awaitUninterruptibly(release);
        }, opts(2, OverflowPolicy.BLOCK));
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        pools.add(publisher);
        AtomicInteger published = new AtomicInteger();
        bus.publish(ended(0));
        awaitUninterruptibly(entered); // the listener holds event 0 alone; the queue is empty
        var done = publisher.submit(() -> {
            for (int i = 1; i < 10; i++) {
                bus.publish(ended(i));
                published.incrementAndGet();
            }
        });
        await().atMost(WAIT).until(() -> slow.stats().queueDepth() == 2);
        assertThat(done.isDone()).as("publisher is blocked by the full queue").isFalse();

        slow.close();
        done.get(30, TimeUnit.SECONDS); // released, no deadlock
        assertThat(published.get()).isEqualTo(9);
        release.countDown();
        await().atMost(WAIT).until(() -> slow.stats().delivered() == 1);
        assertThat(slow.stats().dropped()).as("the 2 queued when closed").isEqualTo(2);
        assertThat(slow.stats().queueDepth()).isZero();
    }

    @Test
    void closingTheDispatcherWhileDeliveringReleasesBlockedPublishersAndStopsEverything() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = gate();
        Subscription slow = bus.subscribe(CallEnded.class, e -> true, e -> {
            entered.countDown();
            awaitUninterruptibly(release);
        }, opts(1, OverflowPolicy.BLOCK));
        List<Integer> fast = new CopyOnWriteArrayList<>();
        Subscription other = bus.subscribe(CallEnded.class, e -> fast.add(e.cause()));
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        pools.add(publisher);
        var done = publisher.submit(() -> {
            for (int i = 0; i < 100; i++) {
                bus.publish(ended(i));
            }
        });
        awaitUninterruptibly(entered);
        await().atMost(WAIT).until(() -> slow.stats().queueDepth() == 1);

        bus.close();
        done.get(30, TimeUnit.SECONDS);
        assertThat(slow.isActive()).isFalse();
        assertThat(other.isActive()).isFalse();
        assertThat(slow.isFailed()).isFalse();
        assertThat(bus.subscriptions()).isEmpty();
        assertThat(bus.isClosed()).isTrue();
        int before = fast.size();
        bus.publish(ended(1000)); // ignored after close
        release.countDown();
        assertThat(fast).doesNotContain(1000).hasSizeLessThanOrEqualTo(before);
        assertThatThrownBy(() -> bus.subscribe(CallEnded.class, e -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pbx1");
    }

    @Test
    void closeIsIdempotentAndRemovesTheSubscription() {
        Subscription a = bus.subscribe(CallEnded.class, e -> { });
        Subscription b = bus.subscribe(PbxEvent.class, e -> true, e -> { },
                SubscriptionOptions.builder().name("audit").build());
        assertThat(bus.subscriptions()).containsExactly(a, b);
        assertThat(a.id()).isEqualTo("pbx1-1");
        assertThat(b.id()).isEqualTo("pbx1-2");
        assertThat(a.eventType()).isEqualTo(CallEnded.class);
        assertThat(b.eventType()).isEqualTo(PbxEvent.class);
        assertThat(b.toString()).contains("audit");

        a.close();
        a.close();
        assertThat(a.isActive()).isFalse();
        assertThat(bus.subscriptions()).containsExactly(b);
        bus.publish(ended(1));
        assertThat(a.stats().delivered()).isZero();
        await().atMost(WAIT).until(() -> b.stats().delivered() == 1);

        bus.close();
        bus.close();
        assertThat(b.isActive()).isFalse();
    }

    @Test
    void aListenerMayCloseItsOwnSubscription() {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        AtomicReference<Subscription> self = new AtomicReference<>();
        CountDownLatch subscribed = gate();
        self.set(bus.subscribe(CallEnded.class, e -> {
            awaitUninterruptibly(subscribed);
            seen.add(e.cause());
            if (e.cause() == 2) {
                self.get().close();
            }
        }));
        for (int i = 0; i < 5; i++) {
            bus.publish(ended(i));
        }
        subscribed.countDown(); // all 5 are queued (or in the delivery batch) before any is handled
        await().atMost(WAIT).until(() -> !self.get().isActive());
        await().atMost(WAIT).until(() -> self.get().stats().delivered() == 3);
        SubscriptionStats s = self.get().stats();
        assertThat(seen).containsExactly(0, 1, 2);
        assertThat(s.dropped()).as("3 and 4, queued when it closed").isEqualTo(2);
    }

    // ---- executors -------------------------------------------------------------------------

    @Test
    void usesTheSuppliedExecutorWithOneDrainTaskAtATime() {
        AtomicInteger executions = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "user-pool"));
        pools.add(pool);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = gate();
        List<String> threads = new CopyOnWriteArrayList<>();
        Subscription sub = bus.subscribe(CallEnded.class, e -> true, e -> {
            threads.add(Thread.currentThread().getName());
            entered.countDown();
            awaitUninterruptibly(release);
        }, SubscriptionOptions.builder().executor(task -> {
            executions.incrementAndGet();
            pool.execute(task);
        }).build());

        bus.publish(ended(0));
        awaitUninterruptibly(entered);
        for (int i = 1; i <= 500; i++) {
            bus.publish(ended(i));
        }
        assertThat(executions.get()).as("no task per event while one is pending").isEqualTo(1);
        release.countDown();
        await().atMost(WAIT).until(() -> sub.stats().delivered() == 501);
        assertThat(threads).containsOnly("user-pool");
    }

    @Test
    void anExecutorThatRejectsFailsTheSubscription() {
        Subscription sub = bus.subscribe(CallEnded.class, e -> true, e -> { },
                SubscriptionOptions.builder().executor(task -> {
                    throw new RejectedExecutionException("pool is shut down");
                }).build());
        bus.publish(ended(1));
        assertThat(sub.isActive()).isFalse();
        assertThat(sub.isFailed()).isTrue();
        assertThat(sub.stats().dropped()).isEqualTo(1);
    }

    // ---- arguments -------------------------------------------------------------------------

    @Test
    void rejectsInvalidArgumentsNamingThem() {
        assertField(() -> bus.publish(null), "event");
        assertField(() -> bus.publish(new CallEnded("pbx2", T, RawFields.empty(), "c", "u", null, null, null, 0, null,
                null)), "event.pbxId");
        assertField(() -> bus.subscribe(null, e -> { }), "type");
        assertField(() -> bus.subscribe(CallEnded.class, null), "listener");
        assertField(() -> bus.subscribe(CallEnded.class, null, e -> { }), "filter");
        assertField(() -> bus.subscribe(CallEnded.class, e -> true, e -> { }, null), "options");
        assertField(() -> new EventDispatcher(" "), "pbxId");
        assertField(() -> new EventDispatcher("p", null), "defaults");
        assertField(() -> opts(0, OverflowPolicy.BLOCK), "queueCapacity");
        assertField(() -> opts(SubscriptionOptions.MAX_QUEUE_CAPACITY + 1, OverflowPolicy.BLOCK), "queueCapacity");
        assertField(() -> opts(1, null), "overflowPolicy");
        assertField(() -> SubscriptionOptions.builder().name("a\r\nb").build(), "name");
        assertThat(bus.subscriptions()).isEmpty();
    }

    @Test
    void optionsDefaultsAreDocumentedValues() {
        SubscriptionOptions d = SubscriptionOptions.defaults();
        assertThat(d.queueCapacity()).isEqualTo(8192);
        assertThat(d.overflowPolicy()).isEqualTo(OverflowPolicy.BLOCK);
        assertThat(d.executor()).isNull();
        assertThat(d.name()).isNull();
        assertThat(d.toBuilder().queueCapacity(5).build().overflowPolicy()).isEqualTo(OverflowPolicy.BLOCK);

        EventDispatcher custom = new EventDispatcher("pbx9", opts(7, OverflowPolicy.DROP_OLDEST));
        try {
            Subscription s = custom.subscribe(PbxEvent.class, e -> { });
            assertThat(s.stats().queueCapacity()).isEqualTo(7);
            assertThat(s.stats().policy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
        } finally {
            custom.close();
        }
    }

    private static void assertField(Runnable r, String field) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }
}
