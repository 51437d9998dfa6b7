package io.voipkit.routing;

import io.voipkit.core.ChannelState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.MemberState;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.internal.LiveStateStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveStateAvailabilityTest {

    private static final Instant T = Instant.parse("2026-11-25T09:00:00Z");

    private static Endpoint endpoint(String name, EndpointStatus status) {
        return new Endpoint(name, status, null, List.of(), null, T, List.of());
    }

    private static QueueMember queueMember(String iface, boolean paused) {
        return new QueueMember(null, iface, null, "static", 0, 0, null, MemberState.NOT_IN_USE, paused, null, false);
    }

    @Test
    void onlineIdleUnpausedMembersOnly() {
        LiveStateStore state = new LiveStateStore();
        state.putEndpoint(endpoint("101", EndpointStatus.ONLINE));
        state.putEndpoint(endpoint("102", EndpointStatus.OFFLINE));
        state.putEndpoint(endpoint("103", EndpointStatus.UNKNOWN));
        state.putEndpoint(endpoint("104", EndpointStatus.ONLINE));
        state.putQueue(QueueStatus.empty("support").withMembers(List.of(queueMember("PJSIP/104", true),
                queueMember("PJSIP/101", false))));
        Availability a = Availability.fromLiveState(state);
        assertThat(a.isAvailable(GroupMember.of("PJSIP/101"))).isTrue();
        assertThat(a.isAvailable(GroupMember.of("PJSIP/102"))).as("offline").isFalse();
        assertThat(a.isAvailable(GroupMember.of("PJSIP/103"))).as("unknown").isFalse();
        assertThat(a.isAvailable(GroupMember.of("PJSIP/104"))).as("paused in a queue").isFalse();
        assertThat(a.isAvailable(GroupMember.of("PJSIP/105"))).as("not known to the PBX").isFalse();
        assertThat(a.isAvailable(new GroupMember("Local/agent1@agents", "101", 0, 1))).as("by endpoint").isTrue();

        // the blocked-interface cache follows the state's version
        state.updateQueue("support", q -> q.withMembers(List.of(queueMember("PJSIP/104", false))));
        assertThat(a.isAvailable(GroupMember.of("PJSIP/104"))).isTrue();
    }

    @Test
    void anEndpointOnACallIsBusy() {
        LiveStateStore state = new LiveStateStore();
        state.putEndpoint(endpoint("101", EndpointStatus.ONLINE));
        state.channelCreated(new io.voipkit.core.Channel("PJSIP/101-00000001", "1.1", "1.1", ChannelState.UP,
                "101", null, "200", null, "101", T, null));
        Availability a = Availability.fromLiveState(state);
        boolean busy = state.endpoint("101").map(Endpoint::isBusy).orElse(false);
        assertThat(a.isAvailable(GroupMember.of("PJSIP/101"))).isEqualTo(!busy);
        assertThat(busy).as("the store links the channel to the endpoint").isTrue();
    }

}
