package io.voipkit.simulator.esl.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Event Socket listener of the simulated FreeSWITCH: one acceptor thread, one
 * {@link EslSession} (reader + writer thread) per client, event and log fan-out.
 *
 * <p>Thread-safe. {@link #event} and {@link #log} are called with the model lock held, which gives
 * every client the same order.
 */
public final class EslServer implements FsModel.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(EslServer.class);

    private final InetAddress bindAddress;
    private final int queueCapacity;
    private final String password;
    private final List<EslSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile FsModel model;
    private volatile ScheduledExecutorService scheduler;
    private volatile ServerSocket serverSocket;
    private volatile Thread acceptor;

    /** A server on this address whose clients authenticate with {@code password}. */
    public EslServer(InetAddress bindAddress, int queueCapacity, String password) {
        this.bindAddress = bindAddress;
        this.queueCapacity = queueCapacity;
        this.password = password;
    }

    /** Sets the model that answers commands; must be called before {@link #start}. */
    public void model(FsModel value, ScheduledExecutorService executor) {
        this.model = value;
        this.scheduler = executor;
    }

    FsModel model() {
        return model;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    boolean passwordMatches(String candidate) {
        // Constant-time comparison: the simulator is a test server, but it should not teach bad habits.
        return java.security.MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Binds (port 0 = ephemeral) and starts accepting. */
    public synchronized void start(int port) {
        try {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(bindAddress, port), 50);
            serverSocket = ss;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bindAddress.getHostAddress() + ":" + port, e);
        }
        ServerSocket ss = serverSocket;
        Thread t = new Thread(() -> acceptLoop(ss), "voipkit-sim-esl-acceptor-" + ss.getLocalPort());
        t.setDaemon(true);
        acceptor = t;
        t.start();
    }

    private void acceptLoop(ServerSocket ss) {
        while (!ss.isClosed()) {
            try {
                Socket s = ss.accept();
                s.setTcpNoDelay(true);
                EslSession c = new EslSession(s, this, queueCapacity, ids.incrementAndGet());
                sessions.add(c);
                c.start();
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                LOG.warn("ESL accept failed: {}", e.toString());
            }
        }
    }

    /** The bound port, or -1 before {@link #start}. */
    public int port() {
        ServerSocket ss = serverSocket;
        return ss == null ? -1 : ss.getLocalPort();
    }

    /** Stops listening and closes every client. */
    public synchronized void stop() {
        ServerSocket ss = serverSocket;
        if (ss != null) {
            try {
                ss.close();
            } catch (IOException ignored) {
                // already closing
            }
        }
        dropConnections();
        Thread t = acceptor;
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void event(FsEvent event) {
        // Each format is encoded at most once per event, however many clients want it.
        Map<FsEvent.Format, byte[]> encoded = new EnumMap<>(FsEvent.Format.class);
        for (EslSession s : sessions) {
            s.offerEvent(event, encoded);
        }
    }

    @Override
    public void log(int level, String file, String func, int line, String uuid, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("Content-Type: log/data\nContent-Length: " + body.length + "\nLog-Level: " + level + "\nText-Channel: 3\nLog-File: "
                + file + "\nLog-Func: " + func + "\nLog-Line: " + line + "\nUser-Data: " + (uuid == null ? "" : uuid) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[head.length + body.length];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(body, 0, frame, head.length, body.length);
        for (EslSession s : sessions) {
            s.offerLog(level, frame);
        }
    }

    /** Sends raw bytes to every authenticated client (malformed and oversized frames). */
    public void broadcastRaw(byte[] bytes) {
        for (EslSession s : sessions) {
            if (s.authenticated()) {
                s.sendRaw(bytes);
            }
        }
    }

    /** Closes every client connection at once (the listener stays open). */
    public void dropConnections() {
        for (EslSession s : sessions) {
            s.close();
        }
    }

    /** Number of open client connections. */
    public int connectionCount() {
        return sessions.size();
    }

    /** Authenticated clients that listen for events. */
    public int listenerCount() {
        return (int) sessions.stream().filter(EslSession::listening).count();
    }

    void removed(EslSession s) {
        sessions.remove(s);
    }
}
