package io.voipkit.core.event;

import io.voipkit.core.ChannelState;
import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Instant;

/**
 * A new channel (call leg) exists. Asterisk {@code Newchannel}, FreeSWITCH {@code CHANNEL_CREATE}.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param channel the channel name, for example {@code PJSIP/101-ep-00000003} (FreeSWITCH: {@code Channel-Name})
 * @param uniqueId the channel's unique id (Asterisk {@code Uniqueid}, FreeSWITCH {@code Unique-ID})
 * @param linkedId the id shared by all channels of one call (Asterisk {@code Linkedid}), or {@code null}
 * @param callerIdNum the caller id number, or {@code null}
 * @param callerIdName the caller id name, or {@code null}
 * @param context the dialplan context, or {@code null}
 * @param exten the dialplan extension, or {@code null}
 * @param state the channel's state when created, {@link ChannelState#UNKNOWN} if not sent
 */
public record ChannelCreated(String pbxId, Instant timestamp, RawFields raw, String channel, String uniqueId, String linkedId,
        String callerIdNum, String callerIdName, String context, String exten, ChannelState state) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public ChannelCreated {
        EventChecks.common(pbxId, timestamp, raw);
        EventChecks.text(channel, "channel");
        EventChecks.text(uniqueId, "uniqueId");
        linkedId = EventChecks.optional(linkedId);
        callerIdNum = EventChecks.optional(callerIdNum);
        callerIdName = EventChecks.optional(callerIdName);
        context = EventChecks.optional(context);
        exten = EventChecks.optional(exten);
        Checks.notNull(state, "state");
    }
}
