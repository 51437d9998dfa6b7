package io.voipkit.routing;

import io.voipkit.core.LiveState;
import io.voipkit.routing.internal.LiveStateAvailability;

/**
 * Tells the {@link RoutingEngine} whether a group member can take a call now. Only available
 * members are offered calls; when none is, the decision says so and carries no target (the
 * dialplan then falls back to its own queue).
 *
 * <p>Implementations are called on the decision path, possibly from many threads at once: they
 * must be thread-safe, fast and must not block (read a snapshot, never ask the PBX).
 */
@FunctionalInterface
public interface Availability {

    /** Whether {@code member} can be offered a call now. */
    boolean isAvailable(GroupMember member);

    /** Every member is always available (tests, or when the PBX itself skips busy phones). */
    static Availability always() {
        return member -> true;
    }

    /**
     * Availability from a PBX's live state: the member's endpoint is known and
     * {@link io.voipkit.core.EndpointStatus#ONLINE}, it is not on a call, and no queue lists it
     * (by its target, as the queue member's interface or state interface) as paused or on a call.
     * An endpoint the state does not know, or one whose status is unknown, counts as unavailable.
     * While the PBX connection is down ({@link LiveState#isCurrent()} false) the last known state
     * is used: the PBX that asks for a route (FastAGI, CURL) is usually still up when only the
     * management link broke, and its Dial fails over by itself if a phone is gone. Wrap this
     * availability with an {@code isCurrent()} check to route nobody instead.
     */
    static Availability fromLiveState(LiveState state) {
        return new LiveStateAvailability(state);
    }
}
