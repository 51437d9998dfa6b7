package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Instant;

/**
 * A caller entered a queue. Asterisk {@code QueueCallerJoin}, FreeSWITCH {@code callcenter::info} {@code member-queue-start}.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param queue the queue name
 * @param channel the channel name, for example {@code PJSIP/101-ep-00000003} (FreeSWITCH: {@code Channel-Name})
 * @param uniqueId the channel's unique id (Asterisk {@code Uniqueid}, FreeSWITCH {@code Unique-ID})
 * @param callerIdNum the caller's number, or {@code null}
 * @param position the caller's position, 1 = next
 * @param count callers waiting in the queue now
 */
public record QueueCallerJoined(String pbxId, Instant timestamp, RawFields raw, String queue, String channel, String uniqueId,
        String callerIdNum, int position, int count) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public QueueCallerJoined {
        EventChecks.common(pbxId, timestamp, raw);
        EventChecks.text(queue, "queue");
        EventChecks.text(channel, "channel");
        EventChecks.text(uniqueId, "uniqueId");
        callerIdNum = EventChecks.optional(callerIdNum);
        Checks.nonNegative(position, "position");
        Checks.nonNegative(count, "count");
    }
}
