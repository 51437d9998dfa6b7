package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Duration;

/**
 * The figures a wallboard shows for one queue.
 *
 * @param queue               the queue name
 * @param loggedIn            members whose device is neither unavailable nor invalid
 * @param available           members who could take a call now (logged in, not paused, not busy)
 * @param callers             callers waiting now
 * @param holdTime            the average wait before answer
 * @param talkTime            the average talk time
 * @param longestHoldTime     how long the longest-waiting caller has waited now
 * @param completed           answered calls since the queue was (re)loaded
 * @param abandoned           callers who gave up waiting
 * @param serviceLevelPercent the percentage (0..100) of calls answered within the service level
 */
public record QueueSummary(String queue, int loggedIn, int available, int callers, Duration holdTime,
                           Duration talkTime, Duration longestHoldTime, int completed, int abandoned,
                           double serviceLevelPercent) {

    /** Validates every value. */
    public QueueSummary {
        Checks.wireText(queue, "queue");
        Checks.nonNegative(loggedIn, "loggedIn");
        Checks.nonNegative(available, "available");
        Checks.nonNegative(callers, "callers");
        Checks.nonNegative(holdTime, "holdTime");
        Checks.nonNegative(talkTime, "talkTime");
        Checks.nonNegative(longestHoldTime, "longestHoldTime");
        Checks.nonNegative(completed, "completed");
        Checks.nonNegative(abandoned, "abandoned");
        Checks.inRange(serviceLevelPercent, 0.0, 100.0, "serviceLevelPercent");
        if (available > loggedIn) {
            throw new InvalidRequestException("available", "must not exceed loggedIn (" + loggedIn + "), was " + available);
        }
    }

    /**
     * Computes the summary of a queue from its full status, counting members the way Asterisk's
     * {@code QueueSummary} does ({@link QueueMember#isLoggedIn()}, {@link QueueMember#isAvailable()}).
     * Adapters for PBXs without a summary action use it; so can applications holding a status.
     */
    public static QueueSummary from(QueueStatus status) {
        Checks.notNull(status, "status");
        int loggedIn = 0;
        int available = 0;
        for (QueueMember m : status.members()) {
            if (m.isLoggedIn()) {
                loggedIn++;
                if (m.isAvailable()) {
                    available++;
                }
            }
        }
        int callers = Math.max(status.calls(), status.callers().size());
        return new QueueSummary(status.name(), loggedIn, available, callers, status.holdTime(), status.talkTime(),
                status.longestWait(), status.completed(), status.abandoned(), status.serviceLevelPerf());
    }
}
