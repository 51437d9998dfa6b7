package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Instant;

/**
 * A channel left a bridge. Asterisk {@code BridgeLeave}, FreeSWITCH {@code CHANNEL_UNBRIDGE}.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param bridgeId the bridge's id (Asterisk {@code BridgeUniqueid})
 * @param channel the channel name, for example {@code PJSIP/101-ep-00000003} (FreeSWITCH: {@code Channel-Name})
 * @param uniqueId the channel's unique id (Asterisk {@code Uniqueid}, FreeSWITCH {@code Unique-ID})
 * @param bridgeType the bridge type, for example {@code basic}, or {@code null}
 * @param numChannels the number of channels in the bridge after the change
 */
public record CallUnbridged(String pbxId, Instant timestamp, RawFields raw, String bridgeId, String channel, String uniqueId,
        String bridgeType, int numChannels) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public CallUnbridged {
        EventChecks.common(pbxId, timestamp, raw);
        EventChecks.text(bridgeId, "bridgeId");
        EventChecks.text(channel, "channel");
        EventChecks.text(uniqueId, "uniqueId");
        bridgeType = EventChecks.optional(bridgeType);
        Checks.nonNegative(numChannels, "numChannels");
    }
}
