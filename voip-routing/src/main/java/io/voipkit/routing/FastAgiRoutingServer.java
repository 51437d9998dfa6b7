package io.voipkit.routing;

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
                sessions.execute(new FastAgiSession(socket, engine, scriptName));
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

        /** Builds the server (not started). */
        public FastAgiRoutingServer build() {
            return new FastAgiRoutingServer(this);
        }
    }
}
