package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.ActionObserver;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.PbxException;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.PbxTimeoutException;
import io.voipkit.core.event.ChannelCreated;
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
import io.voipkit.freeswitch.internal.EslConnectionConfig;
import io.voipkit.freeswitch.internal.EslEvent;
import io.voipkit.freeswitch.internal.EslEventMapper;
import io.voipkit.freeswitch.internal.EslInboundClient;
import io.voipkit.freeswitch.internal.EslLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Keeps one FreeSWITCH's Event Socket session useful: first connect and state sync, the event
 * path, the reaction to {@link EslInboundClient}'s own reconnects (resync before the PBX counts as
 * connected again), and the blocking {@code api}/{@code bgapi} calls of the API façades.
 *
 * <h2>Event path</h2>
 * On the ESL connection's dispatch thread (the reader hands it each read's frames;
 * {@code EslConnectionConfig.dispatchThread}), in wire order: {@link EslEventMapper#map}, the channel-name memory,
 * the live-state feed, the call-quality tap; at the end of each socket read the read's state and
 * then its events go to {@link EventDispatcher#publishAll} as one batch ({@link ReadBatch}).
 * Before an event waiter (park results) or a command reply wakes a caller, the state written so
 * far is published ({@link ReadBatch#publishState}, {@code EslConnectionConfig.beforeReply}), so
 * the caller finds it; the events still wait for the end of the read. No user
 * code runs here; under {@code BLOCK} a full subscriber queue blocks this thread, then the reader,
 * and TCP slows FreeSWITCH down instead of losing events.
 *
 * <h2>Resync</h2>
 * After the first login, and after every reconnect the client reports, {@link FsResync} reads
 * users, registrations, channels and callcenter queues with {@code api} commands. Meanwhile the
 * state changes of arriving events are held back and replayed after {@code LiveStateStore.resync}
 * (so a hangup between the channel list and the resync leaves no ghost). Only then is the PBX
 * {@code CONNECTED} again, and {@link StateResynced} is published first.
 *
 * <h2>States</h2>
 * {@code NEW → CONNECTING → CONNECTED ⇄ RECONNECTING}, any → {@code CLOSED}; a failed first connect
 * goes back to {@code NEW}. When FreeSWITCH refuses the password during a reconnect (the
 * configuration changed), the client gives up and the PBX turns {@code CLOSED} with that reason.
 */
public final class FsSupervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FsSupervisor.class);
    static final int MAX_HELD_EVENTS = 200_000;
    private static final int MAX_REMEMBERED_NAMES = 10_000;

    /** Where to connect; the password is copied into each connection config, never logged. */
    public record Target(String host, int port, char[] password, EslInboundClient.Format format,
                         List<String> events) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private final String pbxId;
    private final Target target;
    private final PbxConfig config;
    private final Clock clock;
    private final EventDispatcher dispatcher;
    private final LiveStateStore store;
    /** The events of the current socket read and their state, not yet published; reader thread only. */
    private final ReadBatch readBatch;
    private final FsStateFeed feed;
    private final Consumer<PbxEvent> tap;
    private final ExecutorService callbacks;
    private final ScheduledExecutorService resyncer;
    /** Times every api/bgapi/sendmsg of the façades for {@link PbxConfig#actionObserver()}; free when that is NONE. */
    private final ActionTimer actionTimer;
    private final EslEventMapper mapper = new EslEventMapper();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final Map<String, String> recentNames = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_REMEMBERED_NAMES;
        }
    };

    private final Object connectLock = new Object();
    private final SessionState sessionState;
    private volatile EslInboundClient client;
    private volatile boolean closed;
    private volatile Instant downSince;
    private final HeldStateChanges held;
    private volatile String recordingsDir;
    private volatile long reconnects;
    /** What the latest resync changed; read by the reconnect path for {@link StateResynced}. */
    private volatile ResyncResult lastResync;

    private record Waiter(Predicate<PbxEvent> match, CompletableFuture<PbxEvent> future) {
    }

    /** Wires the parts; nothing connects until {@link #connect()}. */
    public FsSupervisor(String pbxId, Target target, PbxConfig config, Clock clock, EventDispatcher dispatcher,
                        LiveStateStore store, FsStateFeed feed, Consumer<PbxEvent> tap) {
        this.pbxId = pbxId;
        this.target = target;
        this.config = config;
        this.clock = clock;
        this.dispatcher = dispatcher;
        this.sessionState = new SessionState(pbxId, clock, dispatcher, LOG);
        this.held = new HeldStateChanges(pbxId, MAX_HELD_EVENTS, this::applyToState, LOG);
        this.store = store;
        this.readBatch = new ReadBatch(pbxId, store, dispatcher);
        this.feed = feed;
        this.tap = tap;
        this.actionTimer = new ActionTimer(pbxId, config.actionObserver());
        this.callbacks = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "voipkit-esl-callback-" + pbxId);
            t.setDaemon(true);
            return t;
        });
        this.resyncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "voipkit-esl-resync-" + pbxId);
            t.setDaemon(true);
            return t;
        });
    }

    /** The PBX's session state. */
    public ConnectionState state() {
        return sessionState.get();
    }

    /** Successful reconnects (each followed by a resync) since construction. */
    public long reconnects() {
        return reconnects;
    }

    /** The settings. */
    public PbxConfig config() {
        return config;
    }

    /** FreeSWITCH's {@code recordings_dir}, read at connect, or {@code null} before. */
    public String recordingsDir() {
        return recordingsDir;
    }

    // ---------------------------------------------------------------- connect

    /**
     * Connects, authenticates, subscribes and synchronises, blocking. Does nothing when connected
     * or reconnecting; after a failure the state is {@code NEW} again and the exception is thrown.
     */
    public void connect() {
        synchronized (connectLock) {
            if (!sessionState.beginConnect(closed, target)) {
                return;
            }
            EslInboundClient c = newClient();
            try {
                c.subscribe(target.format(), target.events().toArray(new String[0]));
                client = c;
                c.connect();
                if (closed) {
                    throw new PbxNotConnectedException("PBX " + pbxId + " was closed while connecting");
                }
                resync();
            } catch (RuntimeException e) {
                client = null;
                c.close();
                if (!closed) {
                    sessionState.transition(ConnectionState.NEW, "connect failed: " + e.getMessage());
                }
                throw e;
            }
            synchronized (sessionState.lock()) {
                if (closed) {
                    return;
                }
                if (c.state() == ConnectionState.CONNECTED) {
                    sessionState.transition(ConnectionState.CONNECTED,
                            "authenticated, events subscribed, live state synchronised");
                    return;
                }
                // lost right after the sync (the client's report was ignored while CONNECTING): catch up
                downSince = clock.instant();
                store.markStale();
                sessionState.transition(ConnectionState.RECONNECTING,
                        "ESL connection to " + target + " lost right after connect");
            }
            if (c.state() == ConnectionState.CONNECTED) {
                resyncer.execute(this::resyncAfterReconnect);
            }
        }
    }

    private EslInboundClient newClient() {
        EslConnectionConfig cfg = EslConnectionConfig.builder()
                .host(target.host()).port(target.port()).password(target.password())
                .connectTimeout(config.connectTimeout())
                .commandTimeout(config.actionTimeout())
                // bgapi jobs (originate) are timed by the caller; this only bounds forgotten ones
                .backgroundJobTimeout(Duration.ofHours(25))
                .limits(new EslLimits(Math.max(config.maxFrameLineLength(), 1 << 16), config.maxHeadersPerFrame(),
                        Math.max(config.maxFrameBytes(), 16 << 20)))
                .callbackExecutor(callbacks)
                .eventSink(this::onEvent)
                // the end of each read: its state, then its events as one batch (one wake-up per subscriber per read)
                .eventBatchEnd(readBatch::publish)
                .beforeReply(readBatch::publishState)
                .build();
        return new EslInboundClient(cfg, config.reconnectInitialDelay(), config.reconnectMaxDelay(), this::clientState);
    }

    private void resync() {
        for (int round = 1; ; round++) {
            startHolding();
            EslInboundClient c = client;
            if (c == null) {
                throw new PbxNotConnectedException("PBX " + pbxId + ": no ESL session to synchronise");
            }
            FsResync.Items items = FsResync.read(this::syncApi, pbxId);
            if (items.recordingsDir() != null) {
                recordingsDir = items.recordingsDir();
            }
            ResyncResult result = feed.resync(items);
            if (releaseHeld(round == 3)) {
                lastResync = result;
                return;
            }
            LOG.warn("ESL {}: more than {} events arrived during the state sync; synchronising again", pbxId,
                    MAX_HELD_EVENTS);
        }
    }

    /** {@code api} for the resync: allowed before the PBX counts as connected. */
    private String syncApi(String command, String args) {
        EslInboundClient c = client;
        if (c == null) {
            throw new PbxNotConnectedException("PBX " + pbxId + ": ESL session lost during the state sync");
        }
        return await(c.api(command, args), command, config.resyncTimeout());
    }

    // ---------------------------------------------------------------- reconnect

    /** The client's own state changes: loss, reconnect, refusal. */
    private void clientState(ConnectionState s) {
        ConnectionState now = sessionState.get();
        if (closed || now == ConnectionState.NEW || now == ConnectionState.CONNECTING) {
            return; // the first connect handles its own outcome
        }
        switch (s) {
            case RECONNECTING -> lost("ESL connection to " + target + " lost");
            case CONNECTED -> resyncer.execute(this::resyncAfterReconnect);
            case CLOSED -> {
                LOG.error("PBX {}: FreeSWITCH refused the ESL login during a reconnect; giving up", pbxId);
                closeQuietly("FreeSWITCH refused the login during a reconnect (password or ACL changed)");
            }
            default -> {
            }
        }
    }

    private void lost(String reason) {
        synchronized (sessionState.lock()) {
            if (closed || sessionState.get() != ConnectionState.CONNECTED) {
                return;
            }
            downSince = clock.instant();
            store.markStale();
            sessionState.transition(ConnectionState.RECONNECTING, reason);
        }
        failWaiters(new PbxNotConnectedException("PBX " + pbxId + ": " + reason));
    }

    private void resyncAfterReconnect() {
        if (closed) {
            return;
        }
        if (sessionState.get() == ConnectionState.CONNECTED) {
            // the loss was never reported to us (a very short outage): still resync, quietly
            downSince = clock.instant();
        }
        try {
            resync();
        } catch (RuntimeException e) {
            EslInboundClient c = client;
            if (!closed && c != null && c.state() == ConnectionState.CONNECTED) {
                LOG.warn("ESL {}: state sync after reconnect failed ({}); retrying", pbxId, e.getMessage());
                resyncer.schedule(this::resyncAfterReconnect, config.reconnectInitialDelay().toMillis(),
                        TimeUnit.MILLISECONDS);
            } else {
                LOG.info("ESL {}: state sync after reconnect interrupted: {}", pbxId, e.getMessage());
            }
            return;
        }
        Instant now = clock.instant();
        Instant since = downSince;
        Duration downtime = since == null || since.isAfter(now) ? Duration.ZERO : Duration.between(since, now);
        ResyncResult r = lastResync;
        synchronized (sessionState.lock()) {
            if (closed) {
                return;
            }
            sessionState.publish(new StateResynced(pbxId, now, RawFields.empty(), r.endedCalls(), r.changedEndpoints(),
                    downtime));
            reconnects++;
            sessionState.transition(ConnectionState.CONNECTED, "reconnected, down " + downtime.toMillis()
                    + " ms; live state resynchronised (" + r.endedCalls().size() + " call(s) ended, "
                    + r.changedEndpoints().size() + " endpoint(s) changed)");
        }
    }

    // ---------------------------------------------------------------- gateway for the façades

    /**
     * {@code api <command> <args>}, waiting at most the action timeout.
     *
     * @throws PbxNotConnectedException unless connected
     * @throws PbxTimeoutException      when FreeSWITCH does not answer in time
     * @throws PbxActionFailedException on {@code -ERR}/{@code -USAGE}, with FreeSWITCH's text
     */
    public String api(String command, String args) {
        // Every api/bgapi/sendmsg of the façades passes through these three methods, so this is
        // where actions are timed. The command is the timer's action name; its arguments never are
        // (numbers, variables). A request rejected before sending (InvalidRequestException) is not an action.
        long start = actionTimer.start();
        CompletableFuture<String> f = send(command, start, c -> c.api(command, args));
        return timedAwait(f, command, command, start);
    }

    /**
     * {@code bgapi}: the future completes with the job's result (or FreeSWITCH's error). Timed
     * until that result: for {@code originate}, until the call is answered or has failed.
     */
    public CompletableFuture<String> bgapi(String command, String args) {
        long start = actionTimer.start();
        CompletableFuture<String> job = send(command, start, c -> c.bgapi(command, args));
        // -ERR fails the job's future (PbxActionFailedException), so any normal completion is a success.
        return actionTimer.track(job, command, start, body -> true);
    }

    /** {@code sendmsg <uuid>} executing {@code app} with {@code arg}; waits for the {@code +OK}. */
    public String execute(String uuid, String app, String arg) {
        long start = actionTimer.start();
        CompletableFuture<String> f = send("sendmsg", start, c -> c.execute(uuid, app, arg));
        return timedAwait(f, "sendmsg " + app, "sendmsg", start);
    }

    /**
     * Sends through the current session; no session (checked here, or found missing by the client
     * while sending) is reported as {@code NOT_CONNECTED} under {@code timed} before it is thrown.
     */
    private CompletableFuture<String> send(String timed, long start,
                                           Function<EslInboundClient, CompletableFuture<String>> sending) {
        try {
            return sending.apply(connected(timed));
        } catch (PbxNotConnectedException e) {
            actionTimer.record(timed, start, ActionObserver.Outcome.NOT_CONNECTED);
            throw e;
        }
    }

    /** {@link #await} with the outcome reported under {@code timed}; exactly once, on the calling thread. */
    private String timedAwait(CompletableFuture<String> f, String action, String timed, long start) {
        String body;
        try {
            body = await(f, action, config.actionTimeout());
        } catch (RuntimeException e) {
            actionTimer.failed(timed, start, e);
            throw e;
        }
        actionTimer.record(timed, start, ActionObserver.Outcome.SUCCESS);
        return body;
    }

    private EslInboundClient connected(String what) {
        EslInboundClient c = client;
        ConnectionState s = sessionState.get();
        if (c == null || s != ConnectionState.CONNECTED) {
            throw sessionState.notConnected(what, s);
        }
        return c;
    }

    /** Waits for {@code f}; unwraps voipkit exceptions, maps a timeout to {@link PbxTimeoutException}. */
    <T> T await(CompletableFuture<T> f, String action, Duration timeout) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PbxException p) {
                throw p;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new PbxNotConnectedException("ESL " + action + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new PbxTimeoutException(action, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PbxNotConnectedException("Interrupted while waiting for ESL " + action, e);
        }
    }

    /**
     * A future completed (on a callback thread) with the first event that matches, in the event
     * path; register before sending the command that causes it. Cancel it when no longer needed.
     */
    public CompletableFuture<PbxEvent> awaitEvent(Predicate<PbxEvent> match) {
        CompletableFuture<PbxEvent> f = new CompletableFuture<>();
        Waiter w = new Waiter(match, f);
        waiters.add(w);
        f.whenComplete((e, ex) -> waiters.remove(w));
        return f;
    }

    /** The channel name FreeSWITCH gave {@code uuid}, if its {@code CHANNEL_CREATE} was seen lately. */
    public String recentChannelName(String uuid) {
        synchronized (recentNames) {
            return recentNames.get(uuid);
        }
    }

    // ---------------------------------------------------------------- event path

    private void onEvent(EslEvent e) {
        List<PbxEvent> all;
        synchronized (mapper) {
            all = mapper.mapAll(e, pbxId, clock.instant());
        }
        // One frame can give two events (CHANNEL_HANGUP_COMPLETE: CallEnded, then CallRecordCreated).
        for (int i = 0; i < all.size(); i++) {
            handle(all.get(i));
        }
    }

    private void handle(PbxEvent p) {
        if (p instanceof ChannelCreated c) {
            synchronized (recentNames) {
                recentNames.put(c.uniqueId(), c.channel());
            }
        }
        if (!held.offer(p)) {
            readBatch.beforeStateWrite(); // one state snapshot per socket read, not one per event
            applyToState(p);
        }
        try {
            tap.accept(p);
        } catch (RuntimeException ex) {
            LOG.warn("PBX {}: call-quality tap failed on {}: {}", pbxId, p.name(), ex.toString());
        }
        readBatch.add(p);
        if (!waiters.isEmpty()) {
            wakeWaiters(p);
        }
    }

    /** Completes the waiters {@code p} matches, after publishing the state so far: their callers must find it. */
    private void wakeWaiters(PbxEvent p) {
        boolean statePublished = false;
        for (Waiter w : waiters) {
            try {
                if (w.match.test(p)) {
                    if (!statePublished) {
                        readBatch.publishState();
                        statePublished = true;
                    }
                    callbacks.execute(() -> w.future.complete(p));
                }
            } catch (RuntimeException ex) {
                LOG.warn("PBX {}: an event waiter failed: {}", pbxId, ex.toString());
            }
        }
    }

    /** A bug in the feed must not cost subscribers the event: logged, and the event goes on. */
    private void applyToState(PbxEvent p) {
        try {
            feed.apply(p);
        } catch (RuntimeException ex) {
            LOG.error("PBX {}: live-state feed failed on {}; the event is still published", pbxId, p.name(), ex);
        }
    }

    private void startHolding() {
        held.start();
    }

    private boolean releaseHeld(boolean force) {
        return held.release(force, () -> { });
    }

    private void failWaiters(RuntimeException e) {
        for (Waiter w : waiters) {
            w.future.completeExceptionally(e);
        }
    }

    // ---------------------------------------------------------------- state

    private void closeQuietly(String reason) {
        EslInboundClient c;
        synchronized (sessionState.lock()) {
            if (closed) {
                return;
            }
            sessionState.transition(ConnectionState.CLOSED, reason);
            closed = true;
            c = client;
            client = null;
            store.markStale();
        }
        if (c != null) {
            c.close();
        }
        failWaiters(new PbxNotConnectedException("PBX " + pbxId + " was closed: " + reason));
        resyncer.shutdownNow();
        callbacks.shutdown();
    }

    /** Sends {@code exit}, closes the session, stops reconnecting. Idempotent. */
    @Override
    public void close() {
        closeQuietly("closed by the application");
    }

    @Override
    public String toString() {
        return "FsSupervisor[" + pbxId + ", " + target + ", " + sessionState.get() + "]";
    }
}
