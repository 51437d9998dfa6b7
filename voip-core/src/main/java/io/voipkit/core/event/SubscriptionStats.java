package io.voipkit.core.event;

import io.voipkit.core.internal.Checks;

/**
 * Counters of one {@link Subscription} at one moment.
 *
 * <p>Every event that matched the subscription's type ends up in exactly one place: still
 * queued ({@link #queueDepth()}), handed to the listener ({@link #delivered()}), handed to a
 * listener (or filter) that threw ({@link #failed()}), discarded ({@link #dropped()}), or
 * rejected by the subscription's filter (not counted).
 *
 * @param delivered     events the listener received and returned from normally
 * @param dropped       events discarded: by {@link OverflowPolicy#DROP_OLDEST}, the event that
 *                      overflowed a {@link OverflowPolicy#FAIL} queue, and events still queued when the
 *                      subscription was closed
 * @param failed        events for which the listener or the filter threw
 * @param queueDepth    events waiting in the queue now
 * @param queueCapacity the queue's bound
 * @param policy        what happens when the queue is full
 */
public record SubscriptionStats(long delivered, long dropped, long failed, int queueDepth, int queueCapacity,
                                OverflowPolicy policy) {
    /** Validates: counters non-negative, capacity at least 1, depth within capacity, policy present. */
    public SubscriptionStats {
        Checks.nonNegative(delivered, "delivered");
        Checks.nonNegative(dropped, "dropped");
        Checks.nonNegative(failed, "failed");
        Checks.nonNegative(queueDepth, "queueDepth");
        Checks.positive(queueCapacity, "queueCapacity");
        if (queueDepth > queueCapacity) {
            throw new io.voipkit.core.InvalidRequestException("queueDepth",
                    "must not exceed queueCapacity " + queueCapacity + ", was " + queueDepth);
        }
        Checks.notNull(policy, "policy");
    }
}
