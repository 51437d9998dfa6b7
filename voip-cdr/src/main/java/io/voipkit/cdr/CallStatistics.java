package io.voipkit.cdr;

import java.time.Duration;

/**
 * Call figures of one group for a period. Definitions (the same in memory and in SQL): a call is
 * answered when it has an answer time or its disposition is ANSWERED, missed otherwise; its wait
 * is duration minus billable seconds; averages are over answered calls, truncated to the
 * millisecond.
 *
 * @param group             the operator or context, or {@code null} (no grouping, or calls without one)
 * @param total             calls that started in the period
 * @param answered          of those, answered
 * @param missed            of those, not answered
 * @param averageWait       average wait of answered calls ({@code ZERO} when none)
 * @param averageDuration   average billable (talk) time of answered calls ({@code ZERO} when none)
 * @param answeredInTime    answered calls whose wait was at most the query's service level
 */
public record CallStatistics(String group, long total, long answered, long missed, Duration averageWait,
                             Duration averageDuration, long answeredInTime) {

    /** Answered within the service level, as a fraction of all calls (0 to 1; 0 when there were none). */
    public double serviceLevel() {
        return total == 0 ? 0 : (double) answeredInTime / total;
    }

    /** Builds the figures from sums, so memory and SQL share the arithmetic. */
    static CallStatistics of(String group, long total, long answered, long waitSum, long talkSum, long inTime) {
        return new CallStatistics(group, total, answered, total - answered, average(waitSum, answered),
                average(talkSum, answered), inTime);
    }

    private static Duration average(long seconds, long count) {
        return count == 0 ? Duration.ZERO : Duration.ofMillis(seconds * 1000 / count);
    }
}
