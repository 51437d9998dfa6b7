package io.voipkit.ami.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;

/**
 * Settings of one {@link AmiConnection}: where, who, how long to wait, how much to accept, and
 * where decoded events go. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * AmiConnectionConfig config = AmiConnectionConfig.builder()
 *         .host("127.0.0.1").port(5038)
 *         .username("monitor").secret(secretChars)
 *         .eventSink(message -> mapper.accept(message))
 *         .disconnectListener((reason, cause) -> reconnector.schedule())
 *         .build();
 * }</pre>
 *
 * <p>The secret is kept as a private copy of the caller's {@code char[]} and never appears in
 * {@link #toString()}.
 */
public final class AmiConnectionConfig {

    /** How the connection logs in. */
    public enum AuthType {
        /** {@code Challenge} then {@code Login} with {@code Key: md5hex(challenge + secret)}: the secret never crosses the wire. The default. */
        MD5,
        /** {@code Login} with {@code Secret:} in clear text; use only over TLS or loopback. */
        PLAIN
    }

    /** Called once when an established session ends without {@link AmiConnection#close()}. */
    @FunctionalInterface
    public interface DisconnectListener {
        /**
         * Runs on the connection's reader thread, after every pending action has been failed;
         * must be quick and must not block (hand reconnecting off to another thread).
         *
         * @param reason what happened, for example {@code connection closed by the server (EOF)}
         * @param cause  the exception behind it, or {@code null} for an orderly EOF
         */
        void disconnected(String reason, Throwable cause);
    }

    private final String host;
    private final int port;
    private final String username;
    private final char[] secret;
    private final AuthType authType;
    private final String events;
    private final SSLContext sslContext;
    private final boolean hostnameVerification;
    private final Duration connectTimeout;
    private final Duration actionTimeout;
    private final Duration logoffTimeout;
    private final AmiLimits limits;
    private final int maxListItems;
    private final int readBufferSize;
    private final int receiveBufferSize;
    private final String actionIdPrefix;
    private final Consumer<AmiMessage> eventSink;
    private final DisconnectListener disconnectListener;
    private final Runnable eventBatchEnd;
    private final Runnable beforeReply;
    private final Executor callbackExecutor;

    private AmiConnectionConfig(Builder b) {
        this.host = Checks.wireText(b.host, "host");
        if (b.port < 1 || b.port > 65535) {
            throw new InvalidRequestException("port", "must be in 1..65535, was " + b.port);
        }
        this.port = b.port;
        this.username = Checks.wireText(b.username, "username");
        Checks.notNull(b.secret, "secret");
        if (b.secret.length == 0) {
            throw new InvalidRequestException("secret", "must not be empty");
        }
        for (char c : b.secret) {
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new InvalidRequestException("secret", "must not contain CR, LF or NUL");
            }
        }
        this.secret = b.secret.clone();
        this.authType = Checks.notNull(b.authType, "authType");
        this.events = Checks.optionalWireText(b.events, "events");
        this.sslContext = b.sslContext;
        this.hostnameVerification = b.hostnameVerification;
        this.connectTimeout = Checks.positive(b.connectTimeout, "connectTimeout");
        this.actionTimeout = Checks.positive(b.actionTimeout, "actionTimeout");
        this.logoffTimeout = Checks.positive(b.logoffTimeout, "logoffTimeout");
        this.limits = Checks.notNull(b.limits, "limits");
        this.maxListItems = Checks.positive(b.maxListItems, "maxListItems");
        this.readBufferSize = Checks.positive(b.readBufferSize, "readBufferSize");
        this.receiveBufferSize = Checks.nonNegative(b.receiveBufferSize, "receiveBufferSize");
        this.actionIdPrefix = Checks.wireText(b.actionIdPrefix, "actionIdPrefix");
        this.eventSink = Checks.notNull(b.eventSink, "eventSink");
        this.disconnectListener = Checks.notNull(b.disconnectListener, "disconnectListener");
        this.eventBatchEnd = Checks.notNull(b.eventBatchEnd, "eventBatchEnd");
        this.beforeReply = Checks.notNull(b.beforeReply, "beforeReply");
        this.callbackExecutor = Checks.notNull(b.callbackExecutor, "callbackExecutor");
    }

    /** A builder with the documented defaults; host, username, secret and event sink are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Host name or address of the Asterisk server. */
    public String host() {
        return host;
    }

    /** AMI port (5038 plain, 5039 usually for TLS). */
    public int port() {
        return port;
    }

    /** AMI user from {@code manager.conf}. */
    public String username() {
        return username;
    }

    /** A fresh copy of the secret; the caller should clear it after use. */
    char[] secretCopy() {
        return secret.clone();
    }

    /** MD5 challenge (default) or plain login. */
    public AuthType authType() {
        return authType;
    }

    /**
     * The {@code Events:} header of the Login: {@code on} (default), {@code off} or a class mask
     * such as {@code call,agent}; {@code null} sends no header (the user's manager.conf decides).
     */
    public String events() {
        return events;
    }

    /** The TLS context, or {@code null} for plain TCP. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** Whether the TLS certificate must match {@link #host()} (default {@code true}). */
    public boolean hostnameVerification() {
        return hostnameVerification;
    }

    /** Limit for TCP connect, TLS handshake and greeting together (default 10 s). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long an action (or a whole list) may take before it fails with PbxTimeoutException (default 10 s). */
    public Duration actionTimeout() {
        return actionTimeout;
    }

    /** How long {@link AmiConnection#close()} waits for the answer to its Logoff (default 1 s). */
    public Duration logoffTimeout() {
        return logoffTimeout;
    }

    /** Decoder bounds (default {@link AmiLimits#DEFAULT}). */
    public AmiLimits limits() {
        return limits;
    }

    /** Most items one list action may return before it is failed (default 100 000). */
    public int maxListItems() {
        return maxListItems;
    }

    /** Size of the reader's reusable buffer in bytes (default 64 KiB). */
    public int readBufferSize() {
        return readBufferSize;
    }

    /** Socket receive buffer ({@code SO_RCVBUF}) in bytes, 0 for the OS default (default 0). */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /** Prefix of generated ActionIDs; a counter follows (default {@code vk-}). */
    public String actionIdPrefix() {
        return actionIdPrefix;
    }

    /**
     * Receives every event that does not belong to an open list, on the reader thread, in wire
     * order. It may block: the reader then stops reading and TCP backpressure slows the PBX
     * down, so nothing is lost. It must not throw (a throw is logged and the event skipped).
     */
    public Consumer<AmiMessage> eventSink() {
        return eventSink;
    }

    /**
     * Runs on the reader thread after the events of one socket read were handed to the
     * {@link #eventSink()} (also when the read ended in a protocol error), before the reader
     * reads again: the sink may collect events and pass them on as one batch here, so a
     * consumer thread is woken once per read rather than once per event. Default: nothing.
     */
    public Runnable eventBatchEnd() {
        return eventBatchEnd;
    }

    /**
     * Runs on the reader thread before a response (or a completed list) is handed to the thread
     * waiting for it, when events went to the {@link #eventSink()} since the last
     * {@link #eventBatchEnd()}: that thread must see the effect of every event Asterisk sent
     * before the response (a sink that writes state per batch publishes it here). Must not
     * block: the response waits for it. Default: nothing.
     */
    public Runnable beforeReply() {
        return beforeReply;
    }

    /** Told once when an established session ends unexpectedly (default: nothing). */
    public DisconnectListener disconnectListener() {
        return disconnectListener;
    }

    /**
     * Where the futures returned by {@link AmiConnection#send} complete, so that the caller's
     * dependent stages never run on the reader thread (default {@link ForkJoinPool#commonPool()}).
     */
    public Executor callbackExecutor() {
        return callbackExecutor;
    }

    /** Host, port, user and settings; never the secret. */
    @Override
    public String toString() {
        return "AmiConnectionConfig{" + host + ":" + port + ", user=" + username + ", auth=" + authType
                + ", events=" + events + ", tls=" + (sslContext != null) + ", connectTimeout=" + connectTimeout
                + ", actionTimeout=" + actionTimeout + ", limits=" + limits + "}";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private String host;
        private int port = 5038;
        private String username;
        private char[] secret;
        private AuthType authType = AuthType.MD5;
        private String events = "on";
        private SSLContext sslContext;
        private boolean hostnameVerification = true;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration actionTimeout = Duration.ofSeconds(10);
        private Duration logoffTimeout = Duration.ofSeconds(1);
        private AmiLimits limits = AmiLimits.DEFAULT;
        private int maxListItems = 100_000;
        private int readBufferSize = 64 * 1024;
        private int receiveBufferSize;
        private String actionIdPrefix = "vk-";
        private Consumer<AmiMessage> eventSink;
        private DisconnectListener disconnectListener = (reason, cause) -> { };
        private Runnable eventBatchEnd = () -> { };
        private Runnable beforeReply = () -> { };
        private Executor callbackExecutor = ForkJoinPool.commonPool();

        private Builder() {
        }

        /** Required: host name or address. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** AMI port, default 5038. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Required: AMI user. */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** Required: the AMI secret; copied, clear your array afterwards. */
        public Builder secret(char[] secret) {
            this.secret = secret == null ? null : secret.clone();
            return this;
        }

        /** Required: the AMI secret as a string (prefer {@link #secret(char[])}). */
        public Builder secret(String secret) {
            this.secret = secret == null ? null : secret.toCharArray();
            return this;
        }

        /** MD5 (default) or PLAIN. */
        public Builder authType(AuthType authType) {
            this.authType = authType;
            return this;
        }

        /** {@code Events:} of the Login: {@code on} (default), {@code off}, a class mask, or {@code null} for none. */
        public Builder events(String events) {
            this.events = events;
            return this;
        }

        /** Use TLS with this context; {@code null} (default) for plain TCP. */
        public Builder tls(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /**
         * Use TLS, trusting the certificates in a trust store file (type of
         * {@link KeyStore#getDefaultType()}, PKCS12 on current JDKs).
         *
         * @throws InvalidRequestException naming {@code tlsTrustStore} when the file cannot be read
         */
        public Builder tlsTrustStore(Path trustStore, char[] password) {
            Checks.notNull(trustStore, "tlsTrustStore");
            try (InputStream in = Files.newInputStream(trustStore)) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(in, password);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                this.sslContext = ctx;
            } catch (Exception e) {
                throw new InvalidRequestException("tlsTrustStore", "cannot load trust store " + trustStore + ": " + e);
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
            return this;
        }

        /** Check that the server certificate matches the host (default {@code true}). */
        public Builder hostnameVerification(boolean hostnameVerification) {
            this.hostnameVerification = hostnameVerification;
            return this;
        }

        /** Connect + TLS handshake + greeting limit, default 10 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Per-action limit, default 10 s. */
        public Builder actionTimeout(Duration actionTimeout) {
            this.actionTimeout = actionTimeout;
            return this;
        }

        /** Wait for the Logoff answer on close, default 1 s. */
        public Builder logoffTimeout(Duration logoffTimeout) {
            this.logoffTimeout = logoffTimeout;
            return this;
        }

        /** Decoder bounds, default {@link AmiLimits#DEFAULT}. */
        public Builder limits(AmiLimits limits) {
            this.limits = limits;
            return this;
        }

        /** Most items per list action, default 100 000. */
        public Builder maxListItems(int maxListItems) {
            this.maxListItems = maxListItems;
            return this;
        }

        /** Reader buffer size, default 64 KiB. */
        public Builder readBufferSize(int readBufferSize) {
            this.readBufferSize = readBufferSize;
            return this;
        }

        /** {@code SO_RCVBUF} in bytes, 0 (default) for the OS default. */
        public Builder receiveBufferSize(int receiveBufferSize) {
            this.receiveBufferSize = receiveBufferSize;
            return this;
        }

        /** Prefix of generated ActionIDs, default {@code vk-}. */
        public Builder actionIdPrefix(String actionIdPrefix) {
            this.actionIdPrefix = actionIdPrefix;
            return this;
        }

        /** Required: receives events on the reader thread (see {@link AmiConnectionConfig#eventSink()}). */
        public Builder eventSink(Consumer<AmiMessage> eventSink) {
            this.eventSink = eventSink;
            return this;
        }

        /** Runs after each socket read's events (see {@link AmiConnectionConfig#eventBatchEnd()}). */
        public Builder eventBatchEnd(Runnable eventBatchEnd) {
            this.eventBatchEnd = eventBatchEnd;
            return this;
        }

        /** Runs before a response that follows events wakes its waiter (see {@link AmiConnectionConfig#beforeReply()}). */
        public Builder beforeReply(Runnable beforeReply) {
            this.beforeReply = beforeReply;
            return this;
        }

        /** Told when an established session ends unexpectedly. */
        public Builder disconnectListener(DisconnectListener disconnectListener) {
            this.disconnectListener = disconnectListener;
            return this;
        }

        /** Where returned futures complete, default the common pool. */
        public Builder callbackExecutor(Executor callbackExecutor) {
            this.callbackExecutor = callbackExecutor;
            return this;
        }

        /**
         * The validated config.
         *
         * @throws InvalidRequestException naming the first invalid or missing setting
         */
        public AmiConnectionConfig build() {
            return new AmiConnectionConfig(this);
        }
    }
}
