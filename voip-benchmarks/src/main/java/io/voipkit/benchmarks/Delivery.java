package io.voipkit.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Waiting for a counting listener, shared by the end-to-end event benchmarks
 * ({@link AmiEventThroughputBenchmark}, {@link EslEventThroughputBenchmark}).
 */
final class Delivery {
    /** How long the count may stand still before the rest counts as lost on the way. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private Delivery() {
    }

    /**
     * Waits until {@code received} has grown by {@code expected} since {@code before}, or has not
     * grown for two seconds (the rest was dropped); returns by how much it grew.
     */
    static long await(AtomicLong received, long before, long expected) throws InterruptedException {
        long last = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            long now = received.get() - before;
            if (now >= expected) {
                return now;
            }
            if (now != last) {
                last = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_NANOS) {
                return now;
            }
            Thread.sleep(0, 50_000);
        }
    }

    /** Waits until {@code received} stops changing for {@code quietMillis}. */
    static void settle(AtomicLong received, long quietMillis) throws InterruptedException {
        long last;
        do {
            last = received.get();
            Thread.sleep(quietMillis);
        } while (received.get() != last);
    }

    /** Spins for {@code nanos}: a listener that costs that much CPU per event. */
    static void busy(long nanos) {
        if (nanos > 0) {
            long end = System.nanoTime() + nanos;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }
}
