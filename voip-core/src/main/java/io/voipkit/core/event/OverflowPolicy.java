package io.voipkit.core.event;

/**
 * What a subscription does when its bounded queue is full and the PBX sends another event.
 * Chosen per subscription with {@link SubscriptionOptions#overflowPolicy()}; visible in
 * {@link SubscriptionStats}. See {@code voip-core/CONCURRENCY.md}.
 */
public enum OverflowPolicy {
    /**
     * The publisher waits until the subscriber has room. Nothing is lost; a slow subscriber slows
     * the PBX connection's reader down (backpressure reaches the socket). The default.
     */
    BLOCK,
    /**
     * The oldest queued event is discarded to make room, and counted in {@code dropped}. The
     * publisher never waits. For subscribers that only care about recent events (dashboards).
     */
    DROP_OLDEST,
    /**
     * The subscription is failed: it is closed ({@link Subscription#isFailed()} becomes true),
     * the event that did not fit and the events still queued are counted in {@code dropped}, and
     * the failure is logged at ERROR. Other subscriptions carry on. For subscribers that would
     * rather stop than see a gap.
     */
    FAIL
}
