package io.voipkit.core.internal;

import io.voipkit.core.ConnectionState;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.event.ConnectionStateChanged;
import io.voipkit.core.event.EventDispatcher;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.RawFields;
import io.voipkit.core.event.StateResynced;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SessionStateTest {
    private static final Instant T = Instant.parse("2026-11-25T18:00:00Z");

    private final EventDispatcher dispatcher = new EventDispatcher("pbx1");
    private final SessionState state = new SessionState("pbx1", Clock.fixed(T, ZoneOffset.UTC), dispatcher,
            LoggerFactory.getLogger(SessionStateTest.class));

    @Test
    void transitionsArePublishedInOrderAndRepeatsAreNot() {
        List<ConnectionStateChanged> seen = new CopyOnWriteArrayList<>();
        dispatcher.subscribe(ConnectionStateChanged.class, seen::add);
        assertThat(state.get()).isEqualTo(ConnectionState.NEW);

        state.transition(ConnectionState.CONNECTING, "connecting");
        state.transition(ConnectionState.CONNECTING, "again");
        state.transition(ConnectionState.CONNECTED, "logged in");

        await().until(() -> seen.size() == 2);
        assertThat(seen).extracting(ConnectionStateChanged::previous, ConnectionStateChanged::current)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ConnectionState.NEW, ConnectionState.CONNECTING),
                        org.assertj.core.groups.Tuple.tuple(ConnectionState.CONNECTING, ConnectionState.CONNECTED));
        assertThat(seen.get(1).reason()).isEqualTo("logged in");
        assertThat(seen.get(1).timestamp()).isEqualTo(T);
        assertThat(seen.get(1).pbxId()).isEqualTo("pbx1");
        assertThat(state.get()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void nothingFollowsClosed() {
        state.transition(ConnectionState.CLOSED, "closed by the application");
        state.transition(ConnectionState.RECONNECTING, "late loss");
        assertThat(state.get()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void aPublishAfterTheDispatcherClosedIsNotThrown() {
        dispatcher.close();
        state.transition(ConnectionState.CONNECTING, "connecting");
        PbxEvent e = new StateResynced("pbx1", T, RawFields.empty(), List.of(), List.of(), Duration.ZERO);
        state.publish(e);
        assertThat(state.get()).isEqualTo(ConnectionState.CONNECTING);
    }

    @Test
    void notConnectedSaysTheStateAndWhatToDoInNew() {
        PbxNotConnectedException fresh = state.notConnected("Originate", ConnectionState.NEW);
        assertThat(fresh).hasMessage("Cannot send Originate to PBX pbx1: not connected (state NEW); call connect() first");
        assertThat(state.notConnected("Hangup", ConnectionState.RECONNECTING))
                .hasMessage("Cannot send Hangup to PBX pbx1: not connected (state RECONNECTING)");
    }

    @Test
    void beginConnectRefusesWhenClosedSkipsWhenUpAndOtherwiseTurnsConnecting() {
        assertThat(state.beginConnect(false, "127.0.0.1:5038")).isTrue();
        assertThat(state.get()).isEqualTo(ConnectionState.CONNECTING);
        state.transition(ConnectionState.CONNECTED, "logged in");
        assertThat(state.beginConnect(false, "127.0.0.1:5038")).isFalse();
        state.transition(ConnectionState.RECONNECTING, "lost");
        assertThat(state.beginConnect(false, "127.0.0.1:5038")).isFalse();
        assertThat(state.get()).isEqualTo(ConnectionState.RECONNECTING);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> state.beginConnect(true, "127.0.0.1:5038"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pbx1 is closed");
    }
}
