package io.voipkit.simulator.esl.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The simulated switch: directory users and their registrations, channels (call legs) and the
 * mod_callcenter queues, agents and tiers. Every change happens under this object's lock and emits
 * its events to the {@link Sink} while the lock is held, so all clients see one order, and api
 * answers agree with the events already sent.
 *
 * <p>Event sequences are those of the recordings, shortened: see the ESL section of the module README.
 */
public final class FsModel {
    /** Where events and log lines go (the server's fan-out). Called with the model lock held. */
    public interface Sink {
        /** One event, already stamped. */
        void event(FsEvent event);

        /** One log line ({@code log/data}); level 0 (CONSOLE) .. 7 (DEBUG). */
        void log(int level, String file, String func, int line, String uuid, String text);
    }

    static final String PROFILE = "internal";
    static final String DOMAIN = "127.0.0.1";
    /** The loopback test extensions of the recorded switch (fixtures/esl/README.md). */
    private static final Set<String> TEST_EXTENSIONS = Set.of("9000", "9001", "9002", "9003", "9004", "9005", "9006", "9007", "9008",
            "9100", "9101", "9102");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter LOCAL_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);
    private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneId.of("UTC"));

    private final Clock clock;
    private final Random random;
    private final Sink sink;
    private final ScheduledExecutorService scheduler;
    private final String coreUuid;
    private final long startMillis;
    private final Set<String> users = new LinkedHashSet<>();
    private final Map<String, Registration> registrations = new LinkedHashMap<>();
    private final Map<String, FsChannel> channels = new LinkedHashMap<>();
    /** Loopback pairs: each leg of a {@code loopback/X-a}/{@code -b} pair points at the other. */
    private final Map<String, String> loopPartner = new LinkedHashMap<>();
    final CallCenter callCenter;
    final Valet valet;
    private long sequence = 1000;
    private long sessionsSinceStartup;
    private int peakSessions;
    private int nextSipPort = 16101;
    private int nextCallId = 17260;

    /** A registered phone. */
    record Registration(String user, int port, String callId, int expires, long registeredAtMillis) {
    }

    /**
     * A model with directory users {@code users}, UUIDs drawn from {@code seed}, timed steps on
     * {@code scheduler}.
     */
    public FsModel(Clock clock, long seed, Sink sink, ScheduledExecutorService scheduler, Collection<String> users) {
        this.clock = clock;
        this.random = new Random(seed);
        this.sink = sink;
        this.scheduler = scheduler;
        this.users.addAll(users);
        this.coreUuid = uuid();
        this.startMillis = clock.millis();
        this.callCenter = new CallCenter(this);
        this.valet = new Valet(this);
    }

    // ---------------------------------------------------------------- identifiers and stamping

    /** A fresh UUID, a pure function of the seed and the number drawn before. */
    synchronized String uuid() {
        long hi = (random.nextLong() & ~0xf000L) | 0x4000L;
        long lo = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    long nowMicros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** Fills the header values every event carries: Core-UUID, dates, sequence. */
    FsEvent stamp(FsEvent e) {
        Instant now = clock.instant();
        e.replace("Core-UUID", coreUuid);
        e.replace("Event-Date-Local", LOCAL.format(now.atZone(clock.getZone())));
        e.replace("Event-Date-GMT", GMT.format(now));
        e.replace("Event-Date-Timestamp", Long.toString(nowMicros()));
        e.replace("Event-Sequence", Long.toString(++sequence));
        return e;
    }

    void emit(FsEvent e) {
        sink.event(stamp(e));
    }

    /** Runs {@code step} under the model lock after a delay (dialplan timing: sleeps, agent dispatch). */
    void later(long delay, TimeUnit unit, Runnable step) {
        try {
            scheduler.schedule(() -> {
                synchronized (this) {
                    step.run();
                }
            }, delay, unit);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the simulator is closing: nothing runs later any more
        }
    }

    /** Bridges two live legs, unbridging either from its current peer first. */
    void bridgeLegs(FsChannel a, FsChannel b) {
        if (a.otherUuid != null) {
            unbridge(a);
        }
        if (b.otherUuid != null) {
            unbridge(b);
        }
        answer(a);
        answer(b);
        bridge(a, b);
    }

    void log(int level, String file, String func, int line, String uuid, String text) {
        Instant now = clock.instant();
        String level4 = switch (level) {
            case 0 -> "CONSOLE";
            case 1 -> "ALERT";
            case 2 -> "CRIT";
            case 3 -> "ERR";
            case 4 -> "WARNING";
            case 5 -> "NOTICE";
            case 6 -> "INFO";
            default -> "DEBUG";
        };
        String prefix = uuid == null ? "" : uuid + " ";
        sink.log(level, file, func, line, uuid, prefix + LOCAL_MICROS.format(now.atZone(clock.getZone())) + " 99.00% [" + level4
                + "] " + file + ":" + line + " " + text + "\n");
    }

    /** The switch's Core-UUID. */
    public String coreUuid() {
        return coreUuid;
    }

    // ---------------------------------------------------------------- registrations

    /** Registers a directory user's phone: sofia::register_attempt, sofia::register. */
    public synchronized void register(String user) {
        requireUser(user);
        Registration old = registrations.get(user);
        Registration r = new Registration(user, old == null ? nextSipPort++ : old.port(),
                old == null ? "1-" + (nextCallId++) + "@" + DOMAIN : old.callId(), 120, clock.millis());
        emit(sofia("CUSTOM sofia::register_attempt", r));
        registrations.put(user, r);
        emit(sofia("CUSTOM sofia::register", r));
        log(6, "sofia_reg.c", "sofia_reg_handle_register_token", 2059, null,
                "Registered user " + user + "@" + DOMAIN + " from 127.0.0.1:" + r.port());
    }

    /** Unregisters a phone (REGISTER with Expires 0): sofia::unregister. */
    public synchronized void unregister(String user) {
        Registration r = requireRegistered(user);
        registrations.remove(user);
        emit(sofia("CUSTOM sofia::unregister", r));
    }

    /** Lets a registration lapse: sofia::expire ({@code expires} is an epoch there, fact of the recording). */
    public synchronized void expire(String user) {
        Registration r = requireRegistered(user);
        registrations.remove(user);
        FsEvent e = sofia("CUSTOM sofia::expire", r);
        e.replace("expires", Long.toString(clock.millis() / 1000));
        emit(e);
    }

    /** A failed registration (wrong password): sofia::register_failure. */
    public synchronized void registerFailure(String user) {
        requireUser(user);
        emit(sofia("CUSTOM sofia::register_failure", new Registration(user, nextSipPort++, "1-" + (nextCallId++) + "@" + DOMAIN, 0,
                clock.millis())));
    }

    private FsEvent sofia(String key, Registration r) {
        FsEvent e = EventTemplates.create(key);
        // The recording is of user 1000 on port 16101, Call-ID 1-17260@127.0.0.1: substitute this phone's values.
        List<String> names = new ArrayList<>(e.names());
        for (String n : names) {
            String v = e.get(n);
            if (v == null) {
                continue;
            }
            String nv = v.replace("1-17260@127.0.0.1", r.callId()).replace("16101", Integer.toString(r.port())).replace("1000", r.user());
            if (!nv.equals(v)) {
                e.replace(n, nv);
            }
        }
        e.replace("expires", Integer.toString(r.expires()));
        return e;
    }

    private void requireUser(String user) {
        if (!users.contains(user)) {
            throw new IllegalArgumentException("no directory user " + user + " (known: " + users + ")");
        }
    }

    private Registration requireRegistered(String user) {
        requireUser(user);
        Registration r = registrations.get(user);
        if (r == null) {
            throw new IllegalStateException("user " + user + " is not registered");
        }
        return r;
    }

    /** Whether this user's phone is registered. */
    public synchronized boolean registered(String user) {
        return registrations.containsKey(user);
    }

    /** Registered users, in registration order. */
    public synchronized List<String> registeredUsers() {
        return List.copyOf(registrations.keySet());
    }

    // ---------------------------------------------------------------- channels

    /** The channel with this UUID, or {@code null}. */
    public synchronized FsChannel channel(String uuid) {
        return channels.get(uuid);
    }

    /** Live channels in creation order. */
    public synchronized List<FsChannel> channels() {
        return List.copyOf(channels.values());
    }

    private FsChannel newChannel(String name, String direction, String cidName, String cidNum, String dest, String context,
                                 String source, String user, Map<String, String> vars) {
        FsChannel c = new FsChannel(uuid(), name, direction, cidName, cidNum, dest, context, source, user, nowMicros());
        if ("outbound".equals(direction)) {
            c.calleeName = "Outbound Call";
            c.calleeNum = dest;
        }
        c.vars.put("direction", direction);
        c.vars.put("uuid", c.uuid);
        c.vars.put("call_uuid", c.uuid);
        c.vars.put("channel_name", name);
        if (vars != null) {
            c.vars.putAll(vars);
        }
        channels.put(c.uuid, c);
        sessionsSinceStartup++;
        peakSessions = Math.max(peakSessions, channels.size());
        if ("outbound".equals(direction)) {
            emit(channelEvent("CHANNEL_OUTGOING", c));
        }
        emit(channelEvent("CHANNEL_CREATE", c));
        return c;
    }

    /** A channel event from the recorded template with this channel's values. */
    FsEvent channelEvent(String key, FsChannel c) {
        FsEvent e = EventTemplates.create(key);
        fillChannel(e, c, "Caller-");
        e.replace("Channel-State", c.state);
        e.replace("Channel-State-Number", Integer.toString(c.stateNumber));
        e.replace("Channel-Call-State", c.callState);
        e.replace("Channel-Name", c.name);
        e.replace("Unique-ID", c.uuid);
        e.replace("Call-Direction", c.direction);
        e.replace("Presence-Call-Direction", c.direction);
        e.replace("Channel-Call-UUID", c.uuid);
        e.replace("Answer-State", c.answerState);
        e.replace("Channel-HIT-Dialplan", Boolean.toString(c.answered() || "inbound".equals(c.direction)));
        if (c.hangupCause != null) {
            e.replace("Hangup-Cause", c.hangupCause);
        }
        e.replace("Application", c.application);
        // Application-Data only when the application has arguments (uuid-transfer.txt: "set" has it, "park" not)
        if (e.get("Application") != null) {
            optionalAfter(e, "Application-Data", "Application", c.applicationData.isEmpty() ? null : c.applicationData);
        }
        e.replace("Application-UUID", uuid());
        FsChannel other = c.otherUuid == null ? null : channels.get(c.otherUuid);
        if (other == null) {
            e.removePrefix("Other-Leg-");
            e.removePrefix("Other-Type");
        } else {
            fillChannel(e, other, "Other-Leg-");
        }
        if (!key.equals("CHANNEL_STATE") && !key.equals("CHANNEL_CALLSTATE")) {
            for (Map.Entry<String, String> v : c.vars.entrySet()) {
                e.add("variable_" + v.getKey(), v.getValue());
            }
        }
        return e;
    }

    private void fillChannel(FsEvent e, FsChannel c, String p) {
        e.replace(p + "Direction", c.direction);
        e.replace(p + "Logical-Direction", c.direction);
        if (c.dialplan != null) {
            e.replace(p + "Dialplan", c.dialplan);
        }
        // FreeSWITCH sends the name headers only when a name is set (events-json shows them before the numbers).
        optionalBefore(e, p + "Caller-ID-Name", p + "Caller-ID-Number", c.cidName.isEmpty() ? null : c.cidName);
        e.replace(p + "Caller-ID-Number", c.cidNum);
        optionalBefore(e, p + "Orig-Caller-ID-Name", p + "Orig-Caller-ID-Number", c.origCidName.isEmpty() ? null : c.origCidName);
        e.replace(p + "Orig-Caller-ID-Number", c.origCidNum);
        optionalBefore(e, p + "Callee-ID-Name", p + "Callee-ID-Number", c.calleeName);
        e.replace(p + "Callee-ID-Number", c.calleeNum);
        e.replace(p + "ANI", c.origCidNum);
        e.replace(p + "Destination-Number", c.dest);
        e.replace(p + "Unique-ID", c.uuid);
        e.replace(p + "Source", c.source);
        // uuid-transfer.txt: a transferred leg carries Transfer-Source after Source and, after an XML
        // transfer, RDNIS (the destination it came from) after Context.
        optionalAfter(e, p + "Transfer-Source", p + "Source", c.transferSource);
        e.replace(p + "Context", c.context);
        optionalAfter(e, p + "RDNIS", p + "Context", c.rdnis);
        e.replace(p + "Channel-Name", c.name);
        e.replace(p + "Profile-Index", Integer.toString(c.profileIndex));
        e.replace(p + "Profile-Created-Time", Long.toString(c.createdMicros));
        e.replace(p + "Channel-Created-Time", Long.toString(c.createdMicros));
        e.replace(p + "Channel-Answered-Time", Long.toString(c.answeredMicros));
        e.replace(p + "Channel-Hangup-Time", Long.toString(c.hangupMicros));
        e.replace(p + "Channel-Bridged-Time", Long.toString(c.bridgedMicros));
    }

    /** Sets header {@code name} (inserted before {@code before} when the template lacks it), or removes it for {@code null}. */
    private static void optionalBefore(FsEvent e, String name, String before, String value) {
        if (value == null) {
            e.remove(name);
        } else if (e.get(name) == null) {
            if (e.get(before) != null) {
                e.insertBefore(before, name, value);
            }
        } else {
            e.replace(name, value);
        }
    }

    /** Sets header {@code name} (inserted after {@code after} when the template lacks it), or removes it for {@code null}. */
    private static void optionalAfter(FsEvent e, String name, String after, String value) {
        if (value == null) {
            e.remove(name);
        } else if (e.get(name) == null) {
            if (e.get(after) != null) {
                e.insertAfter(after, name, value);
            }
        } else {
            e.replace(name, value);
        }
    }

    /**
     * {@code switch_channel_flip_cid}: once an originated leg is answered, FreeSWITCH shows the caller
     * id it was placed with as the callee (connected line) and {@code Outbound Call} as the caller
     * (events-plain-all.txt, api-show-channels.txt), and fires CALL_UPDATE ({@code Direction: RECV}).
     */
    void flipCid(FsChannel c) {
        if (c.flipped || c.hungUp()) {
            return;
        }
        String name = c.calleeName == null ? "" : c.calleeName;
        String num = c.calleeNum;
        c.calleeName = c.cidName.isEmpty() ? null : c.cidName;
        c.calleeNum = c.cidNum;
        c.cidName = name;
        c.cidNum = num;
        c.flipped = true;
        c.vars.put("channel_cid_flipped", "yes");
        emit(channelEvent("CALL_UPDATE", c));
    }

    private void state(FsChannel c, String state, int number) {
        c.state = state;
        c.stateNumber = number;
    }

    private void callState(FsChannel c, String newState) {
        String old = c.callState;
        c.callState = newState;
        FsEvent e = channelEvent("CHANNEL_CALLSTATE", c);
        e.replace("Original-Channel-Call-State", old);
        emit(e);
    }

    private void ring(FsChannel c) {
        state(c, "CS_ROUTING", 3);
        callState(c, "RINGING");
    }

    private void answer(FsChannel c) {
        if (c.answered() || c.hungUp()) {
            return;
        }
        state(c, "CS_EXECUTE", 4);
        c.answeredMicros = nowMicros();
        c.answerState = "answered";
        emit(channelEvent("CHANNEL_ANSWER", c));
        callState(c, "ACTIVE");
    }

    void execute(FsChannel c, String app, String data) {
        state(c, "CS_EXECUTE", 4);
        c.application = app;
        c.applicationData = data == null ? "" : data;
        // what uuid_dump's variable_current_application(_data) show (FreeSWITCH sets both as an app starts)
        if (c.applicationData.isEmpty()) {
            c.vars.remove("current_application_data");
        } else {
            c.vars.put("current_application_data", c.applicationData);
        }
        c.vars.put("current_application", app);
        emit(channelEvent("CHANNEL_EXECUTE", c));
        if (app.equals("park")) {
            emit(channelEvent("CHANNEL_PARK", c));
        }
    }

    private void bridge(FsChannel a, FsChannel b) {
        bridge(a, b, true);
    }

    private void bridge(FsChannel a, FsChannel b, boolean unparkA) {
        long now = nowMicros();
        a.otherUuid = b.uuid;
        b.otherUuid = a.uuid;
        // set as the bridge starts and kept after it (valet-park.txt: variable_bridge_channel, variable_bridge_uuid)
        a.vars.put("bridge_channel", b.name);
        a.vars.put("bridge_uuid", b.uuid);
        b.vars.put("bridge_channel", a.name);
        b.vars.put("bridge_uuid", a.uuid);
        a.bridgedMicros = now;
        b.bridgedMicros = now;
        if (unparkA && "park".equals(a.application)) {
            emit(channelEvent("CHANNEL_UNPARK", a));
        }
        FsEvent e = channelEvent("CHANNEL_BRIDGE", a);
        e.replace("Bridge-A-Unique-ID", a.uuid);
        e.replace("Bridge-B-Unique-ID", b.uuid);
        emit(e);
    }

    private void unbridge(FsChannel a) {
        FsChannel b = a.otherUuid == null ? null : channels.get(a.otherUuid);
        if (b == null) {
            a.otherUuid = null;
            return;
        }
        FsEvent e = channelEvent("CHANNEL_UNBRIDGE", a);
        e.replace("Bridge-A-Unique-ID", a.uuid);
        e.replace("Bridge-B-Unique-ID", b.uuid);
        emit(e);
        a.otherUuid = null;
        b.otherUuid = null;
    }

    /** Every leg connected to {@code c} by a bridge or a loopback pair, {@code c} first. */
    private List<FsChannel> component(FsChannel c) {
        List<FsChannel> out = new ArrayList<>();
        java.util.ArrayDeque<FsChannel> todo = new java.util.ArrayDeque<>();
        todo.add(c);
        while (!todo.isEmpty()) {
            FsChannel x = todo.poll();
            if (x == null || out.contains(x)) {
                continue;
            }
            out.add(x);
            FsChannel other = x.otherUuid == null ? null : channels.get(x.otherUuid);
            if (other != null) {
                todo.add(other);
            }
            String p = loopPartner.get(x.uuid);
            FsChannel partner = p == null ? null : channels.get(p);
            if (partner != null) {
                todo.add(partner);
            }
        }
        return out;
    }

    /**
     * Hangs up {@code c} and every leg connected to it, in the recorded order: CHANNEL_HANGUP of each
     * leg, CHANNEL_UNBRIDGE, CHANNEL_HANGUP_COMPLETE of each, CHANNEL_DESTROY of each.
     */
    void hangupAll(FsChannel c, String cause) {
        // att_xfer in progress: the transferring leg's bridge to the target is not followed, so hanging
        // up one side leaves the other to the held peer (rB, recorded 2026-11-25)
        List<FsChannel[]> transfers = new ArrayList<>();
        for (FsChannel x : component(c)) {
            FsChannel target = x.heldPeer == null || x.otherUuid == null ? null : channels.get(x.otherUuid);
            if (target != null) {
                transfers.add(new FsChannel[] {x, target});
                x.otherUuid = null;
                target.otherUuid = null;
            }
        }
        List<FsChannel> legs = component(c);
        for (FsChannel[] t : transfers) {
            t[0].otherUuid = t[1].uuid;
            t[1].otherUuid = t[0].uuid;
        }
        long now = nowMicros();
        for (FsChannel x : legs) {
            x.hangupCause = cause;
            x.hangupMicros = now;
            x.answerState = "hangup";
            emit(channelEvent("CHANNEL_HANGUP", x));
        }
        for (FsChannel x : legs) {
            valet.left(x);
        }
        // mod_callcenter reports the end of an agent bridge while the legs are still bridged (callcenter.txt)
        callCenter.bridgesEnding(legs);
        for (FsChannel x : legs) {
            if (x.otherUuid != null && channels.containsKey(x.otherUuid)) {
                FsEvent e = channelEvent("CHANNEL_UNBRIDGE", x);
                e.replace("Bridge-A-Unique-ID", x.uuid);
                e.replace("Bridge-B-Unique-ID", x.otherUuid);
                emit(e);
                FsChannel o = channels.get(x.otherUuid);
                o.vars.put("bridge_uuid", x.uuid);
                x.vars.put("bridge_uuid", o.uuid);
                o.otherUuid = null;
                x.otherUuid = null;
            }
        }
        for (FsChannel x : legs) {
            state(x, "CS_REPORTING", 11);
            x.callState = "HANGUP";
            callCenter.legGone(x);
            FsEvent e = channelEvent("CHANNEL_HANGUP_COMPLETE", x);
            cdrVariables(e, x);
            emit(e);
        }
        for (FsChannel x : legs) {
            emit(channelEvent("CHANNEL_DESTROY", x));
            channels.remove(x.uuid);
            loopPartner.remove(x.uuid);
            log(7, "switch_core_session.c", "switch_core_session_perform_destroy", 1725, x.uuid, "Close Channel " + x.name + " [CS_DESTROY]");
        }
        for (FsChannel[] t : transfers) {
            FsChannel transferor = channels.get(t[0].uuid);
            FsChannel target = channels.get(t[1].uuid);
            FsChannel peer = t[0].heldPeer == null ? null : channels.get(t[0].heldPeer);
            t[0].heldPeer = null;
            if (peer == null) {
                continue;
            }
            if (transferor == null && target != null) {
                // the transferring leg hung up: its held peer and the target are joined
                emit(channelEvent("CALL_UPDATE", target));
                bridgeLegs(target, peer);
            } else if (transferor != null && target == null) {
                // the target hung up: the transferring leg returns to its peer
                bridgeLegs(transferor, peer);
            }
        }
        // eavesdrop returns when its target is gone, and the spying leg has nothing left to run
        for (FsChannel spy : List.copyOf(channels.values())) {
            if (channels.containsKey(spy.uuid) && "eavesdrop".equals(spy.application)) {
                for (FsChannel x : legs) {
                    if (x.uuid.equals(spy.applicationData)) {
                        hangupAll(spy, "NORMAL_CLEARING");
                        break;
                    }
                }
            }
        }
    }

    /**
     * {@code att_xfer <dial string>} on {@code a} (what {@code uuid_broadcast <uuid> att_xfer::<dial> aleg}
     * starts): the peer bridged to {@code a} is held, the target is dialled with {@code a}'s caller id
     * and bridged to {@code a}; when {@code a} hangs up the peer and the target are joined, when the
     * target hangs up {@code a} returns to the peer (recorded 2026-11-25: CHANNEL_EXECUTE att_xfer,
     * CALLSTATE RING_WAIT, the target's legs, CALLSTATE ACTIVE, CHANNEL_BRIDGE; no transfer_source).
     */
    private void attendedTransfer(FsChannel a, String dialString) {
        FsChannel peer = a.otherUuid == null ? null : channels.get(a.otherUuid);
        execute(a, "att_xfer", dialString);
        callState(a, "RING_WAIT");
        String[] cause = new String[1];
        FsChannel target = dialLeg(dialString, Map.of(), a.origCidName, a.origCidNum, a.context, cause);
        callState(a, "ACTIVE");
        if (target == null || !channels.containsKey(a.uuid)) {
            return;
        }
        if (peer != null && channels.containsKey(peer.uuid)) {
            a.heldPeer = peer.uuid;
            peer.otherUuid = null;
        }
        a.otherUuid = null;
        bridge(a, target);
    }

    private void cdrVariables(FsEvent e, FsChannel x) {
        long start = x.createdMicros / 1_000_000L;
        long answer = x.answeredMicros / 1_000_000L;
        long end = x.hangupMicros / 1_000_000L;
        e.add("variable_hangup_cause", x.hangupCause);
        e.add("variable_start_epoch", Long.toString(start));
        e.add("variable_answer_epoch", Long.toString(answer));
        e.add("variable_end_epoch", Long.toString(end));
        e.add("variable_start_uepoch", Long.toString(x.createdMicros));
        e.add("variable_answer_uepoch", Long.toString(x.answeredMicros));
        e.add("variable_end_uepoch", Long.toString(x.hangupMicros));
        e.add("variable_duration", Long.toString(end - start));
        e.add("variable_billsec", Long.toString(x.answered() ? end - answer : 0));
        e.add("variable_caller_id_name", x.cidName);
        e.add("variable_caller_id_number", x.cidNum);
        e.add("variable_destination_number", x.dest);
    }

    // ---------------------------------------------------------------- scripted calls

    /**
     * A phone calls a number: the caller's inbound SIP leg, dialplan {@code bridge}, and — for a
     * registered user — a ringing outbound leg to that phone. Returns {caller leg, callee leg}.
     */
    public synchronized FsChannel[] placeCall(String fromUser, String to) {
        Registration from = requireRegistered(fromUser);
        Registration target = registrations.get(to);
        if (target == null) {
            throw new IllegalStateException("user " + to + " is not registered, so the call cannot ring");
        }
        FsChannel a = newChannel("sofia/" + PROFILE + "/" + fromUser + "@" + DOMAIN, "inbound", "Extension " + fromUser, fromUser, to,
                "default", "mod_sofia", fromUser, Map.of("sip_from_user", fromUser, "sip_to_user", to));
        a.vars.put("sip_call_id", from.callId().replace("@", "-" + a.uuid.substring(0, 8) + "@"));
        ring(a);
        execute(a, "bridge", "user/" + to + "@" + DOMAIN);
        FsChannel b = dialPhone(a, target);
        callState(a, "RING_WAIT");
        return new FsChannel[] {a, b};
    }

    private FsChannel dialPhone(FsChannel caller, Registration target) {
        FsChannel b = newChannel("sofia/" + PROFILE + "/" + target.user() + "@" + DOMAIN + ":" + target.port(), "outbound", caller.cidName,
                caller.cidNum, target.user(), "default", "mod_sofia", target.user(), Map.of("sip_to_user", target.user()));
        b.otherUuid = null;
        // Keep the pending peer so that an answer bridges the two and a hangup of either ends both.
        loopPartner.put(b.uuid, caller.uuid);
        loopPartner.put(caller.uuid, b.uuid);
        ring(b);
        return b;
    }

    /** The callee answers: CHANNEL_ANSWER and CALLSTATE ACTIVE on both legs, CHANNEL_BRIDGE. */
    public synchronized void answerCall(String aUuid, String bUuid) {
        FsChannel a = channels.get(aUuid);
        FsChannel b = channels.get(bUuid);
        if (a == null || b == null) {
            throw new IllegalStateException("the call has ended");
        }
        answer(b);
        answer(a);
        loopPartner.remove(a.uuid);
        loopPartner.remove(b.uuid);
        bridge(a, b);
    }

    /** Hangs up the leg and every leg connected to it. */
    public synchronized boolean hangup(String uuid, String cause) {
        FsChannel c = channels.get(uuid);
        if (c == null) {
            return false;
        }
        hangupAll(c, cause);
        return true;
    }

    /**
     * Blind transfer of the caller leg {@code aUuid} to {@code dest}: the old far leg is unbridged
     * and hung up, the caller leg runs the new extension (a registered user rings). Returns the new
     * far leg, or {@code null} when the extension does not ring a phone.
     */
    public synchronized FsChannel transfer(String aUuid, String dest, String context) {
        return transfer(aUuid, dest, context, true);
    }

    /**
     * The transfer itself; {@code callUpdate}: the scripted SIP transfer announces the new far end
     * with CALL_UPDATE, {@code uuid_transfer} does not (uuid-transfer.txt).
     */
    private FsChannel transfer(String aUuid, String dest, String context, boolean callUpdate) {
        FsChannel a = channels.get(aUuid);
        if (a == null) {
            return null;
        }
        FsChannel old = a.otherUuid != null ? channels.get(a.otherUuid) : null;
        if (old == null && loopPartner.containsKey(a.uuid) && a.user != null) {
            old = channels.get(loopPartner.get(a.uuid));
        }
        if (old != null) {
            if (a.otherUuid != null) {
                unbridge(a);
            }
            loopPartner.remove(a.uuid);
            loopPartner.remove(old.uuid);
            hangupAll(old, "NORMAL_CLEARING");
        }
        transferred(a, dest, "XML", context);
        if ("park".equals(a.application)) {
            emit(channelEvent("CHANNEL_UNPARK", a));
        }
        if (callUpdate) {
            emit(channelEvent("CALL_UPDATE", a));
        }
        return runExtension(a, dest, context);
    }

    /**
     * The caller-profile bookkeeping of {@code switch_ivr_session_transfer}: a new profile (index + 1),
     * {@code transfer_source} {@code <epoch>:<new profile uuid>:bl_xfer:<dest>/<context>/<dialplan>},
     * {@code transfer_history} (an {@code ARRAY::a|:b} from the second transfer on), and for an XML
     * transfer the new destination with the old one as RDNIS (uuid-transfer.txt).
     */
    private void transferred(FsChannel c, String dest, String dialplan, String context) {
        String source = (nowMicros() / 1_000_000L) + ":" + uuid() + ":bl_xfer:" + dest + "/" + context + "/" + dialplan;
        String history = c.vars.get("transfer_history");
        if (history == null) {
            history = source;
        } else if (history.startsWith("ARRAY::")) {
            history = history + "|:" + source;
        } else {
            history = "ARRAY::" + history + "|:" + source;
        }
        c.vars.put("transfer_history", history);
        c.vars.remove("transfer_source");
        c.vars.put("transfer_source", source);
        c.transferSource = source;
        c.profileIndex++;
        c.dialplan = dialplan;
        c.context = context;
        if (dialplan.equals("inline")) {
            c.rdnis = null;
        } else {
            c.rdnis = c.dest;
            c.dest = dest;
        }
    }

    // ---------------------------------------------------------------- dialplan

    /**
     * Runs the simulated dialplan for a leg: the recorded test extensions 9000-9008, registered users
     * (bridge to the phone, which rings), anything else parks. Returns the new far leg when one rings.
     */
    private FsChannel runExtension(FsChannel c, String ext, String context) {
        Registration phone = registrations.get(ext);
        if (phone != null) {
            execute(c, "bridge", "user/" + ext + "@" + DOMAIN);
            return dialPhone(c, phone);
        }
        switch (ext) {
            case "9000" -> {
                execute(c, "answer", "");
                answer(c);
                execute(c, "sleep", "20000");
                String uuid = c.uuid;
                scheduler.schedule(() -> hangup(uuid, "NORMAL_CLEARING"), 20, TimeUnit.SECONDS);
            }
            case "9001" -> {
                execute(c, "answer", "");
                answer(c);
                execute(c, "echo", "");
            }
            case "9002" -> {
                execute(c, "answer", "");
                answer(c);
                execute(c, "read", "1 4 tone_stream://%(100,0,800) digits 10000 #");
            }
            case "9008" -> {
                execute(c, "answer", "");
                answer(c);
                execute(c, "play_and_get_digits", "1 4 1 10000 # silence_stream://250 silence_stream://250 digits \\d+");
            }
            case "9003" -> {
                execute(c, "answer", "");
                answer(c);
                execute(c, "callcenter", "verify@default");
                callCenter.memberJoins("verify@default", c);
            }
            case "9004" -> {
                execute(c, "answer", "");
                answer(c);
                execute(c, "conference", "verify@default");
            }
            case "9005" -> {
                execute(c, "answer", "");
                answer(c);
                valet.park(c, "verify_lot auto in 6001 6099");
            }
            case "9100", "9101", "9102" -> {
                // the recorded switch's callback agents: their contact answers, talks 3 s and hangs up
                execute(c, "answer", "");
                answer(c);
                execute(c, "sleep", "3000");
                String uuid = c.uuid;
                scheduler.schedule(() -> hangup(uuid, "NORMAL_CLEARING"), 3, TimeUnit.SECONDS);
            }
            case "9006" -> {
                execute(c, "socket", "127.0.0.1:8084 async full");
            }
            default -> {
                execute(c, "answer", "");
                answer(c);
                execute(c, "park", "");
            }
        }
        return null;
    }

    /**
     * {@code originate}: creates the legs of the endpoint, answers them where the far end answers
     * (test extensions, phones answer at once), then runs the application or extension. Returns the
     * api body ({@code +OK <uuid>\n} or {@code -ERR <cause>\n}).
     */
    synchronized String originate(String args) {
        // The {vars} block is taken raw: its quoted values may hold blanks and separators.
        Map<String, String> vars = new LinkedHashMap<>();
        String rest = args.strip();
        if (rest.startsWith("{")) {
            int close = closingBrace(rest);
            if (close > 0) {
                String inner = rest.substring(1, close);
                if (inner.startsWith("^^") && inner.length() > 2) {
                    // {^^:a=b:c=d} uses the character after ^^ as the separator
                    splitVars(inner.substring(3), inner.charAt(2), vars);
                } else {
                    splitVars(inner, ',', vars);
                }
                rest = rest.substring(close + 1);
            }
        }
        List<String> words = splitArgs(rest);
        if (words.size() < 2) {
            return "-USAGE: <call url> <exten>|&<application_name>(<app_args>) [<dialplan>] [<context>] [<cid_name>] [<cid_num>] [<timeout_sec>]\n";
        }
        String url = words.get(0);
        String dest = words.get(1);
        String dialplan = words.size() > 2 ? words.get(2) : "XML";
        String context = words.size() > 3 ? words.get(3) : "default";
        String cidName = words.size() > 4 ? words.get(4) : vars.getOrDefault("origination_caller_id_name", "");
        String cidNum = words.size() > 5 ? words.get(5) : vars.getOrDefault("origination_caller_id_number", "0000000000");
        String[] cause = new String[1];
        FsChannel a = dialLeg(url, vars, cidName, cidNum, context, cause);
        if (a == null) {
            return "-ERR " + cause[0] + "\n";
        }
        log(6, "switch_ivr_originate.c", "switch_ivr_originate", 4105, a.uuid, "Originate Resulted in Success: [" + a.name + "]");
        if (dest.startsWith("&")) {
            int open = dest.indexOf('(');
            String app = open < 0 ? dest.substring(1) : dest.substring(1, open);
            String data = open < 0 ? "" : dest.substring(open + 1, dest.endsWith(")") ? dest.length() - 1 : dest.length());
            runApp(a, app, data);
        } else {
            // an extension: the new leg is transferred there, so it carries a transfer_source (bl_xfer) from
            // the start and the dialled number as RDNIS (recorded from the real switch, 2026-11-25)
            transferred(a, dest, dialplan, context);
            runExtension(a, dest, context);
        }
        return "+OK " + a.uuid + "\n";
    }

    /**
     * Places one leg as {@code originate} (or {@code bridge}, {@code att_xfer}, mod_callcenter) does:
     * creates the endpoint's legs, lets the far end answer (test extensions and simulated phones
     * answer at once) and answers and flips the new leg's caller id. Returns the new (A) leg, or
     * {@code null} with the FreeSWITCH cause in {@code cause[0]}.
     */
    private FsChannel dialLeg(String dialString, Map<String, String> vars, String cidName, String cidNum, String context,
                              String[] cause) {
        String url = stripLegVariables(dialString);
        FsChannel a;
        if (url.startsWith("loopback/")) {
            String[] parts = url.substring("loopback/".length()).split("/");
            String ext = parts[0];
            String ctx = parts.length > 1 ? parts[1] : "default";
            if (!TEST_EXTENSIONS.contains(ext) && !registrations.containsKey(ext) && !users.contains(ext)) {
                log(3, "switch_ivr_originate.c", "switch_ivr_originate", 3969, null, "Cannot create outgoing channel of type [loopback] cause: [NORMAL_CLEARING]");
                cause[0] = "NORMAL_CLEARING";
                return null;
            }
            if (users.contains(ext) && !registrations.containsKey(ext)) {
                cause[0] = "USER_NOT_REGISTERED";
                return null;
            }
            a = newChannel("loopback/" + ext + "-a", "outbound", cidName, cidNum, ext, ctx, "mod_loopback", null, vars);
            // the callee number is the dial data after its last '/' (switch_sanitize_number): "default" for loopback/9000/default
            a.calleeNum = parts[parts.length - 1];
            FsChannel b = newChannel("loopback/" + ext + "-b", "inbound", cidName, cidNum, ext, ctx, "mod_loopback", null, Map.of());
            b.calleeName = "Outbound Call";
            b.calleeNum = a.calleeNum;
            a.vars.put("other_loopback_leg_uuid", b.uuid);
            a.vars.put("loopback_leg", "A");
            b.vars.put("other_loopback_leg_uuid", a.uuid);
            b.vars.put("loopback_leg", "B");
            loopPartner.put(a.uuid, b.uuid);
            loopPartner.put(b.uuid, a.uuid);
            ring(b);
            FsChannel phoneLeg = runExtension(b, ext, ctx);
            if (phoneLeg != null) {
                // Simulated phones answer an originate at once (like sipp's UAS scenario).
                answer(phoneLeg);
                answer(b);
                loopPartner.remove(phoneLeg.uuid);
                loopPartner.put(b.uuid, a.uuid);
                bridge(b, phoneLeg);
            }
            if (!channels.containsKey(a.uuid)) {
                cause[0] = "NORMAL_CLEARING";
                return null;
            }
            answer(a);
        } else if (url.startsWith("user/") || url.startsWith("sofia/")) {
            String user = url.startsWith("user/") ? url.substring(5) : url.substring(url.lastIndexOf('/') + 1);
            int at = user.indexOf('@');
            user = at < 0 ? user : user.substring(0, at);
            Registration r = registrations.get(user);
            if (r == null) {
                cause[0] = users.contains(user) ? "USER_NOT_REGISTERED" : "SUBSCRIBER_ABSENT";
                return null;
            }
            a = newChannel("sofia/" + PROFILE + "/" + user + "@" + DOMAIN + ":" + r.port(), "outbound", cidName, cidNum, user, context,
                    "mod_sofia", user, vars);
            ring(a);
            answer(a);
        } else {
            cause[0] = "CHAN_NOT_IMPLEMENTED";
            return null;
        }
        flipCid(a);
        return a;
    }

    /** A dial string without its leading {@code {...}}, {@code <...>} and {@code [...]} variable blocks. */
    static String stripLegVariables(String dialString) {
        String s = dialString.strip();
        while (!s.isEmpty() && (s.charAt(0) == '{' || s.charAt(0) == '[' || s.charAt(0) == '<')) {
            char close = s.charAt(0) == '{' ? '}' : s.charAt(0) == '[' ? ']' : '>';
            int end = s.indexOf(close);
            if (end < 0) {
                break;
            }
            s = s.substring(end + 1).strip();
        }
        return s;
    }

    /** Runs {@code &app(data)} of an originate on the new leg. */
    private void runApp(FsChannel a, String app, String data) {
        switch (app) {
            case "bridge" -> {
                if (data.isEmpty()) {
                    execute(a, app, data);
                    return;
                }
                execute(a, "bridge", data);
                String[] cause = new String[1];
                FsChannel far = dialLeg(data, Map.of(), a.origCidName, a.origCidNum, a.context, cause);
                if (far != null) {
                    bridge(a, far);
                }
            }
            case "eavesdrop" -> {
                execute(a, "eavesdrop", data);
                FsChannel target = channels.get(data.strip());
                if (target == null || target == a) {
                    // eavesdrop returns at once when the uuid names no channel, and the leg has nothing left to run
                    hangupAll(a, "NORMAL_CLEARING");
                }
            }
            case "valet_park" -> valet.park(a, data);
            case "att_xfer" -> attendedTransfer(a, data);
            default -> execute(a, app, data);
        }
    }

    private static int closingBrace(String s) {
        boolean quoted = false;
        for (int i = 1; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (ch == '}' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static void splitVars(String inner, char sep, Map<String, String> vars) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < inner.length(); i++) {
            char ch = inner.charAt(i);
            if (ch == '\\' && i + 1 < inner.length() && inner.charAt(i + 1) == sep) {
                // an escaped separator is part of the value ({a=x\,y})
                cur.append(sep);
                i++;
            } else if (ch == '\'') {
                quoted = !quoted;
            } else if (ch == sep && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        parts.add(cur.toString());
        for (String kv : parts) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                vars.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
            }
        }
    }

    /** Splits api arguments on blanks; single quotes group words (FreeSWITCH's own rule). */
    static List<String> splitArgs(String args) {
        List<String> out = new ArrayList<>();
        if (args == null) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < args.length(); i++) {
            char ch = args.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
                any = true;
            } else if (ch == ' ' && !quoted) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(ch);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    // ---------------------------------------------------------------- channel commands

    synchronized String uuidKill(List<String> w) {
        if (w.isEmpty()) {
            return "-USAGE: <uuid> [cause]\n";
        }
        FsChannel c = channels.get(w.get(0));
        if (c == null) {
            return "-ERR No such channel!\n";
        }
        hangupAll(c, w.size() > 1 ? w.get(1) : "NORMAL_CLEARING");
        return "+OK\n";
    }

    synchronized String uuidTransfer(List<String> w) {
        if (w.size() < 2) {
            return "-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n";
        }
        FsChannel c = channels.get(w.get(0));
        if (c == null) {
            return "-ERR No such channel!\n";
        }
        int i = 1;
        if (w.get(1).equals("-bleg") || w.get(1).equals("-both")) {
            i = 2;
            if (c.otherUuid != null && channels.containsKey(c.otherUuid)) {
                c = channels.get(c.otherUuid);
            }
        }
        if (i >= w.size()) {
            return "-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n";
        }
        String dest = w.get(i);
        String dialplan = w.size() > i + 1 ? w.get(i + 1) : "XML";
        String context = w.size() > i + 2 ? w.get(i + 2) : c.context;
        if (dialplan.equals("inline")) {
            // 'set:a=b,park': a transfer to the inline dialplan, which runs the applications in order
            FsChannel target = c;
            if (target.otherUuid != null) {
                unbridge(target);
            }
            transferred(target, dest, "inline", context);
            if ("park".equals(target.application)) {
                emit(channelEvent("CHANNEL_UNPARK", target));
            }
            for (String step : dest.split(",")) {
                if (!channels.containsKey(target.uuid)) {
                    break;
                }
                int colon = step.indexOf(':');
                String app = colon < 0 ? step : step.substring(0, colon);
                String data = colon < 0 ? "" : step.substring(colon + 1);
                switch (app) {
                    case "set" -> {
                        execute(target, app, data);
                        if (data.contains("=")) {
                            target.vars.put(data.substring(0, data.indexOf('=')), data.substring(data.indexOf('=') + 1));
                        }
                    }
                    case "answer" -> {
                        execute(target, app, data);
                        answer(target);
                    }
                    case "hangup" -> {
                        execute(target, app, data);
                        hangupAll(target, data.isBlank() ? "NORMAL_CLEARING" : data.strip());
                    }
                    case "valet_park" -> valet.park(target, data);
                    case "att_xfer" -> attendedTransfer(target, data);
                    default -> execute(target, app, data);
                }
            }
            return "+OK\n";
        }
        transfer(c.uuid, dest, context, false);
        return "+OK\n";
    }

    /**
     * {@code uuid_broadcast <uuid> <path>|<app>::<args> [aleg|bleg|holdb|both]}: the application (or
     * {@code playback} of the path) runs on the leg, its bridged peer, or both; texts recorded from
     * the real switch (2026-11-25): {@code +OK Message sent}, {@code -ERR invalid uuid}, the usage.
     */
    synchronized String uuidBroadcast(List<String> w) {
        if (w.size() < 2) {
            return "-USAGE: <uuid> <path> [aleg|bleg|holdb|both]\n";
        }
        FsChannel c = channels.get(w.get(0));
        if (c == null) {
            return "-ERR invalid uuid\n";
        }
        String path = w.get(1);
        String legs = w.size() > 2 ? w.get(2) : "aleg";
        FsChannel peer = c.otherUuid == null ? null : channels.get(c.otherUuid);
        List<FsChannel> targets = new ArrayList<>();
        if (!legs.equals("bleg") || peer == null) {
            targets.add(c);
        }
        if ((legs.equals("bleg") || legs.equals("both")) && peer != null) {
            targets.add(peer);
        }
        int sep = path.indexOf("::");
        String app = sep < 0 ? "playback" : path.substring(0, sep);
        String data = sep < 0 ? path : path.substring(sep + 2);
        for (FsChannel t : targets) {
            if (!channels.containsKey(t.uuid)) {
                continue;
            }
            switch (app) {
                case "att_xfer" -> attendedTransfer(t, data);
                case "valet_park" -> valet.park(t, data);
                case "hangup" -> {
                    execute(t, app, data);
                    hangupAll(t, data.isBlank() ? "NORMAL_CLEARING" : data.strip());
                }
                default -> execute(t, app, data);
            }
        }
        return "+OK Message sent\n";
    }

    /** The A leg of a mod_callcenter agent call to {@code contact}, with the caller's id; {@code null} when it fails. */
    FsChannel dialAgent(String contact, FsChannel member) {
        return dialLeg(contact, Map.of(), member.cidName, member.cidNum, "default", new String[1]);
    }

    /**
     * {@code list_users [group G] [domain D] [user U] [context C]}: the directory of the recorded
     * switch, which is FreeSWITCH's vanilla one (recorded 2026-11-25): every user in group
     * {@code default}, the vanilla entries without a number, then the users again in the vanilla
     * groups sales (1000-1004), billing (1005-1009) and support (1010-1014); {@code contact} is the
     * registration ({@code sofia/internal/sip:U@IP:PORT}) or {@code error/user_not_registered}.
     * Unknown filter words are ignored, as FreeSWITCH does.
     */
    synchronized String listUsers(List<String> w) {
        Map<String, String> filter = new LinkedHashMap<>();
        for (int i = 0; i + 1 < w.size(); i += 2) {
            filter.put(w.get(i), w.get(i + 1));
        }
        List<String[]> rows = new ArrayList<>();
        for (String u : users) {
            rows.add(new String[] {u, "default", DOMAIN, "default", contact(u), "techsupport", "Extension " + u, u});
        }
        rows.add(new String[] {"brian", "default", DOMAIN, "default", contact("brian"), "", "Brian West", "1000"});
        for (String extra : List.of("default", "example.com", "SEP001120AABBCC")) {
            rows.add(new String[] {extra, "", DOMAIN, "default", contact(extra), "", "", ""});
        }
        for (String u : users) {
            String group = vanillaGroup(u);
            if (group != null) {
                rows.add(new String[] {u, "default", DOMAIN, group, contact(u), "techsupport", "Extension " + u, u});
            }
        }
        StringBuilder sb = new StringBuilder("userid|context|domain|group|contact|callgroup|effective_caller_id_name|effective_caller_id_number\n");
        for (String[] r : rows) {
            if (matches(filter.get("user"), r[0]) && matches(filter.get("context"), r[1]) && matches(filter.get("domain"), r[2])
                    && matches(filter.get("group"), r[3])) {
                sb.append(String.join("|", r)).append('\n');
            }
        }
        return sb.append("\n+OK\n").toString();
    }

    private static boolean matches(String wanted, String value) {
        return wanted == null || wanted.equals(value);
    }

    private static String vanillaGroup(String user) {
        int n;
        try {
            n = Integer.parseInt(user);
        } catch (NumberFormatException e) {
            return null;
        }
        if (n >= 1000 && n <= 1004) {
            return "sales";
        }
        if (n >= 1005 && n <= 1009) {
            return "billing";
        }
        return n >= 1010 && n <= 1014 ? "support" : null;
    }

    private String contact(String user) {
        Registration r = registrations.get(user);
        return r == null ? "error/user_not_registered" : "sofia/" + PROFILE + "/sip:" + user + "@127.0.0.1:" + r.port();
    }

    synchronized String uuidBridge(List<String> w) {
        if (w.size() < 2) {
            return "-USAGE: <uuid> <other_uuid>\n";
        }
        FsChannel a = channels.get(w.get(0));
        FsChannel b = channels.get(w.get(1));
        if (a == null || b == null) {
            return "-ERR Invalid uuid\n";
        }
        uuidBridgeLegs(a, b);
        return "+OK " + b.uuid + "\n";
    }

    /**
     * {@code switch_ivr_uuid_bridge} (uuid-bridge.txt): each leg is transferred to the other
     * ({@code transfer_source <epoch>:<uuid>:uuid_br:<other uuid>}, profile index + 1), CHANNEL_UNPARK
     * of each parked leg, then CHANNEL_BRIDGE on the first.
     */
    void uuidBridgeLegs(FsChannel a, FsChannel b) {
        if (a.otherUuid != null) {
            unbridge(a);
        }
        if (b.otherUuid != null) {
            unbridge(b);
        }
        answer(a);
        answer(b);
        for (FsChannel[] pair : new FsChannel[][] {{a, b}, {b, a}}) {
            FsChannel c = pair[0];
            String source = (nowMicros() / 1_000_000L) + ":" + uuid() + ":uuid_br:" + pair[1].uuid;
            String history = c.vars.get("transfer_history");
            c.vars.put("transfer_history", history == null ? source
                    : (history.startsWith("ARRAY::") ? history : "ARRAY::" + history) + "|:" + source);
            c.vars.remove("transfer_source");
            c.vars.put("transfer_source", source);
            c.transferSource = source;
            c.profileIndex++;
        }
        a.otherUuid = b.uuid;
        b.otherUuid = a.uuid;
        for (FsChannel c : List.of(a, b)) {
            if ("park".equals(c.application)) {
                emit(channelEvent("CHANNEL_UNPARK", c));
            }
        }
        bridge(a, b, false);
    }

    synchronized String uuidDtmf(List<String> w, boolean send) {
        if (w.size() < 2) {
            return "-USAGE: <uuid> <dtmf_data>\n";
        }
        FsChannel c = channels.get(w.get(0));
        if (c == null) {
            return "-ERR Cannot locate session!\n";
        }
        // Digits are heard by the far end: the bridged leg, else the loopback partner.
        FsChannel far = c;
        if (send) {
            String farId = c.otherUuid != null ? c.otherUuid : loopPartner.get(c.uuid);
            if (farId != null && channels.containsKey(farId)) {
                far = channels.get(farId);
            }
        }
        String digits = w.get(1);
        int at = digits.indexOf('@');
        String duration = at < 0 ? "2000" : Integer.toString(Integer.parseInt(digits.substring(at + 1).replaceAll("\\D", "0")) * 8);
        String seq = at < 0 ? digits : digits.substring(0, at);
        for (char d : seq.toCharArray()) {
            if ("0123456789*#ABCDabcd".indexOf(d) < 0) {
                continue;
            }
            FsEvent e = channelEvent("DTMF", far);
            e.replace("DTMF-Digit", String.valueOf(d));
            e.replace("DTMF-Duration", duration);
            emit(e);
        }
        return "+OK " + c.uuid + (send ? " sent DTMF " : " received DTMF ") + digits + ".\n";
    }

    synchronized String uuidDump(List<String> w) {
        if (w.isEmpty()) {
            return "-USAGE: <uuid> [format]\n";
        }
        FsChannel c = channels.get(w.get(0));
        if (c == null) {
            return "-ERR No such channel!\n";
        }
        // a bridged leg's data carries its peer (Other-Type, Other-Leg-*), as the recorded bridge events do
        boolean bridged = c.otherUuid != null && channels.containsKey(c.otherUuid);
        FsEvent e = channelEvent(bridged ? "CHANNEL_BRIDGE" : "CHANNEL_CREATE", c);
        e.remove("Bridge-A-Unique-ID");
        e.remove("Bridge-B-Unique-ID");
        e.replace("Event-Name", "CHANNEL_DATA");
        e.replace("Event-Calling-File", "mod_commands.c");
        e.replace("Event-Calling-Function", "uuid_dump_function");
        e.replace("Event-Calling-Line-Number", "6468");
        stamp(e);
        if (w.size() > 1 && w.get(1).equals("json")) {
            return e.serialize(FsEvent.Format.JSON);
        }
        // Plain uuid_dump has the headers URL-encoded and no trailing blank line.
        String s = e.serialize(FsEvent.Format.PLAIN);
        return s.substring(0, s.length() - 1);
    }

    synchronized String uuidRecord(List<String> w) {
        if (w.size() < 3) {
            return "-USAGE: <uuid> [start|stop|mask|unmask] <path> [<limit>] [<recording_vars>]\n";
        }
        FsChannel c = channels.get(w.get(0));
        if (c == null) {
            return "-ERR Cannot locate session!\n";
        }
        switch (w.get(1)) {
            case "start" -> c.recording = w.get(2);
            case "stop" -> {
                if (c.recording == null || !(w.get(2).equals("all") || w.get(2).equals(c.recording))) {
                    return "-ERR Cannot stop recording session!\n";
                }
                c.recording = null;
            }
            case "mask", "unmask" -> {
                // accepted, nothing to simulate
            }
            default -> {
                return "-USAGE: <uuid> [start|stop|mask|unmask] <path> [<limit>] [<recording_vars>]\n";
            }
        }
        return "+OK Success\n";
    }

    /**
     * {@code sendmsg <uuid>} on an inbound connection: {@code execute} runs the application on the
     * channel (CHANNEL_EXECUTE), {@code hangup} hangs it up. Returns the Reply-Text.
     */
    synchronized String sendmsg(String uuid, String command, String app, String arg, String cause) {
        FsChannel c = channels.get(uuid);
        if (c == null) {
            return "-ERR invalid session id [" + uuid + "]";
        }
        if ("hangup".equals(command)) {
            hangupAll(c, cause == null || cause.isBlank() ? "NORMAL_CLEARING" : cause);
        } else if ("execute".equals(command) && app != null && !app.isBlank()) {
            if (app.equals("hangup")) {
                hangupAll(c, arg == null || arg.isBlank() ? "NORMAL_CLEARING" : arg.trim());
            } else {
                if (app.equals("answer")) {
                    answer(c);
                }
                execute(c, app, arg == null ? "" : arg);
            }
        }
        return "+OK";
    }

    synchronized String hupall(List<String> w) {
        // without a cause FreeSWITCH uses MANAGER_REQUEST (recorded 2026-11-25)
        String cause = w.isEmpty() ? "MANAGER_REQUEST" : w.get(0);
        for (FsChannel c : List.copyOf(channels.values())) {
            if (channels.containsKey(c.uuid)) {
                hangupAll(c, cause);
            }
        }
        return "+OK hangup all channels with cause " + cause + "\n";
    }

    /** The recording's file name on a channel, or {@code null}. */
    public synchronized String recording(String uuid) {
        FsChannel c = channels.get(uuid);
        return c == null ? null : c.recording;
    }

    // ---------------------------------------------------------------- listings and status

    synchronized String status() {
        long up = clock.millis() - startMillis;
        return "UP " + uptimeText(up) + "\n"
                + "FreeSWITCH (Version 1.10.12-release  64bit) is ready\n"
                + sessionsSinceStartup + " session(s) since startup\n"
                + channels.size() + " session(s) - peak " + peakSessions + ", last 5min " + peakSessions + " \n"
                + "0 session(s) per Sec out of max 30, peak 6, last 5min 6 \n"
                + "1000 session(s) max\n"
                + "min idle cpu 0.00/99.00\n"
                + "Current Stack Size/Max 240K/8192K\n";
    }

    static String uptimeText(long millis) {
        long s = millis / 1000;
        return "0 years, " + (s / 86400) + " days, " + (s / 3600 % 24) + " hours, " + (s / 60 % 60) + " minutes, " + (s % 60)
                + " seconds, " + (millis % 1000) + " milliseconds, 0 microseconds";
    }

    synchronized String uptime() {
        return Long.toString((clock.millis() - startMillis) / 1000);
    }

    /** The HEARTBEAT event FreeSWITCH sends every 20 s. */
    public synchronized void heartbeat() {
        FsEvent e = EventTemplates.create("HEARTBEAT");
        long up = clock.millis() - startMillis;
        e.replace("Up-Time", uptimeText(up));
        e.replace("Uptime-msec", Long.toString(up));
        e.replace("Session-Count", Integer.toString(channels.size()));
        e.replace("Session-Since-Startup", Long.toString(sessionsSinceStartup));
        e.replace("Session-Peak-Max", Integer.toString(peakSessions));
        e.replace("Session-Peak-FiveMin", Integer.toString(peakSessions));
        emit(e);
    }

    private static final List<String> CHANNEL_COLUMNS = List.of("uuid", "direction", "created", "created_epoch", "name", "state",
            "cid_name", "cid_num", "ip_addr", "dest", "application", "application_data", "dialplan", "context", "read_codec",
            "read_rate", "read_bit_rate", "write_codec", "write_rate", "write_bit_rate", "secure", "hostname", "presence_id",
            "presence_data", "accountcode", "callstate", "callee_name", "callee_num", "callee_direction", "call_uuid",
            "sent_callee_name", "sent_callee_num", "initial_cid_name", "initial_cid_num", "initial_ip_addr", "initial_dest",
            "initial_dialplan", "initial_context");

    private List<String> channelRow(FsChannel c) {
        long epoch = c.createdMicros / 1_000_000L;
        String created = LOCAL.format(Instant.ofEpochSecond(epoch).atZone(clock.getZone()));
        boolean out = "outbound".equals(c.direction);
        String ip = c.user != null ? "127.0.0.1" : "";
        // the columns show the caller-profile values the events carry (api-show-channels.txt: an
        // originated leg is flipped, its callee is the caller id it was placed with, callee_direction RECV)
        return List.of(c.uuid, c.direction, created, Long.toString(epoch), c.name, c.state, c.cidName, c.cidNum, ip, c.dest,
                c.application, c.applicationData, "xml", c.context, "L16", "8000", "128000", "L16", "8000", "128000", "", "vm", "", "", "",
                c.callState, c.calleeName == null ? "" : c.calleeName, c.calleeNum, c.flipped ? "RECV" : "", out ? c.uuid : "", "", "",
                c.origCidName, c.origCidNum, ip, c.dest, "xml", c.context);
    }

    synchronized String show(List<String> w) {
        if (w.isEmpty()) {
            return "-USAGE: codec|endpoint|application|api|dialplan|file|timer|calls [count]|channels [count|like <match string>]|calls|"
                    + "detailed_calls|bridged_calls|detailed_bridged_calls|aliases|complete|chat|management|modules|nat_map|say|"
                    + "interfaces|interface_types|tasks|limits|status\n";
        }
        String what = w.get(0);
        String as = w.size() >= 3 && w.get(w.size() - 2).equals("as") ? w.get(w.size() - 1) : "";
        boolean count = w.size() > 1 && w.get(1).equals("count");
        List<String> cols;
        List<List<String>> rows = new ArrayList<>();
        switch (what) {
            case "channels", "calls" -> {
                cols = CHANNEL_COLUMNS;
                for (FsChannel c : channels.values()) {
                    rows.add(channelRow(c));
                }
            }
            case "registrations" -> {
                cols = List.of("reg_user", "realm", "token", "url", "expires", "network_ip", "network_port", "network_proto", "hostname",
                        "metadata");
                for (Registration r : registrations.values()) {
                    rows.add(List.of(r.user(), DOMAIN, r.callId(), "sofia/" + PROFILE + "/sip:" + r.user() + "@127.0.0.1:" + r.port(),
                            Long.toString(r.registeredAtMillis() / 1000 + r.expires()), "127.0.0.1", Integer.toString(r.port()), "udp",
                            "vm", ""));
                }
            }
            default -> {
                return show(List.of());
            }
        }
        if (count) {
            return "\n" + rows.size() + " total.\n";
        }
        if (as.equals("json")) {
            if (rows.isEmpty()) {
                return "{\"row_count\": 0}\n";
            }
            StringBuilder sb = new StringBuilder("{\"row_count\":").append(rows.size()).append(",\"rows\":[");
            for (int r = 0; r < rows.size(); r++) {
                sb.append(r == 0 ? "{" : ",{");
                for (int i = 0; i < cols.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    EslText.appendJsonString(sb, cols.get(i));
                    sb.append(':');
                    EslText.appendJsonString(sb, rows.get(r).get(i));
                }
                sb.append('}');
            }
            return sb.append("]}\n").toString();
        }
        if (as.equals("xml")) {
            StringBuilder sb = new StringBuilder("<result row_count=\"").append(rows.size()).append("\">\n");
            for (int r = 0; r < rows.size(); r++) {
                sb.append("  <row row_id=\"").append(r + 1).append("\">\n");
                for (int i = 0; i < cols.size(); i++) {
                    sb.append("    <").append(cols.get(i)).append('>').append(EslText.xmlEscape(rows.get(r).get(i)))
                            .append("</").append(cols.get(i)).append(">\n");
                }
                sb.append("  </row>\n");
            }
            return sb.append("</result>\n").toString();
        }
        if (rows.isEmpty()) {
            return "\n0 total.\n";
        }
        // Fact 12: the CSV is not quoted, a comma in a caller name adds a column.
        StringBuilder sb = new StringBuilder(String.join(",", cols)).append('\n');
        for (List<String> row : rows) {
            sb.append(String.join(",", row)).append('\n');
        }
        return sb.append('\n').append(rows.size()).append(" total.\n").toString();
    }

    synchronized String sofia(List<String> w) {
        if (w.size() >= 3 && w.get(0).equals("status") && w.get(1).equals("profile")) {
            if (!w.get(2).equals(PROFILE)) {
                return "Invalid Profile!\n";
            }
            if (w.size() >= 4 && w.get(3).equals("reg")) {
                String only = w.size() >= 5 ? w.get(4) : null;
                StringBuilder sb = new StringBuilder("\nRegistrations:\n")
                        .append("=================================================================================================\n");
                int n = 0;
                for (Registration r : registrations.values()) {
                    if (only != null && !r.user().equals(only)) {
                        continue;
                    }
                    n++;
                    long exp = r.registeredAtMillis() / 1000 + r.expires();
                    sb.append("Call-ID:    \t").append(r.callId()).append('\n')
                            .append("User:       \t").append(r.user()).append('@').append(DOMAIN).append('\n')
                            .append("Contact:    \t\"\" <sip:").append(r.user()).append("@127.0.0.1:").append(r.port()).append(">\n")
                            .append("Agent:      \tsipp-phone\n")
                            .append("Status:     \tRegistered(UDP)(unknown) EXP(")
                            .append(LOCAL.format(Instant.ofEpochSecond(exp).atZone(clock.getZone()))).append(") EXPSECS(")
                            .append(Math.max(0, exp - clock.millis() / 1000)).append(")\n")
                            .append("Ping-Status:\tReachable\nPing-Time:\t0.00\nHost:       \tvm\nIP:         \t127.0.0.1\n")
                            .append("Port:       \t").append(r.port()).append('\n')
                            .append("Auth-User:  \t").append(r.user()).append('\n')
                            .append("Auth-Realm: \t").append(DOMAIN).append('\n')
                            .append("MWI-Account:\t").append(r.user()).append('@').append(DOMAIN).append("\n\n");
                }
                return sb.append("Total items returned: ").append(n).append('\n')
                        .append("=================================================================================================\n")
                        .toString();
            }
            return "=================================================================================================\n"
                    + "Name             \tinternal\nDomain Name      \tN/A\nAuto-NAT         \tfalse\nDBName           \tsofia_reg_internal\n"
                    + "Dialplan         \tXML\nContext          \tpublic\nRTP-IP           \t127.0.0.1\nSIP-IP           \t127.0.0.1\n"
                    + "REGISTRATIONS    \t" + registrations.size() + "\n"
                    + "=================================================================================================\n";
        }
        if (w.size() == 1 && w.get(0).equals("status")) {
            return "                     Name\t   Type\t                                      Data\tState\n"
                    + "=================================================================================================\n"
                    + "                 internal\tprofile\t                   sip:mod_sofia@127.0.0.1:5090\tRUNNING (0)\n"
                    + "=================================================================================================\n"
                    + "1 profile 0 aliases\n";
        }
        return "-ERR Usage: sofia status [profile <name> [reg [<user>]]]\n";
    }

    private static final String FSCTL_ARGS = "[api_expansion [on|off]|recover|send_sighup|hupall|pause [inbound|outbound]|resume [inbound|outbound]|"
            + "shutdown [cancel|elegant|asap|now|restart]|sps|sps_peak_reset|sync_clock|sync_clock_when_idle|reclaim_mem|max_sessions|"
            + "min_dtmf_duration [num]|max_dtmf_duration [num]|default_dtmf_duration [num]|min_idle_cpu|loglevel [level]|"
            + "debug_level [level]|mdns_resolve [enable|disable]]";

    /**
     * Runs one api command and returns its api/response body, texts as the recordings show them.
     * {@code msleep} only answers here; the caller does the waiting outside the lock.
     */
    public String api(String command, String args) {
        List<String> w = splitArgs(args);
        switch (command) {
            case "status":
                return status();
            case "uptime":
                return uptime();
            case "version":
                return "FreeSWITCH Version 1.10.12-release~64bit (-release 64bit)\n";
            case "msleep":
                return "+OK";
            case "show":
                return show(w);
            case "originate":
                return originate(args);
            case "uuid_kill":
                return uuidKill(w);
            case "uuid_transfer":
                return uuidTransfer(w);
            case "uuid_bridge":
                return uuidBridge(w);
            case "uuid_send_dtmf":
                return uuidDtmf(w, true);
            case "uuid_recv_dtmf":
                return uuidDtmf(w, false);
            case "uuid_dump":
                return uuidDump(w);
            case "uuid_broadcast":
                return uuidBroadcast(w);
            case "valet_info":
                synchronized (this) {
                    return valet.info(w.isEmpty() ? null : w.get(0));
                }
            case "list_users":
                return listUsers(w);
            case "uuid_record":
                return uuidRecord(w);
            case "uuid_exists":
                return w.isEmpty() ? "-ERR Usage: uuid_exists <uuid>\n" : Boolean.toString(channel(w.get(0)) != null);
            case "uuid_getvar": {
                FsChannel c = w.isEmpty() ? null : channel(w.get(0));
                if (c == null) {
                    return "-ERR No such channel!\n";
                }
                synchronized (this) {
                    return w.size() < 2 ? "-USAGE: <uuid> <var>\n" : c.vars.getOrDefault(w.get(1), "_undef_");
                }
            }
            case "uuid_setvar": {
                FsChannel c = w.isEmpty() ? null : channel(w.get(0));
                if (c == null) {
                    return "-ERR No such channel!\n";
                }
                synchronized (this) {
                    if (w.size() < 2) {
                        return "-USAGE: <uuid> <var> [value]\n";
                    }
                    c.vars.put(w.get(1), w.size() > 2 ? String.join(" ", w.subList(2, w.size())) : "");
                    return "+OK\n";
                }
            }
            case "hupall":
                return hupall(w);
            case "callcenter_config":
                synchronized (this) {
                    return callCenter.config(w);
                }
            case "sofia":
                return sofia(w);
            case "fsctl":
                if (w.isEmpty()) {
                    return "-USAGE: " + FSCTL_ARGS + "\n";
                }
                return switch (w.get(0)) {
                    case "sps" -> "+OK sessions per second: 30\n";
                    case "last_sps" -> "+OK last sessions per second: 0\n";
                    case "max_sessions" -> "+OK max sessions: 1000\n";
                    default -> "-ERR Invalid command\nUSAGE: fsctl " + FSCTL_ARGS + "\n";
                };
            case "conference":
                return w.isEmpty() ? "-ERR Conference  not found\n" : "-ERR Conference " + w.get(0) + " not found\n";
            default:
                return "-ERR " + command + " Command not found!\n";
        }
    }

    /** Channels counted, for tests and {@code status}. */
    public synchronized int channelCount() {
        return channels.size();
    }
}
