package io.voipkit.core.internal;

import io.voipkit.core.ConnectionState;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.event.ConnectionStateChanged;
import io.voipkit.core.event.EventDispatcher;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.RawFields;
import org.slf4j.Logger;

import java.time.Clock;

/**
 * The connection state of one adapter session (AMI or ESL) and the bookkeeping both supervisors
 * share: transitions are serialised on {@link #lock()}, logged and published as
 * {@link ConnectionStateChanged} in the order they happen; {@code CLOSED} is final; a publish that
 * fails (dispatcher closed) is logged, never thrown into the session's threads.
 *
 * <p>Supervisors take {@link #lock()} themselves when a check and a transition must be atomic
 * (connected-unless-lost, close). Reads of {@link #get()} are lock-free.
 *
 * <p>Not part of the API: adapters in other voipkit modules may use it, applications should not.
 */
public final class SessionState {
    private final String pbxId;
    private final Clock clock;
    private final EventDispatcher dispatcher;
    private final Logger log;
    private final Object lock = new Object();
    private volatile ConnectionState state = ConnectionState.NEW;

    /**
     * A session in state {@code NEW}.
     *
     * @param log the supervisor's logger, so that its lines keep their category
     */
    public SessionState(String pbxId, Clock clock, EventDispatcher dispatcher, Logger log) {
        this.pbxId = Checks.notNull(pbxId, "pbxId");
        this.clock = Checks.notNull(clock, "clock");
        this.dispatcher = Checks.notNull(dispatcher, "dispatcher");
        this.log = Checks.notNull(log, "log");
    }

    /** The state now. */
    public ConnectionState get() {
        return state;
    }

    /** The lock transitions are serialised on; hold it to make a check and a transition atomic. */
    public Object lock() {
        return lock;
    }

    /**
     * The start of a {@code connect()}, the same for every adapter: refused once closed, nothing to
     * do while connected or reconnecting (the supervisor keeps the session up by itself), otherwise
     * the state turns {@code CONNECTING}. Call it under the supervisor's connect lock.
     *
     * @param closed whether the supervisor was closed
     * @param target where it connects to, for the transition's reason (never holds a secret)
     * @return {@code true} when the caller should connect now
     * @throws IllegalStateException when {@code closed}
     */
    public boolean beginConnect(boolean closed, Object target) {
        if (closed) {
            throw new IllegalStateException("PBX " + pbxId + " is closed; build a new one to connect again");
        }
        ConnectionState s = state;
        if (s == ConnectionState.CONNECTED || s == ConnectionState.RECONNECTING) {
            return false;
        }
        transition(ConnectionState.CONNECTING, "connecting to " + target);
        return true;
    }

    /**
     * Changes the state and publishes the change. Does nothing when the state is already
     * {@code next} or {@code CLOSED} (nothing follows a close).
     */
    public void transition(ConnectionState next, String reason) {
        synchronized (lock) {
            ConnectionState prev = state;
            if (prev == next || prev == ConnectionState.CLOSED) {
                return;
            }
            state = next;
            log.info("PBX {}: {} -> {} ({})", pbxId, prev, next, reason);
            publish(new ConnectionStateChanged(pbxId, clock.instant(), RawFields.empty(), prev, next, reason));
        }
    }

    /** Publishes {@code e}; a failure (the dispatcher is closed) is logged, not thrown. */
    public void publish(PbxEvent e) {
        try {
            dispatcher.publish(e);
        } catch (RuntimeException ex) {
            log.warn("PBX {}: could not publish {}: {}", pbxId, e.getClass().getSimpleName(), ex.toString());
        }
    }

    /**
     * The exception for an action refused because the session is not usable, saying which state it
     * was in (and, in {@code NEW}, that {@code connect()} was never called).
     *
     * @param what the action, for example {@code Originate}
     * @param seen the state the caller read
     */
    public PbxNotConnectedException notConnected(String what, ConnectionState seen) {
        return new PbxNotConnectedException("Cannot send " + what + " to PBX " + pbxId + ": not connected (state "
                + seen + ")" + (seen == ConnectionState.NEW ? "; call connect() first" : ""));
    }
}
