package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import java.time.Instant;

/**
 * A dialled channel answered. Asterisk {@code DialEnd} with {@code DialStatus: ANSWER}, FreeSWITCH {@code CHANNEL_ANSWER}.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param channel the calling channel, or {@code null} for an originated call without one
 * @param uniqueId the calling channel's unique id, or {@code null}
 * @param destChannel the channel that answered
 * @param destUniqueId the answering channel's unique id
 * @param dialStatus the PBX's dial status, for example {@code ANSWER}, or {@code null}
 */
public record CallAnswered(String pbxId, Instant timestamp, RawFields raw, String channel, String uniqueId,
        String destChannel, String destUniqueId, String dialStatus) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public CallAnswered {
        EventChecks.common(pbxId, timestamp, raw);
        channel = EventChecks.optional(channel);
        uniqueId = EventChecks.optional(uniqueId);
        EventChecks.text(destChannel, "destChannel");
        EventChecks.text(destUniqueId, "destUniqueId");
        dialStatus = EventChecks.optional(dialStatus);
    }
}
