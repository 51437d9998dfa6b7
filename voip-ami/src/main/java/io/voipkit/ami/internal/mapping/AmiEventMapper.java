package io.voipkit.ami.internal.mapping;

import io.voipkit.ami.internal.AmiMessage;
import io.voipkit.core.CallDisposition;
import io.voipkit.core.CallRecord;
import io.voipkit.core.ChannelState;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.MemberState;
import io.voipkit.core.event.AgentCompleted;
import io.voipkit.core.event.AgentConnected;
import io.voipkit.core.event.CallAnswered;
import io.voipkit.core.event.CallBridged;
import io.voipkit.core.event.CallDialing;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.CallParked;
import io.voipkit.core.event.CallRecordCreated;
import io.voipkit.core.event.CallTransferred;
import io.voipkit.core.event.CallUnbridged;
import io.voipkit.core.event.ChannelCreated;
import io.voipkit.core.event.ChannelStateChanged;
import io.voipkit.core.event.ConferenceJoined;
import io.voipkit.core.event.ConferenceLeft;
import io.voipkit.core.event.DtmfReceived;
import io.voipkit.core.event.EndpointStatusChanged;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.QueueCallerAbandoned;
import io.voipkit.core.event.QueueCallerJoined;
import io.voipkit.core.event.QueueCallerLeft;
import io.voipkit.core.event.QueueMemberStatusChanged;
import io.voipkit.core.event.RawFields;
import io.voipkit.core.event.UnknownEvent;
import io.voipkit.core.event.UserDefinedEvent;
import io.voipkit.core.event.VariableSet;
import io.voipkit.core.internal.Checks;
import io.voipkit.core.internal.RawFieldsAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns one decoded AMI event into exactly one voipkit {@link PbxEvent}: the anti-corruption
 * layer between Asterisk's wire vocabulary and the PBX-neutral event records.
 *
 * <pre>{@code
 * AmiEventMapper mapper = new AmiEventMapper(ZoneId.of("Europe/Berlin"));   // the PBX's zone, for CDR times
 * PbxEvent e = mapper.map(message, "pbx-1", Instant.now());
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>One in, one out.</b> Every event becomes one {@code PbxEvent}; an event voipkit has no
 *       record for, or one too malformed to fill its record, becomes {@link UnknownEvent} with
 *       every field. Nothing is dropped and nothing is synthesised (asterisk-java invents events;
 *       we do not).</li>
 *   <li><b>Raw fields.</b> Each event carries the message's headers in wire order, repeats kept.</li>
 *   <li><b>Time.</b> The event's {@code Timestamp} header (epoch seconds with microseconds) when
 *       present and well-formed, else {@code receivedAt} ({@code FullyBooted} and list items have
 *       none; wire fact 11).</li>
 *   <li><b>Header case.</b> Looked up case-insensitively ({@code Uniqueid}/{@code UniqueID}, wire
 *       fact 8).</li>
 *   <li><b>Caller ids.</b> Asterisk's {@code <unknown>} placeholder becomes {@code null}.</li>
 *   <li><b>Malformed values never throw out of {@link #map}.</b> A bad optional value becomes
 *       {@code null} (or 0 for the hang-up cause); a missing required one makes the event an
 *       {@link UnknownEvent}. Either is counted in {@link #malformedValues()} and logged at WARN
 *       the first time, at DEBUG afterwards, so a misbehaving PBX cannot flood the log.</li>
 * </ul>
 *
 * <h2>The mapping table</h2>
 * <table>
 *   <caption>AMI event to voipkit record</caption>
 *   <tr><th>AMI</th><th>voipkit</th><th>notes</th></tr>
 *   <tr><td>Newchannel</td><td>{@link ChannelCreated}</td><td>start time remembered per Uniqueid for {@code CallEnded.duration}</td></tr>
 *   <tr><td>Newstate</td><td>{@link ChannelStateChanged}</td><td></td></tr>
 *   <tr><td>DialBegin</td><td>{@link CallDialing}</td><td>no {@code Channel} for an originated call: caller channel {@code null}</td></tr>
 *   <tr><td>DialEnd</td><td>{@link CallAnswered} if {@code DialStatus: ANSWER}</td><td>any other status
 *       ({@code NOANSWER}, {@code BUSY}, {@code CANCEL}, ...) is not an answer: {@link UnknownEvent} named
 *       {@code DialEnd}, DialStatus in its raw fields</td></tr>
 *   <tr><td>BridgeEnter / BridgeLeave</td><td>{@link CallBridged} / {@link CallUnbridged}</td><td></td></tr>
 *   <tr><td>Hangup</td><td>{@link CallEnded}</td><td>duration = Hangup time - Newchannel time of the same
 *       Uniqueid if this mapper saw the Newchannel (bounded memory, see below), else {@code null}</td></tr>
 *   <tr><td>BlindTransfer / AttendedTransfer</td><td>{@link CallTransferred}</td><td>the transferee's channel</td></tr>
 *   <tr><td>ParkedCall</td><td>{@link CallParked}</td><td>only unsolicited; a {@code ParkedCalls} list item
 *       (same name, with an ActionID; wire fact 6) reports an old parking, so it is an {@link UnknownEvent}</td></tr>
 *   <tr><td>DTMFBegin / DTMFEnd</td><td>{@link DtmfReceived} {@code end=false} / {@code end=true}</td><td>a
 *       DTMFEnd may come without its DTMFBegin (wire fact 15)</td></tr>
 *   <tr><td>ContactStatus</td><td>{@link EndpointStatusChanged}</td><td>Reachable, NonQualified, Created,
 *       Updated: ONLINE; Unreachable, Removed: OFFLINE; else UNKNOWN</td></tr>
 *   <tr><td>PeerStatus ({@code PJSIP/} peers)</td><td>{@link EndpointStatusChanged}</td><td>Reachable,
 *       Registered, Lagged: ONLINE; Unreachable, Unregistered, Rejected: OFFLINE; other technologies: Unknown</td></tr>
 *   <tr><td>DeviceStateChange ({@code PJSIP/} devices, unsolicited)</td><td>{@link EndpointStatusChanged}</td><td>UNAVAILABLE:
 *       OFFLINE; NOT_INUSE, INUSE, BUSY, RINGING, RINGINUSE, ONHOLD: ONLINE; UNKNOWN, INVALID: UNKNOWN.
 *       Other devices ({@code Local/}, {@code Queue:}, {@code park:}, ...) and {@code DeviceStateList} items: Unknown</td></tr>
 *   <tr><td>QueueCallerJoin / Leave / Abandon</td><td>{@link QueueCallerJoined} / {@link QueueCallerLeft} /
 *       {@link QueueCallerAbandoned}</td><td></td></tr>
 *   <tr><td>QueueMemberStatus, QueueMemberAdded, QueueMemberPause, QueueMemberPenalty,
 *       QueueMemberRinginuse, QueueMemberRemoved</td><td>{@link QueueMemberStatusChanged}</td><td>for
 *       {@code QueueMemberRemoved} the state is {@link MemberState#INVALID} (the interface is no longer a
 *       member and can take no call from the queue) and {@code name()} is {@code QueueMemberRemoved}</td></tr>
 *   <tr><td>AgentConnect / AgentComplete</td><td>{@link AgentConnected} / {@link AgentCompleted}</td><td></td></tr>
 *   <tr><td>ConfbridgeJoin / ConfbridgeLeave</td><td>{@link ConferenceJoined} / {@link ConferenceLeft}</td><td></td></tr>
 *   <tr><td>VarSet</td><td>{@link VariableSet}</td><td>{@code Channel: none} (global) gives {@code null}</td></tr>
 *   <tr><td>UserEvent</td><td>{@link UserDefinedEvent}</td><td>also when triggered by the UserEvent action (with ActionID)</td></tr>
 *   <tr><td>Cdr</td><td>{@link CallRecordCreated}</td><td>local times read in the PBX's zone; unknown
 *       headers (custom CDR mappings) go to {@link CallRecord#extra()}</td></tr>
 *   <tr><td>everything else</td><td>{@link UnknownEvent}</td><td>FullyBooted, SuccessfulAuth, Newexten, CEL,
 *       LocalBridge, TestEvent, Shutdown, list items, ...</td></tr>
 * </table>
 *
 * <h2>State and threads</h2>
 * The only state is a bounded map Uniqueid to channel start time (at most
 * {@code maxTrackedChannels} entries, oldest evicted first, removed at Hangup) and the malformed
 * counter. Not thread-safe: one mapper per connection, called on that connection's event thread.
 */
public final class AmiEventMapper {
    /** Default bound of remembered channel start times; ~100 bytes each, so about 10 MB at most. */
    public static final int DEFAULT_MAX_TRACKED_CHANNELS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(AmiEventMapper.class);

    /** Name used when a message's {@code Event:} value is blank: UnknownEvent needs a name. */
    static final String BLANK_EVENT_NAME = "(blank)";

    private final ZoneId pbxZone;
    private final Map<String, Instant> channelStarts;
    private long malformedValues;

    /**
     * A mapper for one connection.
     *
     * @param pbxZone the PBX's time zone: {@code Cdr} times are local times without an offset
     * @throws InvalidRequestException when {@code pbxZone} is {@code null}
     */
    public AmiEventMapper(ZoneId pbxZone) {
        this(pbxZone, DEFAULT_MAX_TRACKED_CHANNELS);
    }

    /**
     * A mapper for one connection with its own bound on remembered channel start times.
     *
     * @param pbxZone            the PBX's time zone, for {@code Cdr} times
     * @param maxTrackedChannels how many channels' start times to remember at most (at least 1)
     * @throws InvalidRequestException when {@code pbxZone} is {@code null} or the bound is below 1
     */
    public AmiEventMapper(ZoneId pbxZone, int maxTrackedChannels) {
        this.pbxZone = Checks.notNull(pbxZone, "pbxZone");
        int max = Checks.positive(maxTrackedChannels, "maxTrackedChannels");
        this.channelStarts = new LinkedHashMap<>(Math.min(max, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > max;
            }
        };
    }

    /**
     * Maps one event.
     *
     * @param event      a decoded AMI message whose first header is {@code Event:}
     * @param pbxId      the id of the PBX it came from
     * @param receivedAt when it was read, used when the event has no usable {@code Timestamp}
     * @return exactly one event, never {@code null}
     * @throws InvalidRequestException when an argument is {@code null}, {@code pbxId} is blank, or
     *                                 {@code event} is a response rather than an event (a caller bug,
     *                                 not PBX data)
     */
    public PbxEvent map(AmiMessage event, String pbxId, Instant receivedAt) {
        Checks.notNull(event, "event");
        Checks.notNull(pbxId, "pbxId");
        if (pbxId.isBlank()) {
            throw new InvalidRequestException("pbxId", "must not be blank");
        }
        Checks.notNull(receivedAt, "receivedAt");
        if (!event.isEvent()) {
            throw new InvalidRequestException("event", "must be an AMI event (first header Event:), was " + event.kind());
        }
        String name = event.eventName();
        if (name.isBlank()) {
            name = BLANK_EVENT_NAME;
        }
        RawFields raw = rawFields(event);
        Instant timestamp = timestamp(event, name, receivedAt);
        PbxEvent typed;
        try {
            typed = mapTyped(name, event, pbxId, timestamp, raw);
        } catch (InvalidRequestException e) {
            // A record rejected a value the checks above let through (e.g. CDR answer after end).
            malformed(name, e.field(), e.getMessage());
            typed = null;
        } catch (RuntimeException e) {
            // A bug here must not kill the connection's reader thread or lose the event: keep it raw.
            malformedValues++;
            LOG.error("Mapping the AMI event {} failed; it is delivered as UnknownEvent", name, e);
            typed = null;
        }
        return typed != null ? typed : new UnknownEvent(pbxId, timestamp, raw, name);
    }

    /** How many malformed values this mapper met (each one an UnknownEvent or a {@code null} field). */
    public long malformedValues() {
        return malformedValues;
    }

    /** How many channel start times are remembered now (for tests and metrics). */
    public int trackedChannels() {
        return channelStarts.size();
    }

    /**
     * Remembers when a channel started, for channels that existed before this mapper saw their
     * {@code Newchannel}: the resync computes it from {@code CoreShowChannel}'s {@code Duration}.
     *
     * @throws InvalidRequestException when an argument is {@code null} or {@code uniqueId} is blank
     */
    public void rememberChannelStart(String uniqueId, Instant start) {
        Checks.notNull(uniqueId, "uniqueId");
        if (uniqueId.isBlank()) {
            throw new InvalidRequestException("uniqueId", "must not be blank");
        }
        channelStarts.put(uniqueId, Checks.notNull(start, "start"));
    }

    /** Forgets every remembered start time: after a reconnect, before the resync fills them again. */
    public void forgetChannelStarts() {
        channelStarts.clear();
    }

    // ---------------------------------------------------------------- dispatch

    private PbxEvent mapTyped(String name, AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        return switch (name) {
            case "Newchannel" -> newChannel(m, pbxId, ts, raw);
            case "Newstate" -> newState(m, pbxId, ts, raw);
            case "DialBegin" -> dialBegin(m, pbxId, ts, raw);
            case "DialEnd" -> dialEnd(m, pbxId, ts, raw);
            case "BridgeEnter" -> bridge(true, m, pbxId, ts, raw);
            case "BridgeLeave" -> bridge(false, m, pbxId, ts, raw);
            case "Hangup" -> hangup(m, pbxId, ts, raw);
            case "BlindTransfer" -> transfer(CallTransferred.Kind.BLIND, m, pbxId, ts, raw);
            case "AttendedTransfer" -> transfer(CallTransferred.Kind.ATTENDED, m, pbxId, ts, raw);
            case "ParkedCall" -> parkedCall(m, pbxId, ts, raw);
            case "DTMFBegin" -> dtmf(false, m, pbxId, ts, raw);
            case "DTMFEnd" -> dtmf(true, m, pbxId, ts, raw);
            case "ContactStatus" -> contactStatus(m, pbxId, ts, raw);
            case "PeerStatus" -> peerStatus(m, pbxId, ts, raw);
            case "DeviceStateChange" -> deviceStateChange(m, pbxId, ts, raw);
            case "QueueCallerJoin" -> queueCallerJoin(m, pbxId, ts, raw);
            case "QueueCallerLeave" -> queueCallerLeave(m, pbxId, ts, raw);
            case "QueueCallerAbandon" -> queueCallerAbandon(m, pbxId, ts, raw);
            case "QueueMemberStatus", "QueueMemberAdded", "QueueMemberPause", "QueueMemberPenalty",
                    "QueueMemberRinginuse" -> queueMember(false, name, m, pbxId, ts, raw);
            case "QueueMemberRemoved" -> queueMember(true, name, m, pbxId, ts, raw);
            case "AgentConnect" -> agentConnect(m, pbxId, ts, raw);
            case "AgentComplete" -> agentComplete(m, pbxId, ts, raw);
            case "ConfbridgeJoin" -> confbridge(true, m, pbxId, ts, raw);
            case "ConfbridgeLeave" -> confbridge(false, m, pbxId, ts, raw);
            case "VarSet" -> varSet(m, pbxId, ts, raw);
            case "UserEvent" -> userEvent(m, pbxId, ts, raw);
            case "Cdr" -> cdr(m, pbxId, ts, raw);
            default -> null;
        };
    }

    // ---------------------------------------------------------------- channels and calls

    private PbxEvent newChannel(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String channel = required(m, "Channel", "Newchannel");
        String uniqueId = required(m, "Uniqueid", "Newchannel");
        if (channel == null || uniqueId == null) {
            return null;
        }
        channelStarts.put(uniqueId, ts);
        return new ChannelCreated(pbxId, ts, raw, channel, uniqueId, m.get("Linkedid"),
                AmiValues.callerId(m.get("CallerIDNum")), AmiValues.callerId(m.get("CallerIDName")),
                m.get("Context"), m.get("Exten"), channelState(m, "ChannelState", "Newchannel"));
    }

    private PbxEvent newState(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String channel = required(m, "Channel", "Newstate");
        String uniqueId = required(m, "Uniqueid", "Newstate");
        if (channel == null || uniqueId == null) {
            return null;
        }
        return new ChannelStateChanged(pbxId, ts, raw, channel, uniqueId, channelState(m, "ChannelState", "Newstate"),
                AmiValues.callerId(m.get("CallerIDNum")), AmiValues.callerId(m.get("ConnectedLineNum")));
    }

    private PbxEvent dialBegin(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String dest = required(m, "DestChannel", "DialBegin");
        String destUid = required(m, "DestUniqueid", "DialBegin");
        if (dest == null || destUid == null) {
            return null;
        }
        return new CallDialing(pbxId, ts, raw, m.get("Channel"), m.get("Uniqueid"), dest, destUid,
                m.get("DialString"), AmiValues.callerId(m.get("CallerIDNum")),
                AmiValues.callerId(m.get("DestCallerIDNum")));
    }

    private PbxEvent dialEnd(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String status = m.get("DialStatus");
        if (status == null || !status.strip().equalsIgnoreCase("ANSWER")) {
            return null; // not an answer: no record says "dial failed", the raw event keeps DialStatus
        }
        String dest = required(m, "DestChannel", "DialEnd");
        String destUid = required(m, "DestUniqueid", "DialEnd");
        if (dest == null || destUid == null) {
            return null;
        }
        return new CallAnswered(pbxId, ts, raw, m.get("Channel"), m.get("Uniqueid"), dest, destUid, status.strip());
    }

    private PbxEvent bridge(boolean enter, AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String event = enter ? "BridgeEnter" : "BridgeLeave";
        String bridgeId = required(m, "BridgeUniqueid", event);
        String channel = required(m, "Channel", event);
        String uniqueId = required(m, "Uniqueid", event);
        if (bridgeId == null || channel == null || uniqueId == null) {
            return null;
        }
        int n = count(m, "BridgeNumChannels", event);
        return enter
                ? new CallBridged(pbxId, ts, raw, bridgeId, channel, uniqueId, m.get("BridgeType"), n)
                : new CallUnbridged(pbxId, ts, raw, bridgeId, channel, uniqueId, m.get("BridgeType"), n);
    }

    private PbxEvent hangup(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String channel = required(m, "Channel", "Hangup");
        String uniqueId = required(m, "Uniqueid", "Hangup");
        if (uniqueId != null) {
            // Forget the start even if the event turns out malformed: the channel is gone either way.
            Instant started = channelStarts.remove(uniqueId);
            if (channel != null) {
                Duration duration = started == null || ts.isBefore(started) ? null : Duration.between(started, ts);
                int cause = count(m, "Cause", "Hangup");
                return new CallEnded(pbxId, ts, raw, channel, uniqueId, m.get("Linkedid"),
                        AmiValues.callerId(m.get("CallerIDNum")), AmiValues.callerId(m.get("ConnectedLineNum")),
                        cause, m.get("Cause-txt"), duration);
            }
        }
        return null;
    }

    private PbxEvent transfer(CallTransferred.Kind kind, AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String event = kind == CallTransferred.Kind.BLIND ? "BlindTransfer" : "AttendedTransfer";
        String channel = m.get("TransfereeChannel");
        String uniqueId = m.get("TransfereeUniqueid");
        if (isBlank(channel) || isBlank(uniqueId)) {
            // A transfer whose transferee Asterisk does not name (failed or app transfers) stays raw.
            if (kind == CallTransferred.Kind.BLIND) {
                malformed(event, "TransfereeChannel", "missing");
            }
            return null;
        }
        String exten = kind == CallTransferred.Kind.BLIND ? m.get("Extension") : null;
        String context = kind == CallTransferred.Kind.BLIND ? m.get("Context") : null;
        return new CallTransferred(pbxId, ts, raw, kind, channel, uniqueId, exten, context, m.get("Result"));
    }

    private PbxEvent parkedCall(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        if (m.actionId() != null) {
            return null; // a ParkedCalls list item: the call was parked earlier, this is not a new parking
        }
        String channel = required(m, "ParkeeChannel", "ParkedCall");
        String uniqueId = required(m, "ParkeeUniqueid", "ParkedCall");
        String space = required(m, "ParkingSpace", "ParkedCall");
        if (channel == null || uniqueId == null || space == null) {
            return null;
        }
        String parker = m.get("ParkerChannel");
        if (isBlank(parker)) {
            parker = m.get("ParkerDialString");
        }
        return new CallParked(pbxId, ts, raw, channel, uniqueId, m.get("Parkinglot"), space,
                optionalSeconds(m, "ParkingTimeout", "ParkedCall"), parker);
    }

    private PbxEvent dtmf(boolean end, AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String event = end ? "DTMFEnd" : "DTMFBegin";
        String channel = required(m, "Channel", event);
        String uniqueId = required(m, "Uniqueid", event);
        String digit = required(m, "Digit", event);
        if (channel == null || uniqueId == null || digit == null) {
            return null;
        }
        Duration duration = null;
        if (end) {
            String ms = m.get("DurationMs");
            if (ms != null) {
                long v = AmiValues.nonNegativeLong(ms);
                if (v < 0) {
                    malformed(event, "DurationMs", ms);
                } else {
                    duration = Duration.ofMillis(v);
                }
            }
        }
        return new DtmfReceived(pbxId, ts, raw, channel, uniqueId, digit, m.get("Direction"), duration, end);
    }

    // ---------------------------------------------------------------- endpoints

    private PbxEvent contactStatus(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String endpoint = m.get("EndpointName");
        if (isBlank(endpoint)) {
            endpoint = m.get("AOR");
        }
        if (isBlank(endpoint)) {
            malformed("ContactStatus", "EndpointName", "missing");
            return null;
        }
        String status = m.get("ContactStatus");
        return new EndpointStatusChanged(pbxId, ts, raw, endpoint, AmiValues.contactStatus(status), status,
                m.get("URI"), AmiValues.roundtripMicros(m.get("RoundtripUsec")));
    }

    private PbxEvent peerStatus(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String endpoint = AmiValues.pjsipEndpoint(m.get("Peer"));
        if (endpoint == null) {
            return null; // not a PJSIP peer (IAX2, ...): voipkit's endpoints are PJSIP endpoints
        }
        String status = m.get("PeerStatus");
        return new EndpointStatusChanged(pbxId, ts, raw, endpoint, AmiValues.peerStatus(status), status, null, null);
    }

    private PbxEvent deviceStateChange(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        if (m.actionId() != null) {
            return null; // a DeviceStateList item reports a state, not a change
        }
        String endpoint = AmiValues.pjsipEndpoint(m.get("Device"));
        if (endpoint == null) {
            return null; // Local/, Queue:, park:, confbridge: ... devices are not phones
        }
        String state = m.get("State");
        return new EndpointStatusChanged(pbxId, ts, raw, endpoint, AmiValues.deviceStatus(state), state, null, null);
    }

    // ---------------------------------------------------------------- queues

    private PbxEvent queueCallerJoin(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String queue = required(m, "Queue", "QueueCallerJoin");
        String channel = required(m, "Channel", "QueueCallerJoin");
        String uniqueId = required(m, "Uniqueid", "QueueCallerJoin");
        if (queue == null || channel == null || uniqueId == null) {
            return null;
        }
        return new QueueCallerJoined(pbxId, ts, raw, queue, channel, uniqueId,
                AmiValues.callerId(m.get("CallerIDNum")), count(m, "Position", "QueueCallerJoin"),
                count(m, "Count", "QueueCallerJoin"));
    }

    private PbxEvent queueCallerLeave(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String queue = required(m, "Queue", "QueueCallerLeave");
        String channel = required(m, "Channel", "QueueCallerLeave");
        String uniqueId = required(m, "Uniqueid", "QueueCallerLeave");
        if (queue == null || channel == null || uniqueId == null) {
            return null;
        }
        return new QueueCallerLeft(pbxId, ts, raw, queue, channel, uniqueId, count(m, "Position", "QueueCallerLeave"),
                count(m, "Count", "QueueCallerLeave"));
    }

    private PbxEvent queueCallerAbandon(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String queue = required(m, "Queue", "QueueCallerAbandon");
        String channel = required(m, "Channel", "QueueCallerAbandon");
        String uniqueId = required(m, "Uniqueid", "QueueCallerAbandon");
        Duration hold = requiredSeconds(m, "HoldTime", "QueueCallerAbandon");
        if (queue == null || channel == null || uniqueId == null || hold == null) {
            return null;
        }
        return new QueueCallerAbandoned(pbxId, ts, raw, queue, channel, uniqueId,
                count(m, "Position", "QueueCallerAbandon"), count(m, "OriginalPosition", "QueueCallerAbandon"), hold);
    }

    private PbxEvent queueMember(boolean removed, String event, AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String queue = required(m, "Queue", event);
        String iface = m.get("Interface");
        if (isBlank(iface)) {
            iface = m.get("Location"); // Asterisk before 12 spelled it Location
        }
        if (queue == null || isBlank(iface)) {
            if (queue != null) {
                malformed(event, "Interface", "missing");
            }
            return null;
        }
        MemberState state = removed ? MemberState.INVALID : memberState(m, event);
        return new QueueMemberStatusChanged(pbxId, ts, raw, queue, m.get("MemberName"), iface, state,
                AmiValues.flag(m.get("Paused")), m.get("PausedReason"), count(m, "Penalty", event),
                count(m, "CallsTaken", event), AmiValues.flag(m.get("InCall")));
    }

    private PbxEvent agentConnect(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String queue = required(m, "Queue", "AgentConnect");
        String channel = required(m, "Channel", "AgentConnect");
        String uniqueId = required(m, "Uniqueid", "AgentConnect");
        String iface = required(m, "Interface", "AgentConnect");
        Duration hold = requiredSeconds(m, "HoldTime", "AgentConnect");
        Duration ring = requiredSeconds(m, "RingTime", "AgentConnect");
        if (queue == null || channel == null || uniqueId == null || iface == null || hold == null || ring == null) {
            return null;
        }
        return new AgentConnected(pbxId, ts, raw, queue, channel, uniqueId, m.get("MemberName"), iface,
                m.get("DestChannel"), hold, ring);
    }

    private PbxEvent agentComplete(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String queue = required(m, "Queue", "AgentComplete");
        String channel = required(m, "Channel", "AgentComplete");
        String uniqueId = required(m, "Uniqueid", "AgentComplete");
        String iface = required(m, "Interface", "AgentComplete");
        Duration hold = requiredSeconds(m, "HoldTime", "AgentComplete");
        Duration talk = requiredSeconds(m, "TalkTime", "AgentComplete");
        if (queue == null || channel == null || uniqueId == null || iface == null || hold == null || talk == null) {
            return null;
        }
        return new AgentCompleted(pbxId, ts, raw, queue, channel, uniqueId, m.get("MemberName"), iface, hold, talk,
                m.get("Reason"));
    }

    // ---------------------------------------------------------------- other typed events

    private PbxEvent confbridge(boolean join, AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String event = join ? "ConfbridgeJoin" : "ConfbridgeLeave";
        String conference = required(m, "Conference", event);
        String channel = required(m, "Channel", event);
        String uniqueId = required(m, "Uniqueid", event);
        if (conference == null || channel == null || uniqueId == null) {
            return null;
        }
        String num = AmiValues.callerId(m.get("CallerIDNum"));
        return join
                ? new ConferenceJoined(pbxId, ts, raw, conference, channel, uniqueId, num, AmiValues.flag(m.get("Admin")))
                : new ConferenceLeft(pbxId, ts, raw, conference, channel, uniqueId, num);
    }

    private PbxEvent varSet(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String variable = required(m, "Variable", "VarSet");
        if (variable == null) {
            return null;
        }
        String value = m.get("Value");
        return new VariableSet(pbxId, ts, raw, AmiValues.noneToNull(m.get("Channel")),
                AmiValues.noneToNull(m.get("Uniqueid")), variable, value == null ? "" : value);
    }

    private PbxEvent userEvent(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String userEvent = required(m, "UserEvent", "UserEvent");
        if (userEvent == null) {
            return null;
        }
        return new UserDefinedEvent(pbxId, ts, raw, userEvent, m.get("Channel"), m.get("Uniqueid"));
    }

    /** Headers of {@code Cdr} that have a component of their own (or are envelope); the rest go to {@code extra}. */
    private static final String[] CDR_KNOWN = {
        "Event", "Privilege", "Timestamp", "AccountCode", "Source", "Destination", "DestinationContext", "CallerID",
        "Channel", "DestinationChannel", "LastApplication", "LastData", "StartTime", "AnswerTime", "EndTime",
        "Duration", "BillableSeconds", "Disposition", "AMAFlags", "UniqueID", "UserField", "Linkedid",
    };

    private PbxEvent cdr(AmiMessage m, String pbxId, Instant ts, RawFields raw) {
        String uniqueId = required(m, "UniqueID", "Cdr");
        Instant start = cdrTime(m, "StartTime", true);
        Instant end = cdrTime(m, "EndTime", true);
        if (uniqueId == null || start == null || end == null) {
            return null;
        }
        Instant answer = cdrTime(m, "AnswerTime", false);
        CallRecord.Builder b = CallRecord.builder()
                .uniqueId(uniqueId)
                .linkedId(m.get("Linkedid"))
                .accountCode(m.get("AccountCode"))
                .source(m.get("Source"))
                .destination(m.get("Destination"))
                .destinationContext(m.get("DestinationContext"))
                .callerId(m.get("CallerID"))
                .channel(m.get("Channel"))
                .destinationChannel(m.get("DestinationChannel"))
                .lastApplication(m.get("LastApplication"))
                .lastData(m.get("LastData"))
                .start(start)
                .answer(answer)
                .end(end)
                .disposition(CallDisposition.parse(m.get("Disposition")))
                .amaFlags(m.get("AMAFlags"))
                .userField(m.get("UserField"));
        // Missing durations are derived from the times by the builder (not invented: same record).
        Duration duration = optionalSeconds(m, "Duration", "Cdr");
        if (duration != null) {
            b.duration(duration);
        }
        Duration billable = optionalSeconds(m, "BillableSeconds", "Cdr");
        if (billable != null) {
            b.billableSeconds(billable);
        }
        for (int i = 0, n = m.size(); i < n; i++) {
            String name = m.nameAt(i);
            if (!name.isBlank() && !isCdrKnown(name)) {
                b.extra(name, m.valueAt(i));
            }
        }
        return new CallRecordCreated(pbxId, ts, raw, b.build());
    }

    private static boolean isCdrKnown(String name) {
        for (String k : CDR_KNOWN) {
            if (k.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private Instant cdrTime(AmiMessage m, String field, boolean required) {
        String v = m.get(field);
        if (v == null || v.isBlank()) {
            if (required) {
                malformed("Cdr", field, v == null ? "missing" : "blank");
            }
            return null;
        }
        Instant t = AmiValues.localDateTime(v, pbxZone);
        if (t == null) {
            malformed("Cdr", field, v);
        }
        return t;
    }

    // ---------------------------------------------------------------- helpers

    /** The message's headers as RawFields, in wire order. */
    static RawFields rawFields(AmiMessage m) {
        String[] f = m.fieldsArrayUnsafe();
        for (int i = 0; i < f.length; i += 2) {
            if (f[i].isEmpty()) {
                return withNamedFields(f);
            }
        }
        // AmiMessage's array is exact-size, non-null (AmiMessage.of and the decoder check) and never
        // written after construction, so the event can share it: no clone, no second check per
        // field (the clone was about 30 % of the bytes allocated per event on the reader thread).
        return RawFieldsAccess.wrapTrusted(f);
    }

    /**
     * The decoder keeps a line without a colon as a field with the empty name; RawFields needs a
     * name, so such a line is kept under the name {@code ""} replaced by {@code "-"}: the value
     * survives, nothing is dropped.
     */
    private static RawFields withNamedFields(String[] f) {
        RawFields.Builder b = RawFields.builder(f.length / 2);
        for (int i = 0; i < f.length; i += 2) {
            b.add(f[i].isEmpty() ? "-" : f[i], f[i + 1]);
        }
        return b.build();
    }

    private Instant timestamp(AmiMessage m, String event, Instant receivedAt) {
        String v = m.get("Timestamp");
        if (v == null) {
            return receivedAt; // FullyBooted and list items carry none (wire fact 11)
        }
        Instant t = AmiValues.epochTimestamp(v);
        if (t == null) {
            malformed(event, "Timestamp", v);
            return receivedAt;
        }
        return t;
    }

    private String required(AmiMessage m, String field, String event) {
        String v = m.get(field);
        if (v == null || v.isBlank()) {
            malformed(event, field, v == null ? "missing" : "blank");
            return null;
        }
        return v;
    }

    /** A count; 0 (and a malformed mark) when absent or not a number, so the record still forms. */
    private int count(AmiMessage m, String field, String event) {
        String v = m.get(field);
        int n = AmiValues.nonNegativeInt(v);
        if (n < 0) {
            malformed(event, field, v == null ? "missing" : v);
            return 0;
        }
        return n;
    }

    private Duration requiredSeconds(AmiMessage m, String field, String event) {
        String v = m.get(field);
        Duration d = AmiValues.seconds(v);
        if (d == null) {
            malformed(event, field, v == null ? "missing" : v);
        }
        return d;
    }

    private Duration optionalSeconds(AmiMessage m, String field, String event) {
        String v = m.get(field);
        if (v == null) {
            return null;
        }
        Duration d = AmiValues.seconds(v);
        if (d == null) {
            malformed(event, field, v);
        }
        return d;
    }

    private ChannelState channelState(AmiMessage m, String field, String event) {
        String v = m.get(field);
        int code = AmiValues.nonNegativeInt(v);
        if (code < 0) {
            malformed(event, field, v == null ? "missing" : v);
            return ChannelState.UNKNOWN;
        }
        return ChannelState.fromAsteriskCode(code);
    }

    private MemberState memberState(AmiMessage m, String event) {
        String v = m.get("Status");
        int code = AmiValues.nonNegativeInt(v);
        if (code < 0) {
            malformed(event, "Status", v == null ? "missing" : v);
            return MemberState.UNKNOWN;
        }
        return MemberState.fromAsteriskCode(code);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** Counts a malformed value; WARN the first time so the operator learns of it, DEBUG afterwards. */
    private void malformed(String event, String field, String detail) {
        malformedValues++;
        if (malformedValues == 1) {
            LOG.warn("AMI event {} has a malformed {} ({}); mapped leniently (null field or UnknownEvent). "
                    + "Further malformed values are logged at DEBUG only.", event, field, Checks.abbreviate(detail));
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("AMI event {} has a malformed {} ({})", event, field, Checks.abbreviate(detail));
        }
    }
}
