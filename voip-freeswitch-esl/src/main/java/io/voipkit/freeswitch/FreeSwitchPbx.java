package io.voipkit.freeswitch;

import io.voipkit.core.CallControl;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.QueueMonitor;
import io.voipkit.core.internal.Checks;
import io.voipkit.core.internal.EndpointNaming;
import io.voipkit.core.internal.PbxIds;
import io.voipkit.core.spi.ForwardingPbx;
import io.voipkit.freeswitch.internal.EslInboundClient;
import io.voipkit.freeswitch.internal.adapter.FreeSwitchComponents;
import io.voipkit.freeswitch.internal.adapter.FsSupervisor;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A FreeSWITCH driven and watched over the Event Socket (ESL, inbound mode): the voip-core
 * {@link Pbx} API for FreeSWITCH, so that an application switches between Asterisk and FreeSWITCH
 * by configuration.
 *
 * <pre>{@code
 * try (FreeSwitchPbx pbx = FreeSwitchPbx.builder()
 *         .host("127.0.0.1").port(8021)
 *         .password(secretChars)
 *         .build()) {
 *     pbx.connect();                        // authenticated, events subscribed, live state synchronised
 *     pbx.calls().originate(OriginateRequest.toExtension("user/1000", "9000", "default").build());
 *     pbx.state().endpoints().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li>{@link #connect()} opens the Event Socket, authenticates, subscribes the events voipkit
 *       maps (channel life cycle, DTMF, hold, records, {@code sofia::register}/{@code unregister}/
 *       {@code expire}, {@code callcenter::info}, {@code valet_parking::info},
 *       {@code conference::maintenance}, heartbeats) and synchronises the live state
 *       ({@code list_users}, {@code show registrations}, {@code show channels}, mod_callcenter's
 *       queues) before it returns.</li>
 *   <li>When the connection is lost the state turns {@link ConnectionState#RECONNECTING}, actions
 *       fail fast with {@link io.voipkit.core.PbxNotConnectedException}, and the client reconnects
 *       with exponential backoff ({@link PbxConfig#reconnectInitialDelay()} up to
 *       {@link PbxConfig#reconnectMaxDelay()}) until {@link #close()}; each reconnect re-subscribes,
 *       resynchronises the state and publishes {@link io.voipkit.core.event.StateResynced} before the
 *       state is {@code CONNECTED} again. A password refused during a reconnect ends in
 *       {@code CLOSED} with that reason instead of a retry loop.</li>
 *   <li>Every event becomes exactly one {@link io.voipkit.core.event.PbxEvent} (those without a
 *       voipkit record as {@code UnknownEvent} with all fields), delivered to each subscription in
 *       wire order through its own bounded queue.</li>
 * </ul>
 *
 * <p>Channels: FreeSWITCH's commands address channels by UUID; every {@link CallControl} method
 * takes either the UUID or the channel name (for example {@code sofia/internal/1000@10.0.0.5}).
 * Queues: {@link QueueMonitor} maps mod_callcenter, agent names are the member interface names.
 * Endpoints are SIP users ({@code 1000}), named as {@link EndpointNaming#standard()} derives them
 * from {@code sofia/internal/1000@host}.
 *
 * <p>{@link #kind()} is {@link io.voipkit.core.PbxKind#FREESWITCH}; the default {@link #id()} is
 * {@code freeswitch-<host>-<port>}. {@link #close()} closes the session, stops reconnecting and
 * ends every subscription; it is idempotent.
 *
 * <p>Thread-safe. Several instances may live in one JVM; nothing is static. The password never
 * appears in {@link #toString()} (id, address and state) or in a log line.
 */
public final class FreeSwitchPbx extends ForwardingPbx {

    /** The default Event Socket port. */
    public static final int DEFAULT_PORT = 8021;

    /** How FreeSWITCH serialises the events it sends; the mapped events are the same. */
    public enum EventFormat {
        /** {@code text/event-plain}: URL-encoded headers (the default, the cheapest to decode). */
        PLAIN,
        /** {@code text/event-json}. */
        JSON,
        /** {@code text/event-xml}. */
        XML
    }

    /** The events subscribed: everything the mapper and the live state read, nothing chatty beyond. */
    static final List<String> EVENTS = List.of("CHANNEL_CREATE", "CHANNEL_PROGRESS", "CHANNEL_PROGRESS_MEDIA",
            "CHANNEL_ANSWER", "CHANNEL_BRIDGE", "CHANNEL_UNBRIDGE", "CHANNEL_HANGUP_COMPLETE", "CHANNEL_CALLSTATE",
            "CHANNEL_EXECUTE", "CHANNEL_HOLD", "CHANNEL_UNHOLD", "CHANNEL_PARK", "CHANNEL_UNPARK", "CALL_UPDATE",
            "DTMF", "RECORD_START", "RECORD_STOP", "HEARTBEAT", "BACKGROUND_JOB",
            // CUSTOM last: FreeSWITCH reads every later word as a subclass
            "CUSTOM", "sofia::register", "sofia::unregister",
            "sofia::expire", "callcenter::info", "valet_parking::info", "conference::maintenance");

    private FreeSwitchPbx(FreeSwitchComponents components) {
        super(components);
    }

    /** A builder; {@link Builder#host} and {@link Builder#password} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects, authenticates, subscribes and synchronises the live state; blocks until done.
     * Does nothing while connected or reconnecting.
     *
     * @throws io.voipkit.core.PbxNotConnectedException when FreeSWITCH cannot be reached within
     *                                                  {@link PbxConfig#connectTimeout()}
     * @throws io.voipkit.core.PbxActionFailedException when the password or the ACL is refused
     *                                                  (action {@code auth}) or the state cannot be read
     * @throws io.voipkit.core.PbxTimeoutException      when a sync command takes longer than
     *                                                  {@link PbxConfig#resyncTimeout()}
     * @throws IllegalStateException                    when closed
     */
    @Override
    public void connect() {
        super.connect();
    }

    /**
     * Settings of a {@link FreeSwitchPbx}. Not thread-safe; {@link #build()} validates everything
     * and throws {@link InvalidRequestException} naming the first bad setting.
     */
    public static final class Builder {
        private String id;
        private String host;
        private int port = DEFAULT_PORT;
        private char[] password;
        private EventFormat eventFormat = EventFormat.PLAIN;
        private PbxConfig config = PbxConfig.defaults();
        private EndpointNaming naming = EndpointNaming.standard();
        private String parkingLot = "voipkit";
        private int firstSlot = 6001;
        private int lastSlot = 6099;
        private Executor eventExecutor;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The PBX's id (letters, digits, {@code . _ -}, up to 64); default {@code freeswitch-<host>-<port>}. */
        public Builder id(String id) {
            this.id = Checks.identifier(id, "id");
            return this;
        }

        /** Required: the FreeSWITCH host name or address. */
        public Builder host(String host) {
            this.host = Checks.wireText(host, "host").strip();
            return this;
        }

        /** The Event Socket port ({@code event_socket.conf.xml} {@code listen-port}); default {@value #DEFAULT_PORT}. */
        public Builder port(int port) {
            this.port = Checks.inRange(port, 1, 65535, "port");
            return this;
        }

        /** Required: the Event Socket password. The array is copied; clear yours afterwards. */
        public Builder password(char[] password) {
            Checks.notNull(password, "password");
            if (password.length == 0) {
                throw new InvalidRequestException("password", "must not be empty");
            }
            for (char c : password) {
                if (c == '\r' || c == '\n' || c == '\0' || c == ' ') {
                    throw new InvalidRequestException("password", "must not contain CR, LF, NUL or spaces");
                }
            }
            this.password = password.clone();
            return this;
        }

        /** Required: the Event Socket password as a string (prefer {@link #password(char[])}). */
        public Builder password(String password) {
            return password(Checks.notNull(password, "password").toCharArray());
        }

        /** How FreeSWITCH sends events; default {@link EventFormat#PLAIN}. */
        public Builder eventFormat(EventFormat format) {
            this.eventFormat = Checks.notNull(format, "eventFormat");
            return this;
        }

        /** Timeouts, reconnect backoff, event queue size and overflow policy; default {@link PbxConfig#defaults()}. */
        public Builder config(PbxConfig config) {
            this.config = Checks.notNull(config, "config");
            return this;
        }

        /** How channel names map to endpoints (which sofia profiles carry phones); default standard. */
        public Builder endpointNaming(EndpointNaming naming) {
            this.naming = Checks.notNull(naming, "endpointNaming");
            return this;
        }

        /** The mod_valet_parking lot {@link CallControl#park} uses; default {@code voipkit}. */
        public Builder parkingLot(String lot) {
            Checks.wireText(lot, "parkingLot");
            if (!lot.matches("[A-Za-z0-9_.@-]+")) {
                throw new InvalidRequestException("parkingLot", "must be letters, digits and _ . @ - only, was "
                        + Checks.abbreviate(lot));
            }
            this.parkingLot = lot;
            return this;
        }

        /** The slots (extensions) parked calls get, inclusive; default 6001-6099. */
        public Builder parkingSlots(int first, int last) {
            Checks.positive(first, "parkingSlots");
            if (last < first) {
                throw new InvalidRequestException("parkingSlots", "last (" + last + ") must not be below first ("
                        + first + ")");
            }
            this.firstSlot = first;
            this.lastSlot = last;
            return this;
        }

        /** Where subscriptions run their listeners unless they name their own executor; default a thread each. */
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
         * @throws InvalidRequestException naming the first missing or invalid setting
         */
        public FreeSwitchPbx build() {
            if (host == null) {
                throw new InvalidRequestException("host", "is required");
            }
            if (password == null) {
                throw new InvalidRequestException("password", "is required");
            }
            String effectiveId = id != null ? id : PbxIds.defaultId("freeswitch", host, port);
            char[] copy = password.clone();
            FsSupervisor.Target target = new FsSupervisor.Target(host, port, copy,
                    EslInboundClient.Format.valueOf(eventFormat.name()), EVENTS);
            FreeSwitchPbx pbx = new FreeSwitchPbx(new FreeSwitchComponents(effectiveId, target, config, naming,
                    parkingLot, firstSlot, lastSlot, eventExecutor, clock));
            Arrays.fill(copy, '\0');
            return pbx;
        }

        /** The settings without the password. */
        @Override
        public String toString() {
            return "FreeSwitchPbx.Builder[" + host + ":" + port + ", " + eventFormat + "]";
        }
    }
}
