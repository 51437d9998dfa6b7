package io.voipkit.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that only moves when a test says so, for deterministic tests of anything that
 * stamps or evicts by time. Thread-safe.
 */
public final class MutableClock extends Clock {
    private volatile Instant now;

    /** A clock standing at {@code start}. */
    public MutableClock(Instant start) {
        this.now = start;
    }

    /** A clock standing at 2026-11-24T20:00:00Z. */
    public MutableClock() {
        this(Instant.parse("2026-11-24T20:00:00Z"));
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public synchronized MutableClock advance(Duration by) {
        now = now.plus(by);
        return this;
    }

    /** Sets the clock. */
    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("MutableClock is always UTC");
    }
}
