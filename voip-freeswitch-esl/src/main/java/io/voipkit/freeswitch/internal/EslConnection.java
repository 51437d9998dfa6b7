package io.voipkit.freeswitch.internal;

import io.voipkit.core.ConnectionState;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxException;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.PbxTimeoutException;
import io.voipkit.core.internal.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * One inbound Event Socket session over one TCP connection: connect, answer {@code auth/request},
 * send commands and match their replies, match {@code bgapi} results to their {@code Job-UUID},
 * and hand every other event to the configured sink, losslessly and in wire order.
 *
 * <h2>Matching replies</h2>
 * ESL replies carry no id: each command gets exactly one {@code command/reply} or
 * {@code api/response}, in the order the commands were written (fixture fact 11). Commands are
 * therefore queued and written under one lock, and each reply completes the oldest waiting
 * command. A command that times out stays in the queue (marked abandoned) so that its late reply
 * is consumed and not given to the next command. {@code bgapi} results arrive later, in any
 * order, as {@code BACKGROUND_JOB} events whose {@code Job-UUID} is the one the reply named
 * (or the one the client chose); the job is registered on the reader thread when the reply is
 * read, which is always before its event (same connection, fact 11), so no result is missed.
 * {@code BACKGROUND_JOB} events only flow when subscribed: {@link EslInboundClient} always adds
 * them to the subscription.
 *
 * <h2>Threads</h2>
 * One reader thread per connection ({@code voipkit-esl-reader-<host>:<port>}) reads the socket and
 * cuts the bytes into frames; with {@link EslConnectionConfig#dispatchThread()} (the default for
 * inbound sessions) it hands each read's frames, through a short bounded queue, to a dispatch
 * thread ({@code voipkit-esl-events-<host>:<port>}) that parses events, matches replies and job
 * results and runs the sink, in wire order; otherwise the reader does that too. Neither runs user
 * code (returned futures complete on the configured callback executor); the event sink is the
 * adapter's own code, and when it blocks, the queue fills, the reader stops reading and TCP
 * backpressure slows FreeSWITCH down, so nothing is dropped. One timer thread per connection fails
 * commands and jobs that time out.
 *
 * <h2>Life cycle</h2>
 * Used once: {@link #connect()}, commands, then {@link #close()} ({@code exit}) or an unexpected
 * end, after which every pending and later command fails with {@link PbxNotConnectedException}
 * and the disconnect listener is told once. A refused password or an ACL rejection
 * ({@code text/rude-rejection}) makes {@code connect()} throw {@link PbxActionFailedException}
 * with action {@code auth}: a configuration error that a reconnect loop must not retry.
 *
 * <h2>Logging</h2>
 * Logger {@code io.voipkit.freeswitch.wire}: every command sent at DEBUG (the {@code auth}
 * password masked), every frame received at TRACE.
 */
public final class EslConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EslConnection.class);
    private static final Logger WIRE = LoggerFactory.getLogger("io.voipkit.freeswitch.wire");

    /** Action name of the exception thrown for a bad password or an ACL refusal. */
    public static final String AUTH = "auth";

    private enum Phase { NEW, CONNECTING, CONNECTED, CLOSING, CLOSED }

    /** A command waiting for its reply. */
    private static final class Pending {
        final String name;
        final CompletableFuture<EslMessage> future = new CompletableFuture<>();
        /** For bgapi: the job result future, registered when the reply arrives. */
        final CompletableFuture<String> job;
        final String chosenJobUuid;

        Pending(String name, CompletableFuture<String> job, String chosenJobUuid) {
            this.name = name;
            this.job = job;
            this.chosenJobUuid = chosenJobUuid;
        }
    }

    private final EslConnectionConfig config;
    private final String address;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<String, CompletableFuture<String>> jobs = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private final CompletableFuture<Void> authRequest = new CompletableFuture<>();
    private final AtomicLong badEvents = new AtomicLong();
    /** Reader thread only: parses event bodies, guessing header names from the events seen before. */
    private final EslEvent.Parser parser = new EslEvent.Parser();

    private volatile Socket socket;
    private volatile OutputStream out;
    private volatile ScheduledThreadPoolExecutor timer;
    private volatile Thread reader;
    /** The thread that dispatches frames (completes replies): the reader, or the dispatch thread. */
    private volatile Thread dispatcher;
    /** Whether frames go to a dispatch thread ({@link EslConnectionConfig#dispatchThread()}; inbound only). */
    private final boolean pipelined;
    /** Bytes per socket read. */
    private final int readSize;
    private volatile String disconnectNotice;
    private volatile long eventsDelivered;
    /** Whether an event went to the sink since the last {@code eventBatchEnd}; the dispatching thread only. */
    private boolean eventsSinceBatchEnd;

    /** A connection that is not connected yet; see {@link #connect()}. */
    public EslConnection(EslConnectionConfig config) {
        this.config = Checks.notNull(config, "config");
        this.address = config.host() + ":" + config.port();
        this.pipelined = config.dispatchThread();
        this.readSize = config.readBufferSize();
    }

    /** Outbound mode: FreeSWITCH connected to us ({@code socket} application); see {@link #startOutbound()}. */
    EslConnection(EslConnectionConfig config, Socket accepted) {
        this.config = Checks.notNull(config, "config");
        this.socket = Checks.notNull(accepted, "accepted");
        this.address = accepted.getRemoteSocketAddress().toString();
        this.pipelined = false; // one call's events: a second thread per call would buy nothing
        this.readSize = Math.min(config.readBufferSize(), EslConnectionConfig.OUTBOUND_READ_BUFFER_SIZE);
    }

    /**
     * Outbound mode: starts reading the accepted socket, sends {@code connect} and returns its
     * reply, whose ~100 headers are the channel's data (values URL-encoded; fact 2, 3). No
     * {@code auth}: FreeSWITCH opened the connection.
     *
     * @throws PbxNotConnectedException when the socket fails or closes first
     * @throws PbxTimeoutException      when FreeSWITCH does not answer within the connect timeout
     */
    EslMessage startOutbound() {
        if (!phase.compareAndSet(Phase.NEW, Phase.CONNECTING)) {
            throw new IllegalStateException("startOutbound() may be called once (state " + phase.get() + ")");
        }
        long deadline = System.nanoTime() + config.connectTimeout().toNanos();
        try {
            InputStream in;
            try {
                socket.setTcpNoDelay(true);
                out = socket.getOutputStream();
                in = socket.getInputStream();
            } catch (IOException e) {
                throw new PbxNotConnectedException("Cannot use the outbound socket from " + address + ": " + e, e);
            }
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, "voipkit-esl-timer-" + address);
                thread.setDaemon(true);
                return thread;
            });
            t.setRemoveOnCancelPolicy(true);
            timer = t;
            startReading(in, "voipkit-esl-outbound-reader-");
            EslMessage reply = awaitConnectStep(submit("connect", EslCommand.encode("connect"), true, null, null, "connect"),
                    deadline, "connect");
            if (!phase.compareAndSet(Phase.CONNECTING, Phase.CONNECTED)) {
                throw new PbxNotConnectedException("Outbound ESL connection from " + address + " closed during connect");
            }
            return reply;
        } catch (RuntimeException e) {
            terminate("outbound connect failed: " + e.getMessage(), e, false);
            throw e;
        }
    }

    /** {@code host:port}. */
    public String address() {
        return address;
    }

    /** The life-cycle state in the PBX-neutral vocabulary (closing counts as {@code CLOSED}). */
    public ConnectionState state() {
        return switch (phase.get()) {
            case NEW -> ConnectionState.NEW;
            case CONNECTING -> ConnectionState.CONNECTING;
            case CONNECTED -> ConnectionState.CONNECTED;
            default -> ConnectionState.CLOSED;
        };
    }

    /** {@code true} while authenticated and not closing. */
    public boolean isConnected() {
        return phase.get() == Phase.CONNECTED;
    }

    /** Events handed to the sink so far. */
    public long eventsDelivered() {
        return eventsDelivered;
    }

    /** Event frames whose body could not be parsed (logged and skipped; the framing was intact). */
    public long badEvents() {
        return badEvents.get();
    }

    /**
     * Connects, waits for {@code auth/request} and authenticates; returns when the session is usable.
     *
     * @throws PbxNotConnectedException when FreeSWITCH cannot be reached or drops the connection
     * @throws PbxActionFailedException (action {@value #AUTH}) when the password is refused or an
     *                                  ACL rejects this client
     * @throws PbxTimeoutException      when FreeSWITCH does not answer within the connect timeout
     * @throws IllegalStateException    when called more than once
     */
    public void connect() {
        if (!phase.compareAndSet(Phase.NEW, Phase.CONNECTING)) {
            throw new IllegalStateException("connect() may be called once per EslConnection (state " + phase.get()
                    + "); create a new one to reconnect");
        }
        long deadline = System.nanoTime() + config.connectTimeout().toNanos();
        try {
            Socket s = openSocket();
            socket = s;
            InputStream in;
            try {
                out = s.getOutputStream();
                in = s.getInputStream();
            } catch (IOException e) {
                throw new PbxNotConnectedException("Cannot use the socket to ESL at " + address + ": " + e, e);
            }
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, "voipkit-esl-timer-" + address);
                thread.setDaemon(true);
                return thread;
            });
            t.setRemoveOnCancelPolicy(true);
            timer = t;
            startReading(in, "voipkit-esl-reader-");
            awaitConnectStep(authRequest, deadline, "auth/request");
            authenticate(deadline);
            if (!phase.compareAndSet(Phase.CONNECTING, Phase.CONNECTED)) {
                throw new PbxNotConnectedException("ESL connection to " + address + " was closed during auth");
            }
            LOG.info("ESL connected to {}", address);
        } catch (RuntimeException e) {
            terminate("connect failed: " + e.getMessage(), e, false);
            throw e;
        }
    }

    private Socket openSocket() {
        InetSocketAddress target = new InetSocketAddress(config.host(), config.port());
        if (target.isUnresolved()) {
            throw new PbxNotConnectedException("Cannot connect to ESL at " + address + ": unknown host");
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(target, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
            return s;
        } catch (SocketTimeoutException e) {
            closeQuietly(s);
            throw new PbxNotConnectedException("Cannot connect to ESL at " + address + " within "
                    + config.connectTimeout().toMillis() + " ms", e);
        } catch (IOException e) {
            closeQuietly(s);
            throw new PbxNotConnectedException("Cannot connect to ESL at " + address + ": " + e, e);
        }
    }

    private void authenticate(long deadline) {
        char[] pw = config.passwordCopy();
        byte[] frame = null;
        try {
            String line = "auth " + new String(pw);
            frame = EslCommand.encode(line);
            EslMessage reply = awaitConnectStep(submit(AUTH, frame, true, null, null, "auth ****"), deadline, "auth");
            String text = reply.replyText();
            if (text == null || !text.startsWith("+OK")) {
                throw new PbxActionFailedException(AUTH, "FreeSWITCH at " + address + " refused the password: "
                        + (text == null ? "no Reply-Text" : text) + " (check the event_socket password)");
            }
        } finally {
            Arrays.fill(pw, '\0');
            if (frame != null) {
                Arrays.fill(frame, (byte) 0);
            }
        }
    }

    private <T> T awaitConnectStep(CompletableFuture<T> f, long deadline, String step) {
        try {
            return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new PbxTimeoutException(step, config.connectTimeout());
        } catch (ExecutionException e) {
            throw asPbxException(e.getCause(), step);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PbxNotConnectedException("Interrupted while waiting for " + step + " from " + address, e);
        }
    }

    private PbxException asPbxException(Throwable cause, String action) {
        if (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof PbxException p) {
            return p;
        }
        return new PbxNotConnectedException("ESL " + action + " on " + address + " failed: " + cause, cause);
    }

    // ---------------------------------------------------------------- commands

    /**
     * Sends a command and returns its raw reply ({@code command/reply} or {@code api/response}),
     * whatever it says.
     *
     * @param line the command line, for example {@code filter Event-Name CHANNEL_ANSWER}
     * @throws io.voipkit.core.InvalidRequestException when {@code line} is blank or holds CR/LF
     */
    public CompletableFuture<EslMessage> sendRaw(String line) {
        byte[] frame = EslCommand.encode(line);
        return relay(submit(firstWord(line), frame, false, null, null, line));
    }

    /**
     * Sends an ESL-level command ({@code event}, {@code filter}, {@code nixevent}, {@code noevents},
     * {@code myevents}, {@code divert_events}, {@code log}, {@code nolog}, {@code linger}, ...)
     * and returns its {@code Reply-Text} when it starts with {@code +OK}.
     * The future fails with {@link PbxActionFailedException} carrying FreeSWITCH's text otherwise
     * ({@code -ERR invalid syntax}, {@code -ERR command not found}).
     */
    public CompletableFuture<String> command(String line) {
        byte[] frame = EslCommand.encode(line);
        String name = firstWord(line);
        return relay(submit(name, frame, false, null, null, line).thenApply(r -> okReply(name, r)));
    }

    /**
     * {@code api <command> <args>}: runs a FreeSWITCH API command synchronously and returns the
     * body of its {@code api/response}. Note that FreeSWITCH holds this connection's events back
     * until the command finishes (fact 11): use {@link #bgapi} for anything slow (originate).
     * The future fails with {@link PbxActionFailedException} when the body starts with
     * {@code -ERR} or {@code -USAGE} (some modules answer errors without a prefix, for example
     * {@code Invalid Profile!}; those are returned as they are).
     *
     * @param command one word, for example {@code status}
     * @param args    arguments, or {@code null}/empty
     */
    public CompletableFuture<String> api(String command, String args) {
        String line = "api " + EslCommand.join(command, args, "command");
        byte[] frame = EslCommand.encode(line);
        return relay(submit(command, frame, false, null, null, line).thenApply(r -> apiBody(command, r)));
    }

    /**
     * {@code bgapi <command> <args>}: runs a FreeSWITCH API command in the background; the future
     * completes with the {@code BACKGROUND_JOB} result body (fails like {@link #api} on
     * {@code -ERR}/{@code -USAGE}, and with {@link PbxTimeoutException} after the background-job
     * timeout).
     *
     * @param jobUuid a Job-UUID to use, or {@code null} to let FreeSWITCH choose one
     */
    public CompletableFuture<String> bgapi(String command, String args, String jobUuid) {
        String line = "bgapi " + EslCommand.join(command, args, "command");
        Checks.optionalWireText(jobUuid, "jobUuid");
        List<Map.Entry<String, String>> headers = jobUuid == null ? List.of() : List.of(Map.entry("Job-UUID", jobUuid));
        byte[] frame = EslCommand.encode(line, headers, null);
        CompletableFuture<String> job = new CompletableFuture<>();
        CompletableFuture<EslMessage> reply = submit(command, frame, false, job, jobUuid, line);
        reply.whenComplete((r, e) -> {
            if (e != null) {
                job.completeExceptionally(e);
            }
        });
        return relay(job.thenApply(body -> apiResult(command, body)));
    }

    /**
     * {@code sendevent <name>} with headers and an optional body; returns the Reply-Text
     * ({@code +OK <Event-UUID>}).
     */
    public CompletableFuture<String> sendEvent(String eventName, List<Map.Entry<String, String>> headers, String body) {
        String line = EslCommand.join("sendevent", Checks.wireText(eventName, "eventName"), "command");
        byte[] frame = EslCommand.encode(line, headers, body);
        return relay(submit("sendevent", frame, false, null, null, line).thenApply(r -> okReply("sendevent", r)));
    }

    /**
     * {@code sendmsg <uuid>} with headers (for example {@code call-command: execute},
     * {@code execute-app-name: playback}) and an optional body; returns the Reply-Text. FreeSWITCH
     * answers {@code +OK} before the application runs.
     */
    public CompletableFuture<String> sendMsg(String uuid, List<Map.Entry<String, String>> headers, String body) {
        String line = uuid == null ? "sendmsg" : EslCommand.join("sendmsg", Checks.wireText(uuid, "uuid"), "command");
        byte[] frame = EslCommand.encode(line, headers, body, "content-length");
        return relay(submit("sendmsg", frame, false, null, null, line).thenApply(r -> okReply("sendmsg", r)));
    }

    private static String firstWord(String line) {
        int sp = line.indexOf(' ');
        return sp < 0 ? line : line.substring(0, sp);
    }

    private static String okReply(String name, EslMessage r) {
        String text = r.replyText();
        if (text == null && EslMessage.API_RESPONSE.equals(r.contentType())) {
            text = r.body().strip();
        }
        if (text == null || !text.startsWith("+OK")) {
            throw new PbxActionFailedException(name, text == null ? "no Reply-Text in " + r : text);
        }
        return text;
    }

    private static String apiBody(String command, EslMessage r) {
        if (EslMessage.COMMAND_REPLY.equals(r.contentType())) {
            // Bare "api": an ESL-level error, not an api/response (fact 8).
            throw new PbxActionFailedException(command, String.valueOf(r.replyText()));
        }
        return apiResult(command, r.body());
    }

    private static String apiResult(String command, String body) {
        if (body.startsWith("-ERR") || body.startsWith("-USAGE")) {
            throw new PbxActionFailedException(command, body.strip());
        }
        return body;
    }

    /** Completes a copy of {@code f} on the callback executor, so user code never runs on the reader. */
    private <T> CompletableFuture<T> relay(CompletableFuture<T> f) {
        CompletableFuture<T> out = new CompletableFuture<>();
        f.whenComplete((v, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            Runnable r = () -> {
                if (cause == null) {
                    out.complete(v);
                } else {
                    out.completeExceptionally(cause);
                }
            };
            try {
                config.callbackExecutor().execute(r);
            } catch (RejectedExecutionException rejected) {
                r.run();
            }
        });
        return out;
    }

    private CompletableFuture<EslMessage> submit(String name, byte[] frame, boolean internal,
                                                 CompletableFuture<String> job, String jobUuid, String shown) {
        Phase ph = phase.get();
        if (!(ph == Phase.CONNECTED || (internal && (ph == Phase.CONNECTING || ph == Phase.CLOSING)))) {
            return CompletableFuture.failedFuture(notConnected(name));
        }
        Pending p = new Pending(name, job, jobUuid);
        Duration timeout = config.commandTimeout();
        try {
            ScheduledFuture<?> task = timer.schedule(() -> {
                // Stays queued: its late reply must be consumed, not handed to the next command.
                p.future.completeExceptionally(new PbxTimeoutException(name, timeout));
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            p.future.whenComplete((r, e) -> task.cancel(false));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(notConnected(name));
        }
        try {
            synchronized (writeLock) {
                if (phase.get() == Phase.CLOSED) {
                    p.future.completeExceptionally(notConnected(name));
                    return p.future;
                }
                pending.add(p);
                OutputStream o = out;
                o.write(frame);
                o.flush();
            }
            if (WIRE.isDebugEnabled()) {
                WIRE.debug("ESL {} >>> {}", address, shown);
            }
        } catch (IOException e) {
            p.future.completeExceptionally(new PbxNotConnectedException(
                    "ESL connection to " + address + " failed while sending " + name + ": " + e, e));
            terminate("write failed: " + e, e, true);
        }
        return p.future;
    }

    private PbxNotConnectedException notConnected(String name) {
        return new PbxNotConnectedException("Cannot send " + name + ": no ESL session to " + address
                + " (state " + phase.get() + ")");
    }

    // ---------------------------------------------------------------- reader thread

    /** Starts the reader thread (named {@code prefix + address}) and, when pipelined, the dispatch thread. */
    private void startReading(InputStream in, String prefix) {
        Thread r;
        if (pipelined) {
            ArrayBlockingQueue<Read> reads = new ArrayBlockingQueue<>(QUEUED_READS);
            r = new Thread(() -> readLoop(in, reads), prefix + address);
            Thread d = new Thread(() -> dispatchLoop(reads), "voipkit-esl-events-" + address);
            d.setDaemon(true);
            reader = r;
            dispatcher = d;
            d.start();
        } else {
            r = new Thread(() -> readLoop(in), prefix + address);
            reader = r;
            dispatcher = r;
        }
        r.setDaemon(true);
        r.start();
    }

    /**
     * The frames of one socket read, handed from the reader to the dispatch thread; the last one
     * of a connection carries no frames and why it ended ({@code end} non-null).
     */
    private record Read(List<EslMessage> frames, End end) {
    }

    /**
     * Reads the reader can be ahead of the dispatch thread. Bounds the memory (each read is at most
     * {@link EslConnectionConfig#readBufferSize()} bytes of frames, plus one frame begun before it)
     * and keeps backpressure prompt: when the sink blocks, the reader stops within this many reads.
     */
    private static final int QUEUED_READS = 16;

    /** Pipelined reader: reads and frames, and queues each read's frames for {@link #dispatchLoop}. */
    private void readLoop(InputStream in, ArrayBlockingQueue<Read> reads) {
        List<EslMessage> frames = new ArrayList<>(64);
        End end = readAll(in, frames::add, () -> {
            if (frames.isEmpty()) {
                return true;
            }
            boolean handed = hand(reads, new Read(List.copyOf(frames), null));
            frames.clear();
            return handed; // false: closed while the dispatch thread was not taking, nobody waits any more
        });
        if (end != null && !hand(reads, new Read(List.of(), end))) {
            terminate(end); // the dispatch thread has stopped taking: end here
        }
    }

    /** Why reading ended: the reason the disconnect listener is told, and its cause ({@code null} at EOF). */
    private record End(String reason, Throwable cause) {
    }

    /**
     * Reads and frames until the stream ends or fails, handing each frame to {@code onFrame} and
     * running {@code afterRead} after each read's frames (also after a read cut short by a protocol
     * error: the frames before the error are still handed on). Returns why reading ended, or
     * {@code null} when {@code afterRead} said to stop.
     */
    private End readAll(InputStream in, EslDecoder.Handler onFrame, BooleanSupplier afterRead) {
        byte[] buf = new byte[readSize];
        EslDecoder decoder = new EslDecoder(config.limits());
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    return new End(decoder.endOfStream()
                            ? "connection closed by FreeSWITCH (EOF) in the middle of a frame"
                            : "connection closed by FreeSWITCH (EOF)", null);
                }
                boolean go;
                try {
                    decoder.feed(buf, 0, n, onFrame);
                } finally {
                    go = afterRead.getAsBoolean();
                }
                if (!go) {
                    return null;
                }
            }
        } catch (EslProtocolException e) {
            if (phase.get() != Phase.CLOSED) {
                LOG.error("Closing ESL connection to {}: {}", address, e.getMessage());
            }
            return new End(e.getMessage(), e);
        } catch (IOException e) {
            return new End("read failed: " + e, e);
        } catch (RuntimeException | Error e) {
            LOG.error("ESL reader for {} failed", address, e);
            return new End("ESL reader failed: " + e, e);
        }
    }

    /** Ends the connection for {@code end}, telling an EOF that followed a disconnect notice as such. */
    private void terminate(End end) {
        String reason = end.reason();
        if (end.cause() == null && disconnectNotice != null) {
            reason += " after a disconnect notice";
        }
        terminate(reason, end.cause(), true);
    }

    /**
     * Queues one read for the dispatch thread, waiting while the queue is full (backpressure).
     * {@code false} when the connection was closed while waiting, or the dispatch thread has ended.
     */
    private boolean hand(ArrayBlockingQueue<Read> reads, Read read) {
        try {
            while (!reads.offer(read, 100, TimeUnit.MILLISECONDS)) {
                if (phase.get() == Phase.CLOSED || !dispatcher.isAlive()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The dispatch thread: every queued read's frames in order, then {@code eventBatchEnd}; ends the
     * connection with the reason the reader gives last, or when the connection is closed and the
     * reader is gone.
     */
    private void dispatchLoop(ArrayBlockingQueue<Read> reads) {
        try {
            while (true) {
                // a timed wait only to notice a reader that left without a last word (closed while
                // the queue was full); a read arriving ends the wait at once
                Read read = reads.poll(500, TimeUnit.MILLISECONDS);
                if (read == null) {
                    if (phase.get() == Phase.CLOSED && !reader.isAlive() && reads.isEmpty()) {
                        return; // closed, and the reader left without a last word
                    }
                    continue;
                }
                if (read.end() != null) {
                    terminate(read.end());
                    return;
                }
                try {
                    for (EslMessage m : read.frames()) {
                        dispatch(m);
                    }
                } finally {
                    endOfBatch();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminate("ESL dispatch thread interrupted", e, true);
        } catch (RuntimeException | Error e) {
            LOG.error("ESL dispatch thread for {} failed", address, e);
            terminate("ESL reader failed: " + e, e, true);
        }
    }

    /** Single-threaded reader: reads, frames and dispatches. */
    private void readLoop(InputStream in) {
        terminate(readAll(in, this::dispatch, () -> {
            endOfBatch();
            return true;
        }));
    }

    private void dispatch(EslMessage m) {
        if (WIRE.isTraceEnabled()) {
            WIRE.trace("ESL {} <<< {}", address, m);
        }
        String ct = m.contentType();
        if (ct == null) {
            LOG.warn("ESL {}: frame without Content-Type ignored: {}", address, m);
            return;
        }
        switch (ct) {
            case EslMessage.AUTH_REQUEST -> authRequest.complete(null);
            case EslMessage.COMMAND_REPLY, EslMessage.API_RESPONSE -> onReply(m);
            case "text/event-plain", "text/event-json", "text/event-xml" -> onEvent(m);
            case EslMessage.LOG_DATA -> {
                try {
                    config.logSink().accept(m);
                } catch (RuntimeException e) {
                    LOG.error("ESL {}: log sink threw; line skipped", address, e);
                }
            }
            case EslMessage.DISCONNECT_NOTICE -> {
                disconnectNotice = m.body().strip();
                LOG.debug("ESL {}: disconnect notice {}", address, m.get("Content-Disposition"));
            }
            case EslMessage.RUDE_REJECTION -> authRequest.completeExceptionally(new PbxActionFailedException(AUTH,
                    "FreeSWITCH at " + address + " rejected this client by ACL: " + m.body().strip()
                            + " (check apply-inbound-acl in event_socket.conf.xml)"));
            default -> LOG.warn("ESL {}: frame of unknown Content-Type {} ignored", address, Checks.abbreviate(ct));
        }
    }

    private void onReply(EslMessage m) {
        runBeforeReply();
        Pending p = pending.poll();
        if (p == null) {
            LOG.warn("ESL {}: reply nobody waits for, ignored: {}", address, m);
            return;
        }
        if (p.job != null) {
            String text = m.replyText();
            String uuid = m.get("Job-UUID");
            if (uuid == null && p.chosenJobUuid != null) {
                uuid = p.chosenJobUuid;
            }
            if (text != null && text.startsWith("+OK") && uuid != null) {
                registerJob(p.name, uuid, p.job);
            } else {
                p.job.completeExceptionally(new PbxActionFailedException(p.name, String.valueOf(text)));
            }
        }
        p.future.complete(m); // no-op when it timed out meanwhile: the late reply is consumed here
    }

    private void registerJob(String name, String uuid, CompletableFuture<String> job) {
        jobs.put(uuid, job);
        Duration timeout = config.backgroundJobTimeout();
        try {
            ScheduledFuture<?> task = timer.schedule(() -> {
                if (jobs.remove(uuid, job)) {
                    job.completeExceptionally(new PbxTimeoutException(name, timeout));
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            job.whenComplete((r, e) -> task.cancel(false));
        } catch (RejectedExecutionException e) {
            jobs.remove(uuid, job);
            job.completeExceptionally(notConnected(name));
        }
    }

    private void onEvent(EslMessage m) {
        EslEvent e;
        try {
            e = parser.parse(m);
        } catch (EslProtocolException ex) {
            badEvents.incrementAndGet();
            LOG.error("ESL {}: unparsable event skipped ({} body bytes): {}", address, m.bodyLength(), ex.getMessage());
            return;
        }
        if ("BACKGROUND_JOB".equals(e.name()) && e.jobUuid() != null) {
            CompletableFuture<String> job = jobs.remove(e.jobUuid());
            if (job != null) {
                runBeforeReply();
                job.complete(e.body() == null ? "" : e.body());
                return;
            }
        }
        try {
            eventsSinceBatchEnd = true;
            config.eventSink().accept(e);
            eventsDelivered++;
        } catch (RuntimeException ex) {
            LOG.error("ESL {}: event sink threw on {}; event skipped", address, e, ex);
        }
    }

    /**
     * Runs {@code beforeReply} before a reply or a job result wakes the thread waiting for it, so
     * that thread sees every event read before the reply already applied (an {@code originate}
     * caller that next looks its channel up in the live state finds it: found by
     * FreeSwitchPbxRealIT's park test, which failed when the state of the channel's events was
     * still held in the unfinished batch). Nothing to do when no event came since the last batch
     * end. Not {@code eventBatchEnd}: handing events to subscribers may block (BLOCK, a full
     * queue), and a reply must not wait for a subscriber, which may itself wait for the reply.
     */
    private void runBeforeReply() {
        if (eventsSinceBatchEnd) {
            try {
                config.beforeReply().run();
            } catch (RuntimeException e) {
                LOG.error("ESL {}: before-reply hook threw", address, e);
            }
        }
    }

    private void endOfBatch() {
        eventsSinceBatchEnd = false;
        try {
            config.eventBatchEnd().run();
        } catch (RuntimeException e) {
            LOG.error("ESL {}: event batch end threw", address, e);
        }
    }

    // ---------------------------------------------------------------- closing

    /**
     * Sends {@code exit} (waiting at most the command timeout for {@code +OK bye}), closes the
     * socket and fails every pending command and job with {@link PbxNotConnectedException}.
     * Idempotent; the disconnect listener is not called.
     */
    @Override
    public void close() {
        if (phase.compareAndSet(Phase.CONNECTED, Phase.CLOSING)) {
            CompletableFuture<EslMessage> bye = submit("exit", EslCommand.encode("exit"), true, null, null, "exit");
            if (Thread.currentThread() != dispatcher) { // the thread that would read the reply
                try {
                    bye.get(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("ESL {}: exit not answered: {}", address, e.toString());
                }
            }
        }
        terminate("closed by the client", null, false);
    }

    private void terminate(String reason, Throwable cause, boolean notify) {
        Phase prev = phase.getAndSet(Phase.CLOSED);
        if (prev == Phase.CLOSED) {
            return;
        }
        closeQuietly(socket);
        PbxNotConnectedException failure = new PbxNotConnectedException("ESL connection to " + address + " ended: " + reason, cause);
        authRequest.completeExceptionally(failure);
        synchronized (writeLock) {
            Pending p;
            while ((p = pending.poll()) != null) {
                p.future.completeExceptionally(failure);
                if (p.job != null) {
                    p.job.completeExceptionally(failure);
                }
            }
        }
        for (String id : jobs.keySet()) {
            CompletableFuture<String> j = jobs.remove(id);
            if (j != null) {
                j.completeExceptionally(failure);
            }
        }
        ScheduledThreadPoolExecutor t = timer;
        if (t != null) {
            t.shutdownNow();
        }
        if (notify && prev == Phase.CONNECTED) {
            LOG.warn("ESL connection to {} lost: {}", address, reason);
            try {
                config.disconnectListener().accept(reason, cause);
            } catch (RuntimeException e) {
                LOG.error("ESL {}: disconnect listener threw", address, e);
            }
        } else {
            LOG.debug("ESL connection to {} ended ({}): {}", address, prev, reason);
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the socket is being abandoned
            }
        }
    }

    /** Address and state; never the password. */
    @Override
    public String toString() {
        return "EslConnection{" + address + ", " + phase.get() + "}";
    }
}
