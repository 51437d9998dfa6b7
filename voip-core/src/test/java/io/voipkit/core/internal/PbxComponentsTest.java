package io.voipkit.core.internal;

import io.voipkit.core.CallControl;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.HealthCheck;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.PbxKind;
import io.voipkit.core.QueueMonitor;
import io.voipkit.core.event.ConnectionStateChanged;
import io.voipkit.core.event.RawFields;
import io.voipkit.core.event.Subscription;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PbxComponentsTest {

    /** An adapter whose session only counts and publishes its close. */
    private static final class Parts extends PbxComponents {
        final AtomicInteger sessionCloses = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        volatile int subscriptionsWhileClosingSession = -1;
        volatile RuntimeException sessionFailure;
        volatile ConnectionState state = ConnectionState.NEW;

        Parts(PbxConfig config) {
            super("pbx-1", PbxKind.FREESWITCH, config, EndpointNaming.standard(), null, Clock.systemUTC());
        }

        @Override
        public void connect() {
            whileOpen(started::incrementAndGet);
            state = ConnectionState.CONNECTED;
        }

        @Override
        public ConnectionState connectionState() {
            return state;
        }

        @Override
        public CallControl calls() {
            throw new UnsupportedOperationException();
        }

        @Override
        public QueueMonitor queues() {
            throw new UnsupportedOperationException();
        }

        @Override
        public HealthCheck health() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String describe() {
            return id() + ", 127.0.0.1:1";
        }

        @Override
        protected void closeSession() {
            sessionCloses.incrementAndGet();
            subscriptionsWhileClosingSession = events().subscriptions().size();
            ConnectionState old = state;
            state = ConnectionState.CLOSED;
            events().publish(new ConnectionStateChanged(id(), Instant.now(), RawFields.empty(), old, ConnectionState.CLOSED,
                    "closed"));
            RuntimeException e = sessionFailure;
            if (e != null) {
                closeQuietly(() -> {
                    throw e;
                }, "the test session");
            }
        }
    }

    @Test
    void theSharedPartsFollowTheConfig() {
        PbxConfig config = PbxConfig.defaults().toBuilder().eventQueueCapacity(5).build();
        try (Parts parts = new Parts(config)) {
            assertThat(parts.id()).isEqualTo("pbx-1");
            assertThat(parts.kind()).isEqualTo(PbxKind.FREESWITCH);
            assertThat(parts.config()).isSameAs(config);
            assertThat(parts.state().channels()).isEmpty();
            assertThat(parts.window()).isNotNull();
            assertThat(parts).hasToString("pbx-1, 127.0.0.1:1, NEW");
        }
    }

    @Test
    void closeRunsTheSessionCloseOnceWhileTheSubscriptionsAreStillOpen() {
        Parts parts = new Parts(PbxConfig.defaults());
        parts.connect();
        Subscription sub = parts.events().subscribe(ConnectionStateChanged.class, e -> { });

        parts.close();
        parts.close();

        assertThat(parts.sessionCloses).hasValue(1);
        assertThat(parts.subscriptionsWhileClosingSession).isEqualTo(1);
        assertThat(sub.isActive()).isFalse();
        assertThat(parts.events().subscriptions()).isEmpty();
    }

    @Test
    void aClosedPbxRefusesToConnectAndRunsNothing() {
        Parts parts = new Parts(PbxConfig.defaults());
        parts.close();
        assertThatThrownBy(parts::connect).isInstanceOf(IllegalStateException.class).hasMessageContaining("pbx-1 is closed");
        assertThat(parts.started).hasValue(0);
    }

    @Test
    void aFailingPartIsLoggedNotThrownSoTheDispatcherStillCloses() {
        Parts parts = new Parts(PbxConfig.defaults());
        parts.sessionFailure = new IllegalStateException("socket gone");
        Subscription sub = parts.events().subscribe(ConnectionStateChanged.class, e -> { });
        parts.close();
        await().until(() -> !sub.isActive());
    }

    @Test
    void rejectsABadId() {
        assertThatThrownBy(() -> new PbxComponents("bad id", PbxKind.ASTERISK, PbxConfig.defaults(),
                EndpointNaming.standard(), null, Clock.systemUTC()) {
            @Override
            public void connect() {
            }

            @Override
            public ConnectionState connectionState() {
                return ConnectionState.NEW;
            }

            @Override
            public CallControl calls() {
                return null;
            }

            @Override
            public QueueMonitor queues() {
                return null;
            }

            @Override
            public HealthCheck health() {
                return null;
            }

            @Override
            public String describe() {
                return "";
            }

            @Override
            protected void closeSession() {
            }
        }).isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("id"));
    }
}
