package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import java.time.Instant;

/**
 * A participant left a conference. Asterisk {@code ConfbridgeLeave}, FreeSWITCH {@code del-member}.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param conference the conference name or number
 * @param channel the channel name, for example {@code PJSIP/101-ep-00000003} (FreeSWITCH: {@code Channel-Name})
 * @param uniqueId the channel's unique id (Asterisk {@code Uniqueid}, FreeSWITCH {@code Unique-ID})
 * @param callerIdNum the participant's number, or {@code null}
 */
public record ConferenceLeft(String pbxId, Instant timestamp, RawFields raw, String conference, String channel, String uniqueId,
        String callerIdNum) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public ConferenceLeft {
        EventChecks.common(pbxId, timestamp, raw);
        EventChecks.text(conference, "conference");
        EventChecks.text(channel, "channel");
        EventChecks.text(uniqueId, "uniqueId");
        callerIdNum = EventChecks.optional(callerIdNum);
    }
}
