package io.voipkit.routing.internal;

import io.voipkit.routing.RuleStatistics;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/** Match statistics of one rule id; shared across rule-set versions. Thread-safe, contention-friendly. */
public final class RuleCounter {
    private final String ruleId;
    private final LongAdder matches = new LongAdder();
    private volatile long lastMatchMillis = Long.MIN_VALUE;

    public RuleCounter(String ruleId) {
        this.ruleId = ruleId;
    }

    public void record(long nowMillis) {
        matches.increment();
        lastMatchMillis = nowMillis; // a racing older value may win by a millisecond; acceptable for "last match"
    }

    /** A snapshot. */
    public RuleStatistics snapshot() {
        long last = lastMatchMillis;
        return new RuleStatistics(ruleId, matches.sum(), last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last));
    }
}
