package io.voipkit.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock, except that while {@link #slow} is set every reading on a thread whose name
 * starts with the given prefix (an adapter's socket reader, which reads the clock once per event)
 * takes {@code delay}: the reader falls behind the PBX on demand, so a test can look at what a
 * caller sees while the reader is still in the middle of a socket read. Thread-safe.
 */
public final class SlowReaderClock extends Clock {
    private final String threadPrefix;
    private final long delayMillis;
    private volatile boolean slow;

    /**
     * @param threadPrefix the thread-name prefix of the thread that maps events, for example {@code voipkit-ami-reader} or {@code voipkit-esl-events}
     * @param delay        how long each reading takes on that thread while slow
     */
    public SlowReaderClock(String threadPrefix, Duration delay) {
        this.threadPrefix = threadPrefix;
        this.delayMillis = delay.toMillis();
    }

    /** Makes the reader's clock readings slow ({@code true}) or normal again. */
    public void slow(boolean slow) {
        this.slow = slow;
    }

    @Override
    public Instant instant() {
        if (slow && Thread.currentThread().getName().startsWith(threadPrefix)) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("SlowReaderClock is always UTC");
    }
}
