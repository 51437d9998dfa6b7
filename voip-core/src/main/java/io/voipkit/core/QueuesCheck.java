package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.util.List;

/**
 * Queue health ({@link HealthCheck#checkQueues()}): one entry per queue and the worst of them.
 *
 * @param status the worst status of the queues ({@link HealthStatus#UP} when there are none)
 * @param queues the queues, sorted by name
 */
public record QueuesCheck(HealthStatus status, List<QueueHealth> queues) {

    /** Validates every value and copies the list. */
    public QueuesCheck {
        Checks.notNull(status, "status");
        queues = Checks.copyOf(queues, "queues");
    }

    /** The queues that are not {@link HealthStatus#UP}. */
    public List<QueueHealth> problems() {
        return queues.stream().filter(q -> q.status() != HealthStatus.UP).toList();
    }
}
