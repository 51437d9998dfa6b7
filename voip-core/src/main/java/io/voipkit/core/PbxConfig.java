package io.voipkit.core;

import io.voipkit.core.event.OverflowPolicy;
import io.voipkit.core.event.SubscriptionOptions;
import io.voipkit.core.internal.Checks;
import io.voipkit.core.internal.Durations;
import io.voipkit.core.internal.ProviderProperties;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Connection settings shared by every PBX adapter (timeouts, reconnect backoff, event queues,
 * protocol limits). Immutable and thread-safe; build one with {@link #builder()} or start from
 * {@link #defaults()}. Adapter builders take one, and the Spring Boot starter binds its
 * {@code voip.*} properties to it.
 *
 * <pre>{@code
 * PbxConfig config = PbxConfig.builder()
 *         .actionTimeout(Duration.ofSeconds(5))
 *         .reconnectMaxDelay(Duration.ofMinutes(1))
 *         .build();
 * }</pre>
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>connectTimeout</td><td>5 s</td><td>TCP connect, greeting and login of one attempt</td></tr>
 *   <tr><td>actionTimeout</td><td>10 s</td><td>how long an action waits for the PBX's answer</td></tr>
 *   <tr><td>reconnectInitialDelay</td><td>1 s</td><td>the wait before the first reconnect attempt</td></tr>
 *   <tr><td>reconnectMaxDelay</td><td>30 s</td><td>the longest wait between attempts</td></tr>
 *   <tr><td>reconnectMultiplier</td><td>2.0</td><td>backoff growth per failed attempt (1.0 = constant)</td></tr>
 *   <tr><td>eventQueueCapacity</td><td>8192</td><td>the default queue bound of an event subscription</td></tr>
 *   <tr><td>overflowPolicy</td><td>BLOCK</td><td>the default overflow policy of an event subscription</td></tr>
 *   <tr><td>maxFrameLineLength</td><td>8192</td><td>longest protocol line accepted from the PBX, in bytes</td></tr>
 *   <tr><td>maxHeadersPerFrame</td><td>1024</td><td>most headers in one AMI message or ESL frame</td></tr>
 *   <tr><td>maxFrameBytes</td><td>1 MiB</td><td>largest AMI message or ESL frame (headers and body)</td></tr>
 *   <tr><td>resyncTimeout</td><td>30 s</td><td>how long the state synchronisation after a (re)connect may take</td></tr>
 *   <tr><td>actionObserver</td><td>{@link ActionObserver#NONE}</td><td>told the latency and outcome of every action (metrics)</td></tr>
 * </table>
 *
 * <p>A peer that exceeds a protocol limit is treated as broken: the connection is closed with a
 * log line saying which limit, and re-established. Reconnect delays grow from the initial delay by
 * the multiplier up to the maximum, forever, until the {@link Pbx} is closed.
 */
public final class PbxConfig {

    /** Default {@link #connectTimeout()}: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default {@link #actionTimeout()}: 10 seconds. */
    public static final Duration DEFAULT_ACTION_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@link #reconnectInitialDelay()}: 1 second. */
    public static final Duration DEFAULT_RECONNECT_INITIAL_DELAY = Duration.ofSeconds(1);
    /** Default {@link #reconnectMaxDelay()}: 30 seconds. */
    public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(30);
    /** Default {@link #reconnectMultiplier()}: 2.0. */
    public static final double DEFAULT_RECONNECT_MULTIPLIER = 2.0;
    /** Default {@link #eventQueueCapacity()}: 8192. */
    public static final int DEFAULT_EVENT_QUEUE_CAPACITY = SubscriptionOptions.DEFAULT_QUEUE_CAPACITY;
    /** Default {@link #overflowPolicy()}: {@link OverflowPolicy#BLOCK}. */
    public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.BLOCK;
    /** Default {@link #maxFrameLineLength()}: 8192 bytes. */
    public static final int DEFAULT_MAX_FRAME_LINE_LENGTH = 8192;
    /** Default {@link #maxHeadersPerFrame()}: 1024. */
    public static final int DEFAULT_MAX_HEADERS_PER_FRAME = 1024;
    /** Default {@link #maxFrameBytes()}: 1 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;
    /** Default {@link #resyncTimeout()}: 30 seconds. */
    public static final Duration DEFAULT_RESYNC_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    private static final PbxConfig DEFAULTS = new Builder().build();

    private final Duration connectTimeout;
    private final Duration actionTimeout;
    private final Duration reconnectInitialDelay;
    private final Duration reconnectMaxDelay;
    private final double reconnectMultiplier;
    private final int eventQueueCapacity;
    private final OverflowPolicy overflowPolicy;
    private final int maxFrameLineLength;
    private final int maxHeadersPerFrame;
    private final int maxFrameBytes;
    private final Duration resyncTimeout;
    private final ActionObserver actionObserver;

    private PbxConfig(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.actionTimeout = b.actionTimeout;
        this.reconnectInitialDelay = b.reconnectInitialDelay;
        this.reconnectMaxDelay = b.reconnectMaxDelay;
        this.reconnectMultiplier = b.reconnectMultiplier;
        this.eventQueueCapacity = b.eventQueueCapacity;
        this.overflowPolicy = b.overflowPolicy;
        this.maxFrameLineLength = b.maxFrameLineLength;
        this.maxHeadersPerFrame = b.maxHeadersPerFrame;
        this.maxFrameBytes = b.maxFrameBytes;
        this.resyncTimeout = b.resyncTimeout;
        this.actionObserver = b.actionObserver;
        if (reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
            throw new InvalidRequestException("reconnectMaxDelay", "must be at least reconnectInitialDelay ("
                    + reconnectInitialDelay + "), was " + reconnectMaxDelay);
        }
        if (maxFrameBytes < maxFrameLineLength) {
            throw new InvalidRequestException("maxFrameBytes", "must be at least maxFrameLineLength ("
                    + maxFrameLineLength + "), was " + maxFrameBytes);
        }
    }

    /** Every setting at its default (see the class documentation). */
    public static PbxConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.connectTimeout = connectTimeout;
        b.actionTimeout = actionTimeout;
        b.reconnectInitialDelay = reconnectInitialDelay;
        b.reconnectMaxDelay = reconnectMaxDelay;
        b.reconnectMultiplier = reconnectMultiplier;
        b.eventQueueCapacity = eventQueueCapacity;
        b.overflowPolicy = overflowPolicy;
        b.maxFrameLineLength = maxFrameLineLength;
        b.maxHeadersPerFrame = maxHeadersPerFrame;
        b.maxFrameBytes = maxFrameBytes;
        b.resyncTimeout = resyncTimeout;
        b.actionObserver = actionObserver;
        return b;
    }

    /** TCP connect, greeting and login of one connection attempt must finish within this; default 5 s. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long an action waits for the PBX's answer; default 10 s. */
    public Duration actionTimeout() {
        return actionTimeout;
    }

    /** The wait before the first reconnect attempt; default 1 s. */
    public Duration reconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    /** The longest wait between reconnect attempts; default 30 s. */
    public Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    /** The factor by which the reconnect wait grows after each failed attempt; default 2.0. */
    public double reconnectMultiplier() {
        return reconnectMultiplier;
    }

    /** The default queue bound of an event subscription; default 8192. */
    public int eventQueueCapacity() {
        return eventQueueCapacity;
    }

    /** The default overflow policy of an event subscription; default {@link OverflowPolicy#BLOCK}. */
    public OverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    /** The longest protocol line accepted from the PBX, in bytes; default 8192. */
    public int maxFrameLineLength() {
        return maxFrameLineLength;
    }

    /** The most headers accepted in one AMI message or ESL frame; default 1024. */
    public int maxHeadersPerFrame() {
        return maxHeadersPerFrame;
    }

    /** The largest AMI message or ESL frame (headers and body) accepted, in bytes; default 1 MiB. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** How long re-synchronising the live state after a (re)connect may take; default 30 s. */
    public Duration resyncTimeout() {
        return resyncTimeout;
    }

    /**
     * Told the latency and outcome of every action this PBX sends (see {@link ActionObserver} for
     * what counts as an action); default {@link ActionObserver#NONE}.
     */
    public ActionObserver actionObserver() {
        return actionObserver;
    }

    /**
     * The reconnect wait before attempt {@code attempt} (1 = the first retry): the initial delay
     * times the multiplier to the power {@code attempt - 1}, capped at the maximum.
     */
    public Duration reconnectDelay(int attempt) {
        Checks.positive(attempt, "attempt");
        double millis = reconnectInitialDelay.toMillis() * Math.pow(reconnectMultiplier, attempt - 1);
        long max = reconnectMaxDelay.toMillis();
        return Duration.ofMillis(Double.isFinite(millis) && millis < max ? (long) millis : max);
    }

    /** The default options of an event subscription: {@link #eventQueueCapacity()} and {@link #overflowPolicy()}. */
    public SubscriptionOptions subscriptionDefaults() {
        return new SubscriptionOptions(eventQueueCapacity, overflowPolicy, null, null);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PbxConfig c)) {
            return false;
        }
        return connectTimeout.equals(c.connectTimeout) && actionTimeout.equals(c.actionTimeout)
                && reconnectInitialDelay.equals(c.reconnectInitialDelay) && reconnectMaxDelay.equals(c.reconnectMaxDelay)
                && Double.compare(reconnectMultiplier, c.reconnectMultiplier) == 0
                && eventQueueCapacity == c.eventQueueCapacity && overflowPolicy == c.overflowPolicy
                && maxFrameLineLength == c.maxFrameLineLength && maxHeadersPerFrame == c.maxHeadersPerFrame
                && maxFrameBytes == c.maxFrameBytes && resyncTimeout.equals(c.resyncTimeout)
                // Behaviour, not a number: configs that report to different observers act differently.
                && actionObserver.equals(c.actionObserver);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectTimeout, actionTimeout, reconnectInitialDelay, reconnectMaxDelay, reconnectMultiplier,
                eventQueueCapacity, overflowPolicy, maxFrameLineLength, maxHeadersPerFrame, maxFrameBytes, resyncTimeout,
                actionObserver);
    }

    @Override
    public String toString() {
        return "PbxConfig[connectTimeout=" + connectTimeout + ", actionTimeout=" + actionTimeout
                + ", reconnectInitialDelay=" + reconnectInitialDelay + ", reconnectMaxDelay=" + reconnectMaxDelay
                + ", reconnectMultiplier=" + reconnectMultiplier + ", eventQueueCapacity=" + eventQueueCapacity
                + ", overflowPolicy=" + overflowPolicy + ", maxFrameLineLength=" + maxFrameLineLength
                + ", maxHeadersPerFrame=" + maxHeadersPerFrame + ", maxFrameBytes=" + maxFrameBytes
                + ", resyncTimeout=" + resyncTimeout + ", actionObserver=" + describe(actionObserver) + "]";
    }

    /** The observer's class, never its {@code toString()}: that is user code and might print anything. */
    private static String describe(ActionObserver observer) {
        return observer == ActionObserver.NONE ? "none" : observer.getClass().getName();
    }

    /**
     * Builds a {@link PbxConfig}. Each setter validates its value at once and throws
     * {@link InvalidRequestException} naming the setting; {@link #build()} checks the relations
     * between settings. Not thread-safe.
     */
    public static final class Builder {
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration actionTimeout = DEFAULT_ACTION_TIMEOUT;
        private Duration reconnectInitialDelay = DEFAULT_RECONNECT_INITIAL_DELAY;
        private Duration reconnectMaxDelay = DEFAULT_RECONNECT_MAX_DELAY;
        private double reconnectMultiplier = DEFAULT_RECONNECT_MULTIPLIER;
        private int eventQueueCapacity = DEFAULT_EVENT_QUEUE_CAPACITY;
        private OverflowPolicy overflowPolicy = DEFAULT_OVERFLOW_POLICY;
        private int maxFrameLineLength = DEFAULT_MAX_FRAME_LINE_LENGTH;
        private int maxHeadersPerFrame = DEFAULT_MAX_HEADERS_PER_FRAME;
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private Duration resyncTimeout = DEFAULT_RESYNC_TIMEOUT;
        private ActionObserver actionObserver = ActionObserver.NONE;

        private Builder() {
        }

        /** Positive, at most one hour. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = timeout(value, "connectTimeout");
            return this;
        }

        /** Positive, at most one hour. */
        public Builder actionTimeout(Duration value) {
            this.actionTimeout = timeout(value, "actionTimeout");
            return this;
        }

        /** Positive, at most one hour. */
        public Builder reconnectInitialDelay(Duration value) {
            this.reconnectInitialDelay = timeout(value, "reconnectInitialDelay");
            return this;
        }

        /** Positive, at most one hour, and not below the initial delay (checked by {@link #build()}). */
        public Builder reconnectMaxDelay(Duration value) {
            this.reconnectMaxDelay = timeout(value, "reconnectMaxDelay");
            return this;
        }

        /** From 1.0 (constant delay) to 10.0. */
        public Builder reconnectMultiplier(double value) {
            this.reconnectMultiplier = Checks.inRange(value, 1.0, 10.0, "reconnectMultiplier");
            return this;
        }

        /** From 1 to {@link SubscriptionOptions#MAX_QUEUE_CAPACITY}. */
        public Builder eventQueueCapacity(int value) {
            this.eventQueueCapacity = Checks.inRange(value, 1, SubscriptionOptions.MAX_QUEUE_CAPACITY,
                    "eventQueueCapacity");
            return this;
        }

        /** Not null. */
        public Builder overflowPolicy(OverflowPolicy value) {
            this.overflowPolicy = Checks.notNull(value, "overflowPolicy");
            return this;
        }

        /** From 256 bytes to 16 MiB. */
        public Builder maxFrameLineLength(int value) {
            this.maxFrameLineLength = Checks.inRange(value, 256, 16 << 20, "maxFrameLineLength");
            return this;
        }

        /** From 16 to 1,000,000. */
        public Builder maxHeadersPerFrame(int value) {
            this.maxHeadersPerFrame = Checks.inRange(value, 16, 1_000_000, "maxHeadersPerFrame");
            return this;
        }

        /** From 1 KiB to 256 MiB, and not below the line length (checked by {@link #build()}). */
        public Builder maxFrameBytes(int value) {
            this.maxFrameBytes = Checks.inRange(value, 1024, 256 << 20, "maxFrameBytes");
            return this;
        }

        /** Positive, at most one hour. */
        public Builder resyncTimeout(Duration value) {
            this.resyncTimeout = timeout(value, "resyncTimeout");
            return this;
        }

        /**
         * Not null; {@link ActionObserver#NONE} (the default) turns timing off. Has no property
         * form: {@link #properties(Map)} leaves it as it is.
         */
        public Builder actionObserver(ActionObserver value) {
            this.actionObserver = Checks.notNull(value, "actionObserver");
            return this;
        }

        /**
         * Applies the settings found in {@code properties} and ignores every other key (the same map
         * usually carries adapter settings such as {@code host}). Keys are the setting names in
         * camelCase, kebab-case, snake_case or dotted ({@code actionTimeout}, {@code action-timeout},
         * {@code action_timeout}, {@code action.timeout}); durations are
         * written {@code 500ms}, {@code 5s}, {@code 2m}, {@code PT5S} or as plain milliseconds;
         * {@code overflowPolicy} is a constant name, case-insensitive.
         *
         * @throws InvalidRequestException naming the key when a value cannot be parsed or is out of range
         */
        public Builder properties(Map<String, String> properties) {
            Checks.notNull(properties, "properties");
            properties.forEach((key, value) -> {
                if (key == null || value == null) {
                    return;
                }
                try {
                    apply(key, value.trim());
                } catch (InvalidRequestException e) {
                    // Name the property as the user wrote it, so the message points at their file.
                    throw e.field().equals(key) ? e : new InvalidRequestException(key, problemOf(e));
                }
            });
            return this;
        }

        private static String problemOf(InvalidRequestException e) {
            String prefix = e.field() + ": ";
            String m = e.getMessage();
            return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
        }

        private void apply(String key, String v) {
            // The providers' own normalisation (they tell core keys from adapter keys with it): a key
            // they take as a core setting must never be dropped here (action_timeout, reconnect.max.delay).
            switch (ProviderProperties.normalise(key)) {
                case "connecttimeout" -> connectTimeout(Durations.parse(v, key));
                case "actiontimeout" -> actionTimeout(Durations.parse(v, key));
                case "reconnectinitialdelay" -> reconnectInitialDelay(Durations.parse(v, key));
                case "reconnectmaxdelay" -> reconnectMaxDelay(Durations.parse(v, key));
                case "reconnectmultiplier" -> reconnectMultiplier(parseDouble(v, key));
                case "eventqueuecapacity" -> eventQueueCapacity(parseInt(v, key));
                case "overflowpolicy" -> overflowPolicy(parsePolicy(v, key));
                case "maxframelinelength" -> maxFrameLineLength(parseInt(v, key));
                case "maxheadersperframe" -> maxHeadersPerFrame(parseInt(v, key));
                case "maxframebytes" -> maxFrameBytes(parseInt(v, key));
                case "resynctimeout" -> resyncTimeout(Durations.parse(v, key));
                default -> {
                    // not a core setting: belongs to the adapter
                }
            }
        }

        /**
         * Builds the configuration.
         *
         * @throws InvalidRequestException when {@code reconnectMaxDelay < reconnectInitialDelay} or
         *                                 {@code maxFrameBytes < maxFrameLineLength}
         */
        public PbxConfig build() {
            return new PbxConfig(this);
        }

        private static Duration timeout(Duration value, String field) {
            Checks.positive(value, field);
            return Checks.atMost(value, MAX_TIMEOUT, field);
        }

        private static int parseInt(String v, String key) {
            try {
                return Integer.parseInt(v.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new InvalidRequestException(key, "is not a whole number: " + Checks.abbreviate(v));
            }
        }

        private static double parseDouble(String v, String key) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new InvalidRequestException(key, "is not a number: " + Checks.abbreviate(v));
            }
        }

        private static OverflowPolicy parsePolicy(String v, String key) {
            try {
                return OverflowPolicy.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(key, "must be one of BLOCK, DROP_OLDEST, FAIL, was " + Checks.abbreviate(v));
            }
        }
    }
}
