package io.voipkit.core.event;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.internal.DispatchSubscription;
import io.voipkit.core.internal.Checks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The publishing side of an {@link EventBus}, for PBX adapters (voip-ami, voip-freeswitch-esl,
 * the simulator), not for applications: an adapter owns one dispatcher per PBX, hands it out as
 * {@code pbx.events()} (typed as {@link EventBus}, so users cannot publish), and calls
 * {@link #publish(PbxEvent)} from its reader thread.
 *
 * <pre>{@code
 * EventDispatcher events = new EventDispatcher("pbx1");
 * // reader thread:
 * events.publish(new CallEnded("pbx1", ts, raw, channel, uniqueId, linkedId, num, other, 16, "Normal Clearing", null));
 * // Pbx.close():
 * events.close();
 * }</pre>
 *
 * <p>Threads and guarantees (details in {@code voip-core/CONCURRENCY.md}):
 * <ul>
 *   <li>{@link #publish} is meant to be called from one thread per PBX (that is what keeps
 *       events in PBX order); calling it from several threads at once is safe and loses nothing,
 *       but the relative order of events published concurrently is then whatever the threads
 *       make it.</li>
 *   <li>{@code publish} never runs user code: it puts the event into the bounded queue of every
 *       subscription whose type matches and returns. Filters and listeners run on each
 *       subscription's executor.</li>
 *   <li>When a queue is full: {@link OverflowPolicy#BLOCK} makes {@code publish} wait for room
 *       (backpressure to the socket; released by closing that subscription or this dispatcher,
 *       or by interrupting the publishing thread, which drops the event for that subscription);
 *       {@link OverflowPolicy#DROP_OLDEST} discards the oldest queued event and counts it;
 *       {@link OverflowPolicy#FAIL} closes that subscription, marks it failed and logs an error,
 *       and the other subscriptions carry on.</li>
 *   <li>Subscribing and closing may happen on any thread at any time.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class EventDispatcher implements EventBus, AutoCloseable {
    private final String pbxId;
    private final SubscriptionOptions defaults;
    private final AtomicLong sequence = new AtomicLong();
    private final Object lock = new Object();
    /** The current routing table; replaced as a whole (copy on write) on subscribe and close. */
    private volatile Routing routing = Routing.EMPTY;
    private volatile boolean closed;

    /**
     * A dispatcher for the PBX {@code pbxId} whose subscriptions use {@link SubscriptionOptions#defaults()}
     * unless they pass their own.
     *
     * @throws InvalidRequestException if {@code pbxId} is null, blank or holds CR/LF
     */
    public EventDispatcher(String pbxId) {
        this(pbxId, SubscriptionOptions.defaults());
    }

    /**
     * A dispatcher whose subscriptions made without options use {@code defaults} (for example the
     * queue size and overflow policy from the PBX's connection settings).
     *
     * @throws InvalidRequestException if {@code pbxId} is null, blank or holds CR/LF, or {@code defaults} is null
     */
    public EventDispatcher(String pbxId, SubscriptionOptions defaults) {
        this.pbxId = Checks.wireText(pbxId, "pbxId");
        this.defaults = Checks.notNull(defaults, "defaults");
    }

    /** The PBX whose events this dispatcher carries. */
    public String pbxId() {
        return pbxId;
    }

    /** The options used by {@code subscribe} calls that pass none. */
    public SubscriptionOptions defaults() {
        return defaults;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <E extends PbxEvent> Subscription subscribe(Class<E> type, EventListener<? super E> listener) {
        return register(type, null, listener, defaults);
    }

    @Override
    public <E extends PbxEvent> Subscription subscribe(Class<E> type, Predicate<? super E> filter,
                                                       EventListener<? super E> listener) {
        Checks.notNull(filter, "filter");
        return register(type, filter, listener, defaults);
    }

    @Override
    public <E extends PbxEvent> Subscription subscribe(Class<E> type, Predicate<? super E> filter,
                                                       EventListener<? super E> listener, SubscriptionOptions options) {
        Checks.notNull(filter, "filter");
        return register(type, filter, listener, Checks.notNull(options, "options"));
    }

    private <E extends PbxEvent> Subscription register(Class<E> type, Predicate<? super E> filter,
                                                       EventListener<? super E> listener, SubscriptionOptions options) {
        Checks.notNull(type, "type");
        Checks.notNull(listener, "listener");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("The event bus of PBX " + pbxId + " is closed; "
                        + "subscribe before closing the Pbx, or create a new one");
            }
            long n = sequence.incrementAndGet();
            DispatchSubscription<E> sub = new DispatchSubscription<>(pbxId + "-" + n, type, filter, listener, options,
                    "voipkit-events-" + pbxId + "-" + n, this::remove);
            routing = routing.with(sub);
            return sub;
        }
    }

    private void remove(DispatchSubscription<?> sub) {
        synchronized (lock) {
            routing = routing.without(sub);
        }
    }

    /**
     * Hands {@code event} to every active subscription whose type matches it. See the class
     * documentation for threading and overflow. Events published after {@link #close()} are
     * ignored.
     *
     * @throws InvalidRequestException if {@code event} is null or belongs to another PBX
     */
    public void publish(PbxEvent event) {
        Checks.notNull(event, "event");
        // Same instance in practice, so this is a reference comparison; it catches an adapter
        // wiring events of one PBX into another's bus.
        if (!pbxId.equals(event.pbxId())) {
            throw new InvalidRequestException("event.pbxId", "this dispatcher carries PBX "
                    + Checks.abbreviate(pbxId) + ", the event is from " + Checks.abbreviate(event.pbxId()));
        }
        for (DispatchSubscription<?> target : routing.targets(event.getClass())) {
            target.enqueue(event);
        }
    }

    /**
     * Publishes {@code events[from..to)} in that order, exactly as if {@link #publish} were called
     * for each (same routing, overflow policies and order), but wakes each subscription's
     * delivery task once for the whole batch instead of once per event. This is how a reader
     * thread that decodes many events from one socket read hands them over without paying a
     * thread wake-up per event. A subscription is still woken early when its queue fills to a
     * quarter of its capacity, and before a {@code BLOCK} publish waits for room every
     * subscription is woken for what the batch gave it so far, so batching never causes a drop or
     * a stall that per-event publishing would not.
     *
     * <p>The array is read, not kept or changed. Events published after {@link #close()} are
     * ignored.
     *
     * @throws InvalidRequestException if {@code events} or one of the events is null, the range
     *                                 is not inside the array, or an event belongs to another PBX
     *                                 (the events before it are published)
     */
    public void publishAll(PbxEvent[] events, int from, int to) {
        Checks.notNull(events, "events");
        if (from < 0 || to > events.length || from > to) {
            throw new InvalidRequestException("from/to", "range [" + from + ", " + to + ") is not inside an array of "
                    + events.length);
        }
        DispatchSubscription<?>[] toSignal = null;
        int signals = 0;
        try {
            for (int i = from; i < to; i++) {
                PbxEvent event = events[i];
                if (event == null) {
                    throw new InvalidRequestException("events[" + i + "]", "must not be null");
                }
                if (!pbxId.equals(event.pbxId())) {
                    throw new InvalidRequestException("events[" + i + "].pbxId", "this dispatcher carries PBX "
                            + Checks.abbreviate(pbxId) + ", the event is from " + Checks.abbreviate(event.pbxId()));
                }
                // Read per event, as publish does: a subscription made mid-batch gets the later events.
                for (DispatchSubscription<?> target : routing.targets(event.getClass())) {
                    int r = target.enqueueBatched(event);
                    if (r == DispatchSubscription.FULL) {
                        // About to wait for room under BLOCK: first let every subscription have
                        // what this batch gave it so far, as per-event publishing would have.
                        for (int k = 0; k < signals; k++) {
                            toSignal[k].signal();
                        }
                        signals = 0;
                        target.enqueue(event); // wakes the target's task, then waits for room
                    } else if (r == DispatchSubscription.SIGNAL_LATER && !contains(toSignal, signals, target)) {
                        if (toSignal == null) {
                            toSignal = new DispatchSubscription<?>[4];
                        } else if (signals == toSignal.length) {
                            toSignal = Arrays.copyOf(toSignal, signals * 2);
                        }
                        toSignal[signals++] = target;
                    }
                }
            }
        } finally {
            // Also when an event was refused half-way: what was queued must not wait for a later batch.
            for (int i = 0; i < signals; i++) {
                toSignal[i].signal();
            }
        }
    }

    private static boolean contains(DispatchSubscription<?>[] subs, int n, DispatchSubscription<?> sub) {
        for (int i = 0; i < n; i++) {
            if (subs[i] == sub) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<Subscription> subscriptions() {
        return List.of(routing.all);
    }

    /**
     * Closes every subscription and refuses new ones. Events still queued are not delivered: they
     * are counted in each subscription's {@link SubscriptionStats#dropped()}. A listener running
     * right now finishes its event; this method does not wait for it. Publishers blocked on a
     * full queue are released. Idempotent.
     */
    @Override
    public void close() {
        DispatchSubscription<?>[] toClose;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = routing.all;
            routing = Routing.EMPTY;
        }
        for (DispatchSubscription<?> sub : toClose) {
            sub.close();
        }
    }

    @Override
    public String toString() {
        return "EventDispatcher[" + pbxId + ", " + routing.all.length + " subscriptions" + (closed ? ", closed" : "") + "]";
    }

    /**
     * An immutable list of subscriptions plus a cache of which of them match each concrete event
     * class. A new {@code Routing} (with an empty cache) replaces the old one on every change, so
     * a publisher that filled the old cache concurrently can never make a stale entry visible.
     */
    private static final class Routing {
        static final Routing EMPTY = new Routing(new DispatchSubscription<?>[0]);
        private static final DispatchSubscription<?>[] NONE = new DispatchSubscription<?>[0];

        final DispatchSubscription<?>[] all;
        private final ConcurrentHashMap<Class<?>, DispatchSubscription<?>[]> byClass = new ConcurrentHashMap<>();

        Routing(DispatchSubscription<?>[] all) {
            this.all = all;
        }

        Routing with(DispatchSubscription<?> sub) {
            DispatchSubscription<?>[] next = Arrays.copyOf(all, all.length + 1);
            next[all.length] = sub;
            return new Routing(next);
        }

        Routing without(DispatchSubscription<?> sub) {
            List<DispatchSubscription<?>> next = new ArrayList<>(all.length);
            for (DispatchSubscription<?> s : all) {
                if (s != sub) {
                    next.add(s);
                }
            }
            return next.size() == all.length ? this : new Routing(next.toArray(NONE));
        }

        DispatchSubscription<?>[] targets(Class<?> eventClass) {
            DispatchSubscription<?>[] cached = byClass.get(eventClass);
            if (cached != null) {
                return cached;
            }
            List<DispatchSubscription<?>> matching = new ArrayList<>();
            for (DispatchSubscription<?> s : all) {
                if (s.matches(eventClass)) {
                    matching.add(s);
                }
            }
            DispatchSubscription<?>[] computed = matching.isEmpty() ? NONE : matching.toArray(NONE);
            byClass.putIfAbsent(eventClass, computed);
            return computed;
        }
    }
}
