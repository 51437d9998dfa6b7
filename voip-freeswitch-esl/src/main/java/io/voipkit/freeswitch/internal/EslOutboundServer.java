package io.voipkit.freeswitch.internal;

import io.voipkit.core.internal.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The server side of outbound mode: FreeSWITCH's {@code socket <host>:<port> async full}
 * dialplan application connects here once per call. For each connection the server sends
 * {@code connect}, wraps the channel in an {@link EslOutboundSession} and runs the user's handler
 * on its own bounded executor; the session is closed when the handler returns.
 *
 * <p>At most {@code maxSessions} calls are handled at once: a connection beyond that is closed at
 * once with a WARN line (FreeSWITCH then continues the dialplan, or fails the {@code socket}
 * application), so a call storm cannot exhaust threads or memory. The accept loop runs no user
 * code. Thread-safe; {@link #close()} stops accepting and closes the open sessions.
 */
public final class EslOutboundServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EslOutboundServer.class);

    private final ServerSocket server;
    private final Semaphore slots;
    private final ThreadPoolExecutor executor;
    private final Consumer<EslOutboundSession> handler;
    private final EslConnectionConfig template;
    private final AtomicInteger rejected = new AtomicInteger();

    /**
     * Binds and starts accepting.
     *
     * @param bindAddress address to listen on (use loopback unless FreeSWITCH runs elsewhere)
     * @param port        port, or 0 for any free one (see {@link #port()})
     * @param maxSessions most calls handled at once
     * @param template    timeouts, limits and event sink for each session (host, port and password unused)
     * @param handler     user code per call; runs on the server's executor, must not throw
     * @throws java.io.UncheckedIOException when the port cannot be bound
     */
    public EslOutboundServer(InetAddress bindAddress, int port, int maxSessions, EslConnectionConfig template,
                             Consumer<EslOutboundSession> handler) {
        Checks.notNull(bindAddress, "bindAddress");
        Checks.inRange(port, 0, 65535, "port");
        Checks.positive(maxSessions, "maxSessions");
        this.template = Checks.notNull(template, "template");
        this.handler = Checks.notNull(handler, "handler");
        this.slots = new Semaphore(maxSessions);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(0, maxSessions, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "voipkit-esl-outbound-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            this.server = new ServerSocket();
            server.bind(new InetSocketAddress(bindAddress, port), 128);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot listen for FreeSWITCH outbound sockets on "
                    + bindAddress.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
        }
        Thread accept = new Thread(this::acceptLoop, "voipkit-esl-outbound-accept-" + server.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** The port listened on. */
    public int port() {
        return server.getLocalPort();
    }

    /** Connections closed because {@code maxSessions} calls were already being handled. */
    public int rejectedSessions() {
        return rejected.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.error("Outbound ESL server on port {} cannot accept: {}", port(), e.toString());
                }
                return;
            }
            if (!slots.tryAcquire()) {
                rejected.incrementAndGet();
                LOG.warn("Outbound ESL: refusing a call from {}: all {} sessions busy", s.getRemoteSocketAddress(),
                        executor.getMaximumPoolSize());
                closeQuietly(s);
                continue;
            }
            try {
                executor.execute(() -> serve(s));
            } catch (RejectedExecutionException e) {
                slots.release();
                closeQuietly(s);
            }
        }
    }

    private void serve(Socket s) {
        EslConnection c = new EslConnection(template, s);
        try {
            EslMessage data = c.startOutbound();
            try (EslOutboundSession session = new EslOutboundSession(c, data)) {
                handler.accept(session);
            }
        } catch (RuntimeException e) {
            LOG.error("Outbound ESL session from {} failed: {}", s.getRemoteSocketAddress(), e.toString(), e);
            c.close();
        } finally {
            slots.release();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // abandoning it
        }
    }

    /** Stops accepting and interrupts the handlers; open sessions are closed as their handlers end. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        executor.shutdownNow();
    }
}
