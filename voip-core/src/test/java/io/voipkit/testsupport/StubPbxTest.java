package io.voipkit.testsupport;

import io.voipkit.core.ConnectionState;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.HealthReport;
import io.voipkit.core.HealthStatus;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.internal.CallQualityWindow.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stub composes the shared internals the way an adapter does; this checks that composition. */
class StubPbxTest {

    @Test
    void healthFollowsConnectionAndLiveState() {
        StubPbx pbx = new StubPbx("office");
        assertThat(pbx.health().fullReport().status()).isEqualTo(HealthStatus.DOWN);
        assertThatThrownBy(() -> pbx.health().systemInfo()).isInstanceOf(PbxNotConnectedException.class);

        pbx.connect();
        pbx.store().updateEndpointStatus("101-ep", EndpointStatus.ONLINE, "Reachable");
        assertThat(pbx.health().fullReport().status()).isEqualTo(HealthStatus.UP);
        assertThat(pbx.state().isCurrent()).isTrue();

        pbx.store().updateEndpointStatus("101-ep", EndpointStatus.OFFLINE, "Unreachable");
        HealthReport degraded = pbx.health().fullReport();
        assertThat(degraded.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(degraded.problems()).containsExactly("channels: none of 1 endpoints is online");

        pbx.setConnectionState(ConnectionState.RECONNECTING);
        assertThat(pbx.state().isCurrent()).isFalse();
        assertThat(pbx.health().checkConnection().status()).isEqualTo(HealthStatus.DOWN);
        pbx.close();
    }

    @Test
    void callQualityComesFromTheWindow() {
        StubPbx pbx = new StubPbx("office");
        pbx.quality().record(Outcome.ANSWERED, Duration.ofSeconds(3), Duration.ofSeconds(90));
        assertThat(pbx.health().callQuality(Duration.ofMinutes(5)).answered()).isEqualTo(1);
        pbx.close();
    }

    @Test
    void closeEndsEverythingAndConnectAfterCloseFails() {
        StubPbx pbx = new StubPbx("office");
        pbx.connect();
        pbx.close();
        assertThat(pbx.connectionState()).isEqualTo(ConnectionState.CLOSED);
        assertThat(pbx.dispatcher().isClosed()).isTrue();
        assertThatThrownBy(pbx::connect).isInstanceOf(IllegalStateException.class);
    }
}
