package io.voipkit.simulator.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One AMI client: a reader thread that parses actions and hands them to the {@link ActionHandler},
 * and a writer thread that drains a bounded queue of whole messages, so messages never interleave
 * and a slow client never blocks the model or other clients. When the queue overflows, the client
 * is disconnected with a log line, as real Asterisk drops clients that do not read.
 *
 * <p>Thread-safe: {@link #send} and {@link #offerEvent} may be called from any thread.
 */
public final class ClientConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    private static final Object CLOSE_MARK = new Object();

    private final Socket socket;
    private final AmiServer server;
    private final BlockingQueue<Object> outbound;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Set once the connection is on its way out (Logoff, failed login): nothing more is read.
    private volatile boolean closing;
    private final int id;
    // Session state, written by the reader thread, read by event fan-out threads.
    private volatile boolean loggedIn;
    private volatile String username;
    private volatile Set<Privileges> readPerm = EnumSet.noneOf(Privileges.class);
    private volatile Set<Privileges> writePerm = EnumSet.noneOf(Privileges.class);
    private volatile Set<Privileges> eventMask = EnumSet.allOf(Privileges.class);
    private volatile String challenge;

    ClientConnection(Socket socket, AmiServer server, int queueCapacity, int id) {
        this.socket = socket;
        this.server = server;
        this.outbound = new ArrayBlockingQueue<>(queueCapacity);
        this.id = id;
    }

    void start(String greeting) {
        outbound.add(greeting.getBytes(StandardCharsets.US_ASCII));
        Thread reader = new Thread(this::readLoop, "voipkit-sim-ami-reader-" + id);
        Thread writer = new Thread(this::writeLoop, "voipkit-sim-ami-writer-" + id);
        reader.setDaemon(true);
        writer.setDaemon(true);
        writer.start();
        reader.start();
    }

    private void readLoop() {
        try {
            ActionReader reader = new ActionReader(new BufferedInputStream(socket.getInputStream(), 8192));
            while (!closed.get() && !closing) {
                Action action = reader.next();
                if (action == null) {
                    break;
                }
                server.awaitNotStalled();
                if (closed.get() || closing) {
                    break;
                }
                server.handler().handle(this, action);
            }
        } catch (ActionReader.FrameTooLargeException e) {
            LOG.warn("AMI client {} sent an oversized frame ({}); closing the connection", remote(), e.getMessage());
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.debug("AMI client {} read failed: {}", remote(), e.toString());
            }
        } catch (RuntimeException e) {
            // Hostile or unexpected input must never take the server down: drop this client only.
            LOG.warn("AMI client {} caused an internal error; closing it", remote(), e);
        } finally {
            closeAfterFlush();
        }
    }

    private void writeLoop() {
        try {
            OutputStream out = socket.getOutputStream();
            while (true) {
                Object item = outbound.poll(200, TimeUnit.MILLISECONDS);
                if (item == null) {
                    if (closed.get()) {
                        return;
                    }
                    continue;
                }
                if (item == CLOSE_MARK) {
                    out.flush();
                    close();
                    return;
                }
                if (item instanceof CountDownLatch latch) {
                    out.flush();
                    latch.countDown();
                    continue;
                }
                byte[] bytes = (byte[]) item;
                server.awaitNotStalled();
                server.throttledWrite(out, bytes);
                if (outbound.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            LOG.debug("AMI client {} write failed: {}", remote(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
            // Release anyone waiting on a flush marker.
            for (Object o; (o = outbound.poll()) != null; ) {
                if (o instanceof CountDownLatch latch) {
                    latch.countDown();
                }
            }
        }
    }

    /** Queues a response or list item for this client; on overflow the client is disconnected. */
    public void send(AmiMessage message) {
        sendRaw(message.encode());
    }

    /** Queues raw bytes (faults, greeting); on overflow the client is disconnected. */
    public void sendRaw(byte[] bytes) {
        if (closed.get()) {
            return;
        }
        if (!outbound.offer(bytes)) {
            LOG.warn("AMI client {} does not read fast enough ({} messages queued); disconnecting it",
                    remote(), outbound.size());
            close();
        }
    }

    /** Queues bytes, waiting for room: used by blast mode, whose pace the client's reading sets. */
    boolean sendBlocking(byte[] bytes) throws InterruptedException {
        while (!closed.get()) {
            if (outbound.offer(bytes, 100, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** Waits until everything queued so far is written, or the client is gone. */
    void awaitFlushed() throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        while (!closed.get()) {
            if (outbound.offer(latch, 100, TimeUnit.MILLISECONDS)) {
                while (!closed.get() && !latch.await(100, TimeUnit.MILLISECONDS)) {
                    // keep waiting; a closed client releases us
                }
                return;
            }
        }
    }

    /** Queues an event if this client is logged in and both its read permission and event mask allow it. */
    public void offerEvent(AmiMessage event, byte[] encoded) {
        if (wants(event.privilege())) {
            sendRaw(encoded);
        }
    }

    /** Whether an event of this privilege would reach this client. */
    public boolean wants(String privilege) {
        if (!loggedIn || closed.get()) {
            return false;
        }
        for (Privileges p : Privileges.ofEvent(privilege)) {
            if (readPerm.contains(p) && eventMask.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** Sends what is queued, then closes (Logoff, failed login). */
    public void closeAfterFlush() {
        closing = true;
        if (!closed.get() && !outbound.offer(CLOSE_MARK)) {
            close();
        }
    }

    /** Closes the socket at once; queued messages are dropped. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            server.removed(this);
        }
    }

    /** Whether the connection is closed. */
    public boolean isClosed() {
        return closed.get();
    }

    void login(String user, Set<Privileges> read, Set<Privileges> write, Set<Privileges> mask) {
        this.username = user;
        this.readPerm = read;
        this.writePerm = write;
        this.eventMask = mask;
        this.loggedIn = true;
    }

    /** Whether a Login succeeded on this connection. */
    public boolean loggedIn() {
        return loggedIn;
    }

    /** The logged-in user, or {@code null}. */
    public String username() {
        return username;
    }

    /** Classes of actions the user may send. */
    public Set<Privileges> writePerm() {
        return writePerm;
    }

    /** Replaces the event mask (Events action). */
    public void eventMask(Set<Privileges> mask) {
        this.eventMask = mask;
    }

    /** The MD5 challenge handed out by Challenge, or {@code null}. */
    public String challenge() {
        return challenge;
    }

    /** Remembers the MD5 challenge for the next Login. */
    public void challenge(String value) {
        this.challenge = value;
    }

    /** The server-side port of this connection. */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** The client address as host:port, for log lines. */
    public String remote() {
        return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    /** The client-side port. */
    public int remotePort() {
        return socket.getPort();
    }

    /** Sequence number of this connection, used in thread names and SessionIDs. */
    public int id() {
        return id;
    }
}
