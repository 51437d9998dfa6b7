package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import java.time.Duration;
import java.time.Instant;

/**
 * A call was parked. Asterisk {@code ParkedCall}, FreeSWITCH valet park events.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param channel the channel name, for example {@code PJSIP/101-ep-00000003} (FreeSWITCH: {@code Channel-Name})
 * @param uniqueId the channel's unique id (Asterisk {@code Uniqueid}, FreeSWITCH {@code Unique-ID})
 * @param parkingLot the parking lot, for example {@code default}, or {@code null}
 * @param parkingSpace the space (extension) the call is parked at, for example {@code 701}
 * @param timeout how long the call stays parked before it returns, or {@code null} if unknown
 * @param parkerChannel the channel (or dial string) of whoever parked it, or {@code null}
 */
public record CallParked(String pbxId, Instant timestamp, RawFields raw, String channel, String uniqueId, String parkingLot,
        String parkingSpace, Duration timeout, String parkerChannel) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public CallParked {
        EventChecks.common(pbxId, timestamp, raw);
        EventChecks.text(channel, "channel");
        EventChecks.text(uniqueId, "uniqueId");
        parkingLot = EventChecks.optional(parkingLot);
        EventChecks.text(parkingSpace, "parkingSpace");
        EventChecks.optionalDuration(timeout, "timeout");
        parkerChannel = EventChecks.optional(parkerChannel);
    }
}
