package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Duration;

/**
 * The health of one queue within a {@link QueuesCheck}.
 *
 * @param queue           the queue name
 * @param status          {@link HealthStatus#DEGRADED} when callers wait and no member is available,
 *                        or the longest wait exceeds the threshold; {@link HealthStatus#UP} otherwise
 * @param callersWaiting  callers waiting now
 * @param availableAgents members who could take a call now
 * @param loggedInAgents  members whose device is reachable
 * @param longestWait     how long the longest-waiting caller has waited
 * @param problem         what is wrong when degraded, or {@code null}
 */
public record QueueHealth(String queue, HealthStatus status, int callersWaiting, int availableAgents,
                          int loggedInAgents, Duration longestWait, String problem) {

    /** Validates every value. */
    public QueueHealth {
        Checks.wireText(queue, "queue");
        Checks.notNull(status, "status");
        Checks.nonNegative(callersWaiting, "callersWaiting");
        Checks.nonNegative(availableAgents, "availableAgents");
        Checks.nonNegative(loggedInAgents, "loggedInAgents");
        Checks.nonNegative(longestWait, "longestWait");
        problem = Checks.blankToNull(problem);
        if (status != HealthStatus.UP && problem == null) {
            throw new InvalidRequestException("problem", "is required when the status is " + status);
        }
    }
}
