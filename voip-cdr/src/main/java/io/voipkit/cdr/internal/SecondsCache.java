package io.voipkit.cdr.internal;

import java.time.Duration;

/**
 * {@link Duration}s of whole seconds, the short ones shared: call durations are mostly under an
 * hour, and two of them per row would otherwise be two allocations per row. Filled lazily; not
 * thread-safe (one per mapper).
 */
public final class SecondsCache {
    private static final int CACHED = 4096;

    private final Duration[] cache = new Duration[CACHED];

    /** {@code seconds} (not negative) as a {@link Duration}. */
    public Duration of(long seconds) {
        if (seconds < 0 || seconds >= CACHED) {
            return Duration.ofSeconds(seconds);
        }
        Duration d = cache[(int) seconds];
        if (d == null) {
            d = Duration.ofSeconds(seconds);
            cache[(int) seconds] = d;
        }
        return d;
    }
}
