package io.voipkit.freeswitch.internal;

import io.voipkit.core.CallDisposition;
import io.voipkit.core.internal.CallDispositions;
import io.voipkit.core.CallRecord;
import io.voipkit.core.ChannelState;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.HangupCause;
import io.voipkit.core.event.AgentCompleted;
import io.voipkit.core.event.AgentConnected;
import io.voipkit.core.event.CallAnswered;
import io.voipkit.core.event.CallParked;
import io.voipkit.core.event.CallRecordCreated;
import io.voipkit.core.event.CallTransferred;
import io.voipkit.core.event.ChannelStateChanged;
import io.voipkit.core.event.ConferenceJoined;
import io.voipkit.core.event.ConferenceLeft;
import io.voipkit.core.event.QueueCallerAbandoned;
import io.voipkit.core.event.QueueCallerJoined;
import io.voipkit.core.event.QueueCallerLeft;
import io.voipkit.core.event.VariableSet;
import io.voipkit.core.event.CallBridged;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.CallUnbridged;
import io.voipkit.core.event.ChannelCreated;
import io.voipkit.core.event.DtmfReceived;
import io.voipkit.core.event.EndpointStatusChanged;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.RawFields;
import io.voipkit.core.event.UnknownEvent;
import io.voipkit.core.internal.Checks;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one FreeSWITCH event into voipkit {@link PbxEvent}s: the anti-corruption layer between
 * ESL's vocabulary and the PBX-neutral records (issue #7's mapping). {@link #map} gives exactly
 * one event per FreeSWITCH event; {@link #mapAll} gives the same one and, for
 * {@code CHANNEL_HANGUP_COMPLETE}, the call's {@link CallRecordCreated} after it.
 *
 * <ul>
 *   <li>Nothing dropped: an event voipkit has no record for yet, or one too malformed to fill its
 *       record, becomes {@link UnknownEvent} with every field (name = {@code Event-Name}, or
 *       {@code CUSTOM <subclass>}, or {@code (no Event-Name)} for a diverted event; fact 4).</li>
 *   <li>Raw fields: the event's decoded fields in wire order, both case spellings kept (fact 7).</li>
 *   <li>Timestamp: {@code Event-Date-Timestamp} (microseconds since the epoch, FreeSWITCH's own
 *       clock), else the receive time.</li>
 * </ul>
 *
 * <table>
 *   <caption>What maps to what</caption>
 *   <tr><th>FreeSWITCH</th><th>voipkit</th></tr>
 *   <tr><td>{@code CHANNEL_CREATE}</td><td>{@link ChannelCreated}</td></tr>
 *   <tr><td>{@code CHANNEL_PROGRESS}, {@code CHANNEL_PROGRESS_MEDIA}</td><td>{@link ChannelStateChanged} RINGING</td></tr>
 *   <tr><td>{@code CHANNEL_ANSWER}</td><td>{@link CallAnswered}</td></tr>
 *   <tr><td>{@code CHANNEL_BRIDGE} / {@code CHANNEL_UNBRIDGE}</td><td>{@link CallBridged} / {@link CallUnbridged}
 *       (bridge id = the A-leg's uuid; FreeSWITCH has no bridge object)</td></tr>
 *   <tr><td>{@code CHANNEL_HANGUP_COMPLETE}</td><td>{@link CallEnded} (cause by name, {@code variable_duration} s);
 *       with {@link #mapAll} also {@link CallRecordCreated} ({@link #callRecord})</td></tr>
 *   <tr><td>{@code DTMF}</td><td>{@link DtmfReceived}</td></tr>
 *   <tr><td>{@code CHANNEL_EXECUTE} of {@code set}/{@code export}/{@code multiset} with {@code name=value}</td>
 *       <td>{@link VariableSet} (for {@code multiset}: the first pair; all pairs stay in the raw fields)</td></tr>
 *   <tr><td>the first event of a channel that carries a new {@code variable_transfer_source}</td>
 *       <td>{@link CallTransferred} (BLIND for {@code bl_xfer}, ATTENDED for {@code att_xfer}); FreeSWITCH
 *       1.10 fires no transfer event of its own (transcript {@code uuid-transfer})</td></tr>
 *   <tr><td>{@code valet_parking::info} action {@code hold}</td><td>{@link CallParked} (lot, slot)</td></tr>
 *   <tr><td>{@code callcenter::info} {@code member-queue-start} / {@code member-queue-end}</td>
 *       <td>{@link QueueCallerJoined} / {@link QueueCallerLeft} ({@code CC-Cause: Terminated}) or
 *       {@link QueueCallerAbandoned} (any other cause)</td></tr>
 *   <tr><td>{@code callcenter::info} {@code bridge-agent-start} / {@code bridge-agent-end}</td>
 *       <td>{@link AgentConnected} / {@link AgentCompleted}</td></tr>
 *   <tr><td>{@code conference::maintenance} {@code add-member} / {@code del-member}</td>
 *       <td>{@link ConferenceJoined} / {@link ConferenceLeft}</td></tr>
 *   <tr><td>{@code sofia::register} / {@code unregister} / {@code expire}</td>
 *       <td>{@link EndpointStatusChanged} ONLINE / OFFLINE / OFFLINE; endpoint = the SIP user, as
 *       {@code EndpointNaming} derives it from {@code sofia/internal/<user>@host}, so registrations
 *       and calls land on the same endpoint</td></tr>
 *   <tr><td>everything else (hold, record start/stop, agent status changes, heartbeats, ...)</td>
 *       <td>{@link UnknownEvent} with all fields; the live-state feed reads some of them</td></tr>
 * </table>
 *
 * <p>One instance per connection: the transfer detection remembers the last
 * {@code variable_transfer_source} of each live channel (forgotten at hangup, bounded to
 * {@value #MAX_TRACKED_CHANNELS} channels). Not thread-safe: call it from the one reader thread.
 */
public final class EslEventMapper {

    /** The most channels whose transfer source is remembered; beyond it the oldest is forgotten. */
    static final int MAX_TRACKED_CHANNELS = 100_000;

    /** uuid → last seen {@code variable_transfer_source}; insertion order, the oldest is evicted first. */
    private final Map<String, String> transferSources = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_TRACKED_CHANNELS;
        }
    };

    /**
     * The one event that {@code event} maps to (for {@code CHANNEL_HANGUP_COMPLETE}: the
     * {@link CallEnded}; {@link #mapAll} also gives its {@link CallRecordCreated}).
     *
     * @param event    a parsed event
     * @param pbxId    the id of the PBX it came from
     * @param received when it was read, used when the event has no usable timestamp
     */
    public PbxEvent map(EslEvent event, String pbxId, Instant received) {
        Checks.notNull(event, "event");
        Checks.wireText(pbxId, "pbxId");
        Checks.notNull(received, "received");
        return mapOne(event, pbxId, timestamp(event, received), raw(event));
    }

    /**
     * Every event that {@code event} maps to, in the order to publish them: exactly what
     * {@link #map} gives, followed, for a {@code CHANNEL_HANGUP_COMPLETE} that carries a usable
     * record (uuid, start and end epochs in order), by its {@link CallRecordCreated}. Both share
     * one {@link RawFields} and one timestamp. One frame, two events: the hang-up is what live
     * state and call-control waiters need, the record is what billing and {@code voip-cdr} need.
     *
     * @param event    a parsed event
     * @param pbxId    the id of the PBX it came from
     * @param received when it was read, used when the event has no usable timestamp
     * @return one or two events, never empty; immutable
     */
    public List<PbxEvent> mapAll(EslEvent event, String pbxId, Instant received) {
        Checks.notNull(event, "event");
        Checks.wireText(pbxId, "pbxId");
        Checks.notNull(received, "received");
        Instant ts = timestamp(event, received);
        RawFields raw = raw(event);
        PbxEvent first = mapOne(event, pbxId, ts, raw);
        if ("CHANNEL_HANGUP_COMPLETE".equals(event.name())) {
            CallRecord record = callRecord(event);
            if (record != null) {
                return List.of(first, new CallRecordCreated(pbxId, ts, raw, record));
            }
        }
        return List.of(first);
    }

    private PbxEvent mapOne(EslEvent event, String pbxId, Instant ts, RawFields raw) {
        String name = event.name();
        try {
            PbxEvent mapped = mapKnown(event, name, pbxId, ts, raw);
            if (mapped != null) {
                return mapped;
            }
        } catch (RuntimeException malformed) {
            // A record's validation refused what FreeSWITCH sent: keep every field rather than drop it.
        }
        String unknown = name == null ? "(no Event-Name)"
                : "CUSTOM".equals(name) && event.subclass() != null ? "CUSTOM " + event.subclass() : name;
        return new UnknownEvent(pbxId, ts, raw, unknown);
    }

    /**
     * The call record of a {@code CHANNEL_HANGUP_COMPLETE}, filled as {@code voip-cdr} fills one from
     * {@code mod_cdr_csv}'s default template for the same call (checked against
     * {@code ../shared/fixtures/cdr/freeswitch-Master.csv}), so a record seen live and the same
     * record imported later are equal in every component the CSV holds:
     * <ul>
     *   <li>uuid = {@code Unique-ID}; linked id = {@code Channel-Call-UUID} (the CSV has none);</li>
     *   <li>start / answer / end = {@code variable_start_epoch} / {@code variable_answer_epoch} /
     *       {@code variable_end_epoch} (whole seconds, as the CSV's stamps); answer epoch 0 = never
     *       answered, no answer time;</li>
     *   <li>duration / billable = {@code variable_duration} / {@code variable_billsec} (else derived
     *       from the times);</li>
     *   <li>source = {@code Caller-Caller-ID-Number}, caller id = {@code "name" <number>} (the number
     *       alone without a name), destination = {@code Caller-Destination-Number}, context =
     *       {@code Caller-Context}, account code = {@code variable_accountcode}, last application /
     *       data = {@code variable_last_app} / {@code variable_last_arg}, channel = {@code Channel-Name},
     *       destination channel = the other leg's channel when this leg originated it;</li>
     *   <li>disposition derived as voip-cdr derives it: answered (answer time or billsec &gt; 0) is
     *       ANSWERED, else {@code USER_BUSY} BUSY, congestion causes CONGESTED,
     *       {@code NORMAL_CLEARING}/{@code NO_ANSWER}/{@code NO_USER_RESPONSE}/{@code ORIGINATOR_CANCEL}/{@code ALLOTTED_TIMEOUT}
     *       NO_ANSWER, other causes FAILED;</li>
     *   <li>extra, named like the CSV template's columns: {@code hangup_cause}, {@code bleg_uuid}
     *       ({@code variable_bleg_uuid}, else the other leg's uuid when this leg originated it, as
     *       mod_cdr_csv writes it), {@code read_codec}, {@code write_codec}, when present.</li>
     * </ul>
     * Returns {@code null} when the event has no uuid, no usable start or end epoch, or values
     * the record refuses (end before start): the {@link CallEnded} is published all the same.
     */
    static CallRecord callRecord(EslEvent e) {
        String uuid = e.uniqueId();
        long start = epoch(e.field(EslHeaderNames.VARIABLE_START_EPOCH));
        long end = epoch(e.field(EslHeaderNames.VARIABLE_END_EPOCH));
        if (uuid == null || uuid.isBlank() || start <= 0 || end <= 0) {
            return null;
        }
        long answer = epoch(e.field(EslHeaderNames.VARIABLE_ANSWER_EPOCH));
        Duration duration = seconds(e.field(EslHeaderNames.VARIABLE_DURATION));
        Duration billable = seconds(e.field(EslHeaderNames.VARIABLE_BILLSEC));
        String cause = e.field(EslHeaderNames.HANGUP_CAUSE);
        boolean originated = "originatee".equals(e.field(EslHeaderNames.OTHER_TYPE)); // the other leg is the one this leg dialled
        String number = e.field(EslHeaderNames.CALLER_ID_NUMBER);
        String name = e.field(EslHeaderNames.CALLER_ID_NAME);
        boolean hasNumber = number != null && !number.isBlank();
        boolean hasName = name != null && !name.isBlank();
        try {
            CallRecord.Builder b = CallRecord.builder()
                    .uniqueId(uuid)
                    .linkedId(e.field(EslHeaderNames.CHANNEL_CALL_UUID))
                    .accountCode(e.field(EslHeaderNames.VARIABLE_ACCOUNTCODE))
                    .source(number)
                    .destination(e.field(EslHeaderNames.CALLER_DESTINATION))
                    .destinationContext(e.field(EslHeaderNames.CALLER_CONTEXT))
                    .callerId(!hasName ? number : '"' + name + '"' + (hasNumber ? " <" + number + ">" : ""))
                    .channel(e.field(EslHeaderNames.CHANNEL_NAME))
                    .destinationChannel(originated ? e.field(EslHeaderNames.OTHER_LEG_CHANNEL_NAME) : null)
                    .lastApplication(e.field(EslHeaderNames.VARIABLE_LAST_APP))
                    .lastData(e.field(EslHeaderNames.VARIABLE_LAST_ARG))
                    .start(Instant.ofEpochSecond(start))
                    .answer(answer > 0 ? Instant.ofEpochSecond(answer) : null)
                    .end(Instant.ofEpochSecond(end))
                    .disposition(disposition(answer > 0 || billable != null && !billable.isZero(), cause));
            if (duration != null) {
                b.duration(duration);
            }
            if (billable != null) {
                b.billableSeconds(billable);
            }
            extra(b, "hangup_cause", cause);
            String bleg = e.field(EslHeaderNames.VARIABLE_BLEG_UUID);
            extra(b, "bleg_uuid", bleg != null && !bleg.isBlank() ? bleg
                    : originated ? e.field(EslHeaderNames.OTHER_LEG_UNIQUE_ID) : null);
            extra(b, "read_codec", e.field(EslHeaderNames.VARIABLE_READ_CODEC));
            extra(b, "write_codec", e.field(EslHeaderNames.VARIABLE_WRITE_CODEC));
            return b.build();
        } catch (InvalidRequestException refused) {
            return null; // e.g. end before start: no record rather than a wrong one
        }
    }

    private static void extra(CallRecord.Builder b, String column, String value) {
        if (value != null && !value.isBlank()) {
            b.extra(column, value);
        }
    }

    /** An epoch in seconds; 0 when absent, blank or not a number (FreeSWITCH writes 0 for "never"). */
    private static long epoch(String v) {
        if (v == null) {
            return 0;
        }
        long n = digits(v.trim());
        return Math.max(n, 0);
    }

    /** voip-cdr's FreeSWITCH disposition rule (FreeSwitchCsvMapper), so live and imported records agree. */
    static CallDisposition disposition(boolean answered, String hangupCause) {
        return CallDispositions.freeSwitch(answered, hangupCause);
    }

    private PbxEvent mapKnown(EslEvent e, String name, String pbxId, Instant ts, RawFields raw) {
        if (name == null) {
            return null;
        }
        String channel = e.field(EslHeaderNames.CHANNEL_NAME);
        String uuid = e.uniqueId();
        if ("CHANNEL_HANGUP_COMPLETE".equals(name) || "CHANNEL_DESTROY".equals(name)) {
            if (uuid != null) {
                transferSources.remove(uuid);
            }
        } else if (uuid != null && channel != null) {
            PbxEvent transfer = transfer(e, channel, uuid, pbxId, ts, raw);
            if (transfer != null) {
                return transfer;
            }
        }
        switch (name) {
            case "CHANNEL_CREATE":
                return new ChannelCreated(pbxId, ts, raw, channel, uuid, e.field(EslHeaderNames.CHANNEL_CALL_UUID),
                        e.field(EslHeaderNames.CALLER_ID_NUMBER), e.field(EslHeaderNames.CALLER_ID_NAME), e.field(EslHeaderNames.CALLER_CONTEXT),
                        e.field(EslHeaderNames.CALLER_DESTINATION), state(e));
            case "CHANNEL_PROGRESS", "CHANNEL_PROGRESS_MEDIA":
                return new ChannelStateChanged(pbxId, ts, raw, channel, uuid, ChannelState.RINGING,
                        e.field(EslHeaderNames.CALLER_ID_NUMBER), e.field(EslHeaderNames.CALLEE_ID_NUMBER));
            case "CHANNEL_EXECUTE":
                return variableSet(e, channel, uuid, pbxId, ts, raw);
            case "CHANNEL_ANSWER":
                return new CallAnswered(pbxId, ts, raw, e.field(EslHeaderNames.OTHER_LEG_CHANNEL_NAME), e.field(EslHeaderNames.OTHER_LEG_UNIQUE_ID),
                        channel, uuid, "ANSWER");
            case "CHANNEL_BRIDGE":
                return new CallBridged(pbxId, ts, raw, bridgeId(e), channel, uuid, "freeswitch", 2);
            case "CHANNEL_UNBRIDGE":
                return new CallUnbridged(pbxId, ts, raw, bridgeId(e), channel, uuid, "freeswitch", 1);
            case "CHANNEL_HANGUP_COMPLETE": {
                String cause = e.field(EslHeaderNames.HANGUP_CAUSE);
                int code = Math.max(0, HangupCause.fromName(cause).code());
                return new CallEnded(pbxId, ts, raw, channel, uuid, e.field(EslHeaderNames.CHANNEL_CALL_UUID),
                        e.field(EslHeaderNames.CALLER_ID_NUMBER), e.field(EslHeaderNames.CALLEE_ID_NUMBER), code, cause,
                        seconds(e.field(EslHeaderNames.VARIABLE_DURATION)));
            }
            case "DTMF":
                return new DtmfReceived(pbxId, ts, raw, channel, uuid, e.field(EslHeaderNames.DTMF_DIGIT),
                        e.field(EslHeaderNames.DTMF_SOURCE), millis(e.field(EslHeaderNames.DTMF_DURATION)), true);
            case "CUSTOM":
                return custom(e, pbxId, ts, raw);
            default:
                return null;
        }
    }

    /** A {@code set}/{@code export}/{@code multiset} execution as {@link VariableSet}; other apps stay unknown. */
    private static PbxEvent variableSet(EslEvent e, String channel, String uuid, String pbxId, Instant ts,
                                        RawFields raw) {
        String app = e.field(EslHeaderNames.APPLICATION);
        if (!"set".equals(app) && !"export".equals(app) && !"multiset".equals(app)) {
            return null;
        }
        String data = e.field(EslHeaderNames.APPLICATION_DATA);
        if (data == null) {
            return null;
        }
        if ("multiset".equals(app)) {
            // "^^:a=1:b=2" picks ':' as separator; plain "a=1 b=2" uses spaces
            String sep = " ";
            if (data.startsWith("^^") && data.length() > 2) {
                sep = String.valueOf(data.charAt(2));
                data = data.substring(3);
            }
            int cut = data.indexOf(sep);
            data = cut > 0 ? data.substring(0, cut) : data;
        }
        int eq = data.indexOf('=');
        if (eq <= 0) {
            return null;
        }
        return new VariableSet(pbxId, ts, raw, channel, uuid, data.substring(0, eq).strip(), data.substring(eq + 1));
    }

    /**
     * FreeSWITCH sets {@code transfer_source} ({@code <epoch>:<uuid>:bl_xfer:<exten>/<context>/<dialplan>})
     * when a channel is transferred, and every later event of the channel carries it: the first event
     * with a value not seen before for this channel is the transfer.
     */
    private PbxEvent transfer(EslEvent e, String channel, String uuid, String pbxId, Instant ts, RawFields raw) {
        String source = e.field(EslHeaderNames.VARIABLE_TRANSFER_SOURCE);
        if (source == null || source.isEmpty()) {
            return null;
        }
        String before = transferSources.put(uuid, source);
        if (source.equals(before)) {
            return null;
        }
        CallTransferred.Kind kind;
        int at = source.indexOf(":bl_xfer:");
        int skip = ":bl_xfer:".length();
        if (at >= 0) {
            kind = CallTransferred.Kind.BLIND;
        } else {
            at = source.indexOf(":att_xfer:");
            skip = ":att_xfer:".length();
            if (at < 0) {
                return null;
            }
            kind = CallTransferred.Kind.ATTENDED;
        }
        String target = source.substring(at + skip);
        String exten = target;
        String context = null;
        int dialplan = target.lastIndexOf('/');
        if (dialplan > 0) {
            int ctx = target.lastIndexOf('/', dialplan - 1);
            if (ctx > 0) {
                exten = target.substring(0, ctx);
                context = target.substring(ctx + 1, dialplan);
            }
        }
        return new CallTransferred(pbxId, ts, raw, kind, channel, uuid, exten, context, "Success");
    }

    private static PbxEvent custom(EslEvent e, String pbxId, Instant ts, RawFields raw) {
        String sub = e.subclass();
        if ("callcenter::info".equals(sub)) {
            return callcenter(e, pbxId, ts, raw);
        }
        if ("valet_parking::info".equals(sub)) {
            if (!"hold".equals(e.field(EslHeaderNames.ACTION))) {
                return null;
            }
            return new CallParked(pbxId, ts, raw, e.field(EslHeaderNames.CHANNEL_NAME), e.uniqueId(), e.field(EslHeaderNames.VALET_LOT_NAME),
                    e.field(EslHeaderNames.VALET_EXTENSION), null, null);
        }
        if ("conference::maintenance".equals(sub)) {
            String action = e.field(EslHeaderNames.ACTION);
            if ("add-member".equals(action)) {
                return new ConferenceJoined(pbxId, ts, raw, e.field(EslHeaderNames.CONFERENCE_NAME), e.field(EslHeaderNames.CHANNEL_NAME),
                        e.uniqueId(), e.field(EslHeaderNames.CALLER_ID_NUMBER), "true".equals(e.field(EslHeaderNames.MODERATOR)));
            }
            if ("del-member".equals(action)) {
                return new ConferenceLeft(pbxId, ts, raw, e.field(EslHeaderNames.CONFERENCE_NAME), e.field(EslHeaderNames.CHANNEL_NAME),
                        e.uniqueId(), e.field(EslHeaderNames.CALLER_ID_NUMBER));
            }
            return null;
        }
        EndpointStatus status;
        if ("sofia::register".equals(sub)) {
            status = EndpointStatus.ONLINE;
        } else if ("sofia::unregister".equals(sub) || "sofia::expire".equals(sub)) {
            status = EndpointStatus.OFFLINE;
        } else {
            return null;
        }
        String user = first(e, EslHeaderNames.USERNAME, EslHeaderNames.USER, EslHeaderNames.FROM_USER);
        if (user == null) {
            return null;
        }
        return new EndpointStatusChanged(pbxId, ts, raw, user, status, sub.substring("sofia::".length()),
                e.field(EslHeaderNames.CONTACT), null);
    }

    /** The {@code callcenter::info} actions that have a voipkit record; the others stay unknown. */
    private static PbxEvent callcenter(EslEvent e, String pbxId, Instant ts, RawFields raw) {
        String action = e.field(EslHeaderNames.CC_ACTION);
        if (action == null) {
            return null;
        }
        String queue = e.field(EslHeaderNames.CC_QUEUE);
        String channel = e.field(EslHeaderNames.CHANNEL_NAME);
        String member = e.field(EslHeaderNames.CC_MEMBER_SESSION_UUID) != null ? e.field(EslHeaderNames.CC_MEMBER_SESSION_UUID) : e.uniqueId();
        switch (action) {
            case "member-queue-start":
                return new QueueCallerJoined(pbxId, ts, raw, queue, channel, member, e.field(EslHeaderNames.CC_MEMBER_CID_NUMBER), 0, 0);
            case "member-queue-end": {
                String cause = e.field(EslHeaderNames.CC_CAUSE);
                if (cause == null || "Terminated".equals(cause)) {
                    return new QueueCallerLeft(pbxId, ts, raw, queue, channel, member, 0, 0);
                }
                return new QueueCallerAbandoned(pbxId, ts, raw, queue, channel, member, 0, 0,
                        between(e.field(EslHeaderNames.CC_MEMBER_JOINED_TIME), e.field(EslHeaderNames.CC_MEMBER_LEAVING_TIME)));
            }
            case "bridge-agent-start":
                return new AgentConnected(pbxId, ts, raw, queue, channelOr(e), member, e.field(EslHeaderNames.CC_AGENT), e.field(EslHeaderNames.CC_AGENT), channel,
                        between(e.field(EslHeaderNames.CC_MEMBER_JOINED_TIME), e.field(EslHeaderNames.CC_AGENT_ANSWERED_TIME)),
                        between(e.field(EslHeaderNames.CC_AGENT_CALLED_TIME), e.field(EslHeaderNames.CC_AGENT_ANSWERED_TIME)));
            case "bridge-agent-end":
                return new AgentCompleted(pbxId, ts, raw, queue, channelOr(e), member, e.field(EslHeaderNames.CC_AGENT),
                        e.field(EslHeaderNames.CC_AGENT),
                        between(e.field(EslHeaderNames.CC_MEMBER_JOINED_TIME), e.field(EslHeaderNames.CC_AGENT_ANSWERED_TIME)),
                        between(e.field(EslHeaderNames.CC_AGENT_ANSWERED_TIME), e.field(EslHeaderNames.CC_BRIDGE_TERMINATED_TIME)),
                        e.field(EslHeaderNames.CC_HANGUP_CAUSE));
            default:
                return null;
        }
    }

    /**
     * The caller's channel for agent events: FreeSWITCH sends them on the agent's leg, so the
     * caller's channel name is not in the event; its uuid is. The agent's channel stands in.
     */
    private static String channelOr(EslEvent e) {
        String c = e.field(EslHeaderNames.CHANNEL_NAME);
        return c != null ? c : e.field(EslHeaderNames.CC_MEMBER_SESSION_UUID);
    }

    /** Seconds between two epoch-second values; zero when either is missing or they run backwards. */
    private static Duration between(String fromEpoch, String toEpoch) {
        try {
            if (fromEpoch == null || toEpoch == null) {
                return Duration.ZERO;
            }
            long d = Long.parseLong(toEpoch.trim()) - Long.parseLong(fromEpoch.trim());
            return d > 0 ? Duration.ofSeconds(d) : Duration.ZERO;
        } catch (NumberFormatException ex) {
            return Duration.ZERO;
        }
    }

    private static String first(EslEvent e, int... hotIds) {
        for (int id : hotIds) {
            String v = e.field(id);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String bridgeId(EslEvent e) {
        String a = e.field(EslHeaderNames.BRIDGE_A_UNIQUE_ID);
        return a != null ? a : e.uniqueId();
    }

    /** FreeSWITCH's {@code Answer-State} (early, ringing, answered, hangup) in the neutral vocabulary. */
    private static ChannelState state(EslEvent e) {
        String s = e.field(EslHeaderNames.ANSWER_STATE);
        if (s == null) {
            return ChannelState.UNKNOWN;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "ringing" -> ChannelState.RINGING;
            case "early" -> ChannelState.RING;
            case "answered" -> ChannelState.UP;
            case "hangup" -> ChannelState.DOWN;
            default -> ChannelState.UNKNOWN;
        };
    }

    /**
     * Every field in wire order. For a plain event the fields stay bytes until somebody reads
     * them ({@link EslEvent#rawFields()}): most subscribers read the typed record only.
     */
    private static RawFields raw(EslEvent e) {
        return e.rawFields();
    }

    private static Instant timestamp(EslEvent e, Instant received) {
        long fast = e.fieldDigits(EslHeaderNames.EVENT_DATE_TIMESTAMP);
        if (fast > 0) {
            return Instant.ofEpochSecond(fast / 1_000_000, (fast % 1_000_000) * 1_000);
        }
        String micros = e.field(EslHeaderNames.EVENT_DATE_TIMESTAMP);
        if (micros != null) {
            try {
                long us = Long.parseLong(micros.trim());
                if (us > 0) {
                    return Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1_000);
                }
            } catch (NumberFormatException ignored) {
                // fall back to the receive time
            }
        }
        return received;
    }

    /**
     * The value of a string of 1 to 18 ASCII digits, else -1; the hot path for FreeSWITCH's
     * timestamps and durations, without the exception {@code Long.parseLong} throws on bad input.
     */
    static long digits(String v) {
        return EslEvent.digits(v);
    }

    private static Duration seconds(String v) {
        try {
            return v == null ? null : Duration.ofSeconds(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Duration millis(String v) {
        try {
            // DTMF-Duration is in samples at 8 kHz.
            return v == null ? null : Duration.ofMillis(Long.parseLong(v.trim()) / 8);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
