package io.voipkit.routing.internal;

import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.LiveState;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.internal.Checks;
import io.voipkit.routing.Availability;
import io.voipkit.routing.GroupMember;

import java.util.HashSet;
import java.util.Set;

/**
 * The default {@link Availability}: reads voip-core's {@link LiveState}. The set of queue
 * interfaces that are paused or on a queue call is rebuilt only when the state's version changes,
 * so a decision costs one endpoint lookup and one hash probe, not a walk over every queue.
 */
public final class LiveStateAvailability implements Availability {

    private record Blocked(long version, Set<String> interfaces) {
    }

    private final LiveState state;
    private volatile Blocked blocked = new Blocked(Long.MIN_VALUE, Set.of());

    /** Reads {@code state}. */
    public LiveStateAvailability(LiveState state) {
        this.state = Checks.notNull(state, "state");
    }

    @Override
    public boolean isAvailable(GroupMember member) {
        Endpoint endpoint = state.endpoint(member.endpoint()).orElse(null);
        if (endpoint == null || endpoint.status() != EndpointStatus.ONLINE || endpoint.isBusy()) {
            return false;
        }
        return !blockedInterfaces().contains(member.target());
    }

    private Set<String> blockedInterfaces() {
        long version = state.version();
        Blocked b = blocked;
        if (b.version != version) {
            // Racing threads may both rebuild; both results are correct for that version, last one wins.
            Set<String> set = new HashSet<>();
            for (QueueStatus q : state.queues()) {
                for (QueueMember m : q.members()) {
                    if (m.paused() || m.inCall()) {
                        set.add(m.interfaceName());
                        if (m.stateInterface() != null) {
                            set.add(m.stateInterface());
                        }
                    }
                }
            }
            b = new Blocked(version, Set.copyOf(set));
            blocked = b;
        }
        return b.interfaces;
    }
}
