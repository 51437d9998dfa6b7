package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import java.time.Instant;

/**
 * A channel starts dialling another. Asterisk {@code DialBegin}, FreeSWITCH {@code CHANNEL_OUTGOING}.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param channel the calling channel, or {@code null} when the call was originated and has no caller channel (Asterisk sends no {@code Channel} then)
 * @param uniqueId the calling channel's unique id, or {@code null} like {@code channel}
 * @param destChannel the channel being dialled
 * @param destUniqueId the dialled channel's unique id
 * @param dialString the dial string, for example {@code 101-ep} or {@code 999@test}, or {@code null}
 * @param callerIdNum the calling party's number, or {@code null}
 * @param destCallerIdNum the dialled channel's caller id number, or {@code null}
 */
public record CallDialing(String pbxId, Instant timestamp, RawFields raw, String channel, String uniqueId,
        String destChannel, String destUniqueId, String dialString, String callerIdNum,
        String destCallerIdNum) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public CallDialing {
        EventChecks.common(pbxId, timestamp, raw);
        channel = EventChecks.optional(channel);
        uniqueId = EventChecks.optional(uniqueId);
        EventChecks.text(destChannel, "destChannel");
        EventChecks.text(destUniqueId, "destUniqueId");
        dialString = EventChecks.optional(dialString);
        callerIdNum = EventChecks.optional(callerIdNum);
        destCallerIdNum = EventChecks.optional(destCallerIdNum);
    }
}
