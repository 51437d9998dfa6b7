package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import java.time.Duration;
import java.time.Instant;

/**
 * A DTMF digit on a channel. Asterisk {@code DTMFBegin}/{@code DTMFEnd}, FreeSWITCH {@code DTMF}.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param channel the channel name, for example {@code PJSIP/101-ep-00000003} (FreeSWITCH: {@code Channel-Name})
 * @param uniqueId the channel's unique id (Asterisk {@code Uniqueid}, FreeSWITCH {@code Unique-ID})
 * @param digit the digit: 0-9, *, #, A-D
 * @param direction {@code Received} or {@code Sent} as the PBX says, or {@code null}
 * @param duration the digit's duration (on the end event), or {@code null}
 * @param end {@code true} for the end of the digit, {@code false} for its beginning
 */
public record DtmfReceived(String pbxId, Instant timestamp, RawFields raw, String channel, String uniqueId, String digit,
        String direction, Duration duration, boolean end) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public DtmfReceived {
        EventChecks.common(pbxId, timestamp, raw);
        EventChecks.text(channel, "channel");
        EventChecks.text(uniqueId, "uniqueId");
        EventChecks.text(digit, "digit");
        direction = EventChecks.optional(direction);
        EventChecks.optionalDuration(duration, "duration");
    }
}
