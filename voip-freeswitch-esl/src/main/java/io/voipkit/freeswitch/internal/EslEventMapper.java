package io.voipkit.freeswitch.internal;

import io.voipkit.core.ChannelState;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.HangupCause;
import io.voipkit.core.event.AgentCompleted;
import io.voipkit.core.event.AgentConnected;
import io.voipkit.core.event.CallAnswered;
import io.voipkit.core.event.CallParked;
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
import java.util.Locale;
import java.util.Map;

/**
 * Turns one FreeSWITCH event into exactly one voipkit {@link PbxEvent}: the anti-corruption layer
 * between ESL's vocabulary and the PBX-neutral records (first slice of issue #7's mapping).
 *
 * <ul>
 *   <li>One in, one out: an event voipkit has no record for yet, or one too malformed to fill its
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
 *   <tr><td>{@code CHANNEL_HANGUP_COMPLETE}</td><td>{@link CallEnded} (cause by name, {@code variable_duration} s)</td></tr>
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
     * @param event    a parsed event
     * @param pbxId    the id of the PBX it came from
     * @param received when it was read, used when the event has no usable timestamp
     */
    public PbxEvent map(EslEvent event, String pbxId, Instant received) {
        Checks.notNull(event, "event");
        Checks.wireText(pbxId, "pbxId");
        Checks.notNull(received, "received");
        RawFields raw = raw(event);
        Instant ts = timestamp(event, received);
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

    private PbxEvent mapKnown(EslEvent e, String name, String pbxId, Instant ts, RawFields raw) {
        if (name == null) {
            return null;
        }
        String channel = e.get("Channel-Name");
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
                return new ChannelCreated(pbxId, ts, raw, channel, uuid, e.get("Channel-Call-UUID"),
                        e.get("Caller-Caller-ID-Number"), e.get("Caller-Caller-ID-Name"), e.get("Caller-Context"),
                        e.get("Caller-Destination-Number"), state(e));
            case "CHANNEL_PROGRESS", "CHANNEL_PROGRESS_MEDIA":
                return new ChannelStateChanged(pbxId, ts, raw, channel, uuid, ChannelState.RINGING,
                        e.get("Caller-Caller-ID-Number"), e.get("Caller-Callee-ID-Number"));
            case "CHANNEL_EXECUTE":
                return variableSet(e, channel, uuid, pbxId, ts, raw);
            case "CHANNEL_ANSWER":
                return new CallAnswered(pbxId, ts, raw, e.get("Other-Leg-Channel-Name"), e.get("Other-Leg-Unique-ID"),
                        channel, uuid, "ANSWER");
            case "CHANNEL_BRIDGE":
                return new CallBridged(pbxId, ts, raw, bridgeId(e), channel, uuid, "freeswitch", 2);
            case "CHANNEL_UNBRIDGE":
                return new CallUnbridged(pbxId, ts, raw, bridgeId(e), channel, uuid, "freeswitch", 1);
            case "CHANNEL_HANGUP_COMPLETE": {
                String cause = e.get("Hangup-Cause");
                int code = Math.max(0, HangupCause.fromName(cause).code());
                return new CallEnded(pbxId, ts, raw, channel, uuid, e.get("Channel-Call-UUID"),
                        e.get("Caller-Caller-ID-Number"), e.get("Caller-Callee-ID-Number"), code, cause,
                        seconds(e.get("variable_duration")));
            }
            case "DTMF":
                return new DtmfReceived(pbxId, ts, raw, channel, uuid, e.get("DTMF-Digit"),
                        e.get("DTMF-Source"), millis(e.get("DTMF-Duration")), true);
            case "CUSTOM":
                return custom(e, pbxId, ts, raw);
            default:
                return null;
        }
    }

    /** A {@code set}/{@code export}/{@code multiset} execution as {@link VariableSet}; other apps stay unknown. */
    private static PbxEvent variableSet(EslEvent e, String channel, String uuid, String pbxId, Instant ts,
                                        RawFields raw) {
        String app = e.get("Application");
        if (!"set".equals(app) && !"export".equals(app) && !"multiset".equals(app)) {
            return null;
        }
        String data = e.get("Application-Data");
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
        String source = e.get("variable_transfer_source");
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
            if (!"hold".equals(e.get("Action"))) {
                return null;
            }
            return new CallParked(pbxId, ts, raw, e.get("Channel-Name"), e.uniqueId(), e.get("Valet-Lot-Name"),
                    e.get("Valet-Extension"), null, null);
        }
        if ("conference::maintenance".equals(sub)) {
            String action = e.get("Action");
            if ("add-member".equals(action)) {
                return new ConferenceJoined(pbxId, ts, raw, e.get("Conference-Name"), e.get("Channel-Name"),
                        e.uniqueId(), e.get("Caller-Caller-ID-Number"), "true".equals(e.get("Moderator")));
            }
            if ("del-member".equals(action)) {
                return new ConferenceLeft(pbxId, ts, raw, e.get("Conference-Name"), e.get("Channel-Name"),
                        e.uniqueId(), e.get("Caller-Caller-ID-Number"));
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
        String user = first(e, "username", "user", "from-user");
        if (user == null) {
            return null;
        }
        return new EndpointStatusChanged(pbxId, ts, raw, user, status, sub.substring("sofia::".length()),
                e.get("contact"), null);
    }

    /** The {@code callcenter::info} actions that have a voipkit record; the others stay unknown. */
    private static PbxEvent callcenter(EslEvent e, String pbxId, Instant ts, RawFields raw) {
        String action = e.get("CC-Action");
        if (action == null) {
            return null;
        }
        String queue = e.get("CC-Queue");
        String channel = e.get("Channel-Name");
        String member = e.get("CC-Member-Session-UUID") != null ? e.get("CC-Member-Session-UUID") : e.uniqueId();
        switch (action) {
            case "member-queue-start":
                return new QueueCallerJoined(pbxId, ts, raw, queue, channel, member, e.get("CC-Member-CID-Number"), 0, 0);
            case "member-queue-end": {
                String cause = e.get("CC-Cause");
                if (cause == null || "Terminated".equals(cause)) {
                    return new QueueCallerLeft(pbxId, ts, raw, queue, channel, member, 0, 0);
                }
                return new QueueCallerAbandoned(pbxId, ts, raw, queue, channel, member, 0, 0,
                        between(e.get("CC-Member-Joined-Time"), e.get("CC-Member-Leaving-Time")));
            }
            case "bridge-agent-start":
                return new AgentConnected(pbxId, ts, raw, queue, channelOr(e), member, e.get("CC-Agent"), e.get("CC-Agent"), channel,
                        between(e.get("CC-Member-Joined-Time"), e.get("CC-Agent-Answered-Time")),
                        between(e.get("CC-Agent-Called-Time"), e.get("CC-Agent-Answered-Time")));
            case "bridge-agent-end":
                return new AgentCompleted(pbxId, ts, raw, queue, channelOr(e), member, e.get("CC-Agent"),
                        e.get("CC-Agent"),
                        between(e.get("CC-Member-Joined-Time"), e.get("CC-Agent-Answered-Time")),
                        between(e.get("CC-Agent-Answered-Time"), e.get("CC-Bridge-Terminated-Time")),
                        e.get("CC-Hangup-Cause"));
            default:
                return null;
        }
    }

    /**
     * The caller's channel for agent events: FreeSWITCH sends them on the agent's leg, so the
     * caller's channel name is not in the event; its uuid is. The agent's channel stands in.
     */
    private static String channelOr(EslEvent e) {
        String c = e.get("Channel-Name");
        return c != null ? c : e.get("CC-Member-Session-UUID");
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

    private static String first(EslEvent e, String... names) {
        for (String n : names) {
            String v = e.get(n);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String bridgeId(EslEvent e) {
        String a = e.get("Bridge-A-Unique-ID");
        return a != null ? a : e.uniqueId();
    }

    /** FreeSWITCH's {@code Answer-State} (early, ringing, answered, hangup) in the neutral vocabulary. */
    private static ChannelState state(EslEvent e) {
        String s = e.get("Answer-State");
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

    private static RawFields raw(EslEvent e) {
        RawFields.Builder b = RawFields.builder(e.size());
        for (int i = 0; i < e.size(); i++) {
            b.add(e.nameAt(i), e.valueAt(i));
        }
        return b.build();
    }

    private static Instant timestamp(EslEvent e, Instant received) {
        String micros = e.get("Event-Date-Timestamp");
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
