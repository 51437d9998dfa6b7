package io.voipkit.simulator.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

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

    private final Socket socket;
    private final AmiServer server;
    private final Outbox outbox;
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
        this.id = id;
        this.outbox = new Outbox(socket, queueCapacity, "ami", "messages", LOG, (out, bytes) -> {
            server.awaitNotStalled();
            server.throttledWrite(out, bytes);
        }, () -> server.removed(this));
    }

    void start(String greeting) {
        outbox.start(greeting.getBytes(StandardCharsets.US_ASCII), this::readLoop, id);
    }

    private void readLoop() {
        try {
            ActionReader reader = new ActionReader(new BufferedInputStream(socket.getInputStream(), 8192));
            while (!outbox.isEnding()) {
                Action action = reader.next();
                if (action == null) {
                    break;
                }
                server.awaitNotStalled();
                if (outbox.isEnding()) {
                    break;
                }
                server.handler().handle(this, action);
            }
        } catch (ActionReader.FrameTooLargeException e) {
            LOG.warn("AMI client {} sent an oversized frame ({}); closing the connection", remote(), e.getMessage());
        } catch (IOException e) {
            if (!outbox.isClosed()) {
                LOG.debug("AMI client {} read failed: {}", remote(), e.toString());
            }
        } catch (RuntimeException e) {
            // Hostile or unexpected input must never take the server down: drop this client only.
            LOG.warn("AMI client {} caused an internal error; closing it", remote(), e);
        } finally {
            closeAfterFlush();
        }
    }

    /** Queues a response or list item for this client; on overflow the client is disconnected. */
    public void send(AmiMessage message) {
        sendRaw(message.encode());
    }

    /** Queues raw bytes (faults, greeting); on overflow the client is disconnected. */
    public void sendRaw(byte[] bytes) {
        outbox.send(bytes);
    }

    /** The queue to this client, for blast mode ({@link Outbox#blast}), whose pace the client's reading sets. */
    Outbox outbox() {
        return outbox;
    }

    /** Queues an event if this client is logged in and both its read permission and event mask allow it. */
    public void offerEvent(AmiMessage event, byte[] encoded) {
        if (wants(event.privilege())) {
            sendRaw(encoded);
        }
    }

    /** Whether an event of this privilege would reach this client. */
    public boolean wants(String privilege) {
        if (!loggedIn || outbox.isClosed()) {
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
        outbox.closeAfterFlush();
    }

    /** Closes the socket at once; queued messages are dropped. */
    public void close() {
        outbox.close();
    }

    /** Whether the connection is closed. */
    public boolean isClosed() {
        return outbox.isClosed();
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
