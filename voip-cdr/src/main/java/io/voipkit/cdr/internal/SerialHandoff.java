package io.voipkit.cdr.internal;

import io.voipkit.core.internal.Checks;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Runs jobs one at a time, in submission order, on one worker thread while the submitting thread
 * goes on; used by the importer so that parsing the next batch overlaps writing the previous one.
 *
 * <p><b>At most one job is outstanding.</b> {@link #submit} returns as soon as the worker is idle
 * and has the job, and waits while the worker is still busy with the previous one. So at any time
 * the worker holds at most one job and the submitter at most the one it is building: for batches,
 * two batches in memory. A bigger queue would not make the import faster (the slower side sets
 * the pace) but would hold more memory.
 *
 * <p><b>Errors.</b> After the worker's first failure it runs nothing more; the next
 * {@link #submit} or {@link #finish} throws {@link Failed} with that failure as its cause (once:
 * after a {@code submit} threw it, {@code finish} does not throw it again). Jobs
 * after a failed one are never run, so a later job's side effect (a checkpoint) can never get ahead
 * of an earlier job that did not complete.
 *
 * <p>The worker is a daemon thread started on the first {@link #submit} (an empty import starts
 * none). {@link #finish} must be called on every path (success, error, interrupt): it lets the
 * worker complete what it has, then ends and joins it, so no thread outlives the handoff. In
 * {@linkplain #inline inline} mode there is no thread: {@link #submit} runs the job itself and a
 * failure propagates unwrapped, as a plain method call would.
 *
 * <p>One submitting thread; not for sharing.
 *
 * @param <T> the job type
 */
public final class SerialHandoff<T> {
    private static final AtomicLong THREADS = new AtomicLong();

    /** The prefix of every worker thread's name; tests look for leftover threads by it. */
    public static final String THREAD_NAME_PREFIX = "voipkit-cdr-writer-";

    private final Consumer<? super T> worker;
    private final String name;
    private final boolean threaded;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private T pending;          // the job the worker has, from submit until it is done; guarded by lock
    private boolean closed;     // guarded by lock
    private Throwable failure;  // the worker's first failure; guarded by lock
    private boolean reported;   // failure was thrown once already; guarded by lock
    private Thread thread;      // only touched by the submitting thread

    private SerialHandoff(Consumer<? super T> worker, String name, boolean threaded) {
        this.worker = Checks.notNull(worker, "worker");
        this.name = Checks.notNull(name, "name");
        this.threaded = threaded;
    }

    /**
     * A handoff running jobs on a worker thread named {@link #THREAD_NAME_PREFIX} + a counter +
     * {@code name} (shortened).
     */
    public static <T> SerialHandoff<T> threaded(Consumer<? super T> worker, String name) {
        return new SerialHandoff<>(worker, name, true);
    }

    /** A handoff running each job on the submitting thread, inside {@link #submit}. */
    public static <T> SerialHandoff<T> inline(Consumer<? super T> worker) {
        return new SerialHandoff<>(worker, "inline", false);
    }

    /**
     * Hands {@code job} to the worker, waiting while it is busy with the previous job.
     *
     * @throws Failed               if the worker failed on an earlier job ({@code job} is not run)
     * @throws InterruptedException if interrupted while waiting ({@code job} is not run; the
     *                              earlier job still completes: call {@link #finish})
     * @throws IllegalStateException after {@link #finish}
     */
    public void submit(T job) throws InterruptedException {
        Checks.notNull(job, "job");
        if (!threaded) {
            worker.accept(job);
            return;
        }
        lock.lockInterruptibly();
        try {
            if (closed) {
                throw new IllegalStateException("the handoff is finished");
            }
            while (pending != null && failure == null) {
                changed.await();
            }
            if (failure != null) {
                reported = true;
                throw new Failed(failure);
            }
            pending = job;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread == null) {
            // started only now, so an import that never writes has no thread to start or stop
            thread = new Thread(this::work, THREAD_NAME_PREFIX + THREADS.incrementAndGet() + "-" + shortName());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Lets the worker complete the job it has, ends it and waits until its thread has ended.
     * Waits even if interrupted (abandoning a write in flight could leave its outcome unknown and
     * the thread running); the interrupt status is kept. Idempotent.
     *
     * @throws Failed if the worker failed on any job (reported once)
     */
    public void finish() {
        if (!threaded) {
            return;
        }
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (thread != null && thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f;
        lock.lock();
        try {
            f = reported ? null : failure;
            reported = true;
        } finally {
            lock.unlock();
        }
        if (f != null) {
            throw new Failed(f);
        }
    }

    private void work() {
        while (true) {
            T job;
            lock.lock();
            try {
                while (pending == null && !closed) {
                    changed.awaitUninterruptibly();
                }
                if (pending == null) {
                    return;         // closed and nothing left
                }
                job = pending;
            } finally {
                lock.unlock();
            }
            Throwable error = null;
            try {
                worker.accept(job);
            } catch (Throwable t) {     // anything, Errors included, goes back to the submitter
                error = t;
            }
            lock.lock();
            try {
                pending = null;         // only now may the next job come: at most one outstanding
                if (error != null) {
                    failure = error;
                }
                changed.signalAll();
                if (error != null) {
                    return;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private String shortName() {
        return name.length() <= 60 ? name : "..." + name.substring(name.length() - 57);
    }

    /** The worker failed; the cause is what it threw. */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(Throwable cause) {
            super(cause.toString(), cause);
        }
    }
}
