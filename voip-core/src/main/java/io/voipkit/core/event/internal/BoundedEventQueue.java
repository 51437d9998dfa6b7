package io.voipkit.core.event.internal;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded FIFO of one subscription: a ring buffer over one array, guarded by one lock.
 *
 * <p>Why a lock and not a lock-free queue: the three overflow policies need "check full, then
 * act" to be atomic (drop-oldest must remove exactly the oldest and count it exactly; block must
 * sleep until there is room), which a lock gives for free. The lock is held for a few
 * instructions per event on the publishing side and once per batch on the draining side
 * ({@link #drainTo}), so it is almost never contended; no object is allocated per event.
 *
 * <p>Every event that enters is eventually either drained or counted in {@link #dropped()}.
 * Thread-safe. Not part of the API. Not final only so that tests can interleave a publisher at
 * an exact point of the delivery task.
 */
public class BoundedEventQueue {
    /** {@link #put} result: the event was queued. */
    public static final int QUEUED = 0;
    /** {@link #put} result: the queue was closed; the event was not queued and not counted. */
    public static final int CLOSED = 1;
    /** {@link #put} result: the waiting thread was interrupted; the event was counted as dropped. */
    public static final int INTERRUPTED = 2;

    private final Object[] items;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    // All fields below are guarded by lock.
    private int head;
    private int count;
    private int waitingPublishers;
    private boolean closed;
    private long dropped;

    /** A queue holding at most {@code capacity} (at least 1) events. */
    public BoundedEventQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.items = new Object[capacity];
    }

    /** The bound. */
    public int capacity() {
        return items.length;
    }

    private void enqueueLocked(Object e) {
        int tail = head + count;
        if (tail >= items.length) {
            tail -= items.length;
        }
        items[tail] = e;
        count++;
    }

    /**
     * Queues {@code e} if there is room (FAIL policy). If the queue is full, {@code e} is counted
     * as dropped and {@code false} returned; if closed, {@code false} without counting.
     */
    public boolean offerOrDrop(Object e) {
        return offerOrDropCounted(e) >= 0;
    }

    /** {@link #offer} and {@link #offerDropOldestCounted} result: the queue was full; nothing changed. */
    public static final int FULL = -1;
    /** {@link #offer} and {@link #offerDropOldestCounted} result: the queue was closed; nothing changed. */
    public static final int REFUSED_CLOSED = -2;

    /**
     * Queues {@code e} if there is room, without waiting and without counting anything: the
     * first step of a batched BLOCK publish, which wakes the consumer before it waits in
     * {@link #put}. Returns the number of queued events after the insertion (so the caller can
     * decide whether to wake the consumer early), {@link #FULL} or {@link #REFUSED_CLOSED}.
     */
    public int offer(Object e) {
        lock.lock();
        try {
            if (closed) {
                return REFUSED_CLOSED;
            }
            if (count == items.length) {
                return FULL;
            }
            enqueueLocked(e);
            return count;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Like {@link #offerDropOldest} but returns the number of queued events after the insertion,
     * or {@link #REFUSED_CLOSED}.
     */
    public int offerDropOldestCounted(Object e) {
        lock.lock();
        try {
            if (closed) {
                return REFUSED_CLOSED;
            }
            if (count == items.length) {
                items[head] = null;
                head = head + 1 == items.length ? 0 : head + 1;
                count--;
                dropped++;
            }
            enqueueLocked(e);
            return count;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Like {@link #offerOrDrop} but returns the number of queued events after the insertion,
     * {@link #FULL} (the event was counted as dropped) or {@link #REFUSED_CLOSED}.
     */
    public int offerOrDropCounted(Object e) {
        lock.lock();
        try {
            if (closed) {
                return REFUSED_CLOSED;
            }
            if (count == items.length) {
                dropped++;
                return FULL;
            }
            enqueueLocked(e);
            return count;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues {@code e}, first discarding (and counting) the oldest event if the queue is full
     * (DROP_OLDEST policy). Returns {@code false} only when closed.
     */
    public boolean offerDropOldest(Object e) {
        return offerDropOldestCounted(e) != REFUSED_CLOSED;
    }

    /**
     * Queues {@code e}, waiting while the queue is full (BLOCK policy). Returns {@link #QUEUED},
     * {@link #CLOSED} (closed before or while waiting), or {@link #INTERRUPTED} (the caller's
     * interrupt flag is set again and the event counted as dropped: a publisher being shut down
     * must not hang on a slow subscriber).
     */
    public int put(Object e) {
        lock.lock();
        try {
            while (count == items.length && !closed) {
                waitingPublishers++;
                try {
                    notFull.await();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    dropped++;
                    return INTERRUPTED;
                } finally {
                    waitingPublishers--;
                }
            }
            if (closed) {
                return CLOSED;
            }
            enqueueLocked(e);
            return QUEUED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves up to {@code batch.length} events, oldest first, into {@code batch} and returns how
     * many; wakes blocked publishers if room was made.
     */
    public int drainTo(Object[] batch) {
        lock.lock();
        try {
            int n = Math.min(count, batch.length);
            if (n == 0) {
                return 0;
            }
            int first = Math.min(n, items.length - head);
            System.arraycopy(items, head, batch, 0, first);
            java.util.Arrays.fill(items, head, head + first, null);
            if (first < n) {
                System.arraycopy(items, 0, batch, first, n - first);
                java.util.Arrays.fill(items, 0, n - first, null);
            }
            head += n;
            if (head >= items.length) {
                head -= items.length;
            }
            count -= n;
            if (waitingPublishers > 0) {
                notFull.signalAll();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Whether nothing is queued. */
    public boolean isEmpty() {
        lock.lock();
        try {
            return count == 0;
        } finally {
            lock.unlock();
        }
    }

    /** The number of queued events. */
    public int size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** Publishers waiting in {@link #put} for room right now. */
    public int waitingPublishers() {
        lock.lock();
        try {
            return waitingPublishers;
        } finally {
            lock.unlock();
        }
    }

    /** Events dropped so far (by overflow, interrupt, close, or {@link #addDropped}). */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Counts events the consumer took but discarded (for example because it was closed mid-batch). */
    public void addDropped(int n) {
        lock.lock();
        try {
            dropped += n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the queue: queued events are discarded and counted as dropped, later offers are
     * refused, and publishers waiting in {@link #put} return {@link #CLOSED}. Idempotent.
     */
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            dropped += count;
            java.util.Arrays.fill(items, null);
            head = 0;
            count = 0;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
