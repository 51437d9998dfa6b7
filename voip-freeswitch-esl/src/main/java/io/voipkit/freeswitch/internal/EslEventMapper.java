package io.voipkit.freeswitch.internal;

import io.voipkit.core.ChannelState;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.HangupCause;
import io.voipkit.core.event.CallAnswered;
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
import java.util.Locale;

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
 * <p>Mapped so far: {@code CHANNEL_CREATE} → {@link ChannelCreated}, {@code CHANNEL_ANSWER} →
 * {@link CallAnswered}, {@code CHANNEL_BRIDGE}/{@code CHANNEL_UNBRIDGE} →
 * {@link CallBridged}/{@link CallUnbridged} (bridge id = the A-leg's uuid; FreeSWITCH has no bridge
 * object), {@code CHANNEL_HANGUP_COMPLETE} → {@link CallEnded} (cause by name,
 * {@code variable_duration} seconds), {@code DTMF} → {@link DtmfReceived},
 * {@code sofia::register} / {@code unregister} / {@code expire} → {@link EndpointStatusChanged}
 * (ONLINE / OFFLINE / OFFLINE, endpoint {@code <profile>/<user>}). Stateless and thread-safe.
 */
public final class EslEventMapper {

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

    private static PbxEvent mapKnown(EslEvent e, String name, String pbxId, Instant ts, RawFields raw) {
        if (name == null) {
            return null;
        }
        String channel = e.get("Channel-Name");
        String uuid = e.uniqueId();
        switch (name) {
            case "CHANNEL_CREATE":
                return new ChannelCreated(pbxId, ts, raw, channel, uuid, e.get("Channel-Call-UUID"),
                        e.get("Caller-Caller-ID-Number"), e.get("Caller-Caller-ID-Name"), e.get("Caller-Context"),
                        e.get("Caller-Destination-Number"), state(e));
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

    private static PbxEvent custom(EslEvent e, String pbxId, Instant ts, RawFields raw) {
        String sub = e.subclass();
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
        String endpoint = e.get("profile-name") == null ? user : e.get("profile-name") + "/" + user;
        return new EndpointStatusChanged(pbxId, ts, raw, endpoint, status, sub.substring("sofia::".length()),
                e.get("contact"), null);
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
