package io.voipkit.ami;

import io.voipkit.ami.internal.adapter.AsteriskComponents;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.internal.Checks;
import io.voipkit.core.internal.PbxIds;
import io.voipkit.core.spi.ForwardingPbx;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * An Asterisk PBX driven and watched over AMI (the Asterisk Manager Interface): the voip-core
 * {@link Pbx} API for Asterisk.
 *
 * <pre>{@code
 * try (AsteriskPbx pbx = AsteriskPbx.builder()
 *         .host("127.0.0.1").port(5038)
 *         .username("monitor").secret(secretChars)
 *         .build()) {
 *     pbx.connect();                        // logged in and live state synchronised
 *     pbx.calls().originate(OriginateRequest.toExtension("PJSIP/101-ep", "200", "internal").build());
 *     pbx.state().endpoints().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li>{@link #connect()} opens the AMI connection (TCP 5038, or TLS, usually 5039), logs in with
 *       an MD5 challenge (the secret never crosses the wire), and synchronises the live state
 *       ({@code PJSIPShowEndpoints}, {@code PJSIPShowContacts}, {@code CoreShowChannels},
 *       {@code QueueStatus}) before it returns.</li>
 *   <li>When the connection is lost (EOF, I/O error, a malformed or oversized frame from the
 *       peer), the state turns {@link ConnectionState#RECONNECTING}, actions fail fast with
 *       {@link io.voipkit.core.PbxNotConnectedException}, and a dedicated thread reconnects with
 *       exponential backoff ({@link PbxConfig#reconnectInitialDelay()},
 *       {@link PbxConfig#reconnectMultiplier()}, {@link PbxConfig#reconnectMaxDelay()}) until
 *       {@link #close()}. Each reconnect resynchronises the state and publishes
 *       {@link io.voipkit.core.event.StateResynced} (calls that ended, endpoints that changed,
 *       downtime) before the state is {@code CONNECTED} again. Every transition is published as
 *       {@link io.voipkit.core.event.ConnectionStateChanged}.</li>
 *   <li>Every AMI event becomes exactly one {@link io.voipkit.core.event.PbxEvent} (unknown types
 *       as {@code UnknownEvent}), delivered to each subscription in wire order through its own
 *       bounded queue. With the {@code BLOCK} policy a slow subscriber slows the AMI reader down
 *       (TCP backpressure) instead of losing events.</li>
 *   <li>Optionally, Asterisk's log files are tailed ({@link Builder#logFiles(Path...)}) and each
 *       line is published as {@link io.voipkit.core.event.LogLineReceived} on the same bus.</li>
 * </ul>
 *
 * <p>{@link #kind()} is {@link io.voipkit.core.PbxKind#ASTERISK}; the default {@link #id()} is
 * {@code asterisk-<host>-<port>}. {@link #close()} logs off, stops reconnecting and log tailing
 * and ends every subscription; it is idempotent.
 *
 * <p>Thread-safe. Several instances may live in one JVM; nothing is static. The secret never
 * appears in {@link #toString()} (id, user, address and state) or in a log line.
 */
public final class AsteriskPbx extends ForwardingPbx {

    /** The default AMI port (plain TCP). */
    public static final int DEFAULT_PORT = 5038;
    /** The usual AMI port for TLS ({@code manager.conf} {@code tlsbindport}). */
    public static final int DEFAULT_TLS_PORT = 5039;

    private final AsteriskComponents components;

    private AsteriskPbx(AsteriskComponents components) {
        super(components);
        this.components = components;
    }

    /** A builder; {@link Builder#host}, {@link Builder#username} and {@link Builder#secret} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects, logs in and synchronises the live state; blocks until done. Also starts the log
     * tailer when log files were configured. Does nothing while connected or reconnecting.
     *
     * @throws io.voipkit.core.PbxNotConnectedException when Asterisk cannot be reached within
     *                                                  {@link PbxConfig#connectTimeout()}
     * @throws io.voipkit.core.PbxActionFailedException when the login is refused
     *                                                  ({@code Authentication failed}) or the
     *                                                  state cannot be read
     * @throws io.voipkit.core.PbxTimeoutException      when the sync takes longer than
     *                                                  {@link PbxConfig#resyncTimeout()}
     * @throws IllegalStateException                    when closed
     */
    @Override
    public void connect() {
        super.connect();
    }

    /** The log tailer started by {@link #connect()}, when {@link Builder#logFiles} were given. */
    public java.util.Optional<AsteriskLogTailer> logTailer() {
        return java.util.Optional.ofNullable(components.tailer());
    }

    /**
     * Settings of an {@link AsteriskPbx}. Not thread-safe; {@link #build()} validates everything
     * and throws {@link InvalidRequestException} naming the first bad setting.
     */
    public static final class Builder {
        private String id;
        private String host;
        private int port = DEFAULT_PORT;
        private boolean portSet;
        private String username;
        private char[] secret;
        private boolean tls;
        private SSLContext sslContext;
        private Path trustStore;
        private char[] trustStorePassword;
        private boolean hostnameVerification = true;
        private PbxConfig config = PbxConfig.defaults();
        private ZoneId zoneId = ZoneId.systemDefault();
        private final List<Path> logFiles = new ArrayList<>();
        private LogBuffer logBuffer;
        private Executor eventExecutor;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The PBX's id (letters, digits, {@code . _ -}, up to 64); default {@code asterisk-<host>-<port>}. */
        public Builder id(String id) {
            this.id = Checks.identifier(id, "id");
            return this;
        }

        /** Required: the Asterisk host name or address. */
        public Builder host(String host) {
            this.host = Checks.wireText(host, "host").strip();
            return this;
        }

        /** The AMI port; default {@value #DEFAULT_PORT}, or {@value #DEFAULT_TLS_PORT} with {@link #tls(boolean)}. */
        public Builder port(int port) {
            this.port = Checks.inRange(port, 1, 65535, "port");
            this.portSet = true;
            return this;
        }

        /** Required: the AMI user of {@code manager.conf}. */
        public Builder username(String username) {
            this.username = Checks.wireText(username, "username");
            return this;
        }

        /** Required: the AMI secret. The array is copied; clear yours afterwards. */
        public Builder secret(char[] secret) {
            Checks.notNull(secret, "secret");
            if (secret.length == 0) {
                throw new InvalidRequestException("secret", "must not be empty");
            }
            for (char c : secret) {
                if (c == '\r' || c == '\n' || c == '\0') {
                    throw new InvalidRequestException("secret", "must not contain CR, LF or NUL");
                }
            }
            this.secret = secret.clone();
            return this;
        }

        /** Required: the AMI secret as a string (prefer {@link #secret(char[])}). */
        public Builder secret(String secret) {
            return secret(Checks.notNull(secret, "secret").toCharArray());
        }

        /**
         * Use TLS. Trust comes from {@link #truststore}, {@link #sslContext}, or else the JVM's
         * default trust store. Without an explicit {@link #port}, the port becomes {@value #DEFAULT_TLS_PORT}.
         */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** Use TLS trusting the certificates in this trust store (PKCS12 or the JVM's default type). */
        public Builder truststore(Path path, char[] password) {
            this.trustStore = Checks.notNull(path, "truststore");
            this.trustStorePassword = password == null ? null : password.clone();
            this.tls = true;
            return this;
        }

        /** Use TLS with this context (for client certificates or custom trust). */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Checks.notNull(sslContext, "sslContext");
            this.tls = true;
            return this;
        }

        /** Check that the server certificate names {@link #host} (default {@code true}; keep it on in production). */
        public Builder hostnameVerification(boolean hostnameVerification) {
            this.hostnameVerification = hostnameVerification;
            return this;
        }

        /** Timeouts, reconnect backoff, event queue size and overflow policy; default {@link PbxConfig#defaults()}. */
        public Builder config(PbxConfig config) {
            this.config = Checks.notNull(config, "config");
            return this;
        }

        /**
         * The time zone of the Asterisk host (default this JVM's): CDR times and the startup time in
         * {@code CoreStatus} are local times without an offset.
         */
        public Builder zoneId(ZoneId zoneId) {
            this.zoneId = Checks.notNull(zoneId, "zoneId");
            return this;
        }

        /**
         * Asterisk log files to tail ({@code /var/log/asterisk/full}, {@code messages}, ...); each
         * line is published as {@link io.voipkit.core.event.LogLineReceived}. Tailing starts with
         * {@link AsteriskPbx#connect()} and is independent of the AMI connection.
         */
        public Builder logFiles(Path... files) {
            Checks.notNull(files, "logFiles");
            for (int i = 0; i < files.length; i++) {
                logFiles.add(Checks.notNull(files[i], "logFiles[" + i + "]"));
            }
            return this;
        }

        /** Also keep tailed log lines in this buffer (for a log viewer); needs {@link #logFiles}. */
        public Builder logBuffer(LogBuffer logBuffer) {
            this.logBuffer = Checks.notNull(logBuffer, "logBuffer");
            return this;
        }

        /**
         * Where subscriptions run their listeners unless they name their own executor; default a
         * daemon thread per subscription.
         */
        public Builder eventExecutor(Executor eventExecutor) {
            this.eventExecutor = Checks.notNull(eventExecutor, "eventExecutor");
            return this;
        }

        /** The clock for receive times and durations (tests); default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /**
         * The unconnected PBX.
         *
         * @throws InvalidRequestException naming the first missing or invalid setting (for example
         *                                 {@code truststore} when the file cannot be read)
         */
        public AsteriskPbx build() {
            if (host == null) {
                throw new InvalidRequestException("host", "is required");
            }
            if (username == null) {
                throw new InvalidRequestException("username", "is required");
            }
            if (secret == null) {
                throw new InvalidRequestException("secret", "is required");
            }
            if (logBuffer != null && logFiles.isEmpty()) {
                throw new InvalidRequestException("logBuffer", "needs logFiles to fill it");
            }
            int effectivePort = tls && !portSet ? DEFAULT_TLS_PORT : port;
            SSLContext ssl = null;
            if (tls) {
                ssl = sslContext != null ? sslContext : trustStore != null ? loadTrustStore() : defaultSsl();
            }
            String effectiveId = id != null ? id : PbxIds.defaultId("asterisk", host, effectivePort);
            return new AsteriskPbx(new AsteriskComponents(effectiveId, host, effectivePort, username, secret.clone(),
                    ssl, hostnameVerification, config, zoneId, List.copyOf(logFiles), logBuffer, eventExecutor, clock));
        }

        private SSLContext loadTrustStore() {
            // A copy, cleared after use, so that build() may be called again.
            char[] password = trustStorePassword == null ? null : trustStorePassword.clone();
            try (InputStream in = Files.newInputStream(trustStore)) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(in, password);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                return ctx;
            } catch (IOException | GeneralSecurityException e) {
                throw new InvalidRequestException("truststore", "cannot load " + trustStore + ": " + e.getMessage());
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
        }

        private static SSLContext defaultSsl() {
            try {
                return SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw new InvalidRequestException("tls", "the JVM has no default TLS context: " + e.getMessage());
            }
        }

        /** The settings without the secret. */
        @Override
        public String toString() {
            return "AsteriskPbx.Builder[" + username + "@" + host + ":" + port + (tls ? " TLS" : "") + "]";
        }
    }
}
