package io.voipkit.examples.pjsipmonitor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.voipkit.core.ActiveCall;
import io.voipkit.core.ChannelState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule that turns a section's endpoints into one status. */
class StatusPublisherTest {
    private static final Instant T1 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-25T10:05:00Z");

    private static Endpoint endpoint(String name, EndpointStatus status, Instant at, int calls) {
        List<ActiveCall> active = calls == 0 ? List.of() : List.of(new ActiveCall("1.1", null, "PJSIP/" + name + "-00000001",
                name, "200", null, at, null, ChannelState.RINGING, true));
        return new Endpoint(name, status, null, List.of(), null, at, active);
    }

    private static final Map<String, Endpoint> PBX = Map.of(
            "a", endpoint("a", EndpointStatus.ONLINE, T1, 1),
            "b", endpoint("b", EndpointStatus.OFFLINE, T2, 0),
            "c", endpoint("c", EndpointStatus.UNKNOWN, T1, 0));

    @Test
    void oneOnlineEndpoint_makesTheSectionOnline_andCallsAndLastChangeAdd() {
        Views.SectionView v = StatusPublisher.view(new Section("s-1", "Desk", List.of("a", "b")), PBX, true);
        assertThat(v.status()).isEqualTo(EndpointStatus.ONLINE);
        assertThat(v.online()).isEqualTo(1);
        assertThat(v.activeCalls()).isEqualTo(1);
        assertThat(v.lastUpdate()).isEqualTo(T2.toString());
        assertThat(v.saved()).isTrue();
    }

    @Test
    void noOnlineButAnOfflineEndpoint_makesItOffline() {
        assertThat(StatusPublisher.view(new Section("s-1", "x", List.of("b", "c")), PBX, true).status())
                .isEqualTo(EndpointStatus.OFFLINE);
    }

    @Test
    void endpointsThePbxDoesNotKnow_orOnlyUnknownOnes_makeItUnknown() {
        Views.SectionView v = StatusPublisher.view(new Section("s-1", "x", List.of("zzz", "c")), PBX, true);
        assertThat(v.status()).isEqualTo(EndpointStatus.UNKNOWN);
        assertThat(v.lastUpdate()).isEqualTo(T1.toString());
        assertThat(StatusPublisher.view(Section.of("nobody"), PBX, true).lastUpdate()).isNull();
    }

    @Test
    void whileTheAmiConnectionIsDown_everySectionIsUnknownWithoutCalls() {
        Views.SectionView v = StatusPublisher.view(Section.of("a"), PBX, false);
        assertThat(v.status()).isEqualTo(EndpointStatus.UNKNOWN);
        assertThat(v.activeCalls()).isZero();
        assertThat(v.saved()).isFalse();
    }
}
