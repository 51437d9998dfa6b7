package io.voipkit.simulator.esl.internal;

import io.voipkit.simulator.internal.LoopbackListener;
import io.voipkit.simulator.internal.Outbox;

import java.net.InetAddress;
import java.net.Socket;
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

    private final int queueCapacity;
    private final String password;
    private final List<EslSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile FsModel model;
    private volatile ScheduledExecutorService scheduler;
    private final LoopbackListener listener;

    /** A server on this address whose clients authenticate with {@code password}. */
    public EslServer(InetAddress bindAddress, int queueCapacity, String password) {
        this.queueCapacity = queueCapacity;
        this.password = password;
        this.listener = new LoopbackListener(bindAddress, "esl", this::accepted);
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
    public void start(int port) {
        listener.start(port);
    }

    private void accepted(Socket s) {
        EslSession c = new EslSession(s, this, queueCapacity, ids.incrementAndGet());
        sessions.add(c);
        c.start();
    }

    /** The bound port, or -1 before {@link #start}. */
    public int port() {
        return listener.port();
    }

    /** Stops listening and closes every client. */
    public void stop() {
        listener.stop(this::dropConnections);
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

    /**
     * Writes {@code count} frames produced by {@code next} to every client listening to events,
     * waiting for room in each client's queue (blocking backpressure), then waits until they are
     * written. Returns the number of frames written per client.
     */
    public long blast(long count, java.util.function.LongFunction<byte[]> next) throws InterruptedException {
        return Outbox.blast(sessions.stream().filter(EslSession::listening).map(EslSession::outbox).toList(), count, next);
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
