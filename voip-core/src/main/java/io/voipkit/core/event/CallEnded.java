package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;

/**
 * A channel hung up. Asterisk {@code Hangup}, FreeSWITCH {@code CHANNEL_HANGUP}/{@code CHANNEL_HANGUP_COMPLETE}.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param channel the channel name, for example {@code PJSIP/101-ep-00000003} (FreeSWITCH: {@code Channel-Name})
 * @param uniqueId the channel's unique id (Asterisk {@code Uniqueid}, FreeSWITCH {@code Unique-ID})
 * @param linkedId the id shared by all channels of the call, or {@code null}
 * @param callerIdNum the caller id number, or {@code null}
 * @param connectedLineNum the other party's number, or {@code null}
 * @param cause the Q.850 hangup cause code, for example 16 (normal clearing) or 17 (busy); 0 if unknown
 * @param causeText the PBX's text for the cause, for example {@code Normal Clearing} or {@code NORMAL_CLEARING}, or {@code null}
 * @param duration how long the channel existed, or {@code null} if the PBX did not say
 */
public record CallEnded(String pbxId, Instant timestamp, RawFields raw, String channel, String uniqueId, String linkedId,
        String callerIdNum, String connectedLineNum, int cause, String causeText, Duration duration) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public CallEnded {
        EventChecks.common(pbxId, timestamp, raw);
        EventChecks.text(channel, "channel");
        EventChecks.text(uniqueId, "uniqueId");
        linkedId = EventChecks.optional(linkedId);
        callerIdNum = EventChecks.optional(callerIdNum);
        connectedLineNum = EventChecks.optional(connectedLineNum);
        Checks.nonNegative(cause, "cause");
        causeText = EventChecks.optional(causeText);
        EventChecks.optionalDuration(duration, "duration");
    }
}
