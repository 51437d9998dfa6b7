package io.voipkit.simulator.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AMI listener: one acceptor thread, one {@link ClientConnection} (reader + writer thread) per
 * client, event fan-out to every logged-in client, and the wire-level faults (stall, slow link,
 * dropped connections).
 *
 * <p>Thread-safe. {@link #broadcast} is called with the model lock held, which gives every client
 * the same event order.
 */
public final class AmiServer {
    /** Asterisk's greeting: one line, no empty line after it (fact 1). */
    public static final String GREETING = "Asterisk Call Manager/11.0.0\r\n";

    private final int queueCapacity;
    private final List<ClientConnection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Object stallLock = new Object();
    private volatile ActionHandler handler;
    private final LoopbackListener listener;
    private volatile long stalledUntilNanos;
    private volatile long bytesPerSecond;

    /** A server for this address; {@code queueCapacity} messages may wait per client. */
    public AmiServer(InetAddress bindAddress, int queueCapacity) {
        this.queueCapacity = queueCapacity;
        this.listener = new LoopbackListener(bindAddress, "ami", this::accepted);
    }

    /** Sets who answers actions; must be called before {@link #start}. */
    public void handler(ActionHandler handler) {
        this.handler = handler;
    }

    ActionHandler handler() {
        return handler;
    }

    /** Binds (port 0 = ephemeral) and starts accepting. */
    public void start(int port) {
        listener.start(port);
    }

    private void accepted(Socket s) {
        ClientConnection c = new ClientConnection(s, this, queueCapacity, ids.incrementAndGet());
        connections.add(c);
        c.start(GREETING);
    }

    /** The bound port, or -1 before {@link #start}. */
    public int port() {
        return listener.port();
    }

    /** Stops listening and closes every client. */
    public void stop() {
        listener.stop(this::dropConnections);
    }

    /** Sends an event to every logged-in client whose permissions and mask allow it. */
    public void broadcast(AmiMessage event) {
        byte[] encoded = null;
        for (ClientConnection c : connections) {
            if (c.wants(event.privilege())) {
                if (encoded == null) {
                    encoded = event.encode();
                }
                c.offerEvent(event, encoded);
            }
        }
    }

    /** Sends raw bytes to every logged-in client (malformed and oversized frames). */
    public void broadcastRaw(byte[] bytes) {
        for (ClientConnection c : connections) {
            if (c.loggedIn()) {
                c.sendRaw(bytes);
            }
        }
    }

    /** Logged-in clients that receive events of this privilege. */
    public List<ClientConnection> receivers(String privilege) {
        return connections.stream().filter(c -> c.wants(privilege)).toList();
    }

    /** Closes every client connection at once (the listener stays open). */
    public void dropConnections() {
        for (ClientConnection c : connections) {
            c.close();
        }
    }

    /** Number of open client connections. */
    public int connectionCount() {
        return connections.size();
    }

    void removed(ClientConnection c) {
        connections.remove(c);
    }

    /** Stops reading and writing on every connection for the given time. */
    public void stall(long nanos) {
        synchronized (stallLock) {
            stalledUntilNanos = System.nanoTime() + nanos;
            stallLock.notifyAll();
        }
    }

    void awaitNotStalled() {
        while (true) {
            long remaining = stalledUntilNanos - System.nanoTime();
            if (stalledUntilNanos == 0 || remaining <= 0) {
                return;
            }
            synchronized (stallLock) {
                try {
                    stallLock.wait(Math.max(1, remaining / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Limits every client's outbound bytes per second; 0 removes the limit. */
    public void slowWrites(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    void throttledWrite(OutputStream out, byte[] bytes) throws IOException {
        long rate = bytesPerSecond;
        if (rate <= 0) {
            out.write(bytes);
            return;
        }
        // Write in small chunks and sleep between them so the client sees a trickle, message bytes
        // split across many TCP reads (fact 3).
        int chunk = (int) Math.max(1, Math.min(bytes.length, rate / 10));
        for (int off = 0; off < bytes.length; off += chunk) {
            int len = Math.min(chunk, bytes.length - off);
            out.write(bytes, off, len);
            out.flush();
            try {
                Thread.sleep(Math.max(1, len * 1000L / rate));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (bytesPerSecond <= 0) {
                out.write(bytes, off + len, bytes.length - off - len);
                return;
            }
        }
    }

    /** All current connections, for blast mode. */
    List<ClientConnection> connections() {
        return List.copyOf(connections);
    }

    /**
     * Writes {@code count} messages produced by {@code next} to every client receiving events of
     * that privilege, waiting for room in each client's queue (blocking backpressure), then waits
     * until they are written. Returns the number of messages written per client.
     */
    public long blast(long count, java.util.function.LongFunction<byte[]> next, String privilege) throws InterruptedException {
        return Outbox.blast(receivers(privilege).stream().map(ClientConnection::outbox).toList(), count, next);
    }
}
