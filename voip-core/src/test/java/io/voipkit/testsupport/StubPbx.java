package io.voipkit.testsupport;

import io.voipkit.core.CallControl;
import io.voipkit.core.CallQuality;
import io.voipkit.core.ChannelsCheck;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.HealthCheck;
import io.voipkit.core.HealthCheckResult;
import io.voipkit.core.HealthReport;
import io.voipkit.core.LiveState;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.PbxKind;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.QueueMonitor;
import io.voipkit.core.QueuesCheck;
import io.voipkit.core.SystemInfo;
import io.voipkit.core.event.EventBus;
import io.voipkit.core.event.EventDispatcher;
import io.voipkit.core.internal.CallQualityWindow;
import io.voipkit.core.internal.Checks;
import io.voipkit.core.internal.HealthReports;
import io.voipkit.core.internal.LiveStateStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Pbx} without a PBX, for tests of code that holds, registers or wires {@code Pbx}
 * instances (registries, the Spring starter). Its live state and call-quality window are real and
 * writable ({@link #store()}, {@link #quality()}); its health check is built from the shared
 * {@link HealthReports} logic; {@link #calls()} and {@link #queues()} are not implemented (use
 * {@code voip-simulator} for call flows). Thread-safe.
 */
public final class StubPbx implements Pbx {
    private final String id;
    private final PbxKind kind;
    private final PbxConfig config;
    private final Clock clock;
    private final LiveStateStore store;
    private final CallQualityWindow quality;
    private final EventDispatcher events;
    private final AtomicInteger closeCount = new AtomicInteger();
    private volatile ConnectionState state = ConnectionState.NEW;
    private volatile RuntimeException failOnClose;
    private volatile RuntimeException failOnConnect;

    /** An Asterisk-kind stub with default configuration and the system clock. */
    public StubPbx(String id) {
        this(id, PbxKind.ASTERISK, PbxConfig.defaults(), Clock.systemUTC());
    }

    /** A stub of the given kind, configuration and clock. */
    public StubPbx(String id, PbxKind kind, PbxConfig config, Clock clock) {
        this.id = Checks.identifier(id, "id");
        this.kind = Checks.notNull(kind, "kind");
        this.config = Checks.notNull(config, "config");
        this.clock = Checks.notNull(clock, "clock");
        this.store = new LiveStateStore(io.voipkit.core.internal.EndpointNaming.standard(), clock);
        this.quality = new CallQualityWindow(clock);
        this.events = new EventDispatcher(id, config.subscriptionDefaults());
    }

    /** Makes the next {@link #connect()} calls throw {@code e} ({@code null}: succeed). */
    public StubPbx failOnConnect(RuntimeException e) {
        this.failOnConnect = e;
        return this;
    }

    /** Makes {@link #close()} throw {@code e} after closing ({@code null}: don't). */
    public StubPbx failOnClose(RuntimeException e) {
        this.failOnClose = e;
        return this;
    }

    /** Sets the connection state directly, for example {@link ConnectionState#RECONNECTING}. */
    public void setConnectionState(ConnectionState newState) {
        this.state = Checks.notNull(newState, "newState");
        if (newState.isUsable()) {
            store.markCurrent();
        } else {
            store.markStale();
        }
    }

    /** The writable live state. */
    public LiveStateStore store() {
        return store;
    }

    /** The writable call-quality window. */
    public CallQualityWindow quality() {
        return quality;
    }

    /** The publishing side of {@link #events()}. */
    public EventDispatcher dispatcher() {
        return events;
    }

    /** How often {@link #close()} was called. */
    public int closeCount() {
        return closeCount.get();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public PbxKind kind() {
        return kind;
    }

    @Override
    public synchronized void connect() {
        if (state == ConnectionState.CLOSED) {
            throw new IllegalStateException("StubPbx '" + id + "' is closed");
        }
        RuntimeException e = failOnConnect;
        if (e != null) {
            throw e;
        }
        setConnectionState(ConnectionState.CONNECTED);
    }

    @Override
    public ConnectionState connectionState() {
        return state;
    }

    @Override
    public CallControl calls() {
        throw new UnsupportedOperationException("StubPbx has no call control; test call flows against voip-simulator");
    }

    @Override
    public QueueMonitor queues() {
        throw new UnsupportedOperationException("StubPbx has no queue monitor; test queues against voip-simulator");
    }

    @Override
    public HealthCheck health() {
        return new HealthCheck() {
            @Override
            public HealthCheckResult checkConnection() {
                return HealthReports.checkConnection(state, () -> { }, clock);
            }

            @Override
            public SystemInfo systemInfo() {
                if (!state.isUsable()) {
                    throw new PbxNotConnectedException("StubPbx '" + id + "' is " + state);
                }
                return new SystemInfo(kind, "0-stub", Duration.ZERO, null, store.calls().size(), 0, id, null, Map.of());
            }

            @Override
            public ChannelsCheck checkChannels() {
                return HealthReports.channelsCheck(store);
            }

            @Override
            public QueuesCheck checkQueues() {
                return HealthReports.queuesCheck(store.queues(), HealthReports.DEFAULT_LONG_WAIT);
            }

            @Override
            public HealthReport fullReport() {
                return HealthReports.fullReport(checkConnection(), this::systemInfo, this::checkChannels,
                        this::checkQueues, clock);
            }

            @Override
            public CallQuality callQuality(Duration window) {
                return quality.snapshot(window);
            }
        };
    }

    @Override
    public LiveState state() {
        return store;
    }

    @Override
    public EventBus events() {
        return events;
    }

    @Override
    public PbxConfig config() {
        return config;
    }

    @Override
    public void close() {
        closeCount.incrementAndGet();
        state = ConnectionState.CLOSED;
        store.markStale();
        events.close();
        RuntimeException e = failOnClose;
        if (e != null) {
            throw e;
        }
    }

    @Override
    public String toString() {
        return "StubPbx[" + id + ", " + state + "]";
    }
}
