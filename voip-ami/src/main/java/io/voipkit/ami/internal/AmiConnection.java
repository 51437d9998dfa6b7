package io.voipkit.ami.internal;

import io.voipkit.core.ConnectionState;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxException;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.PbxTimeoutException;
import io.voipkit.core.internal.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One AMI session over one TCP (or TLS) connection: connect, log in, send actions and correlate
 * their answers by ActionID, collect list answers, and hand every other event to the configured
 * sink, losslessly and in wire order.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>One reader thread per connection, {@code voipkit-ami-reader-<host>:<port>}, reads into a
 *       reusable buffer, feeds the {@link AmiDecoder} and dispatches: responses to the waiting
 *       action, list items to their open list, everything else to the event sink. It runs no
 *       user code: returned futures complete on the configured callback executor. The sink is
 *       the adapter's own mapping code; when it blocks, the reader stops reading and TCP
 *       backpressure slows the PBX down, so no event is dropped.</li>
 *   <li>Senders write on their own thread, one frame at a time (a lock keeps frames whole), each
 *       flushed at once.</li>
 *   <li>One timer thread per connection fails actions that time out.</li>
 * </ul>
 *
 * <h2>Life cycle</h2>
 * An instance is used once: {@link #connect()} (blocking, bounded by the connect and action
 * timeouts), then {@link #send}/{@link #sendList}, then {@link #close()} or an unexpected end
 * (EOF, I/O error, protocol error), after which every pending and later action fails with
 * {@link PbxNotConnectedException} and the disconnect listener is told once. The adapter
 * reconnects by creating a new instance.
 *
 * <h2>Logging</h2>
 * Logger {@code io.voipkit.ami.wire}: every frame sent at DEBUG, every frame received at TRACE,
 * {@code Secret} and {@code Key} masked.
 */
public final class AmiConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AmiConnection.class);
    private static final Logger WIRE = LoggerFactory.getLogger("io.voipkit.ami.wire");

    private enum Phase { NEW, CONNECTING, CONNECTED, CLOSING, CLOSED }

    /** An action waiting for its answer. List state is touched by the reader thread only. */
    private static final class Pending {
        final String action;
        final boolean list;
        final CompletableFuture<Object> future = new CompletableFuture<>();
        AmiMessage response;
        List<AmiMessage> items;

        Pending(String action, boolean list) {
            this.action = action;
            this.list = list;
        }
    }

    private final AmiConnectionConfig config;
    private final String address;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong actionCounter = new AtomicLong();
    private final Object writeLock = new Object();
    private final CompletableFuture<String> greeting = new CompletableFuture<>();

    private volatile Socket socket;
    private volatile OutputStream out;
    private volatile ScheduledThreadPoolExecutor timer;
    private volatile Thread reader;

    // Written by the reader thread only.
    private volatile long eventsDelivered;
    /** Whether an event went to the sink since the last {@code eventBatchEnd}; reader thread only. */
    private boolean eventsSinceBatchEnd;
    private volatile long bytesReceived;
    private boolean warnedOther;

    /** A connection that is not connected yet; see {@link #connect()}. */
    public AmiConnection(AmiConnectionConfig config) {
        this.config = Checks.notNull(config, "config");
        this.address = config.host() + ":" + config.port();
    }

    /** {@code host:port} of the server. */
    public String address() {
        return address;
    }

    /** The greeting line the server sent, or {@code null} before it arrived. */
    public String greeting() {
        return greeting.isDone() && !greeting.isCompletedExceptionally() ? greeting.join() : null;
    }

    /** The life-cycle state in the PBX-neutral vocabulary (closing counts as {@code CLOSED}). */
    public ConnectionState state() {
        switch (phase.get()) {
            case NEW:
                return ConnectionState.NEW;
            case CONNECTING:
                return ConnectionState.CONNECTING;
            case CONNECTED:
                return ConnectionState.CONNECTED;
            default:
                return ConnectionState.CLOSED;
        }
    }

    /** {@code true} while logged in and not closing. */
    public boolean isConnected() {
        return phase.get() == Phase.CONNECTED;
    }

    /** Events handed to the sink so far. */
    public long eventsDelivered() {
        return eventsDelivered;
    }

    /** Bytes read from the socket so far. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /**
     * Connects, reads the greeting and logs in; returns when the session is usable.
     *
     * @throws PbxNotConnectedException  when the server cannot be reached, refuses, does not greet
     *                                   within the connect timeout or drops the connection
     * @throws PbxActionFailedException  when the server refuses the login ({@code Authentication failed})
     * @throws PbxTimeoutException       when a login step is not answered within the action timeout
     * @throws IllegalStateException     when called more than once
     */
    public void connect() {
        if (!phase.compareAndSet(Phase.NEW, Phase.CONNECTING)) {
            throw new IllegalStateException("connect() may be called once per AmiConnection (state "
                    + phase.get() + "); create a new one to reconnect");
        }
        long deadline = System.nanoTime() + config.connectTimeout().toNanos();
        try {
            Socket s = openSocket(deadline);
            socket = s;
            InputStream in;
            try {
                out = s.getOutputStream();
                in = s.getInputStream();
            } catch (IOException e) {
                throw new PbxNotConnectedException("Cannot use the socket to AMI at " + address + ": " + e, e);
            }
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, "voipkit-ami-timer-" + address);
                thread.setDaemon(true);
                return thread;
            });
            t.setRemoveOnCancelPolicy(true);
            timer = t;
            Thread r = new Thread(() -> readLoop(in), "voipkit-ami-reader-" + address);
            r.setDaemon(true);
            reader = r;
            r.start();
            String line = awaitGreeting(deadline);
            if (!line.startsWith("Asterisk Call Manager/")) {
                LOG.warn("AMI server {} greeted with {} instead of 'Asterisk Call Manager/...'; continuing",
                        address, Checks.abbreviate(line));
            }
            login();
            if (!phase.compareAndSet(Phase.CONNECTING, Phase.CONNECTED)) {
                throw new PbxNotConnectedException("AMI connection to " + address + " was closed during login");
            }
            LOG.info("AMI connected to {} as {} ({})", address, config.username(), line);
        } catch (RuntimeException e) {
            terminate("connect failed: " + e.getMessage(), e, false);
            throw e;
        }
    }

    private Socket openSocket(long deadline) {
        InetSocketAddress target = new InetSocketAddress(config.host(), config.port());
        if (target.isUnresolved()) {
            throw new PbxNotConnectedException("Cannot connect to AMI at " + address + ": unknown host");
        }
        Socket s = new Socket();
        try {
            if (config.receiveBufferSize() > 0) {
                s.setReceiveBufferSize(config.receiveBufferSize());
            }
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(target, remainingMillis(deadline));
            if (config.sslContext() == null) {
                return s;
            }
            SSLSocket tls = (SSLSocket) config.sslContext().getSocketFactory()
                    .createSocket(s, config.host(), config.port(), true);
            if (config.hostnameVerification()) {
                SSLParameters params = tls.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(params);
            }
            tls.setSoTimeout(remainingMillis(deadline));
            tls.startHandshake();
            tls.setSoTimeout(0);
            return tls;
        } catch (SocketTimeoutException e) {
            closeQuietly(s);
            throw new PbxNotConnectedException("Cannot connect to AMI at " + address + " within "
                    + config.connectTimeout().toMillis() + " ms: " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(s);
            throw new PbxNotConnectedException("Cannot connect to AMI at " + address + ": " + e, e);
        }
    }

    private static int remainingMillis(long deadline) {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (ms <= 0) {
            throw new PbxNotConnectedException("connect timeout elapsed");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private String awaitGreeting(long deadline) {
        try {
            return greeting.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new PbxNotConnectedException("No AMI greeting from " + address + " within "
                    + config.connectTimeout().toMillis() + " ms; is this an Asterisk manager port?");
        } catch (ExecutionException e) {
            throw asPbxException(e.getCause(), "greeting");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PbxNotConnectedException("Interrupted while waiting for the AMI greeting from " + address, e);
        }
    }

    private void login() {
        char[] secret = config.secretCopy();
        try {
            AmiAction login;
            if (config.authType() == AmiConnectionConfig.AuthType.MD5) {
                AmiMessage challenge = await(submit(AmiAction.of("Challenge", "AuthType", "MD5"), false, true), "Challenge");
                requireSuccess("Challenge", challenge);
                String value = challenge.get("Challenge");
                if (value == null || value.isEmpty()) {
                    throw new PbxActionFailedException("Challenge", "the server sent no Challenge value");
                }
                login = AmiAction.builder("Login").add("AuthType", "MD5").add("Username", config.username())
                        .add("Key", md5Key(value, secret)).addIfPresent("Events", config.events()).build();
            } else {
                login = AmiAction.builder("Login").add("Username", config.username()).add("Secret", new String(secret))
                        .addIfPresent("Events", config.events()).build();
            }
            AmiMessage answer = await(submit(login, false, true), "Login");
            requireSuccess("Login", answer);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** {@code md5hex(challenge + secret)}, lower case, as Asterisk's manager.c computes it. */
    static String md5Key(String challenge, char[] secret) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides MD5", e);
        }
        md5.update(challenge.getBytes(StandardCharsets.UTF_8));
        ByteBuffer secretBytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        md5.update(secretBytes);
        if (secretBytes.hasArray()) {
            Arrays.fill(secretBytes.array(), (byte) 0);
        }
        byte[] digest = md5.digest();
        StringBuilder hex = new StringBuilder(32);
        for (byte b : digest) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    private AmiMessage await(CompletableFuture<Object> future, String action) {
        try {
            // The timer fails the future at the action timeout; the margin only guards against a lost timer.
            return (AmiMessage) future.get(config.actionTimeout().toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PbxTimeoutException(action, config.actionTimeout());
        } catch (ExecutionException e) {
            throw asPbxException(e.getCause(), action);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PbxNotConnectedException("Interrupted while waiting for the answer to " + action, e);
        }
    }

    private PbxException asPbxException(Throwable cause, String action) {
        if (cause instanceof PbxException) {
            return (PbxException) cause;
        }
        return new PbxNotConnectedException("AMI " + action + " on " + address + " failed: " + cause, cause);
    }

    /**
     * Sends an action and returns its response. {@code Response: Error} is a normal completion
     * here (see {@link #requireSuccess}); the future fails with {@link PbxNotConnectedException}
     * when there is no session or it drops before the answer, and with {@link PbxTimeoutException}
     * after the action timeout. The future completes on the callback executor.
     *
     * @throws io.voipkit.core.InvalidRequestException when {@code action} is {@code null}
     */
    public CompletableFuture<AmiMessage> send(AmiAction action) {
        Checks.notNull(action, "action");
        return submit(action, false, false).thenApplyAsync(AmiMessage.class::cast, config.callbackExecutor());
    }

    /**
     * Sends a list action and collects its items: the events carrying its ActionID after a
     * {@code Response: Success} with {@code EventList: start}, up to the event with
     * {@code EventList: Complete}. Unsolicited events that interleave go to the sink as usual. An
     * error response (or a success that opens no list) completes at once with no items. Fails
     * like {@link #send}, and with {@link PbxActionFailedException} when the list exceeds
     * {@link AmiConnectionConfig#maxListItems()} items.
     *
     * @throws io.voipkit.core.InvalidRequestException when {@code action} is {@code null}
     */
    public CompletableFuture<AmiListResponse> sendList(AmiAction action) {
        Checks.notNull(action, "action");
        return submit(action, true, false).thenApplyAsync(AmiListResponse.class::cast, config.callbackExecutor());
    }

    /**
     * Returns {@code message} when it is a {@code Success} (or {@code Follows}) response, else
     * throws {@link PbxActionFailedException} carrying the PBX's {@code Message}.
     *
     * @param action the action name for the exception, for example {@code Originate}
     */
    public static AmiMessage requireSuccess(String action, AmiMessage message) {
        Checks.notNull(action, "action");
        Checks.notNull(message, "message");
        if (message.isSuccess() || "Follows".equalsIgnoreCase(message.response())) {
            return message;
        }
        String text = message.message();
        if (text == null) {
            text = message.isResponse() ? "Response: " + message.response() : message.toString();
        }
        throw new PbxActionFailedException(action, text);
    }

    private CompletableFuture<Object> submit(AmiAction action, boolean list, boolean internal) {
        if (!mayWrite(phase.get(), internal)) {
            return CompletableFuture.failedFuture(notConnected(action.name()));
        }
        String id = config.actionIdPrefix() + actionCounter.incrementAndGet();
        byte[] frame = AmiEncoder.encode(action, id);
        Pending p = new Pending(action.name(), list);
        pending.put(id, p);
        // A disconnect that swept the map just before our put must not strand this action.
        if (!mayWrite(phase.get(), internal)) {
            pending.remove(id, p);
            p.future.completeExceptionally(notConnected(action.name()));
            return p.future;
        }
        Duration timeout = config.actionTimeout();
        try {
            ScheduledFuture<?> timeoutTask = timer.schedule(() -> {
                if (pending.remove(id, p)) {
                    p.future.completeExceptionally(new PbxTimeoutException(action.name(), timeout));
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            p.future.whenComplete((r, e) -> timeoutTask.cancel(false));
        } catch (RejectedExecutionException e) {
            pending.remove(id, p);
            p.future.completeExceptionally(notConnected(action.name()));
            return p.future;
        }
        try {
            synchronized (writeLock) {
                OutputStream o = out;
                o.write(frame);
                o.flush();
            }
            if (WIRE.isDebugEnabled()) {
                WIRE.debug("AMI {} >>> {}", address, action.describe(id));
            }
        } catch (IOException e) {
            pending.remove(id, p);
            p.future.completeExceptionally(new PbxNotConnectedException(
                    "AMI connection to " + address + " failed while sending " + action.name() + ": " + e, e));
            terminate("write failed: " + e, e, true);
        }
        return p.future;
    }

    private static boolean mayWrite(Phase ph, boolean internal) {
        return ph == Phase.CONNECTED || (internal && (ph == Phase.CONNECTING || ph == Phase.CLOSING));
    }

    private PbxNotConnectedException notConnected(String action) {
        return new PbxNotConnectedException("Cannot send " + action + ": no AMI session to " + address
                + " (state " + phase.get() + ")");
    }

    // ---------------------------------------------------------------- reader thread

    private void readLoop(InputStream in) {
        byte[] buf = new byte[config.readBufferSize()];
        AmiDecoder decoder = new AmiDecoder(config.limits(), true);
        AmiDecoder.Handler handler = new AmiDecoder.Handler() {
            @Override
            public void greeting(String line) {
                if (WIRE.isTraceEnabled()) {
                    WIRE.trace("AMI {} <<< greeting {}", address, line);
                }
                greeting.complete(line);
            }

            @Override
            public void message(AmiMessage message) {
                dispatch(message);
            }
        };
        String reason;
        Throwable cause = null;
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    reason = decoder.endOfStream()
                            ? "connection closed by the server (EOF) in the middle of a message"
                            : "connection closed by the server (EOF)";
                    if (decoder.greeting() == null) {
                        reason += " before the greeting";
                    }
                    break;
                }
                bytesReceived += n;
                try {
                    decoder.feed(buf, 0, n, handler);
                } finally {
                    // Events decoded before a protocol error are still passed on.
                    endOfBatch();
                }
            }
        } catch (AmiProtocolException e) {
            reason = e.getMessage();
            cause = e;
            if (phase.get() != Phase.CLOSED) {
                LOG.error("Closing AMI connection to {}: {}", address, e.getMessage());
            }
        } catch (IOException e) {
            reason = "read failed: " + e;
            cause = e;
        } catch (RuntimeException | Error e) {
            reason = "AMI reader failed: " + e;
            cause = e;
            LOG.error("AMI reader for {} failed", address, e);
        }
        terminate(reason, cause, true);
    }

    private void dispatch(AmiMessage m) {
        if (WIRE.isTraceEnabled()) {
            WIRE.trace("AMI {} <<< {}", address, m);
        }
        switch (m.kind()) {
            case RESPONSE:
                onResponse(m);
                return;
            case EVENT:
                if (!collectListItem(m)) {
                    deliver(m);
                }
                return;
            default:
                if (!warnedOther) {
                    warnedOther = true;
                    LOG.warn("AMI {} sent a message that is neither a response nor an event; ignored (logged once): {}",
                            address, m);
                }
        }
    }

    private void onResponse(AmiMessage m) {
        String id = m.actionId();
        Pending p = id == null ? null : pending.get(id);
        if (p == null) {
            LOG.debug("AMI {}: response nobody waits for (ActionID {}, timed out or not ours): {}", address, id, m);
            return;
        }
        runBeforeReply();
        if (!p.list) {
            pending.remove(id, p);
            p.future.complete(m);
        } else if (p.response == null && m.isSuccess() && m.isListStart()) {
            p.response = m;
            p.items = new ArrayList<>();
        } else if (p.response == null) {
            pending.remove(id, p);
            p.future.complete(new AmiListResponse(m, List.of(), null));
        } else {
            LOG.warn("AMI {}: second response to list action {} ({}) ignored: {}", address, p.action, id, m);
        }
    }

    /** Adds {@code m} to the open list its ActionID names; {@code false} when no list is open for it. */
    private boolean collectListItem(AmiMessage m) {
        String id = m.actionId();
        if (id == null) {
            return false;
        }
        Pending p = pending.get(id);
        if (p == null || !p.list || p.response == null) {
            return false; // e.g. OriginateResponse or an action-triggered UserEvent: a real event (fact 5)
        }
        if (m.isListComplete()) {
            runBeforeReply();
            pending.remove(id, p);
            p.future.complete(new AmiListResponse(p.response, p.items, m));
        } else if (p.items.size() >= config.maxListItems()) {
            pending.remove(id, p);
            p.future.completeExceptionally(new PbxActionFailedException(p.action,
                    "the list has more than " + config.maxListItems() + " items; the rest is passed on as events"));
            return false;
        } else {
            p.items.add(m);
        }
        return true;
    }

    private void deliver(AmiMessage m) {
        eventsSinceBatchEnd = true;
        try {
            config.eventSink().accept(m);
            eventsDelivered++;
        } catch (RuntimeException e) {
            LOG.error("AMI {}: event sink threw on {} event; event skipped", address, m.eventName(), e);
        }
    }

    /**
     * Runs {@code beforeReply} before a response wakes the thread waiting for it, so that thread
     * sees the effect of every event Asterisk sent before the response (the adapter writes live
     * state per batch). Nothing to do when no event came since the last batch end. Not
     * {@code eventBatchEnd}: handing events to subscribers may block (BLOCK, a full queue), and a
     * response must not wait for a subscriber, which may itself wait for the response.
     */
    private void runBeforeReply() {
        if (eventsSinceBatchEnd) {
            try {
                config.beforeReply().run();
            } catch (RuntimeException e) {
                LOG.error("AMI {}: before-reply hook threw", address, e);
            }
        }
    }

    private void endOfBatch() {
        eventsSinceBatchEnd = false;
        try {
            config.eventBatchEnd().run();
        } catch (RuntimeException e) {
            LOG.error("AMI {}: event batch end threw", address, e);
        }
    }

    // ---------------------------------------------------------------- closing

    /**
     * Logs off (best effort, waiting at most the logoff timeout for {@code Response: Goodbye}),
     * closes the socket and fails every pending action with {@link PbxNotConnectedException}.
     * Idempotent, and safe to call from the event sink; the disconnect listener is not called.
     * The reader thread ends as soon as the event sink returns.
     */
    @Override
    public void close() {
        Phase ph = phase.get();
        if (ph == Phase.CONNECTED && phase.compareAndSet(Phase.CONNECTED, Phase.CLOSING)) {
            ScheduledThreadPoolExecutor t = timer;
            ScheduledFuture<?> force = null;
            try {
                // A Logoff write that blocks (the server stopped reading) is ended by closing the socket.
                force = t.schedule(() -> terminate("closed by the client (Logoff not answered)", null, false),
                        config.logoffTimeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException ignored) {
                // already terminated
            }
            CompletableFuture<Object> logoff = submit(AmiAction.of("Logoff"), false, true);
            try {
                if (Thread.currentThread() != reader) { // the reader cannot wait for what only it can read
                    logoff.get(config.logoffTimeout().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("AMI {}: Logoff not answered: {}", address, e.toString());
            }
            if (force != null) {
                force.cancel(false);
            }
        }
        terminate("closed by the client", null, false);
    }

    /**
     * Ends the session once: closes the socket, fails pending actions, stops the timer and, when
     * {@code notify} and the session had been established, tells the disconnect listener.
     */
    private void terminate(String reason, Throwable cause, boolean notify) {
        Phase prev = phase.getAndSet(Phase.CLOSED);
        if (prev == Phase.CLOSED) {
            return;
        }
        closeQuietly(socket);
        PbxNotConnectedException failure = new PbxNotConnectedException(
                "AMI connection to " + address + " ended: " + reason, cause);
        greeting.completeExceptionally(failure);
        for (String id : pending.keySet()) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.future.completeExceptionally(failure);
            }
        }
        ScheduledThreadPoolExecutor t = timer;
        if (t != null) {
            t.shutdownNow();
        }
        if (notify && prev == Phase.CONNECTED) {
            LOG.warn("AMI connection to {} lost: {}", address, reason);
            try {
                config.disconnectListener().disconnected(reason, cause);
            } catch (RuntimeException e) {
                LOG.error("AMI {}: disconnect listener threw", address, e);
            }
        } else {
            LOG.debug("AMI connection to {} ended ({}): {}", address, prev, reason);
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to do: the socket is being abandoned
            }
        }
    }

    /** Address and state; never the secret. */
    @Override
    public String toString() {
        return "AmiConnection{" + address + ", user=" + config.username() + ", " + phase.get() + "}";
    }
}
