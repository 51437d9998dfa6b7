package io.voipkit.routing;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import io.voipkit.routing.internal.FastAgiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers routing questions from the Asterisk dialplan at call time over FastAGI: the dialplan
 * calls {@code AGI(agi://127.0.0.1:4573/route)}, the server decides with a {@link RoutingEngine}
 * for the channel's caller id ({@code agi_callerid}) and dialled extension
 * ({@code agi_extension}) — or for {@code AGI(agi://.../route,CALLER,CALLED)} arguments when
 * given — and sets the decision's {@link RouteDecision#channelVariables() channel variables}.
 *
 * <pre>{@code
 * ; extensions.conf
 * exten => _X.,1,AGI(agi://127.0.0.1:4573/route)
 *  same => n,GotoIf($["${VOIPKIT_ROUTE_TARGET}" = ""]?fallback)
 *  same => n,Dial(${VOIPKIT_ROUTE_TARGET},${VOIPKIT_ROUTE_RINGTIME})
 *  same => n,Hangup()
 *  same => n(fallback),Queue(support)
 * }</pre>
 *
 * <pre>{@code
 * try (FastAgiRoutingServer agi = FastAgiRoutingServer.builder(engine).port(4573).build().start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Never hangs a call: a connection that sends nothing for the read timeout (default 5 s) is
 * closed, lines longer than 2 KiB or more than 256 environment lines close it, and any failure to
 * decide (invalid numbers) answers {@code VOIPKIT_ROUTE_ACTION=none} with an empty target and a
 * {@code VOIPKIT_ROUTE_ERROR} text, so the dialplan falls back to its own routing. Connections are
 * served by a bounded pool; when it is full, new connections are closed at once (the dialplan's
 * {@code AGI} then returns {@code AGISTATUS=FAILURE} and falls back) rather than queued.
 *
 * <p><b>Waiting for a free member.</b> With {@link Builder#queues(CallQueues)}, a call whose
 * decision is a group with nobody available (or with callers already waiting for it: first come,
 * first served) joins that group's queue, and the AGI session itself holds the call: it sets
 * {@code VOIPKIT_ROUTE_ACTION=wait} and {@code VOIPKIT_ROUTE_QUEUE_POSITION}, starts music on hold
 * ({@link Builder#holdMusic}), and answers only when the queue has an outcome: the member it was
 * dispatched to ({@code VOIPKIT_ROUTE_ACTION=group}, the member as {@code VOIPKIT_ROUTE_TARGET},
 * {@code VOIPKIT_ROUTE_WAITED} in seconds), or after the queue's max wait its overflow action
 * ({@code VOIPKIT_ROUTE_OVERFLOW=timeout}), or {@code none} when there is none. The dialplan
 * needs no loop: the same three lines as above. A caller who hangs up while waiting (Asterisk
 * sends {@code HANGUP} on the AGI socket) is abandoned. Bounded: at most
 * {@link Builder#maxWaitingSessions} calls wait at once (default half of {@code maxSessions}, so
 * waiting calls never starve new ones); beyond that, and when the group's queue is full, the
 * call gets the group's overflow action or "no decision" at once; a hold never outlasts the
 * queue's max wait plus 5 s.
 *
 * <p>Thread-safe; {@link #close()} stops accepting and closes open sessions.
 */
public final class FastAgiRoutingServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FastAgiRoutingServer.class);

    private final RoutingEngine engine;
    private final InetAddress bindAddress;
    private final int requestedPort;
    private final Duration readTimeout;
    private final int maxSessions;
    private final String scriptName;
    private final CallQueues queues;
    private final String holdMusic;
    private final int maxWaitingSessions;
    private final AtomicInteger waitingSessions = new AtomicInteger();
    private final FastAgiSession.Router router;
    private volatile ServerSocket server;
    private volatile ExecutorService sessions;
    private Thread acceptor;

    private FastAgiRoutingServer(Builder b) {
        this.engine = b.engine;
        this.bindAddress = b.bindAddress;
        this.requestedPort = b.port;
        this.readTimeout = b.readTimeout;
        this.maxSessions = b.maxSessions;
        this.scriptName = b.scriptName;
        this.queues = b.queues;
        this.holdMusic = b.holdMusic;
        this.maxWaitingSessions = b.maxWaitingSessions > 0 ? Math.min(b.maxWaitingSessions, maxSessions)
                : Math.max(1, maxSessions / 2);
        this.router = this::route;
    }

    /** The decision for one call; with queues, a call nobody can take now waits (see the class comment). */
    private FastAgiSession.Reply route(RouteRequest request, Map<String, String> env) {
        RouteDecision d = engine.decide(request);
        if (queues == null || d.group().isEmpty() || d.group().get().maxQueueSize() == 0) {
            return new FastAgiSession.Now(d.channelVariables());
        }
        NumberGroup group = d.group().get();
        if (d.isRouted() && queues.waitingCount(group.name()) == 0) {
            return new FastAgiSession.Now(d.channelVariables());
        }
        String callId = Checks.blankToNull(env.get("agi_uniqueid"));
        if (callId == null) {
            callId = Checks.blankToNull(env.get("agi_channel"));
        }
        if (callId == null) {
            return new FastAgiSession.Now(d.channelVariables()); // nothing to identify the caller by
        }
        if (waitingSessions.incrementAndGet() > maxWaitingSessions) {
            waitingSessions.decrementAndGet();
            log.warn("FastAGI: {} calls already wait, call {} is not queued for {}", maxWaitingSessions,
                    Checks.abbreviate(callId), group.name());
            return new FastAgiSession.Now(overflow(d, queues.overflowAction(group.name()), "busy").channelVariables());
        }
        CallQueues.Joined joined;
        try {
            joined = queues.joinWatched(group.name(), callId, request.caller());
        } catch (InvalidRequestException e) {
            waitingSessions.decrementAndGet();
            throw e; // answered "none" with the reason (for example the same call id already waits)
        }
        if (!joined.result().joined()) {
            waitingSessions.decrementAndGet();
            return new FastAgiSession.Now(overflow(d, joined.result().overflow(), "full").channelVariables());
        }
        int position = joined.result().position();
        CompletableFuture<Map<String, String>> answer = joined.outcome().handle((outcome, failure) -> {
            waitingSessions.decrementAndGet();
            return failure != null ? null : variables(d, outcome, position);
        });
        Map<String, String> holdVars = new LinkedHashMap<>();
        holdVars.put("VOIPKIT_ROUTE_ACTION", "wait");
        holdVars.put("VOIPKIT_ROUTE_QUEUE_POSITION", Integer.toString(position));
        holdVars.put("VOIPKIT_ROUTE_GROUP", group.name());
        String id = callId;
        return new FastAgiSession.Hold(holdVars, holdMusic, answer, () -> queues.abandon(id),
                queues.maxWait().plusSeconds(5));
    }

    /** The channel variables of a queued call's outcome. */
    private Map<String, String> variables(RouteDecision d, CallQueues.Outcome outcome, int position) {
        Map<String, String> v;
        if (outcome instanceof CallQueues.Assignment a) {
            NumberGroup g = engine.ruleSet().group(a.group()).orElse(d.group().orElseThrow());
            v = new LinkedHashMap<>(d.withOutcome(new RouteAction.ToGroup(a.group()), g, a.members(),
                    "; waited " + a.waited().toSeconds() + " s in the queue").channelVariables());
        } else if (outcome instanceof CallQueues.Overflow o) {
            v = new LinkedHashMap<>(overflow(d, o.action(), "timeout").channelVariables());
        } else {
            v = new LinkedHashMap<>(FastAgiSession.none("the caller hung up while waiting"));
        }
        v.put("VOIPKIT_ROUTE_QUEUE_POSITION", Integer.toString(position));
        v.put("VOIPKIT_ROUTE_WAITED", Long.toString(outcome.waited().toSeconds()));
        return v;
    }

    /** The decision for an overflow action ({@code why}: full, timeout, busy), or "no decision" without one. */
    private RouteDecision overflow(RouteDecision d, Optional<RouteAction> action, String why) {
        String note = "; overflow (" + why + ")";
        if (action.isEmpty()) {
            return d.withOutcome(null, null, List.of(), note + ": no overflow action, no decision");
        }
        RouteAction a = action.get();
        if (a instanceof RouteAction.ToGroup tg) {
            NumberGroup g = engine.ruleSet().group(tg.group()).orElse(null);
            if (g == null) {
                return d.withOutcome(null, null, List.of(), note + ": overflow group " + tg.group() + " is unknown");
            }
            return d.withOutcome(a, g, engine.orderMembers(g), note + " to group " + g.name());
        }
        if (a instanceof RouteAction.ToNumber tn) {
            return d.withOutcome(a, null, List.of(GroupMember.of(tn.target())), note + " to " + tn.target());
        }
        return d.withOutcome(a, null, List.of(), note + ": " + a.kind());
    }

    /** Starts a server for {@code engine}: 127.0.0.1, port 4573, script {@code route}. */
    public static Builder builder(RoutingEngine engine) {
        return new Builder(engine);
    }

    /** Binds and starts accepting connections; returns this. */
    public synchronized FastAgiRoutingServer start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        ServerSocket s;
        try {
            s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(bindAddress, requestedPort), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + bindAddress.getHostAddress() + ":" + requestedPort
                    + ": " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(maxSessions, maxSessions, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(maxSessions), r -> {
                    Thread t = new Thread(r, "voipkit-fastagi-" + s.getLocalPort() + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.sessions = pool;
        this.server = s;
        acceptor = new Thread(this::acceptLoop, "voipkit-fastagi-accept-" + s.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        log.info("FastAGI routing server listening on {}:{}", bindAddress.getHostAddress(), s.getLocalPort());
        return this;
    }

    private void acceptLoop() {
        ServerSocket s = server;
        while (!s.isClosed()) {
            Socket socket;
            try {
                socket = s.accept();
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                log.warn("FastAGI accept failed: {}", e.toString());
                continue;
            }
            try {
                socket.setSoTimeout((int) readTimeout.toMillis());
                socket.setTcpNoDelay(true);
                sessions.execute(new FastAgiSession(socket, router, scriptName));
            } catch (RejectedExecutionException | IOException e) {
                log.warn("FastAGI connection from {} refused: {} sessions busy", socket.getRemoteSocketAddress(),
                        maxSessions);
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do: the peer is gone either way
        }
    }

    /** The port the server listens on (useful with port 0); -1 before {@link #start()}. */
    public int port() {
        ServerSocket s = server;
        return s == null ? -1 : s.getLocalPort();
    }

    /** Stops accepting, and interrupts sessions still running. */
    @Override
    public synchronized void close() {
        ServerSocket s = server;
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a listening socket cannot fail in a way we could act on
        }
        sessions.shutdownNow();
    }

    /** Builds a {@link FastAgiRoutingServer}; not thread-safe. */
    public static final class Builder {
        private final RoutingEngine engine;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port = 4573;
        private Duration readTimeout = Duration.ofSeconds(5);
        private int maxSessions = 32;
        private String scriptName = "route";
        private CallQueues queues;
        private String holdMusic = "default";
        private int maxWaitingSessions;

        private Builder(RoutingEngine engine) {
            this.engine = Checks.notNull(engine, "engine");
        }

        /** The address to listen on (default loopback: AGI is unauthenticated, keep it local). */
        public Builder bindAddress(InetAddress value) {
            this.bindAddress = Checks.notNull(value, "bindAddress");
            return this;
        }

        /** The TCP port (default 4573, Asterisk's FastAGI default; 0 for any free port). */
        public Builder port(int value) {
            this.port = Checks.inRange(value, 0, 65_535, "port");
            return this;
        }

        /** How long a session may wait for Asterisk's next line (default 5 s, at most 1 min). */
        public Builder readTimeout(Duration value) {
            Checks.positive(value, "readTimeout");
            this.readTimeout = Checks.atMost(value, Duration.ofMinutes(1), "readTimeout");
            return this;
        }

        /** How many calls may be served at once (default 32, 1 to 4096). */
        public Builder maxSessions(int value) {
            this.maxSessions = Checks.inRange(value, 1, 4096, "maxSessions");
            return this;
        }

        /** The script path the dialplan asks for (default {@code route}); other paths get {@code none}. */
        public Builder scriptName(String value) {
            this.scriptName = Checks.identifier(value, "scriptName");
            return this;
        }

        /**
         * Lets calls wait in these queues when nobody in their group is available (see the class
         * comment). The queues must serve the same engine and run automatically
         * ({@link CallQueues.Builder#watch} or {@link CallQueues.Builder#checkInterval}), or nobody
         * would ever be dispatched.
         */
        public Builder queues(CallQueues value) {
            Checks.notNull(value, "queues");
            if (value.engine() != engine) {
                throw new InvalidRequestException("queues", "the queues serve another RoutingEngine than this server");
            }
            if (!value.isAutomatic()) {
                throw new InvalidRequestException("queues", "the queues must run automatically (build them with"
                        + " watch(pbx) or checkInterval(...)), or a waiting call would never be dispatched");
            }
            this.queues = value;
            return this;
        }

        /** The music-on-hold class a waiting caller hears (default {@code default}). */
        public Builder holdMusic(String mohClass) {
            this.holdMusic = Checks.identifier(mohClass, "holdMusic");
            return this;
        }

        /** Waiting callers hear nothing (for example when the dialplan already plays something). */
        public Builder noHoldMusic() {
            this.holdMusic = null;
            return this;
        }

        /** How many calls may wait at once (default: half of {@link #maxSessions}, at least 1; at most maxSessions). */
        public Builder maxWaitingSessions(int value) {
            this.maxWaitingSessions = Checks.inRange(value, 1, 4096, "maxWaitingSessions");
            return this;
        }

        /** Builds the server (not started). */
        public FastAgiRoutingServer build() {
            return new FastAgiRoutingServer(this);
        }
    }
}
