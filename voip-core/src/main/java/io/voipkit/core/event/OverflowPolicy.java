package io.voipkit.core.event;

/**
 * What a subscription does when its bounded queue is full and the PBX sends another event.
 * Chosen per subscription; visible in {@link SubscriptionStats}.
 */
public enum OverflowPolicy {
    /**
     * The publisher waits until the subscriber has room. Nothing is lost; a slow subscriber slows
     * the PBX connection's reader down (backpressure reaches the socket). The default.
     */
    BLOCK,
    /** The oldest queued event is discarded to make room, and counted in {@code dropped}. */
    DROP_OLDEST,
    /**
     * The subscription is failed: it is closed, counted, and the failure is logged. For
     * subscribers that would rather stop than see a gap.
     */
    FAIL
}
