package io.voipkit.core.event;

import io.voipkit.core.ChannelState;
import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Instant;

/**
 * A channel changed state, for example to ringing or up. Asterisk {@code Newstate}, FreeSWITCH {@code CHANNEL_STATE}/{@code CHANNEL_CALLSTATE}.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param channel the channel name, for example {@code PJSIP/101-ep-00000003} (FreeSWITCH: {@code Channel-Name})
 * @param uniqueId the channel's unique id (Asterisk {@code Uniqueid}, FreeSWITCH {@code Unique-ID})
 * @param state the new state
 * @param callerIdNum the caller id number, or {@code null}
 * @param connectedLineNum the connected line (other party) number, or {@code null}
 */
public record ChannelStateChanged(String pbxId, Instant timestamp, RawFields raw, String channel, String uniqueId,
        ChannelState state, String callerIdNum, String connectedLineNum) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public ChannelStateChanged {
        EventChecks.common(pbxId, timestamp, raw);
        EventChecks.text(channel, "channel");
        EventChecks.text(uniqueId, "uniqueId");
        Checks.notNull(state, "state");
        callerIdNum = EventChecks.optional(callerIdNum);
        connectedLineNum = EventChecks.optional(connectedLineNum);
    }
}
