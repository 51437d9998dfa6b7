package io.voipkit.ami.internal.adapter;

import io.github.resilience4j.core.IntervalFunction;
import io.voipkit.ami.internal.AmiAction;
import io.voipkit.ami.internal.AmiConnection;
import io.voipkit.ami.internal.AmiConnectionConfig;
import io.voipkit.ami.internal.AmiLimits;
import io.voipkit.ami.internal.AmiListResponse;
import io.voipkit.ami.internal.AmiMessage;
import io.voipkit.ami.internal.mapping.AmiEventMapper;
import io.voipkit.ami.internal.mapping.AmiStateFeed;
import io.voipkit.core.ActionObserver;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.PbxException;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.event.ConnectionStateChanged;
import io.voipkit.core.event.EventDispatcher;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.RawFields;
import io.voipkit.core.event.StateResynced;
import io.voipkit.core.internal.ActionTimer;
import io.voipkit.core.internal.HeldStateChanges;
import io.voipkit.core.internal.LiveStateStore;
import io.voipkit.core.internal.ReadBatch;
import io.voipkit.core.internal.SessionState;
import io.voipkit.core.internal.ResyncResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Keeps one PBX's AMI session alive: first connect, login and state sync; the event path; loss
 * detection; reconnect with exponential backoff on a dedicated thread; resync after every
 * reconnect; close. Implements {@link AmiGateway} for the API façades.
 *
 * <h2>Event path (the hot path)</h2>
 * On the connection's reader thread, for every event, in wire order: {@link EventWaiters} (two
 * string comparisons unless an action waits), {@link AmiEventMapper#map}, the live-state feed,
 * the call-quality tap; at the end of each socket read the read's events go to
 * {@link EventDispatcher#publishAll} as one batch (one wake-up per subscriber per read, not per
 * event). The feed runs on the reader thread
 * on purpose: it is a few map updates, it keeps state changes in PBX order without another
 * queue, and it makes the state current before subscribers see the event. No user code runs
 * here: publish only enqueues. Under {@code BLOCK}, a full subscriber queue blocks publish, the
 * reader stops reading and TCP backpressure slows Asterisk down: nothing is lost, by design.
 *
 * <h2>Resync</h2>
 * After login, {@link LiveStateSync} lists endpoints, contacts, channels and queues. Events that
 * arrive meanwhile are published at once but their state changes are held back and replayed
 * after {@code LiveStateStore.resync}, so a hangup that happens between the channel list and the
 * resync cannot leave a ghost channel. If more than {@value #MAX_HELD_EVENTS} state changes pile
 * up, they are dropped and the resync is repeated instead.
 *
 * <h2>States</h2>
 * {@code NEW → CONNECTING → CONNECTED ⇄ RECONNECTING}, any → {@code CLOSED}; a failed first
 * connect goes back to {@code NEW}. Each transition publishes {@link ConnectionStateChanged} in
 * order (transitions are serialised). After a reconnect {@link StateResynced} is published before
 * the state turns {@code CONNECTED}. Actions are accepted only in {@code CONNECTED}.
 */
public final class AmiSupervisor implements AmiGateway, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AmiSupervisor.class);
    static final int MAX_HELD_EVENTS = 200_000;
    private static final int MAX_RESYNC_ROUNDS = 3;

    /** Where and how to log in; {@code secret} is copied by the connection config, never logged. */
    public record LoginTarget(String host, int port, String username, char[] secret, SSLContext sslContext,
                           boolean hostnameVerification) {
        @Override
        public String toString() {
            return username + "@" + host + ":" + port + (sslContext != null ? " (TLS)" : "");
        }
    }

    private final String pbxId;
    private final LoginTarget endpoint;
    private final PbxConfig config;
    private final ZoneId zone;
    private final Clock clock;
    private final EventDispatcher dispatcher;
    private final LiveStateStore store;
    private final AmiStateFeed feed;
    /** Serialises the feed: the reader thread applies events, a reconnect thread resyncs. */
    private final Object feedLock = new Object();
    private final Consumer<PbxEvent> tap;
    private final IntervalFunction backoff;
    private final ExecutorService callbacks;
    private final EventWaiters waiters;
    /** Times every action of the façades for {@link PbxConfig#actionObserver()}; free when that is NONE. */
    private final ActionTimer actionTimer;

    private final Object connectLock = new Object();
    private final Semaphore reconnectSignal = new Semaphore(0);
    private final AtomicInteger connectionCounter = new AtomicInteger();
    private final SessionState sessionState;
    private volatile Session current;
    private volatile boolean closed;
    private volatile Instant downSince;
    private volatile Thread reconnectThread;
    private volatile long reconnects;

    /**
     * @param feed        keeps {@code store} current from events and resyncs it
     * @param tap         also sees every mapped event on the reader thread (call-quality window); must be cheap
     */
    public AmiSupervisor(String pbxId, LoginTarget endpoint, PbxConfig config, ZoneId zone, Clock clock,
                         EventDispatcher dispatcher, LiveStateStore store,
                         AmiStateFeed feed, Consumer<PbxEvent> tap) {
        this.pbxId = pbxId;
        this.endpoint = endpoint;
        this.config = config;
        this.zone = zone;
        this.clock = clock;
        this.dispatcher = dispatcher;
        this.sessionState = new SessionState(pbxId, clock, dispatcher, LOG);
        this.store = store;
        this.feed = feed;
        this.tap = tap;
        this.backoff = IntervalFunction.ofExponentialBackoff(config.reconnectInitialDelay(),
                config.reconnectMultiplier(), config.reconnectMaxDelay());
        this.callbacks = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "voipkit-ami-callback-" + pbxId);
            t.setDaemon(true);
            return t;
        });
        this.waiters = new EventWaiters(callbacks);
        this.actionTimer = new ActionTimer(pbxId, config.actionObserver());
    }

    /** The session state now. */
    public ConnectionState state() {
        return sessionState.get();
    }

    /** Successful reconnects since construction. */
    public long reconnects() {
        return reconnects;
    }

    /** Events the current connection handed to the event path, or 0 when disconnected. */
    public long eventsDelivered() {
        Session s = current;
        return s == null ? 0 : s.connection.eventsDelivered();
    }

    // ---------------------------------------------------------------- connect

    /**
     * Connects, logs in and synchronises the state, blocking. Does nothing when connected or
     * already reconnecting. After a failure the state is {@code NEW} again and the exception
     * thrown; nothing is retried.
     *
     * @throws IllegalStateException when closed
     */
    public void connect() {
        synchronized (connectLock) {
            if (!sessionState.beginConnect(closed, endpoint)) {
                return;
            }
            Session session;
            try {
                session = establish();
            } catch (RuntimeException e) {
                if (!closed) {
                    sessionState.transition(ConnectionState.NEW, "connect failed: " + e.getMessage());
                }
                throw e;
            }
            if (!markConnected(session, "logged in as " + endpoint.username() + ", live state synchronised")) {
                // Lost in the instant after the sync: the supervisor is already reconnecting.
                LOG.info("AMI {}: connection lost right after connect; reconnecting", pbxId);
            }
        }
    }

    /** Opens a connection, logs in and resyncs; the returned session is current. */
    private Session establish() {
        int n = connectionCounter.incrementAndGet();
        Session session = new Session(n);
        AmiConnectionConfig.Builder b = AmiConnectionConfig.builder()
                .host(endpoint.host()).port(endpoint.port())
                .username(endpoint.username()).secret(endpoint.secret())
                .connectTimeout(config.connectTimeout())
                .actionTimeout(config.actionTimeout())
                .limits(new AmiLimits(config.maxFrameLineLength(), config.maxHeadersPerFrame(), config.maxFrameBytes()))
                .actionIdPrefix("vk" + n + "-")
                .eventSink(session::onEvent)
                .eventBatchEnd(session::publishBatch)
                .beforeReply(session::publishState)
                .disconnectListener(session::onDisconnect)
                .callbackExecutor(callbacks);
        if (endpoint.sslContext() != null) {
            b.tls(endpoint.sslContext()).hostnameVerification(endpoint.hostnameVerification());
        }
        AmiConnection connection = new AmiConnection(b.build());
        session.connection = connection;
        waiters.actionIdPrefix("vk" + n + "-");
        connection.connect();
        try {
            if (closed) {
                throw new PbxNotConnectedException("PBX " + pbxId + " was closed while connecting");
            }
            session.result = resync(session);
            current = session;
            return session;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private ResyncResult resync(Session session) {
        for (int round = 1; ; round++) {
            session.startHolding();
            LiveStateSync.Items items = LiveStateSync.read(session.connection, config.resyncTimeout(), pbxId);
            ResyncResult result;
            synchronized (feedLock) {
                result = feed.resync(items.endpoints(), items.contacts(), items.channels(), items.queues(),
                        clock.instant());
            }
            if (session.releaseHeld(round == MAX_RESYNC_ROUNDS)) {
                return result;
            }
            LOG.warn("AMI {}: more than {} events arrived during the state sync; synchronising again",
                    pbxId, MAX_HELD_EVENTS);
        }
    }

    private boolean markConnected(Session session, String reason) {
        synchronized (sessionState.lock()) {
            if (closed || current != session || !session.connection.isConnected()) {
                return false;
            }
            sessionState.transition(ConnectionState.CONNECTED, reason);
            return true;
        }
    }

    // ---------------------------------------------------------------- loss and reconnect

    private void lost(Session session, String reason) {
        synchronized (sessionState.lock()) {
            if (closed || current != session) {
                return;
            }
            current = null;
            downSince = clock.instant();
            store.markStale();
            sessionState.transition(ConnectionState.RECONNECTING, reason);
        }
        waiters.failAll(new PbxNotConnectedException("AMI connection to " + endpoint + " lost: " + reason));
        startReconnectThread();
        reconnectSignal.release();
    }

    private void startReconnectThread() {
        synchronized (connectLock) {
            if (reconnectThread == null && !closed) {
                Thread t = new Thread(this::reconnectLoop, "voipkit-ami-reconnect-" + pbxId);
                t.setDaemon(true);
                reconnectThread = t;
                t.start();
            }
        }
    }

    private void reconnectLoop() {
        try {
            while (!closed) {
                reconnectSignal.acquire();
                reconnectSignal.drainPermits();
                reconnectUntilConnected();
            }
        } catch (InterruptedException e) {
            // close() interrupts: end quietly
        }
    }

    private void reconnectUntilConnected() throws InterruptedException {
        for (int attempt = 1; !closed; attempt++) {
            long delay = backoff.apply(attempt);
            LOG.info("AMI {}: reconnect attempt {} to {} in {} ms", pbxId, attempt, endpoint, delay);
            Thread.sleep(delay);
            if (closed) {
                return;
            }
            Session session;
            try {
                session = establish();
            } catch (PbxException e) {
                LOG.warn("AMI {}: reconnect attempt {} failed: {}", pbxId, attempt, e.getMessage());
                continue;
            } catch (RuntimeException e) {
                LOG.error("AMI {}: reconnect attempt {} failed unexpectedly", pbxId, attempt, e);
                continue;
            }
            Instant now = clock.instant();
            Instant since = downSince;
            Duration downtime = since == null || since.isAfter(now) ? Duration.ZERO : Duration.between(since, now);
            ResyncResult r = session.result;
            sessionState.publish(new StateResynced(pbxId, now, RawFields.empty(), r.endedCalls(), r.changedEndpoints(),
                    downtime));
            if (markConnected(session, "reconnected after " + attempt + " attempt(s), down " + downtime.toMillis()
                    + " ms; live state resynchronised (" + r.endedCalls().size() + " call(s) ended, "
                    + r.changedEndpoints().size() + " endpoint(s) changed)")) {
                reconnects++;
            }
            return;
        }
    }

    // ---------------------------------------------------------------- gateway

    // Every action of the façades passes here, so this is where it is timed: from just before the
    // write to the completion of the future the façade waits for (the connection fails that future
    // at the action timeout, and a caller that gives up cancels it: both end the timing once).

    @Override
    public CompletableFuture<AmiMessage> send(AmiAction action) {
        long start = actionTimer.start();
        return actionTimer.track(connectedSession(action.name(), start).connection.send(action), action.name(), start,
                AmiSupervisor::answeredSuccess);
    }

    @Override
    public CompletableFuture<AmiListResponse> sendList(AmiAction action) {
        long start = actionTimer.start();
        return actionTimer.track(connectedSession(action.name(), start).connection.sendList(action), action.name(),
                start, AmiListResponse::isSuccess);
    }

    /** What {@link AmiConnection#requireSuccess} accepts: {@code Success}, or {@code Follows} (command output). */
    private static boolean answeredSuccess(AmiMessage m) {
        return m.isSuccess() || "Follows".equalsIgnoreCase(m.response());
    }

    private Session connectedSession(String action, long start) {
        Session s = current;
        ConnectionState st = sessionState.get();
        if (s == null || st != ConnectionState.CONNECTED) {
            actionTimer.record(action, start, ActionObserver.Outcome.NOT_CONNECTED);
            throw sessionState.notConnected(action, st);
        }
        return s;
    }

    @Override
    public Duration actionTimeout() {
        return config.actionTimeout();
    }

    @Override
    public EventWaiters waiters() {
        return waiters;
    }

    // ---------------------------------------------------------------- state and events

    /**
     * Logs off, stops reconnecting and fails whatever waits. Idempotent. The dispatcher is closed
     * by the owner after this returns (so the CLOSED event is delivered first).
     */
    @Override
    public void close() {
        Session s;
        synchronized (sessionState.lock()) {
            if (closed) {
                return;
            }
            sessionState.transition(ConnectionState.CLOSED, "closed by the application");
            closed = true;
            s = current;
            current = null;
            store.markStale();
        }
        Thread t = reconnectThread;
        if (t != null) {
            t.interrupt();
        }
        if (s != null) {
            s.connection.close();
        }
        waiters.failAll(new PbxNotConnectedException("PBX " + pbxId + " was closed"));
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        callbacks.shutdown();
    }

    @Override
    public String toString() {
        return "AmiSupervisor[" + pbxId + ", " + endpoint + ", " + sessionState.get() + "]";
    }

    // ---------------------------------------------------------------- one connection

    /** The event path and the held-back state changes of one connection. */
    private final class Session {
        final int number;
        final AmiEventMapper mapper = new AmiEventMapper(zone);
        /** Set when the store was resynced: the mapper learns channel start times on the reader thread. */
        volatile boolean seedPending;
        /** Cleared when this connection is lost: late events of a dead connection no longer touch the state. */
        volatile boolean live = true;
        final HeldStateChanges held = new HeldStateChanges(pbxId, MAX_HELD_EVENTS, this::applyToState, LOG);
        AmiConnection connection;
        ResyncResult result;
        /** Events of the current socket read and their state, not yet published; reader thread only. */
        private final ReadBatch readBatch = new ReadBatch(pbxId, store, dispatcher);
        /** {@link #publishState()} as the event waiters' before-wake hook, made once, not per event. */
        private final Runnable publishState = this::publishState;

        Session(int number) {
            this.number = number;
        }

        /** The reader thread's sink: see the class comment. */
        void onEvent(AmiMessage m) {
            waiters.onEvent(m, publishState); // a caller woken by it finds the state of the events before it
            if (seedPending) {
                seedPending = false;
                synchronized (feedLock) {
                    feed.seedChannelStarts(mapper);
                }
            }
            PbxEvent e = mapper.map(m, pbxId, clock.instant());
            if (!held.offer(e)) {
                if (live) {
                    readBatch.beforeStateWrite(); // one state snapshot per socket read, not one per event
                }
                applyToState(e);
            }
            if (live) {
                try {
                    tap.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("PBX {}: call-quality tap failed on {}: {}", pbxId, e.name(), ex.toString());
                }
            }
            readBatch.add(e);
        }

        /**
         * The end of one socket read: the read's state, then its events as one batch (see
         * {@link ReadBatch}).
         */
        void publishBatch() {
            readBatch.publish();
        }

        /** Before a caller wakes: the state written so far (never blocks; the events wait for the batch end). */
        void publishState() {
            readBatch.publishState();
        }

        /** A bug in the state feed must not cost subscribers the event: logged, and the event goes on. */
        void applyToState(PbxEvent e) {
            if (!live) {
                return;
            }
            try {
                synchronized (feedLock) {
                    feed.apply(e);
                }
            } catch (RuntimeException ex) {
                LOG.error("PBX {}: live-state feed failed on {}; the event is still published", pbxId, e.name(), ex);
            }
        }

        void startHolding() {
            held.start();
        }

        /**
         * Replays held state changes and stops holding. When some were dropped it returns
         * {@code false} and keeps holding (the caller syncs again), unless {@code force}.
         */
        boolean releaseHeld(boolean force) {
            return held.release(force, () -> seedPending = true);
        }

        void onDisconnect(String reason, Throwable cause) {
            live = false;
            lost(this, reason);
        }

        @Override
        public String toString() {
            return "Session#" + number;
        }
    }
}
