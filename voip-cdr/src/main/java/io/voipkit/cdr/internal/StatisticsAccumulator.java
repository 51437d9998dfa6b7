package io.voipkit.cdr.internal;

/** Running sums of one statistics group. Not thread-safe. */
public final class StatisticsAccumulator {
    /** Calls. */
    public long total;
    /** Answered calls. */
    public long answered;
    /** Sum of the waits of answered calls, seconds. */
    public long waitSum;
    /** Sum of the billable seconds of answered calls. */
    public long talkSum;
    /** Answered calls within the service level. */
    public long inTime;

    /** Adds one call. */
    public void add(boolean wasAnswered, long durationSeconds, long billableSeconds, long serviceLevelSeconds) {
        total++;
        if (wasAnswered) {
            answered++;
            long wait = durationSeconds - billableSeconds;
            waitSum += wait;
            talkSum += billableSeconds;
            if (wait <= serviceLevelSeconds) {
                inTime++;
            }
        }
    }
}
