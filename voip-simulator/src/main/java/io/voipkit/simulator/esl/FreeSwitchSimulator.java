package io.voipkit.simulator.esl;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import io.voipkit.simulator.esl.internal.EslServer;
import io.voipkit.simulator.esl.internal.FsChannel;
import io.voipkit.simulator.esl.internal.FsModel;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A FreeSWITCH on a loopback port that speaks the Event Socket (inbound mode) as FreeSWITCH
 * 1.10.12 does: {@code auth/request} greeting, command replies, api responses and events with the
 * header names, order and encodings of the transcripts recorded from a real switch
 * ({@code fixtures/esl}). Use it to test an ESL client, a CRM connector or a dashboard without
 * running FreeSWITCH.
 *
 * <pre>{@code
 * try (FreeSwitchSimulator fs = FreeSwitchSimulator.builder().build().start()) {
 *     myClient.connect("127.0.0.1", fs.port(), "ClueCon");
 *     fs.registerPhone("1000");                  // CUSTOM sofia::register_attempt, sofia::register
 *     fs.registerPhone("1001");
 *     FsCall call = fs.placeCall("1000", "1001"); // CHANNEL_CREATE, EXECUTE bridge, OUTGOING, CREATE, CALLSTATE RINGING
 *     fs.answer(call);                            // CHANNEL_ANSWER x2, CHANNEL_BRIDGE
 *     fs.hangup(call, "NORMAL_CLEARING");         // HANGUP x2, UNBRIDGE, HANGUP_COMPLETE x2, DESTROY x2
 * }
 * }</pre>
 *
 * <p>Clients may also drive it with api commands ({@code originate}, {@code uuid_kill},
 * {@code uuid_transfer}, {@code uuid_broadcast}, {@code list_users}, {@code valet_info},
 * {@code callcenter_config}...), answered against the same model: originated legs show their caller
 * id flipped as the real switch does, transfers set {@code transfer_source}, {@code att_xfer},
 * valet parking, {@code eavesdrop} and mod_callcenter's agents run as recorded (see the module
 * README). Thread-safe: every method may be called from any thread; several simulators can run in
 * one JVM.
 */
public final class FreeSwitchSimulator implements AutoCloseable {
    private final Builder config;
    private final EslServer server;
    private final FsModel model;
    private final ScheduledThreadPoolExecutor scheduler;
    private final List<FreeSwitchTraffic> generators = new CopyOnWriteArrayList<>();
    private volatile boolean started;
    private volatile boolean closed;

    private FreeSwitchSimulator(Builder b) {
        this.config = b;
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "voipkit-sim-esl-dialplan");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.server = new EslServer(b.bindAddress, b.queueCapacity, b.password);
        this.model = new FsModel(b.clock, b.seed, server, scheduler, b.users);
        server.model(model, scheduler);
    }

    /**
     * A builder with the defaults: 127.0.0.1, ephemeral port, password {@code ClueCon}, directory
     * users 1000-1019, seed 0, heartbeat every 20 s.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts listening; returns this for chaining. */
    public synchronized FreeSwitchSimulator start() {
        if (closed) {
            throw new IllegalStateException("this simulator was closed; build a new one");
        }
        if (!started) {
            server.start(config.port);
            long hb = config.heartbeat.toMillis();
            if (hb > 0) {
                scheduler.scheduleAtFixedRate(model::heartbeat, hb, hb, TimeUnit.MILLISECONDS);
            }
            started = true;
        }
        return this;
    }

    /** The Event Socket port actually bound; {@link IllegalStateException} before {@link #start()}. */
    public int port() {
        if (!started) {
            throw new IllegalStateException("the simulator is not started; call start() first");
        }
        return server.port();
    }

    /** The bind address. */
    public InetAddress bindAddress() {
        return config.bindAddress;
    }

    /** Number of Event Socket connections open now. */
    public int connectionCount() {
        return server.connectionCount();
    }

    /** Number of authenticated connections that listen for events. */
    public int listenerCount() {
        return server.listenerCount();
    }

    /** The switch's {@code Core-UUID}, as every event carries it. */
    public String coreUuid() {
        return model.coreUuid();
    }

    /** Stops listening, disconnects every client and stops traffic and timers. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        generators.forEach(FreeSwitchTraffic::stop);
        server.stop();
        scheduler.shutdownNow();
    }

    // ---------------------------------------------------------------- scripted control

    private String user(String user, String field) {
        Checks.wireText(user, field);
        if (!config.users.contains(user)) {
            throw new InvalidRequestException(field, "no directory user " + Checks.abbreviate(user)
                    + "; the simulator has users " + config.users.get(0) + ".." + config.users.get(config.users.size() - 1));
        }
        return user;
    }

    /** The phone of a directory user registers: {@code CUSTOM sofia::register_attempt}, {@code sofia::register}. */
    public void registerPhone(String user) {
        model.register(user(user, "user"));
    }

    /** The phone unregisters (REGISTER with Expires 0): {@code CUSTOM sofia::unregister}. */
    public void unregisterPhone(String user) {
        try {
            model.unregister(user(user, "user"));
        } catch (IllegalStateException e) {
            throw new InvalidRequestException("user", e.getMessage());
        }
    }

    /** The phone's registration lapses: {@code CUSTOM sofia::expire}. */
    public void expireRegistration(String user) {
        try {
            model.expire(user(user, "user"));
        } catch (IllegalStateException e) {
            throw new InvalidRequestException("user", e.getMessage());
        }
    }

    /** A registration with a wrong password: {@code CUSTOM sofia::register_failure}. */
    public void failRegistration(String user) {
        model.registerFailure(user(user, "user"));
    }

    /** Whether the user's phone is registered. */
    public boolean isRegistered(String user) {
        return model.registered(Checks.notNull(user, "user"));
    }

    /**
     * Registered phone {@code from} calls registered phone {@code to}, which rings: the caller's
     * inbound leg ({@code CHANNEL_CREATE}, {@code CHANNEL_CALLSTATE RINGING}, {@code CHANNEL_EXECUTE
     * bridge}), the callee's outbound leg ({@code CHANNEL_OUTGOING}, {@code CHANNEL_CREATE},
     * {@code CHANNEL_CALLSTATE RINGING}), then the caller's {@code CHANNEL_CALLSTATE RING_WAIT}.
     *
     * @throws InvalidRequestException when a user is unknown or not registered, or calls itself
     */
    public FsCall placeCall(String from, String to) {
        user(from, "from");
        user(to, "to");
        if (from.equals(to)) {
            throw new InvalidRequestException("to", "a phone cannot call itself");
        }
        FsChannel[] legs;
        try {
            legs = model.placeCall(from, to);
        } catch (IllegalStateException e) {
            throw new InvalidRequestException(model.registered(from) ? "to" : "from", e.getMessage());
        }
        return new FsCall(model, from, to, legs[0].uuid(), legs[0].name(), legs[1].uuid(), legs[1].name());
    }

    /** The callee answers: {@code CHANNEL_ANSWER} and {@code CALLSTATE ACTIVE} on both legs, {@code CHANNEL_BRIDGE}. */
    public void answer(FsCall call) {
        Checks.notNull(call, "call");
        if (call.calleeUuid() == null) {
            throw new InvalidRequestException("call", "no phone is ringing on this call");
        }
        try {
            model.answerCall(call.callerUuid(), call.calleeUuid());
        } catch (IllegalStateException e) {
            throw new InvalidRequestException("call", e.getMessage());
        }
        call.answered(true);
    }

    /**
     * Hangs up both legs with a FreeSWITCH cause ({@code NORMAL_CLEARING}, {@code USER_BUSY},
     * {@code NO_ANSWER}...): {@code CHANNEL_HANGUP} of each leg, {@code CHANNEL_UNBRIDGE} when
     * bridged, {@code CHANNEL_HANGUP_COMPLETE} (with CDR variables) and {@code CHANNEL_DESTROY} of each.
     *
     * @return false when the call had already ended
     */
    public boolean hangup(FsCall call, String cause) {
        Checks.notNull(call, "call");
        String c = Checks.wireText(cause, "cause");
        if (!c.matches("[A-Z_]{3,64}")) {
            throw new InvalidRequestException("cause", "must be a FreeSWITCH cause name such as NORMAL_CLEARING, was "
                    + Checks.abbreviate(c));
        }
        return model.hangup(call.callerUuid(), c);
    }

    /**
     * Blind transfer of the caller to {@code destination} (like {@code uuid_transfer}): the old
     * callee leg is unbridged and hung up, {@code CALL_UPDATE}, and the caller leg runs the
     * extension — a registered user's phone rings (answer it with {@link #answer}), the test
     * extensions 9000-9008 run their applications, anything else parks.
     */
    public void transfer(FsCall call, String destination) {
        Checks.notNull(call, "call");
        String dest = Checks.wireText(destination, "destination");
        if (dest.contains(" ")) {
            throw new InvalidRequestException("destination", "must be one extension without blanks");
        }
        FsChannel b = model.transfer(call.callerUuid(), dest, "default");
        if (b == null && model.channel(call.callerUuid()) == null) {
            throw new InvalidRequestException("call", "the call has ended");
        }
        call.callee(dest, b == null ? null : b.uuid(), b == null ? null : b.name());
    }

    /**
     * Runs one api command as a client's {@code api} would and returns the api/response body, e.g.
     * {@code api("originate loopback/9007/default &park()")} returns {@code +OK <uuid>\n}.
     */
    public String api(String commandLine) {
        String line = Checks.wireText(commandLine, "commandLine");
        int sp = line.indexOf(' ');
        return model.api(sp < 0 ? line : line.substring(0, sp), sp < 0 ? "" : line.substring(sp + 1));
    }

    /** Sends a {@code HEARTBEAT} event now (the simulator also sends one every heartbeat interval). */
    public void heartbeat() {
        model.heartbeat();
    }

    /** Number of live channels (call legs). */
    public int activeChannels() {
        return model.channelCount();
    }

    /**
     * A traffic generator with this seed: phones of the first {@code phones} users register, call
     * each other ({@code callsPerSecond} steps a second) and loopback callers enter the callcenter
     * queue. Not started; see {@link FreeSwitchTraffic#start()}.
     */
    public FreeSwitchTraffic traffic(long seed, double callsPerSecond, int phones) {
        Checks.inRange(phones, 2, config.users.size(), "phones");
        FreeSwitchTraffic t = new FreeSwitchTraffic(this, seed, callsPerSecond, config.users.subList(0, phones));
        generators.add(t);
        return t;
    }

    // ---------------------------------------------------------------- blast

    /**
     * Blast mode, for throughput measurements: writes {@code count} frames to every client that
     * listens to events, taking them from {@code frames} in turn, as fast as each client reads
     * (a full client queue makes this wait instead of disconnecting the client), and returns when
     * they are written. The frames are written as given, without looking at the client's
     * subscription or format: each must be one complete ESL frame (for example a recorded
     * {@code text/event-plain} event with its {@code Content-Length} header). No state changes.
     *
     * @return frames written to each client (fewer than {@code count} only if all went away)
     * @throws InvalidRequestException if {@code frames} is empty or holds an empty
     *                                 frame, or {@code count} is negative
     */
    public long blast(List<byte[]> frames, long count) throws InterruptedException {
        Checks.notNull(frames, "frames");
        if (frames.isEmpty()) {
            throw new InvalidRequestException("frames", "must hold at least one frame");
        }
        Checks.nonNegative(count, "count");
        byte[][] copy = new byte[frames.size()][];
        for (int i = 0; i < copy.length; i++) {
            byte[] f = Checks.notNull(frames.get(i), "frames[" + i + "]");
            if (f.length == 0) {
                throw new InvalidRequestException("frames[" + i + "]", "must not be empty");
            }
            copy[i] = f;
        }
        return server.blast(count, i -> copy[(int) (i % copy.length)]);
    }

    // ---------------------------------------------------------------- faults

    /** Closes every client connection at once; the listener stays up, so clients can reconnect. */
    public void dropConnections() {
        server.dropConnections();
    }

    /**
     * Sends every authenticated client a malformed frame: a header line without a colon and a
     * {@code Content-Length} that is not a number.
     */
    public void sendMalformed() {
        server.broadcastRaw(("Content-Type: text/event-plain\nthis line has no colon\nContent-Length: 12x\n\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Sends every authenticated client one well-formed {@code CUSTOM} event whose body is
     * {@code bytes} long (a client's size limit should reject it and reconnect).
     */
    public void sendOversizedFrame(int bytes) {
        Checks.positive(bytes, "bytes");
        byte[] head = ("Content-Length: " + bytes + "\nContent-Type: text/event-plain\n\n").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[head.length + bytes];
        System.arraycopy(head, 0, frame, 0, head.length);
        byte[] start = "Event-Name: CUSTOM\nEvent-Subclass: voipkit%3A%3Aoversized\nvariable_padding: ".getBytes(StandardCharsets.US_ASCII);
        int off = head.length;
        System.arraycopy(start, 0, frame, off, Math.min(start.length, bytes));
        for (int i = off + start.length; i < frame.length; i++) {
            frame[i] = 'x';
        }
        if (bytes > start.length + 2) {
            frame[frame.length - 2] = '\n';
            frame[frame.length - 1] = '\n';
        }
        server.broadcastRaw(frame);
    }

    /** Configuration of a {@link FreeSwitchSimulator}. Not thread-safe; build once. */
    public static final class Builder {
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private String password = "ClueCon";
        private List<String> users = range(1000, 20);
        private long seed;
        private Clock clock = Clock.systemDefaultZone();
        private int queueCapacity = 10_000;
        private Duration heartbeat = Duration.ofSeconds(20);

        private Builder() {
        }

        private static List<String> range(int first, int count) {
            List<String> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(Integer.toString(first + i));
            }
            return List.copyOf(out);
        }

        /** Address to listen on (default loopback). */
        public Builder bindAddress(InetAddress value) {
            this.bindAddress = Checks.notNull(value, "bindAddress");
            return this;
        }

        /** Port to listen on; 0 (default) picks a free one. */
        public Builder port(int value) {
            this.port = Checks.inRange(value, 0, 65535, "port");
            return this;
        }

        /** The Event Socket password (default {@code ClueCon}, as FreeSWITCH ships). */
        public Builder password(String value) {
            this.password = Checks.wireText(value, "password");
            return this;
        }

        /** Directory users {@code first .. first+count-1} (default 1000..1019). */
        public Builder users(int first, int count) {
            Checks.inRange(first, 1, 99_999_000, "first");
            this.users = range(first, Checks.inRange(count, 1, 1000, "count"));
            return this;
        }

        /** Seed of every UUID and of nothing else (default 0): the same script gives the same UUIDs. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Clock of event dates and uptime (default system clock). */
        public Builder clock(Clock value) {
            this.clock = Checks.notNull(value, "clock");
            return this;
        }

        /** Frames that may wait for one client before it is disconnected (default 10,000). */
        public Builder queueCapacity(int value) {
            this.queueCapacity = Checks.positive(value, "queueCapacity");
            return this;
        }

        /** Period of {@code HEARTBEAT} events (default 20 s as FreeSWITCH); {@link Duration#ZERO} turns them off. */
        public Builder heartbeat(Duration value) {
            this.heartbeat = Checks.nonNegative(value, "heartbeat");
            return this;
        }

        /** The simulator, not yet listening. */
        public FreeSwitchSimulator build() {
            return new FreeSwitchSimulator(this);
        }
    }
}
