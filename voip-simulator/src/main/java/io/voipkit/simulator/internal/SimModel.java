package io.voipkit.simulator.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The simulated PBX: endpoints and contacts, channels, bridges, queues. Every change emits the AMI
 * events real Asterisk 22 emits for it (header sets and order copied from the recorded transcripts
 * in {@code shared/fixtures/ami}), in order, while holding this object's lock, so every client sees
 * the same sequence and answers to list actions agree with the events already sent.
 *
 * <p>Thread-safe: every public method synchronizes on this object.
 */
public final class SimModel {
    static final DateTimeFormatter CDR_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter EVENT_TV = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final Random random;
    private final AmiServer server;
    private final AsteriskLog log;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, Chan> channels = new LinkedHashMap<>();
    private final Map<String, SimQueue> queues = new LinkedHashMap<>();
    private final Map<String, String> globals = new LinkedHashMap<>();
    private final Map<String, Bridge> bridges = new LinkedHashMap<>();
    private final Map<Integer, Parked> parked = new java.util.TreeMap<>();
    private final Bridge parkingBridge;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final Instant started;
    private long uniqueCounter;
    private int channelCounter;
    private long processedCalls;
    private volatile boolean stopped;
    private List<AmiMessage> capture;
    private long callIdCounter;
    private final Map<String, String> callIds = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 10_000;
        }
    };

    /** A model with the fixtures' two queues; events go to {@code server}, log lines to {@code log}. */
    public SimModel(Clock clock, long seed, AmiServer server, AsteriskLog log) {
        this.clock = clock;
        this.random = new Random(seed);
        this.server = server;
        this.log = log;
        this.started = clock.instant();
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "voipkit-sim-dialplan");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
        SimQueue support = new SimQueue("support", "rrmemory", 10, 20);
        long now = started.getEpochSecond();
        support.members.put("Local/agent1@agents/n", new SimQueue.Member("Local/agent1@agents/n", "Agent One", "static", now));
        support.members.put("Local/agent2@agents/n", new SimQueue.Member("Local/agent2@agents/n", "Agent Two", "static", now));
        SimQueue sales = new SimQueue("sales", "ringall", 5, 30);
        sales.members.put("Local/agent3@agents/n", new SimQueue.Member("Local/agent3@agents/n", "Agent Three", "static", now));
        queues.put(support.name, support);
        queues.put(sales.name, sales);
        // res_parking keeps an idle holding bridge for its lot; BridgeList shows it (bridge.txt).
        parkingBridge = new Bridge(uuid(), "parking", "holding_bridge");
        bridges.put(parkingBridge.id, parkingBridge);
    }

    // ---------------------------------------------------------------- parking (lot "default", 701-720)

    /** One parked call. */
    static final class Parked {
        final Chan chan;
        final String parkerDialString;
        final int space;
        final Instant since;
        final long timeoutSeconds;

        Parked(Chan chan, String parkerDialString, int space, Instant since, long timeoutSeconds) {
            this.chan = chan;
            this.parkerDialString = parkerDialString;
            this.space = space;
            this.since = since;
            this.timeoutSeconds = timeoutSeconds;
        }
    }

    Map<Integer, Parked> parkedMap() {
        return parked;
    }

    /** The ParkedCall header set (park.txt); list items use it without Privilege/Timestamp. */
    AmiMessage parkedSnapshot(AmiMessage m, Parked p) {
        long duration = Math.max(0, Duration.between(p.since, clock.instant()).toSeconds());
        return p.chan.snapshot(m, "Parkee").add("ParkerDialString", p.parkerDialString).add("Parkinglot", "default")
                .add("ParkingSpace", Integer.toString(p.space))
                .add("ParkingTimeout", Long.toString(Math.max(0, p.timeoutSeconds - duration)))
                .add("ParkingDuration", Long.toString(duration));
    }

    /** Parks a channel in the first free space: it leaves its bridge, enters the parking bridge, ParkedCall. */
    Parked park(Chan c, long timeoutSeconds) {
        int space = 701;
        while (parked.containsKey(space) && space < 720) {
            space++;
        }
        if (parked.containsKey(space)) {
            return null;
        }
        if (c.peer != null) {
            c.peer.peer = null;
            c.peer = null;
        }
        leaveBridge(c);
        parkingBridge.channels.add(c);
        c.bridge = parkingBridge;
        emit(c.snapshot(parkingBridge.snapshot(event("BridgeEnter", "call,all")), ""));
        Parked p = new Parked(c, c.name.replaceAll("-[0-9a-f]{8}(;[12])?$", ""), space, clock.instant(), timeoutSeconds);
        parked.put(space, p);
        emit(parkedSnapshot(event("ParkedCall", "call,all"), p));
        log.write("VERBOSE", "res_parking/parking_bridge_features.c", "Parked call '" + c.name + "' in space " + space);
        schedule(Duration.ofSeconds(timeoutSeconds), () -> {
            if (parked.get(p.space) == p) {
                // Nobody picked it up: ParkedCallTimeOut, out of the parking bridge, then hung up
                // (the recording's callback to the parker is not simulated).
                emit(parkedSnapshot(event("ParkedCallTimeOut", "call,all"), p));
                parked.remove(p.space);
                leaveBridge(c);
                ChannelActions.hangupWithPartners(this, c, 16);
            }
        });
        return p;
    }

    private void giveUpIfParked(Chan c) {
        for (Parked p : parked.values()) {
            if (p.chan == c) {
                emit(parkedSnapshot(event("ParkedCallGiveUp", "call,all"), p));
                parked.remove(p.space);
                return;
            }
        }
    }

    Map<String, Bridge> bridgeMap() {
        return bridges;
    }

    // ---------------------------------------------------------------- basics

    /** The simulator clock's now. */
    public Instant now() {
        return clock.instant();
    }

    /** Epoch seconds with six decimals, as {@code Timestamp:} headers carry them. */
    public String timestamp() {
        Instant i = clock.instant();
        return i.getEpochSecond() + "." + String.format("%06d", i.getNano() / 1000);
    }

    AmiMessage event(String name, String privilege) {
        return AmiMessage.event(name, privilege, timestamp());
    }

    void emit(AmiMessage m) {
        if (capture != null) {
            capture.add(m);
        } else {
            server.broadcast(m);
        }
    }

    /** Starts holding emitted events back (caller holds the lock), so a response can go out first. */
    void beginCapture() {
        capture = new ArrayList<>();
    }

    /** Stops holding back and returns the held events, in order, for {@link #emitAll}. */
    List<AmiMessage> endCapture() {
        List<AmiMessage> held = capture;
        capture = null;
        return held == null ? List.of() : held;
    }

    void emitAll(List<AmiMessage> messages) {
        messages.forEach(this::emit);
    }

    /** The seeded random source; use under the model lock only. */
    public Random random() {
        return random;
    }

    /** When the simulator started (CoreStatus, Uptime). */
    public Instant started() {
        return started;
    }

    /** The log file writer (a no-op without a file). */
    public AsteriskLog log() {
        return log;
    }

    private String nextUniqueid() {
        return started.getEpochSecond() + "." + (uniqueCounter++);
    }

    private String nextChannelSuffix() {
        return String.format("%08x", channelCounter++);
    }

    /** Adds an unregistered PJSIP endpoint; its number is the name without {@code -ep}. */
    public synchronized void addEndpoint(String name) {
        String number = name.endsWith("-ep") ? name.substring(0, name.length() - 3) : name;
        // The first names match the fixtures' test PBX ("Alice" <101>), the rest are generic.
        String display = switch (number) {
            case "101" -> "Alice";
            case "102" -> "Bob";
            case "103" -> "Carol";
            case "104" -> "Dave";
            case "105" -> "Erin";
            default -> "Phone " + number;
        };
        endpoints.putIfAbsent(name, new Endpoint(name, number, display, "pw" + number));
    }

    /** Endpoint names in creation order. */
    public synchronized List<String> endpointNames() {
        return List.copyOf(endpoints.keySet());
    }

    /** Whether the endpoint has a contact. */
    public synchronized boolean isRegistered(String endpoint) {
        Endpoint e = endpoints.get(endpoint);
        return e != null && e.registered;
    }

    /** Whether the endpoint exists. */
    public synchronized boolean hasEndpoint(String endpoint) {
        return endpoints.containsKey(endpoint);
    }

    Endpoint endpoint(String name) {
        return endpoints.get(name);
    }

    Map<String, Endpoint> endpointMap() {
        return endpoints;
    }

    Map<String, Chan> channelMap() {
        return channels;
    }

    Map<String, SimQueue> queueMap() {
        return queues;
    }

    Map<String, String> globals() {
        return globals;
    }

    /** Live channels (CoreCurrentCalls). */
    public synchronized int channelCount() {
        return channels.size();
    }

    synchronized long processedCalls() {
        return processedCalls;
    }

    void schedule(Duration delay, Runnable r) {
        if (stopped) {
            return;
        }
        ScheduledFuture<?> f = scheduler.schedule(() -> {
            synchronized (SimModel.this) {
                if (!stopped) {
                    r.run();
                }
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (timers) {
            timers.removeIf(ScheduledFuture::isDone);
            timers.add(f);
        }
    }

    /** Stops the dialplan scheduler; pending continuations are dropped. */
    public void shutdown() {
        stopped = true;
        scheduler.shutdownNow();
    }

    // ---------------------------------------------------------------- registrations

    private AmiMessage testEvent(String state, String file, String function, int line) {
        return event("TestEvent", "reporting,all").add("Type", "StateChange").add("State", state)
                .add("AppFile", file).add("AppFunction", function).add("AppLine", Integer.toString(line));
    }

    private AmiMessage securityEvent(String name, Endpoint e) {
        Instant now = clock.instant();
        return event(name, "security,all").add("EventTV", EVENT_TV.format(now)).add("Severity", "Informational")
                .add("Service", "PJSIP").add("EventVersion", "1").add("AccountID", e.name)
                .add("SessionID", e.callId).add("LocalAddress", "IPV4/UDP/127.0.0.1/5060")
                .add("RemoteAddress", "IPV4/UDP/127.0.0.1/" + e.contactPort);
    }

    private AmiMessage authResult(Endpoint e, String status, int line) {
        return testEvent("INCOMING_AUTH_VERIFY_RESULT", "res_pjsip_authenticator_digest.c", "verify", line)
                .add("Realm", "asterisk").add("Username", e.name).add("Status", status);
    }

    private AmiMessage contactStatus(Endpoint e, String status, int rtt) {
        return event("ContactStatus", "system,all").add("URI", e.uri()).add("ContactStatus", status)
                .add("AOR", e.name).add("EndpointName", e.name).add("RoundtripUsec", Integer.toString(rtt));
    }

    private AmiMessage peerStatus(Endpoint e, String status) {
        return event("PeerStatus", "system,all").add("ChannelType", "PJSIP").add("Peer", "PJSIP/" + e.name)
                .add("PeerStatus", status);
    }

    AmiMessage deviceState(String device, String state) {
        return event("DeviceStateChange", "call,all").add("Device", device).add("State", state);
    }

    /** A phone registers with digest auth and answers qualify OPTIONS (phones-register-lifecycle.txt). */
    public synchronized boolean register(String name) {
        Endpoint e = endpoints.get(name);
        if (e == null || e.registered) {
            return false;
        }
        e.registered = true;
        e.contactPort = 16000 + random.nextInt(4000);
        e.callId = (1 + random.nextInt(9)) + "-" + (1000 + random.nextInt(9000)) + "@127.0.0.1";
        StringBuilder hash = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            hash.append(Character.forDigit(random.nextInt(16), 16));
        }
        e.contactHash = hash.toString();
        e.regExpire = clock.instant().getEpochSecond() + 120;
        e.roundtripUsec = 250 + random.nextInt(500);
        emit(authResult(e, "NOAUTH", 477));
        emit(securityEvent("ChallengeSent", e).add("Challenge", ""));
        emit(authResult(e, "SUCCESS", 511));
        emit(securityEvent("SuccessfulAuth", e).add("UsingPassword", "1"));
        emit(testEvent("AOR_CONTACT_ADDED", "res_pjsip_registrar.c", "register_aor_core", 964)
                .add("Contact", e.uri()).add("AOR", e.name).add("Expiration", "120").add("UserAgent", "sipp-phone"));
        emit(contactStatus(e, "NonQualified", 0));
        emit(testEvent("AOR_CONTACT_UPDATE", "res_pjsip/pjsip_options.c", "sip_options_contact_status_notify_task", 753)
                .add("Contact", e.contactId()).add("Status", "Reachable"));
        emit(testEvent("AOR_CONTACT_QUALIFY_RESULT", "res_pjsip/pjsip_options.c", "sip_options_contact_status_notify_task", 771)
                .add("Contact", e.contactId()).add("Status", "Reachable").add("RTT", Integer.toString(e.roundtripUsec)));
        emit(peerStatus(e, "Reachable"));
        emit(deviceState("PJSIP/" + e.name, deviceStateOf(e)));
        emit(contactStatus(e, "Reachable", e.roundtripUsec));
        log.write("VERBOSE", "res_pjsip/pjsip_options.c", "Contact " + e.name + "/" + e.uri() + " is now Reachable.  RTT: "
                + String.format("%.3f", e.roundtripUsec / 1000.0) + " msec");
        return true;
    }

    /** A phone sends REGISTER with Expires: 0 (phones-register-lifecycle.txt, second half). */
    public synchronized boolean unregister(String name) {
        Endpoint e = endpoints.get(name);
        if (e == null || !e.registered) {
            return false;
        }
        emit(authResult(e, "SUCCESS", 511));
        emit(securityEvent("SuccessfulAuth", e).add("UsingPassword", "1"));
        emit(testEvent("AOR_CONTACT_REMOVED", "res_pjsip_registrar.c", "registrar_contact_delete", 540)
                .add("Contact", e.uri()).add("AOR", e.name).add("UserAgent", "sipp-phone"));
        emit(peerStatus(e, "Unreachable"));
        e.registered = false;
        emit(deviceState("PJSIP/" + e.name, "UNAVAILABLE"));
        emit(contactStatus(e, "Removed", 0));
        log.write("VERBOSE", "res_pjsip/pjsip_options.c", "Contact " + e.name + "/" + e.uri() + " has been deleted");
        return true;
    }

    /** AMI device state of an endpoint: UNAVAILABLE, NOT_INUSE, INUSE or RINGING. */
    String deviceStateOf(Endpoint e) {
        if (!e.registered) {
            return "UNAVAILABLE";
        }
        boolean ringing = false;
        for (Chan c : channels.values()) {
            if (e.name.equals(c.endpoint)) {
                if (c.state == 6 || c.state == 4) {
                    return "INUSE";
                }
                ringing = true;
            }
        }
        return ringing ? "RINGING" : "NOT_INUSE";
    }

    /** Human form used by PJSIPShowEndpoints ({@code Not in use}, {@code Unavailable}...). */
    String deviceStateText(Endpoint e) {
        return switch (deviceStateOf(e)) {
            case "UNAVAILABLE" -> "Unavailable";
            case "NOT_INUSE" -> "Not in use";
            case "INUSE" -> "In use";
            default -> "Ringing";
        };
    }

    int activeChannels(Endpoint e) {
        int n = 0;
        for (Chan c : channels.values()) {
            if (e.name.equals(c.endpoint)) {
                n++;
            }
        }
        return n;
    }

    private void deviceChanged(Chan c) {
        if (c.endpoint != null) {
            Endpoint e = endpoints.get(c.endpoint);
            if (e != null) {
                emit(deviceState("PJSIP/" + e.name, deviceStateOf(e)));
            }
        }
    }

    // ---------------------------------------------------------------- channels

    Chan newPjsipChannel(Endpoint e, int state, String context, String exten, String linkedid) {
        String uid = nextUniqueid();
        Chan c = new Chan("PJSIP/" + e.name + "-" + nextChannelSuffix(), uid, linkedid == null ? uid : linkedid, state,
                context, exten, clock.instant(), e.name);
        channels.put(c.name, c);
        return c;
    }

    /** Creates (without events) the two halves of a Local channel: ;1 Down, ;2 Ring. */
    Chan[] newLocalPair(String exten, String context, String linkedid) {
        String base = "Local/" + exten + "@" + context + "-" + nextChannelSuffix();
        String uid1 = nextUniqueid();
        String uid2 = nextUniqueid();
        String linked = linkedid == null ? uid1 : linkedid;
        Chan one = new Chan(base + ";1", uid1, linked, 0, context, exten, clock.instant(), null);
        Chan two = new Chan(base + ";2", uid2, linked, 4, context, exten, clock.instant(), null);
        one.localOther = two;
        two.localOther = one;
        channels.put(one.name, one);
        channels.put(two.name, two);
        return new Chan[] {one, two};
    }

    Chan newTrunkChannel(String callerNumber, String context, String exten) {
        String uid = nextUniqueid();
        Chan c = new Chan("PJSIP/trunk-" + nextChannelSuffix(), uid, uid, 4, context, exten, clock.instant(), null);
        c.callerNum = callerNumber;
        c.callerName = callerNumber;
        channels.put(c.name, c);
        return c;
    }

    void newchannelEvent(Chan c) {
        emit(c.snapshot(event("Newchannel", "call,all"), ""));
        processedCalls++;
    }

    /** Asterisk's call id ({@code C-00000001}) for log lines: one per Linkedid, bounded memory. */
    String callId(Chan c) {
        return callIds.computeIfAbsent(c.linkedid, k -> String.format("C-%08x", ++callIdCounter));
    }

    void newexten(Chan c, String app, String data) {
        c.application = app;
        c.appData = data;
        if (!app.startsWith("AppDial")) {
            log.write("VERBOSE", callId(c), "pbx.c", "Executing [" + c.exten + "@" + c.context + ":" + c.priority + "] "
                    + app + "(\"" + c.name + "\", \"" + data + "\") in new stack");
        }
        emit(c.snapshot(event("Newexten", "dialplan,all"), "").add("Extension", c.exten).add("Application", app)
                .add("AppData", data));
    }

    void varSet(Chan c, String variable, String value) {
        c.vars.put(variable, value);
        emit(c.snapshot(event("VarSet", "dialplan,all"), "").add("Variable", variable).add("Value", value));
    }

    void newstate(Chan c, int state) {
        c.state = state;
        if (state == 6 && c.answered == null) {
            c.answered = clock.instant();
        }
        emit(c.snapshot(event("Newstate", "call,all"), ""));
        deviceChanged(c);
    }

    Bridge bridge(Chan a, Chan b) {
        Bridge br = new Bridge(uuid(), "basic", "simple_bridge");
        bridges.put(br.id, br);
        emit(br.snapshot(event("BridgeCreate", "call,all")));
        for (Chan c : List.of(a, b)) {
            leaveBridge(c);
            br.channels.add(c);
            c.bridge = br;
            emit(c.snapshot(br.snapshot(event("BridgeEnter", "call,all")), ""));
        }
        return br;
    }

    void leaveBridge(Chan c) {
        Bridge br = c.bridge;
        if (br == null) {
            return;
        }
        br.channels.remove(c);
        c.bridge = null;
        emit(c.snapshot(br.snapshot(event("BridgeLeave", "call,all")), ""));
        if (br.channels.isEmpty() && !br.type.equals("parking")) {
            bridges.remove(br.id);
            emit(br.snapshot(event("BridgeDestroy", "call,all")));
        }
    }

    String uuid() {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    static String causeText(int cause) {
        return switch (cause) {
            case 0 -> "Unknown";
            case 1 -> "Unallocated (unassigned) number";
            case 3 -> "No route to destination";
            case 16 -> "Normal Clearing";
            case 17 -> "User busy";
            case 18 -> "No user responding";
            case 19 -> "User alerting, no answer";
            case 21 -> "Call Rejected";
            case 27 -> "Destination out of order";
            case 28 -> "Invalid number format (addr incomplete)";
            case 31 -> "Normal, unspecified";
            case 34 -> "Circuit/channel congestion";
            case 38 -> "Network out of order";
            case 41 -> "Temporary failure";
            case 127 -> "Interworking, unspecified";
            default -> "Unknown";
        };
    }

    /** Ends one channel: leaves its bridge, Hangup with Cause/Cause-txt, device state. */
    void hangupChannel(Chan c, int cause) {
        if (!channels.containsKey(c.name)) {
            return;
        }
        abandonIfWaiting(c);
        giveUpIfParked(c);
        leaveBridge(c);
        channels.remove(c.name);
        c.gone = true;
        emit(c.snapshot(event("Hangup", "call,all"), "").add("Cause", Integer.toString(cause))
                .add("Cause-txt", causeText(cause)));
        deviceChanged(c);
    }

    void hangupRequest(Chan c, int cause, boolean soft) {
        emit(c.snapshot(event(soft ? "SoftHangupRequest" : "HangupRequest", "call,all"), "").add("Cause", Integer.toString(cause)));
    }

    /** The {@code Cdr} event of a finished call, field set as cdr_manager writes it. */
    void cdr(Chan a, Chan b, String destination, String lastApp, String lastData, Instant answered, String disposition) {
        Instant end = clock.instant();
        long duration = Math.max(0, Duration.between(a.created, end).toSeconds());
        long billable = answered == null ? 0 : Math.max(0, Duration.between(answered, end).toSeconds());
        String callerId = "\"" + (a.callerName.equals("<unknown>") ? "" : a.callerName) + "\" <"
                + (a.callerNum.equals("<unknown>") ? "" : a.callerNum) + ">";
        emit(event("Cdr", "cdr,all").add("AccountCode", a.accountCode)
                .add("Source", a.callerNum.equals("<unknown>") ? "" : a.callerNum)
                .add("Destination", destination).add("DestinationContext", a.context).add("CallerID", callerId)
                .add("Channel", a.name).add("DestinationChannel", b == null ? "" : b.name)
                .add("LastApplication", lastApp).add("LastData", lastData)
                .add("StartTime", CDR_TIME.format(a.created))
                .add("AnswerTime", answered == null ? "" : CDR_TIME.format(answered))
                .add("EndTime", CDR_TIME.format(end)).add("Duration", Long.toString(duration))
                .add("BillableSeconds", Long.toString(billable)).add("Disposition", disposition)
                .add("AMAFlags", "DOCUMENTATION").add("UniqueID", a.uniqueid).add("UserField", ""));
    }

    // ---------------------------------------------------------------- phone calls

    /** A two-party call between phones, or a queue call; the handle's state. */
    public static final class CallRecord {
        final Chan caller;
        Chan callee;
        final String dialed;
        boolean answered;
        boolean ended;
        SimQueue queue;
        SimQueue.Member agent;
        Instant queueJoined;

        CallRecord(Chan caller, String dialed) {
            this.caller = caller;
            this.dialed = dialed;
        }

        /** The caller's channel name. */
        public String callerChannel() {
            return caller.name;
        }

        /** The callee's channel name, or {@code null}. */
        public String calleeChannel() {
            return callee == null ? null : callee.name;
        }

        /** The caller's Uniqueid. */
        public String uniqueid() {
            return caller.uniqueid;
        }

        /** Whether the call was answered. */
        public boolean answered() {
            return answered;
        }

        /** Whether the call is over: hung up through the API, or its caller channel is gone (AMI Hangup, restart). */
        public boolean ended() {
            return ended || caller.gone;
        }

        /** The queue of a queue call, or {@code null}. */
        public String queueName() {
            return queue == null ? null : queue.name;
        }
    }

    /** Phone {@code from} dials {@code to}'s number: caller channel, Dial, callee ringing. */
    public synchronized CallRecord placeCall(String from, String to) {
        Endpoint a = endpoints.get(from);
        Endpoint b = endpoints.get(to);
        Chan ca = newPjsipChannel(a, 4, "internal", b.number, null);
        ca.callerNum = a.number;
        ca.callerName = a.displayName;
        newchannelEvent(ca);
        deviceChanged(ca);
        String dialString = "PJSIP/" + b.name;
        newexten(ca, "Dial", dialString + ",30");
        CallRecord call = new CallRecord(ca, b.number);
        ring(call, b);
        log.write("VERBOSE", callId(ca), "app_dial.c", "Called PJSIP/" + b.name);
        return call;
    }

    private void ring(CallRecord call, Endpoint b) {
        Chan ca = call.caller;
        Chan cb = newPjsipChannel(b, 0, "internal", "s", ca.linkedid);
        cb.callerNum = b.number;
        cb.callerName = b.displayName;
        cb.connNum = ca.callerNum;
        cb.connName = ca.callerName;
        ca.connNum = b.number;
        ca.connName = b.displayName;
        newchannelEvent(cb);
        emit(dialBegin(ca, cb, b.name));
        cb.exten = call.dialed;
        newstate(cb, 5);
        ca.peer = cb;
        cb.peer = ca;
        call.callee = cb;
    }

    private AmiMessage dialBegin(Chan ca, Chan cb, String dialString) {
        return cb.snapshot(ca.snapshot(event("DialBegin", "call,all"), ""), "Dest").add("DialString", dialString);
    }

    private AmiMessage dialEnd(Chan ca, Chan cb, String status) {
        return cb.snapshot(ca.snapshot(event("DialEnd", "call,all"), ""), "Dest").add("DialStatus", status);
    }

    /** The callee picks up: Newstate Up, DialEnd ANSWER, caller Up, bridge. */
    public synchronized void answer(CallRecord call) {
        if (call.ended || call.answered || call.callee == null) {
            return;
        }
        Chan ca = call.caller;
        Chan cb = call.callee;
        newstate(cb, 6);
        emit(dialEnd(ca, cb, "ANSWER"));
        newstate(ca, 6);
        call.answered = true;
        if (call.agent != null) {
            agentConnectEvents(call);
        }
        bridge(ca, cb);
    }

    /** One side hangs up with a Q.850 cause; the other follows with Normal Clearing. */
    public synchronized void hangup(CallRecord call, int cause) {
        if (call.ended || !channels.containsKey(call.caller.name)) {
            call.ended = true;
            return;
        }
        call.ended = true;
        Chan ca = call.caller;
        Chan cb = call.callee;
        if (!call.answered && cb != null) {
            String status = cause == 17 ? "BUSY" : cause == 16 ? "CANCEL" : "NOANSWER";
            hangupChannel(cb, cause);
            emit(dialEnd(ca, cb, status));
            varSet(ca, "DIALSTATUS", status);
            hangupChannel(ca, cause);
            cdr(ca, cb, call.dialed, "Dial", ca.appData, null, cause == 17 ? "BUSY" : "NO ANSWER");
        } else if (cb != null) {
            // queue-call-flow.txt: the agent leg hangs up, then QueueMemberStatus and AgentComplete.
            hangupChannel(cb, cause);
            if (call.agent != null) {
                agentCompleteEvents(call);
            }
            hangupChannel(ca, 16);
            cdr(ca, cb, call.dialed, ca.application, ca.appData, ca.answered, "ANSWERED");
        } else {
            hangupChannel(ca, cause);
            cdr(ca, null, call.dialed, ca.application, ca.appData, null, "NO ANSWER");
        }
        log.write("VERBOSE", callId(ca), "pbx.c", "Spawn extension (" + ca.context + ", " + ca.exten + ", " + ca.priority
                + ") exited non-zero on '" + ca.name + "'");
    }

    /** Blind transfer of the caller to another phone's number: the callee leaves, the new phone rings. */
    public synchronized boolean transfer(CallRecord call, String exten) {
        Endpoint target = null;
        for (Endpoint e : endpoints.values()) {
            if (e.number.equals(exten) || e.name.equals(exten)) {
                target = e;
            }
        }
        if (call.ended || !call.answered || call.callee == null || call.caller.bridge == null || target == null) {
            return false;
        }
        Chan ca = call.caller;
        Chan old = call.callee;
        // The callee transfers (a phone's SIP REFER, so IsExternal: No); the caller goes on to the new extension.
        AmiMessage m = event("BlindTransfer", "call,all").add("Result", "Success");
        old.snapshot(m, "Transferer");
        ca.snapshot(m, "Transferee");
        ca.bridge.snapshot(m).add("IsExternal", "No").add("Context", ca.context).add("Extension", exten);
        emit(m);
        leaveBridge(ca);
        hangupChannel(old, 16);
        ca.exten = exten;
        ca.priority = 1;
        newexten(ca, "Dial", "PJSIP/" + target.name + ",30");
        call.answered = false;
        CallRecord fresh = new CallRecord(ca, target.number);
        ring(fresh, target);
        call.callee = fresh.callee;
        return true;
    }

    // ---------------------------------------------------------------- queues

    AmiMessage memberEvent(String name, SimQueue q, SimQueue.Member m) {
        return event(name, "agent,all").add("Queue", q.name).add("MemberName", m.name).add("Interface", m.iface)
                .add("StateInterface", m.iface).add("Membership", m.membership).add("Penalty", Integer.toString(m.penalty))
                .add("CallsTaken", Integer.toString(m.callsTaken)).add("LastCall", Long.toString(m.lastCall))
                .add("LastPause", Long.toString(m.lastPause)).add("LoginTime", Long.toString(m.loginTime))
                .add("InCall", m.inCall ? "1" : "0").add("Status", Integer.toString(m.status))
                .add("Paused", m.paused ? "1" : "0").add("PausedReason", m.pausedReason).add("Ringinuse", "0")
                .add("Wrapuptime", "0");
    }

    /** An outside caller enters a queue (QueueCallerJoin). Returns null for an unknown or full queue. */
    public synchronized CallRecord queueCall(String queue, String callerNumber) {
        SimQueue q = queues.get(queue);
        if (q == null || q.callers.size() >= q.max) {
            return null;
        }
        Chan c = newTrunkChannel(callerNumber, "test", "100");
        newchannelEvent(c);
        newstate(c, 6);
        c.priority = 2;
        newexten(c, "Queue", q.name + ",t,,,60");
        return queueJoin(c, q.name);
    }

    /** A channel that runs Queue() joins the queue: DeviceStateChange Queue:NAME, QueueCallerJoin. */
    CallRecord queueJoin(Chan c, String queue) {
        SimQueue q = queues.get(queue);
        if (q == null || q.callers.size() >= q.max) {
            return null;
        }
        CallRecord call = new CallRecord(c, q.name);
        call.queue = q;
        call.queueJoined = clock.instant();
        q.callers.add(new SimQueue.Caller(c, q.callers.size() + 1, clock.millis()));
        emit(deviceState("Queue:" + q.name, "RINGING"));
        emit(c.snapshot(event("QueueCallerJoin", "agent,all"), "").add("Queue", q.name)
                .add("Position", Integer.toString(q.callers.size())).add("Count", Integer.toString(q.callers.size())));
        return call;
    }

    /** A member picks up a waiting caller: AgentCalled, DialBegin/End, QueueCallerLeave, AgentConnect, bridge. */
    public synchronized boolean agentAnswers(CallRecord call, String memberInterface) {
        SimQueue q = call.queue;
        SimQueue.Member m = memberInterface == null ? null : q.members.get(memberInterface);
        if (m == null) {
            for (SimQueue.Member cand : q.members.values()) {
                if (!cand.paused && !cand.inCall) {
                    m = cand;
                    break;
                }
            }
        }
        if (m == null || call.ended || call.answered) {
            return false;
        }
        Chan ca = call.caller;
        String agentExten = m.iface.substring(m.iface.indexOf('/') + 1, m.iface.indexOf('@'));
        String uid = nextUniqueid();
        Chan agent = new Chan(m.iface.replace("/n", "") + "-" + nextChannelSuffix() + ";1", uid, ca.linkedid, 0, "agents",
                agentExten, clock.instant(), null);
        agent.callerNum = ca.callerNum;
        agent.callerName = ca.callerName;
        channels.put(agent.name, agent);
        newchannelEvent(agent);
        emit(agent.snapshot(ca.snapshot(event("AgentCalled", "agent,all"), ""), "Dest").add("Queue", q.name)
                .add("Interface", m.iface).add("MemberName", m.name));
        emit(dialBegin(ca, agent, m.iface));
        call.callee = agent;
        call.agent = m;
        ca.peer = agent;
        agent.peer = ca;
        newstate(agent, 6);
        emit(dialEnd(ca, agent, "ANSWER"));
        call.answered = true;
        agentConnectEvents(call);
        bridge(ca, agent);
        return true;
    }

    private void agentConnectEvents(CallRecord call) {
        SimQueue q = call.queue;
        Chan ca = call.caller;
        int pos = removeCaller(q, ca);
        emit(ca.snapshot(event("QueueCallerLeave", "agent,all"), "").add("Queue", q.name)
                .add("Position", Integer.toString(pos)).add("Count", Integer.toString(q.callers.size())));
        long hold = Duration.between(call.queueJoined, clock.instant()).toSeconds();
        q.totalHold += hold;
        emit(call.callee.snapshot(ca.snapshot(event("AgentConnect", "agent,all"), ""), "Dest").add("Queue", q.name)
                .add("Interface", call.agent.iface).add("MemberName", call.agent.name)
                .add("HoldTime", Long.toString(hold)).add("RingTime", "0"));
        call.agent.inCall = true;
        call.agent.status = 2;
        emit(memberEvent("QueueMemberStatus", q, call.agent));
    }

    private void agentCompleteEvents(CallRecord call) {
        SimQueue q = call.queue;
        long talk = call.callee.answered == null ? 0 : Duration.between(call.callee.answered, clock.instant()).toSeconds();
        long hold = Duration.between(call.queueJoined, call.callee.created).toSeconds();
        q.completed++;
        q.totalTalk += talk;
        SimQueue.Member m = call.agent;
        m.inCall = false;
        m.status = 1;
        m.callsTaken++;
        m.lastCall = clock.instant().getEpochSecond();
        emit(memberEvent("QueueMemberStatus", q, m));
        emit(call.callee.snapshot(call.caller.snapshot(event("AgentComplete", "agent,all"), ""), "Dest")
                .add("Queue", q.name).add("Interface", m.iface).add("MemberName", m.name)
                .add("HoldTime", Long.toString(hold)).add("TalkTime", Long.toString(talk)).add("Reason", "agent"));
    }

    private int removeCaller(SimQueue q, Chan c) {
        for (int i = 0; i < q.callers.size(); i++) {
            if (q.callers.get(i).chan == c) {
                q.callers.remove(i);
                return i + 1;
            }
        }
        return 0;
    }

    /** A caller hangs up while waiting (queue-abandon.txt): QueueCallerAbandon, then QueueCallerLeave. */
    private void abandonEvents(SimQueue q, SimQueue.Caller qc) {
        Chan ca = qc.chan;
        int pos = q.callers.indexOf(qc) + 1;
        long hold = Math.max(0, (clock.millis() - qc.joinedEpochMillis) / 1000);
        emit(ca.snapshot(event("QueueCallerAbandon", "agent,all"), "").add("Queue", q.name)
                .add("Position", Integer.toString(pos)).add("OriginalPosition", Integer.toString(qc.originalPosition))
                .add("HoldTime", Long.toString(hold)));
        q.callers.remove(qc);
        q.abandoned++;
        if (q.callers.isEmpty()) {
            emit(deviceState("Queue:" + q.name, "NOT_INUSE"));
        }
        emit(ca.snapshot(event("QueueCallerLeave", "agent,all"), "").add("Queue", q.name)
                .add("Position", Integer.toString(pos)).add("Count", Integer.toString(q.callers.size())));
    }

    private void abandonIfWaiting(Chan c) {
        for (SimQueue q : queues.values()) {
            for (SimQueue.Caller qc : q.callers) {
                if (qc.chan == c) {
                    abandonEvents(q, qc);
                    return;
                }
            }
        }
    }

    // ---------------------------------------------------------------- misc scripted events

    /** A dialplan-style UserEvent with the given headers. */
    public synchronized void userEvent(String name, Map<String, String> headers) {
        AmiMessage m = event("UserEvent", "user,all").add("UserEvent", name);
        headers.forEach(m::add);
        emit(m);
    }

    /** Emits the Shutdown event of a restart (fact 13) after hanging up every call. */
    public synchronized void shutdownEvents(List<CallRecord> calls) {
        for (CallRecord c : calls) {
            hangup(c, 16);
        }
        for (Chan c : List.copyOf(channels.values())) {
            hangupChannel(c, 16);
        }
        emit(event("Shutdown", "system,all").add("Shutdown", "Cleanly").add("Restart", "True"));
    }

    /** Re-seats the model after a restart: channels gone, phones keep their registrations. */
    synchronized void clearChannels() {
        channels.values().forEach(c -> c.gone = true);
        channels.clear();
        parked.clear();
        parkingBridge.channels.clear();
        for (SimQueue q : queues.values()) {
            q.callers.clear();
        }
    }
}
