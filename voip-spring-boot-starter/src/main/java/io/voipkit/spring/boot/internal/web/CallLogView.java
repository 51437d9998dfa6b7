package io.voipkit.spring.boot.internal.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the web endpoints read from the call log and the CDR import, without naming voip-cdr's
 * types, so that the controllers load when voip-cdr is not on the classpath
 * ({@link CdrCallLogView} is the one implementation, created only when it is).
 */
public interface CallLogView {
    /** Figures of one group of calls (all calls, or one operator's). */
    record Figures(String operator, long total, long answered, long missed, Duration averageWait,
                   Duration averageDuration, long answeredInTime) {
    }

    /** Whether there is a call log to compute statistics from. */
    boolean hasStatistics();

    /** All calls that started in {@code [from, to)}. */
    Figures total(Instant from, Instant to, Duration serviceLevel);

    /** The same, per operator. */
    List<Figures> byOperator(Instant from, Instant to, Duration serviceLevel);

    /** The state of the scheduled import, as JSON-ready values; empty when there is no importer. */
    Map<String, Object> importStatus();
}
