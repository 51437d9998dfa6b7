package io.voipkit.core.event.internal;

import io.voipkit.core.event.EventListener;
import io.voipkit.core.event.OverflowPolicy;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.Subscription;
import io.voipkit.core.event.SubscriptionOptions;
import io.voipkit.core.event.SubscriptionStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One subscription of an {@code EventDispatcher}: its bounded queue, and the delivery task that
 * drains it into the user's filter and listener.
 *
 * <p>Delivery follows the "drain task scheduled once" pattern: the publisher queues an event
 * and, only if no delivery task is pending ({@link #scheduled}), submits one. The task drains
 * the queue in batches until it is empty, then clears the flag and re-checks the queue (so an
 * event queued in between is not stranded). At most one task per subscription exists at any
 * time, so events are delivered one at a time, in queue order, even on a shared multi-threaded
 * executor; and under load there is no per-event task or allocation. On a shared executor the
 * task gives its thread back after {@value #BATCHES_PER_TURN} batches and resubmits itself, so
 * one busy subscription cannot starve the others.
 *
 * <p>Not part of the API.
 */
public final class DispatchSubscription<E extends PbxEvent> implements Subscription, Runnable {
    private static final Logger log = LoggerFactory.getLogger("io.voipkit.core.event.EventDispatcher");
    private static final int MAX_BATCH = 256;
    private static final int BATCHES_PER_TURN = 64;

    private final String id;
    private final String displayName;
    private final Class<E> type;
    private final Predicate<? super E> filter;
    private final EventListener<? super E> listener;
    private final OverflowPolicy policy;
    private final BoundedEventQueue queue;
    private final Executor executor;
    /** The dedicated thread's executor when the user supplied none; shut down on close. */
    private final ExecutorService ownExecutor;
    private final Consumer<DispatchSubscription<?>> onClose;

    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean failedByBus;
    /** Reused by the (single) delivery task; slots are cleared after use so events are not retained. */
    private final Object[] batch;
    /** Queue depth at which {@link #enqueueBatched} wakes the task at once instead of at the batch's end. */
    private final int wakeThreshold;
    // Written only by the delivery task (one at a time; the scheduled flag orders them), read by stats().
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * Creates a subscription; {@code filter} may be {@code null} (accept all).
     *
     * @param threadName name of the dedicated thread, used when {@code options.executor()} is null
     * @param onClose    told once when the subscription ends, to remove it from the dispatcher
     */
    public DispatchSubscription(String id, Class<E> type, Predicate<? super E> filter,
                                EventListener<? super E> listener, SubscriptionOptions options,
                                String threadName, Consumer<DispatchSubscription<?>> onClose) {
        this(id, type, filter, listener, options, threadName, onClose, new BoundedEventQueue(options.queueCapacity()));
    }

    /** Like the public constructor, with the queue supplied (tests use it to interleave a publisher). */
    DispatchSubscription(String id, Class<E> type, Predicate<? super E> filter, EventListener<? super E> listener,
                         SubscriptionOptions options, String threadName, Consumer<DispatchSubscription<?>> onClose,
                         BoundedEventQueue queue) {
        this.id = id;
        this.displayName = options.name() == null ? id : options.name() + " (" + id + ")";
        this.type = type;
        this.filter = filter;
        this.listener = listener;
        this.policy = options.overflowPolicy();
        this.queue = queue;
        this.batch = new Object[Math.min(MAX_BATCH, options.queueCapacity())];
        this.wakeThreshold = Math.max(1, options.queueCapacity() / 4);
        this.onClose = onClose;
        if (options.executor() != null) {
            this.executor = options.executor();
            this.ownExecutor = null;
        } else {
            ThreadPoolExecutor own = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    r -> {
                        Thread t = new Thread(r, threadName);
                        t.setDaemon(true);
                        return t;
                    });
            this.executor = own;
            this.ownExecutor = own;
        }
    }

    /** Whether events of this class go to this subscription (before the filter, which runs later). */
    public boolean matches(Class<?> eventClass) {
        return type.isAssignableFrom(eventClass);
    }

    /**
     * Called by the publisher: queues the event under the overflow policy and makes sure a
     * delivery task is pending. Never runs user code (unless the user's executor runs tasks
     * inline, which {@code SubscriptionOptions} documents as a misuse).
     */
    public void enqueue(PbxEvent event) {
        switch (policy) {
            case BLOCK -> {
                int r = queue.put(event);
                if (r != BoundedEventQueue.QUEUED) {
                    if (r == BoundedEventQueue.INTERRUPTED) {
                        log.warn("Publisher thread {} was interrupted while waiting for room in the full queue of "
                                        + "subscription {}; event {} was dropped for it",
                                Thread.currentThread().getName(), displayName, event.name());
                    }
                    return;
                }
            }
            case DROP_OLDEST -> {
                if (!queue.offerDropOldest(event)) {
                    return;
                }
            }
            case FAIL -> {
                if (!queue.offerOrDrop(event)) {
                    if (!queue.isClosed()) {
                        fail("its queue of " + queue.capacity() + " events was full when event " + event.name()
                                + " arrived and its overflow policy is FAIL; the listener is too slow for the event rate"
                                + " (raise queueCapacity, or use BLOCK or DROP_OLDEST)");
                    }
                    return;
                }
            }
            default -> throw new IllegalStateException("unknown overflow policy " + policy);
        }
        schedule();
    }

    /** {@link #enqueueBatched} result: queued; the caller must {@link #signal()} at the end of its batch. */
    public static final int SIGNAL_LATER = 0;
    /** {@link #enqueueBatched} result: handled (queued with a task pending or woken, dropped, or closed). */
    public static final int DONE = 1;
    /**
     * {@link #enqueueBatched} result: a BLOCK queue is full and nothing was queued; the caller
     * wakes what its batch queued so far and then calls {@link #enqueue}, which waits for room.
     */
    public static final int FULL = 2;

    /**
     * Called by a batch publisher: queues the event under the overflow policy like
     * {@link #enqueue}, but does not wake the delivery task for every event; see the result
     * codes. The task is still woken at once when the queue fills up to a quarter of its
     * capacity, so a batch cannot make DROP_OLDEST or FAIL lose events a woken listener would
     * have taken. Never waits.
     */
    public int enqueueBatched(PbxEvent event) {
        int n;
        switch (policy) {
            case BLOCK -> {
                n = queue.offer(event);
                if (n == BoundedEventQueue.FULL) {
                    return FULL;
                }
            }
            case DROP_OLDEST -> n = queue.offerDropOldestCounted(event);
            case FAIL -> {
                n = queue.offerOrDropCounted(event);
                if (n == BoundedEventQueue.FULL) {
                    if (!queue.isClosed()) {
                        fail("its queue of " + queue.capacity() + " events was full when event " + event.name()
                                + " arrived and its overflow policy is FAIL; the listener is too slow for the event rate"
                                + " (raise queueCapacity, or use BLOCK or DROP_OLDEST)");
                    }
                    return DONE;
                }
            }
            default -> throw new IllegalStateException("unknown overflow policy " + policy);
        }
        if (n < 0 || scheduled.get()) {
            // Closed; or a pending task drains it (the task re-checks the queue after clearing its flag).
            return DONE;
        }
        if (n >= wakeThreshold) {
            schedule();
            return DONE;
        }
        return SIGNAL_LATER;
    }

    /** Wakes the delivery task if none is pending: the end of a batch of {@link #enqueueBatched} calls. */
    public void signal() {
        schedule();
    }

    private void schedule() {
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            submit();
        }
    }

    /** Submits the delivery task; the caller owns the scheduled flag. */
    private void submit() {
        try {
            executor.execute(this);
        } catch (RejectedExecutionException ex) {
            scheduled.set(false);
            if (!closed.get()) {
                fail("its executor rejected the delivery task (" + ex.getMessage() + ")");
            }
        }
    }

    /** The delivery task. Runs on the executor; at most one instance runs at a time. */
    @Override
    public void run() {
        boolean resubmit = false;
        try {
            int batches = 0;
            while (true) {
                int n = queue.drainTo(batch);
                if (n == 0) {
                    scheduled.set(false);
                    // An event queued after drainTo but before the flag was cleared saw the flag
                    // set and did not schedule: pick it up here, or it would wait for the next event.
                    if (closed.get() || queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                deliver(n);
                if (ownExecutor == null && ++batches >= BATCHES_PER_TURN) {
                    resubmit = true;
                    return;
                }
            }
        } catch (Throwable t) {
            // Only a VirtualMachineError from a listener gets here (deliver() catches the rest).
            // Keep the subscription deliverable before the error propagates to the executor.
            scheduled.set(false);
            if (!queue.isEmpty()) {
                schedule();
            }
            throw t;
        } finally {
            if (resubmit) {
                submit();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void deliver(int n) {
        for (int i = 0; i < n; i++) {
            E event = (E) batch[i];
            batch[i] = null;
            if (closed.get()) {
                // Closed mid-batch: the rest of the batch counts as dropped, like the queue's content.
                java.util.Arrays.fill(batch, i + 1, n, null);
                queue.addDropped(n - i);
                return;
            }
            try {
                if (filter == null || filter.test(event)) {
                    listener.onEvent(event);
                    delivered.lazySet(delivered.get() + 1);
                }
            } catch (VirtualMachineError fatal) {
                failed.lazySet(failed.get() + 1);
                java.util.Arrays.fill(batch, i + 1, n, null);
                queue.addDropped(n - i - 1);
                throw fatal;
            } catch (Throwable t) {
                long failures = failed.get() + 1;
                failed.lazySet(failures);
                logListenerFailure(event, t, failures);
            }
        }
    }

    /**
     * Logs a throwing listener. The first failure and then failures 2, 4, 8, ... are logged with
     * the stack trace, so a listener that throws on every event cannot flood the log (the
     * {@code failed} counter has the exact number).
     */
    private void logListenerFailure(PbxEvent event, Throwable t, long failures) {
        if ((failures & (failures - 1)) == 0) {
            log.warn("Listener of subscription {} threw on event {} from PBX {} ({} failure(s) so far, "
                            + "only powers of two are logged); the listener is kept and gets the next event",
                    displayName, event.name(), event.pbxId(), failures, t);
        }
    }

    /** Ends the subscription because of a bus-side problem, logged at ERROR. */
    private void fail(String reason) {
        // Only the caller that actually closes logs, so concurrent publishers report it once, and
        // a subscription its owner closed first is not reported as failed.
        if (closeOnce(true)) {
            log.error("Subscription {} to {} failed and was closed: {}. Events already queued for it were dropped.",
                    displayName, type.getSimpleName(), reason);
        }
    }

    @Override
    public String id() {
        return id;
    }

    /** The name for logs: the options' name with the id, or the id. */
    public String displayName() {
        return displayName;
    }

    @Override
    public Class<? extends PbxEvent> eventType() {
        return type;
    }

    @Override
    public SubscriptionStats stats() {
        return new SubscriptionStats(delivered.get(), queue.dropped(), failed.get(), queue.size(),
                queue.capacity(), policy);
    }

    @Override
    public boolean isActive() {
        return !closed.get();
    }

    @Override
    public boolean isFailed() {
        return failedByBus;
    }

    @Override
    public void close() {
        closeOnce(false);
    }

    /** Closes; returns whether this call did it (false if it was closed already). */
    private boolean closeOnce(boolean byBus) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        if (byBus) {
            failedByBus = true;
        }
        queue.close();
        if (ownExecutor != null) {
            // shutdown, not shutdownNow: a listener in the middle of an event is not interrupted.
            ownExecutor.shutdown();
        }
        onClose.accept(this);
        return true;
    }

    @Override
    public String toString() {
        return "Subscription[" + displayName + ", " + type.getSimpleName() + ", " + policy
                + (closed.get() ? (failedByBus ? ", failed" : ", closed") : "") + "]";
    }
}
