package io.voipkit.freeswitch.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Settings of one inbound ESL session ({@link EslConnection}). Immutable; built with
 * {@link #builder()}. The password is copied in and out, and never appears in {@link #toString()}.
 */
public final class EslConnectionConfig {

    private final String host;
    private final int port;
    private final char[] password;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final Duration backgroundJobTimeout;
    private final EslLimits limits;
    /**
     * Bytes the reader thread asks the socket for at once, unless set otherwise. 256 kB: over
     * loopback at 500,000 events/s (1.1 GB/s) the reader's time goes mostly to the kernel, per
     * read as much as per byte; 256 kB reads gave 506-518 k events/s where 64 kB gave 454-458 k
     * (EslConnectionBenchmark, two cores, 2026-11-26). One buffer per connection.
     */
    public static final int DEFAULT_READ_BUFFER_SIZE = 256 * 1024;

    /** The read size of an outbound session (one call, a few events): {@link #readBufferSize()}, at most this. */
    public static final int OUTBOUND_READ_BUFFER_SIZE = 64 * 1024;

    private final int readBufferSize;
    private final boolean dispatchThread;
    private final Executor callbackExecutor;
    private final Consumer<EslEvent> eventSink;
    private final Runnable eventBatchEnd;
    private final Runnable beforeReply;
    private final Consumer<EslMessage> logSink;
    private final BiConsumer<String, Throwable> disconnectListener;

    private EslConnectionConfig(Builder b) {
        this.host = Checks.wireText(b.host, "host");
        this.port = Checks.inRange(b.port, 1, 65535, "port");
        if (b.password == null || b.password.length == 0) {
            throw new InvalidRequestException("password", "must be set (FreeSWITCH's default is ClueCon; change it)");
        }
        for (char c : b.password) {
            if (c == '\r' || c == '\n') {
                throw new InvalidRequestException("password", "must not contain CR or LF");
            }
        }
        this.password = b.password.clone();
        this.connectTimeout = Checks.positive(b.connectTimeout, "connectTimeout");
        this.commandTimeout = Checks.positive(b.commandTimeout, "commandTimeout");
        this.backgroundJobTimeout = Checks.positive(b.backgroundJobTimeout, "backgroundJobTimeout");
        this.limits = Checks.notNull(b.limits, "limits");
        this.readBufferSize = Checks.inRange(b.readBufferSize, 512, 1 << 24, "readBufferSize");
        this.dispatchThread = b.dispatchThread;
        this.callbackExecutor = Checks.notNull(b.callbackExecutor, "callbackExecutor");
        this.eventSink = Checks.notNull(b.eventSink, "eventSink");
        this.eventBatchEnd = Checks.notNull(b.eventBatchEnd, "eventBatchEnd");
        this.beforeReply = Checks.notNull(b.beforeReply, "beforeReply");
        this.logSink = Checks.notNull(b.logSink, "logSink");
        this.disconnectListener = Checks.notNull(b.disconnectListener, "disconnectListener");
    }

    /** A builder with the defaults: port 8021, 5 s connect, 10 s commands, 120 s background jobs. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.password = password.clone();
        b.connectTimeout = connectTimeout;
        b.commandTimeout = commandTimeout;
        b.backgroundJobTimeout = backgroundJobTimeout;
        b.limits = limits;
        b.readBufferSize = readBufferSize;
        b.dispatchThread = dispatchThread;
        b.callbackExecutor = callbackExecutor;
        b.eventSink = eventSink;
        b.eventBatchEnd = eventBatchEnd;
        b.beforeReply = beforeReply;
        b.logSink = logSink;
        b.disconnectListener = disconnectListener;
        return b;
    }

    /** Host name or address of FreeSWITCH. */
    public String host() {
        return host;
    }

    /** Event Socket port (default 8021). */
    public int port() {
        return port;
    }

    /** A copy of the password; the caller should wipe it after use. */
    public char[] passwordCopy() {
        return password.clone();
    }

    /** Bound on TCP connect plus authentication. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Bound on each command's reply ({@code api}, {@code event}, {@code filter}, ...). */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** Bound on a {@code bgapi} job's {@code BACKGROUND_JOB} result (originate can ring for long). */
    public Duration backgroundJobTimeout() {
        return backgroundJobTimeout;
    }

    /** Decoder bounds. */
    public EslLimits limits() {
        return limits;
    }

    /** Socket read buffer in bytes. */
    public int readBufferSize() {
        return readBufferSize;
    }

    /**
     * Whether the connection uses two threads: a reader that only reads the socket and cuts the
     * bytes into frames, and a dispatch thread that does everything else, in wire order (parses
     * events, matches replies and job results, runs the sink and the hooks). The "reader thread"
     * of the other settings is then the dispatch thread. It roughly halves the work per event on
     * the thread that reads (issue #7: the one thread was saturated near 330,000 events/s on two
     * cores, the pair passes 500,000); the cost is one more thread and a thread hand-over per
     * socket read (microseconds). Default {@code true}; outbound sessions (one per call, few
     * events each) use one thread.
     */
    public boolean dispatchThread() {
        return dispatchThread;
    }

    /** Where returned futures complete, so that user code never runs on the reader thread. */
    public Executor callbackExecutor() {
        return callbackExecutor;
    }

    /** Receives every event (except consumed {@code BACKGROUND_JOB} results) on the reader thread, in wire order. */
    public Consumer<EslEvent> eventSink() {
        return eventSink;
    }

    /**
     * Run on the reader thread after the frames of one socket read went to {@link #eventSink}
     * (also when a protocol error cut the read short), so that a consumer can hand on one read's
     * events as a batch and its subscribers' threads are woken once per read rather than once per
     * event. Default: nothing.
     */
    public Runnable eventBatchEnd() {
        return eventBatchEnd;
    }

    /**
     * Run on the reader thread before a command reply, api response or {@code bgapi} result is
     * handed to the thread waiting for it, when events went to {@link #eventSink} since the last
     * {@link #eventBatchEnd}: that thread must see the effect of every event FreeSWITCH sent
     * before the reply (a consumer that writes state per batch publishes it here). Must not
     * block: the reply waits for it. Default: nothing.
     */
    public Runnable beforeReply() {
        return beforeReply;
    }

    /** Receives every {@code log/data} frame on the reader thread. */
    public Consumer<EslMessage> logSink() {
        return logSink;
    }

    /** Told once, with the reason, when an established session ends other than by {@code close()}. */
    public BiConsumer<String, Throwable> disconnectListener() {
        return disconnectListener;
    }

    /** Address and timeouts; never the password. */
    @Override
    public String toString() {
        return "EslConnectionConfig{" + host + ":" + port + ", password=****, connectTimeout=" + connectTimeout
                + ", commandTimeout=" + commandTimeout + "}";
    }

    /** Mutable builder of {@link EslConnectionConfig}; not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8021;
        private char[] password;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration commandTimeout = Duration.ofSeconds(10);
        private Duration backgroundJobTimeout = Duration.ofSeconds(120);
        private EslLimits limits = EslLimits.DEFAULT;
        private int readBufferSize = DEFAULT_READ_BUFFER_SIZE;
        private boolean dispatchThread = true;
        private Executor callbackExecutor = ForkJoinPool.commonPool();
        private Consumer<EslEvent> eventSink = e -> { };
        private Runnable eventBatchEnd = () -> { };
        private Runnable beforeReply = () -> { };
        private Consumer<EslMessage> logSink = m -> { };
        private BiConsumer<String, Throwable> disconnectListener = (r, c) -> { };

        private Builder() {
        }

        /** Host (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Port (default 8021). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The Event Socket password (copied). */
        public Builder password(String password) {
            this.password = password == null ? null : password.toCharArray();
            return this;
        }

        /** The Event Socket password (copied; the caller may wipe its array). */
        public Builder password(char[] password) {
            if (this.password != null) {
                Arrays.fill(this.password, '\0');
            }
            this.password = password == null ? null : password.clone();
            return this;
        }

        /** Connect plus auth bound. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /** Per-command reply bound. */
        public Builder commandTimeout(Duration d) {
            this.commandTimeout = d;
            return this;
        }

        /** Per-{@code bgapi} result bound. */
        public Builder backgroundJobTimeout(Duration d) {
            this.backgroundJobTimeout = d;
            return this;
        }

        /** Decoder bounds. */
        public Builder limits(EslLimits limits) {
            this.limits = limits;
            return this;
        }

        /** Socket read buffer size. */
        /** See {@link EslConnectionConfig#dispatchThread()}. */
        public Builder dispatchThread(boolean separate) {
            this.dispatchThread = separate;
            return this;
        }

        public Builder readBufferSize(int bytes) {
            this.readBufferSize = bytes;
            return this;
        }

        /** Executor that completes returned futures. */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = executor;
            return this;
        }

        /** Event receiver (runs on the reader thread: must be fast and must not block for long). */
        public Builder eventSink(Consumer<EslEvent> sink) {
            this.eventSink = sink;
            return this;
        }

        /** See {@link EslConnectionConfig#eventBatchEnd()} (reader thread). */
        public Builder eventBatchEnd(Runnable r) {
            this.eventBatchEnd = r;
            return this;
        }

        /** See {@link EslConnectionConfig#beforeReply()} (reader thread). */
        public Builder beforeReply(Runnable r) {
            this.beforeReply = r;
            return this;
        }

        /** {@code log/data} receiver (reader thread). */
        public Builder logSink(Consumer<EslMessage> sink) {
            this.logSink = sink;
            return this;
        }

        /** Unexpected-end listener. */
        public Builder disconnectListener(BiConsumer<String, Throwable> listener) {
            this.disconnectListener = listener;
            return this;
        }

        /**
         * @throws InvalidRequestException naming the first invalid setting
         */
        public EslConnectionConfig build() {
            return new EslConnectionConfig(this);
        }
    }
}
