package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Instant;

/**
 * A caller left a queue: answered, abandoned or timed out. Asterisk {@code QueueCallerLeave}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param queue the queue name
 * @param channel the channel name, for example {@code PJSIP/101-ep-00000003} (FreeSWITCH: {@code Channel-Name})
 * @param uniqueId the channel's unique id (Asterisk {@code Uniqueid}, FreeSWITCH {@code Unique-ID})
 * @param position the position the caller had
 * @param count callers waiting in the queue now
 */
public record QueueCallerLeft(String pbxId, Instant timestamp, RawFields raw, String queue, String channel, String uniqueId,
        int position, int count) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public QueueCallerLeft {
        EventChecks.common(pbxId, timestamp, raw);
        EventChecks.text(queue, "queue");
        EventChecks.text(channel, "channel");
        EventChecks.text(uniqueId, "uniqueId");
        Checks.nonNegative(position, "position");
        Checks.nonNegative(count, "count");
    }
}
