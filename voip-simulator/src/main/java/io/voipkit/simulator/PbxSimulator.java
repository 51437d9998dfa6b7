package io.voipkit.simulator;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import io.voipkit.simulator.internal.ActionHandler;
import io.voipkit.simulator.internal.AmiMessage;
import io.voipkit.simulator.internal.AmiServer;
import io.voipkit.simulator.internal.AsteriskLog;
import io.voipkit.simulator.internal.Privileges;
import io.voipkit.simulator.internal.SimModel;
import io.voipkit.simulator.internal.User;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A PBX on a loopback port that speaks AMI exactly as Asterisk 22.10.1 does (greeting, login,
 * responses, list framing, event header sets and order copied from recorded transcripts), for
 * testing code that talks to Asterisk without running one — the way OkHttp's MockWebServer stands
 * in for an HTTP server.
 *
 * <pre>{@code
 * try (PbxSimulator sim = PbxSimulator.builder().endpoints(3).build().start()) {
 *     myClient.connect("127.0.0.1", sim.amiPort(), "voipkit", "voipkit");
 *     sim.registerPhone("101-ep");
 *     SimCall call = sim.placeCall("101-ep", "102-ep");
 *     sim.answer(call);
 *     sim.hangup(call, 16);
 * }
 * }</pre>
 *
 * <p>Scripted methods produce the events real Asterisk produces for the same happening, in the same
 * order, with consistent channel names, Uniqueid and Linkedid; AMI actions from clients are answered
 * against the same model. Fault methods ({@link #dropConnections()}, {@link #stall(Duration)},
 * {@link #restart()}...) test a client's resilience.
 *
 * <p>Thread-safe: every method may be called from any thread. Several simulators can run in one JVM.
 */
public final class PbxSimulator implements AutoCloseable {
    private final Builder config;
    private final Clock clock;
    private final AsteriskLog log;
    private final AmiServer server;
    private final SimModel model;
    private final ActionHandler handler;
    private final List<SimCall> calls = new ArrayList<>();
    private final List<TrafficGenerator> generators = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean started;
    private volatile boolean closed;
    private volatile int boundPort = -1;

    private PbxSimulator(Builder b) {
        this.config = b;
        this.clock = b.clock;
        this.log = new AsteriskLog(b.logFile, clock, 10530 + (int) Math.floorMod(b.seed, 1000L));
        this.server = new AmiServer(b.bindAddress, b.queueCapacity);
        this.model = new SimModel(clock, b.seed, server, log);
        for (String e : b.endpoints) {
            model.addEndpoint(e);
        }
        this.handler = new ActionHandler(model, b.users, b.loginFailureDelay);
        server.handler(handler);
    }

    /** A builder with the defaults: ephemeral port on 127.0.0.1, user {@code voipkit}/{@code voipkit} with all rights. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts listening; returns this for chaining. */
    public synchronized PbxSimulator start() {
        if (closed) {
            throw new IllegalStateException("this simulator was closed; build a new one");
        }
        if (!started) {
            server.start(config.port);
            boundPort = server.port();
            started = true;
            log.write("VERBOSE", "asterisk.c", "Asterisk Ready.");
            log.write("VERBOSE", "manager.c", "Manager listening on " + config.bindAddress.getHostAddress() + ":" + boundPort);
        }
        return this;
    }

    /** The AMI port actually bound (useful with port 0). */
    public int port() {
        return amiPort();
    }

    /** The AMI port actually bound; {@link IllegalStateException} before {@link #start()}. */
    public int amiPort() {
        if (!started) {
            throw new IllegalStateException("the simulator is not started; call start() first");
        }
        return boundPort;
    }

    /** The bind address. */
    public InetAddress bindAddress() {
        return config.bindAddress;
    }

    /** Number of AMI client connections open now. */
    public int connectionCount() {
        return server.connectionCount();
    }

    /** Stops listening, disconnects all clients, stops the simulated dialplan and closes the log file. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        generators.forEach(TrafficGenerator::stop);
        server.stop();
        model.shutdown();
        log.close();
    }

    // ---------------------------------------------------------------- scripted control

    private String endpointArg(String endpoint, String field) {
        Checks.wireText(endpoint, field);
        if (!model.hasEndpoint(endpoint)) {
            throw new InvalidRequestException(field, "no such endpoint " + Checks.abbreviate(endpoint)
                    + "; configure it with builder().endpoint(name) or endpoints(n)");
        }
        return endpoint;
    }

    /** The endpoint names, in creation order ({@code 101-ep}, {@code 102-ep}...). */
    public List<String> endpoints() {
        return model.endpointNames();
    }

    /** Whether the endpoint's phone is registered. */
    public boolean isRegistered(String endpoint) {
        return model.isRegistered(endpointArg(endpoint, "endpoint"));
    }

    /**
     * The phone of {@code endpoint} registers: ChallengeSent, SuccessfulAuth, ContactStatus
     * NonQualified then Reachable (RoundtripUsec), PeerStatus Reachable, DeviceStateChange NOT_INUSE.
     * Returns false when it already was registered (nothing happens).
     */
    public boolean registerPhone(String endpoint) {
        return model.register(endpointArg(endpoint, "endpoint"));
    }

    /** The phone unregisters: ContactStatus Removed, PeerStatus Unreachable, DeviceStateChange UNAVAILABLE. */
    public boolean unregisterPhone(String endpoint) {
        return model.unregister(endpointArg(endpoint, "endpoint"));
    }

    /**
     * Phone {@code from} dials phone {@code to}: caller channel (Newchannel, Newexten Dial), callee
     * channel ringing (Newchannel, DialBegin, Newstate Ringing), device states. Both must be registered.
     */
    public SimCall placeCall(String from, String to) {
        endpointArg(from, "from");
        endpointArg(to, "to");
        if (from.equals(to)) {
            throw new InvalidRequestException("to", "must differ from 'from' (" + from + ")");
        }
        if (!model.isRegistered(from)) {
            throw new IllegalStateException("phone " + from + " is not registered; call registerPhone first");
        }
        if (!model.isRegistered(to)) {
            throw new IllegalStateException("phone " + to + " is not registered; call registerPhone first");
        }
        SimCall call = new SimCall(model, model.placeCall(from, to));
        track(call);
        return call;
    }

    private void track(SimCall call) {
        synchronized (calls) {
            calls.removeIf(SimCall::ended);
            calls.add(call);
        }
    }

    /** The callee answers: Newstate Up, DialEnd ANSWER, bridge (BridgeCreate, BridgeEnter x2). */
    public void answer(SimCall call) {
        Checks.notNull(call, "call");
        model.answer(call.record);
    }

    /**
     * One side hangs up with a Q.850 cause (16 normal, 17 busy, 19 no answer, 21 rejected...): DialEnd
     * when still ringing, BridgeLeave/BridgeDestroy, Hangup with Cause and Cause-txt on both legs, Cdr.
     */
    public void hangup(SimCall call, int cause) {
        Checks.notNull(call, "call");
        if (cause < 0 || cause > 127) {
            throw new InvalidRequestException("cause", "must be a Q.850 cause 0..127, was " + cause);
        }
        model.hangup(call.record, cause);
    }

    /** Blind transfer of the caller to another phone's number or endpoint name; the new phone rings. */
    public boolean transfer(SimCall call, String exten) {
        Checks.notNull(call, "call");
        Checks.wireText(exten, "exten");
        return model.transfer(call.record, exten);
    }

    /**
     * An outside caller enters {@code queue} ({@code support} or {@code sales}): Newchannel, Newexten
     * Queue, QueueCallerJoin. Returns {@code null} when the queue is unknown or full.
     */
    public SimCall queueCall(String queue, String callerNumber) {
        Checks.wireText(queue, "queue");
        Checks.wireText(callerNumber, "callerNumber");
        SimModel.CallRecord r = model.queueCall(queue, callerNumber);
        if (r == null) {
            return null;
        }
        SimCall call = new SimCall(model, r);
        track(call);
        return call;
    }

    /**
     * The first available member of the call's queue answers it: AgentCalled, DialBegin/End,
     * QueueCallerLeave, AgentConnect, bridge. Returns false when no member is available.
     */
    public boolean agentAnswers(SimCall call) {
        Checks.notNull(call, "call");
        return model.agentAnswers(call.record, null);
    }

    /**
     * Member {@code memberInterface} (e.g. {@code Local/agent1@agents/n}) of {@code queue} answers the
     * longest-waiting caller. Returns that call, or {@code null} when nobody waits or the member is unknown.
     */
    public SimCall agentAnswers(String queue, String memberInterface) {
        Checks.wireText(queue, "queue");
        Checks.wireText(memberInterface, "member");
        synchronized (calls) {
            for (SimCall c : calls) {
                if (!c.ended() && !c.answered() && queue.equals(c.record.queueName())) {
                    return model.agentAnswers(c.record, memberInterface) ? c : null;
                }
            }
        }
        return null;
    }

    /** A waiting queue caller gives up: QueueCallerAbandon, QueueCallerLeave, Hangup, Cdr. */
    public void abandon(SimCall call) {
        Checks.notNull(call, "call");
        model.hangup(call.record, 16);
    }

    /** A dialplan-style {@code UserEvent} with the given headers, in order. */
    public void userEvent(String name, Map<String, String> headers) {
        Checks.wireText(name, "name");
        model.userEvent(name, Checks.copyOfWireMap(headers, "headers"));
    }

    /** Writes one Asterisk-format line to the log file (if configured): level VERBOSE, NOTICE, WARNING, ERROR, DEBUG. */
    public void log(String level, String source, String message) {
        Checks.wireText(level, "level");
        String l = level.toUpperCase(Locale.ROOT);
        if (!Set.of("VERBOSE", "NOTICE", "WARNING", "ERROR", "DEBUG", "SECURITY", "DTMF").contains(l)) {
            throw new InvalidRequestException("level", "must be one of VERBOSE, NOTICE, WARNING, ERROR, DEBUG, SECURITY, DTMF; was "
                    + Checks.abbreviate(level));
        }
        log.write(l, Checks.wireText(source, "source"), Checks.noLineBreaks(Checks.notNull(message, "message"), "message"));
    }

    /** Random, reproducible traffic between all endpoints at {@code callsPerSecond} steps per second. */
    public TrafficGenerator traffic(long seed, double callsPerSecond) {
        return register(new TrafficGenerator(this, seed, callsPerSecond, model.endpointNames()));
    }

    private TrafficGenerator register(TrafficGenerator generator) {
        generators.add(generator); // stopped by close()
        return generator;
    }

    /** Random, reproducible traffic between the first {@code endpointCount} endpoints. */
    public TrafficGenerator traffic(long seed, double callsPerSecond, int endpointCount) {
        Checks.positive(endpointCount, "endpointCount");
        List<String> all = model.endpointNames();
        if (endpointCount > all.size()) {
            throw new InvalidRequestException("endpointCount", "only " + all.size() + " endpoints configured, asked for " + endpointCount);
        }
        return register(new TrafficGenerator(this, seed, callsPerSecond, all.subList(0, endpointCount)));
    }

    // ---------------------------------------------------------------- faults

    /** Closes every client connection at once, without a message (a network cut); the listener stays up. */
    public void dropConnections() {
        server.dropConnections();
    }

    /** Stops reading and writing on every connection for {@code duration} (a hung PBX). */
    public void stall(Duration duration) {
        Checks.positive(duration, "duration");
        server.stall(duration.toNanos());
    }

    /**
     * Slows the link: every client receives at most {@code bytesPerSecond} bytes a second, so its
     * reads see messages split across many TCP segments. 0 removes the limit.
     */
    public void slowReads(long bytesPerSecond) {
        Checks.nonNegative(bytesPerSecond, "bytesPerSecond");
        server.slowWrites(bytesPerSecond);
    }

    /** Sends every logged-in client garbage: a line without a colon and non-text bytes inside a message. */
    public void sendMalformed() {
        byte[] text = "Event: Garbled\r\nthis line has no colon\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] garbage = {0, 1, (byte) 0xff, (byte) 0xfe, ':', ' ', (byte) 0xc3, '\r', '\n', '\r', '\n'};
        byte[] all = new byte[text.length + garbage.length];
        System.arraycopy(text, 0, all, 0, text.length);
        System.arraycopy(garbage, 0, all, text.length, garbage.length);
        server.broadcastRaw(all);
    }

    /** Sends every logged-in client one event whose single header value is {@code bytes} long. */
    public void sendOversizedFrame(int bytes) {
        Checks.positive(bytes, "bytes");
        StringBuilder sb = new StringBuilder(bytes + 64).append("Event: Oversized\r\nPrivilege: system,all\r\nData: ");
        sb.append("x".repeat(bytes)).append("\r\n\r\n");
        server.broadcastRaw(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** While true, every login fails with {@code Authentication failed} (after the usual delay). */
    public void refuseLogins(boolean refuse) {
        handler.refuseLogins(refuse);
    }

    /**
     * Restarts like {@code core restart now} (fact 13): every call is hung up (Hangup, Cdr), then
     * {@code Event: Shutdown} with {@code Restart: True}, the connections close, and the listener
     * comes back on the same port about 0.3 s later with no calls. Registrations survive.
     */
    public void restart() {
        if (!started || closed) {
            throw new IllegalStateException("the simulator is not running");
        }
        List<SimModel.CallRecord> active = new ArrayList<>();
        synchronized (calls) {
            for (SimCall c : calls) {
                active.add(c.record);
            }
            calls.clear();
        }
        model.shutdownEvents(active);
        log.write("NOTICE", "asterisk.c", "Restarting Asterisk NOW...");
        try {
            Thread.sleep(100); // let writers flush the Shutdown event before the sockets close
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            server.stop();
            try {
                Thread.sleep(270);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.start(boundPort);
        }
        log.write("VERBOSE", "asterisk.c", "Asterisk Ready.");
    }

    /**
     * Blast mode for benchmarks: writes {@code count} realistic call events (a Newchannel, VarSet,
     * Newexten, Hangup mix of about 440 bytes each) to every client receiving call events, as fast as
     * they read (blocking backpressure), and returns when all are written. Returns the count written.
     */
    public long blast(long count) throws InterruptedException {
        Checks.nonNegative(count, "count");
        // The events are encoded once, BLAST_CHUNK to a write, and the cycle repeats: the simulator
        // must not be what limits a benchmark of the client (1,024 events = 256 calls' worth).
        long base = clock.instant().getEpochSecond();
        String ts = model.timestamp();
        byte[][] chunks = new byte[BLAST_CYCLE / BLAST_CHUNK][];
        for (int c = 0; c < chunks.length; c++) {
            java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream(BLAST_CHUNK * 480);
            for (int k = 0; k < BLAST_CHUNK; k++) {
                chunk.writeBytes(blastEvent((long) c * BLAST_CHUNK + k, base, ts));
            }
            chunks[c] = chunk.toByteArray();
        }
        long fullChunks = count / BLAST_CHUNK;
        long written = server.blast(fullChunks, j -> chunks[(int) (j % chunks.length)], "call,all") * BLAST_CHUNK;
        if (written == fullChunks * BLAST_CHUNK) {
            written += server.blast(count - written, i -> blastEvent(i, base, ts), "call,all");
        }
        return written;
    }

    private static final int BLAST_CHUNK = 64;
    private static final int BLAST_CYCLE = 1024;
    private static final String[] BLAST_KINDS = {"Newchannel", "VarSet", "Newexten", "Hangup"};

    /** One blast event: the {@code i % 4}-th step of call {@code i / 4}, about 440 bytes. */
    private static byte[] blastEvent(long i, long base, String ts) {
        String kind = BLAST_KINDS[(int) (i % 4)];
        String priv = kind.equals("Newchannel") || kind.equals("Hangup") ? "call,all" : "dialplan,all";
        AmiMessage m = AmiMessage.event(kind, priv, ts)
                .add("Channel", "PJSIP/101-ep-" + String.format("%08x", i / 4))
                .add("ChannelState", "6").add("ChannelStateDesc", "Up").add("CallerIDNum", "101")
                .add("CallerIDName", "Phone 101").add("ConnectedLineNum", "102").add("ConnectedLineName", "Phone 102")
                .add("Language", "en").add("AccountCode", "").add("Context", "internal").add("Exten", "102")
                .add("Priority", "1").add("Uniqueid", base + "." + i / 4).add("Linkedid", base + "." + i / 4);
        switch (kind) {
            case "VarSet" -> m.add("Variable", "DIALSTATUS").add("Value", "ANSWER");
            case "Newexten" -> m.add("Extension", "102").add("Application", "Dial").add("AppData", "PJSIP/102-ep,30");
            case "Hangup" -> m.add("Cause", "16").add("Cause-txt", "Normal Clearing");
            default -> { }
        }
        return m.encode();
    }

    /**
     * Configuration of a {@link PbxSimulator}. Not thread-safe; build once.
     */
    public static final class Builder {
        private int port;
        private InetAddress bindAddress;
        private final Map<String, User> users = new LinkedHashMap<>();
        private long seed = 1;
        private Clock clock = Clock.systemUTC();
        private Path logFile;
        private final List<String> endpoints = new ArrayList<>();
        private Duration loginFailureDelay = Duration.ofSeconds(1);
        private int queueCapacity = 10_000;

        private Builder() {
            try {
                bindAddress = InetAddress.getByName("127.0.0.1");
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        /** TCP port; 0 (default) picks a free one, see {@link PbxSimulator#amiPort()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new InvalidRequestException("port", "must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Address to listen on; default 127.0.0.1. */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Checks.notNull(address, "bindAddress");
            return this;
        }

        /**
         * Adds a manager user. Permissions are manager.conf class lists ({@code all},
         * {@code system,call,agent,user,reporting}, or empty for none). Without any call, user
         * {@code voipkit} / secret {@code voipkit} with all rights exists.
         */
        public Builder user(String name, String secret, String readPermissions, String writePermissions) {
            Checks.wireText(name, "name");
            Checks.wireText(secret, "secret");
            Checks.noLineBreaks(Checks.notNull(readPermissions, "readPermissions"), "readPermissions");
            Checks.noLineBreaks(Checks.notNull(writePermissions, "writePermissions"), "writePermissions");
            users.put(name, new User(name, secret, Privileges.parse(readPermissions), Privileges.parse(writePermissions)));
            return this;
        }

        /** Seed of every random choice (ports, hashes, challenges, RTTs). Default 1. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Clock for timestamps, Uniqueids and CDR times. Default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /** Writes Asterisk {@code full}-format log lines to this file (appended). Default: no log. */
        public Builder logFile(Path file) {
            this.logFile = Checks.notNull(file, "logFile");
            return this;
        }

        /** Creates PJSIP endpoints {@code 101-ep} … {@code (100+count)-ep}, unregistered. */
        public Builder endpoints(int count) {
            Checks.nonNegative(count, "count");
            if (count > 9000) {
                throw new InvalidRequestException("count", "at most 9000 endpoints, was " + count);
            }
            for (int i = 1; i <= count; i++) {
                String name = (100 + i) + "-ep";
                if (!endpoints.contains(name)) {
                    endpoints.add(name);
                }
            }
            return this;
        }

        /** Creates one PJSIP endpoint with this name (its number is the name without {@code -ep}). */
        public Builder endpoint(String name) {
            Checks.wireText(name, "endpoint");
            if (name.contains("/") || name.contains(",") || name.contains(" ")) {
                throw new InvalidRequestException("endpoint", "must not contain '/', ',' or spaces: " + Checks.abbreviate(name));
            }
            if (!endpoints.contains(name)) {
                endpoints.add(name);
            }
            return this;
        }

        /** How long a failed login waits before its error (real Asterisk: about 1 s). */
        public Builder loginFailureDelay(Duration delay) {
            this.loginFailureDelay = Checks.nonNegative(delay, "loginFailureDelay");
            return this;
        }

        /** Messages queued per client before a client that does not read is disconnected. Default 10,000. */
        public Builder outboundQueueCapacity(int messages) {
            this.queueCapacity = Checks.positive(messages, "outboundQueueCapacity");
            return this;
        }

        /** Builds an unstarted simulator; call {@link PbxSimulator#start()}. */
        public PbxSimulator build() {
            if (users.isEmpty()) {
                users.put("voipkit", new User("voipkit", "voipkit", Privileges.parse("all"), Privileges.parse("all")));
            }
            return new PbxSimulator(this);
        }
    }
}
