package io.voipkit.core.internal;

import io.voipkit.core.Pbx;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.PbxKind;
import io.voipkit.core.event.EventDispatcher;
import io.voipkit.core.event.SubscriptionOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * The parts every adapter's {@link Pbx} is made of, wired the same way for Asterisk and
 * FreeSWITCH: the event dispatcher (subscription defaults from the {@link PbxConfig}), the
 * live-state store and the call-quality window. An adapter extends it with its session supervisor
 * and API façades; its public class forwards to it ({@link io.voipkit.core.spi.ForwardingPbx}), so
 * nothing internal appears in a public signature.
 *
 * <p>{@link #close()} is idempotent: the first call closes the adapter's session
 * ({@link #closeSession()}), then the dispatcher, so that the session publishes its final
 * {@code CLOSED} state change while the subscriptions are still open.
 *
 * <p>Not part of the API: adapters in other voipkit modules may use it, applications should not.
 */
public abstract class PbxComponents implements Pbx {
    private static final Logger LOG = LoggerFactory.getLogger(PbxComponents.class);

    private final String id;
    private final PbxKind kind;
    private final PbxConfig config;
    private final EventDispatcher dispatcher;
    private final LiveStateStore store;
    private final CallQualityWindow window;
    private final Object lifecycle = new Object();
    private boolean closed;

    /**
     * Creates the shared parts; nothing connects.
     *
     * @param eventExecutor where subscriptions run their listeners unless they name their own, or
     *                      {@code null} for a thread each
     */
    protected PbxComponents(String id, PbxKind kind, PbxConfig config, EndpointNaming naming,
                            Executor eventExecutor, Clock clock) {
        this.id = Checks.identifier(id, "id");
        this.kind = Checks.notNull(kind, "kind");
        this.config = Checks.notNull(config, "config");
        Checks.notNull(naming, "naming");
        Checks.notNull(clock, "clock");
        SubscriptionOptions defaults = new SubscriptionOptions(config.eventQueueCapacity(), config.overflowPolicy(),
                eventExecutor, null);
        this.dispatcher = new EventDispatcher(id, defaults);
        this.store = new LiveStateStore(naming, clock);
        this.window = new CallQualityWindow(clock);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final PbxKind kind() {
        return kind;
    }

    @Override
    public final PbxConfig config() {
        return config;
    }

    /** The event bus, as the dispatcher the session publishes to. */
    @Override
    public final EventDispatcher events() {
        return dispatcher;
    }

    /** The live state, fed by the event path and the resyncs. */
    @Override
    public final LiveStateStore state() {
        return store;
    }

    /** The window the adapter's call-quality tap fills and its health check reads. */
    protected final CallQualityWindow window() {
        return window;
    }

    /**
     * Runs {@code action} unless {@link #close()} was called, holding the lock {@code close()}
     * takes: what it starts (a log tailer) is either started before the close, and then stopped by
     * {@link #closeSession()}, or never.
     *
     * @throws IllegalStateException when closed, so that a closed PBX is never reconnected
     */
    protected final void whileOpen(Runnable action) {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("PBX " + id + " is closed; build a new one to connect again");
            }
            action.run();
        }
    }

    /** What {@code toString()} of the public class shows: id and address, never a secret. */
    public abstract String describe();

    /**
     * Closes the adapter's session and whatever else it owns (publishing {@code CLOSED}); runs once,
     * before the dispatcher is closed. Failures should be passed to {@link #closeQuietly}.
     */
    protected abstract void closeSession();

    /** Closes {@code part}, logging (not throwing) a failure, so that the remaining parts still close. */
    protected final void closeQuietly(AutoCloseable part, String what) {
        try {
            part.close();
        } catch (Exception e) {
            LOG.warn("PBX {}: closing {} failed: {}", id, what, e.toString());
        }
    }

    /** Closes the session ({@link #closeSession()}), then the dispatcher. Idempotent. */
    @Override
    public final void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closeSession();
        dispatcher.close();
    }

    /** {@link #describe()} and the connection state. */
    @Override
    public String toString() {
        return describe() + ", " + connectionState();
    }
}
