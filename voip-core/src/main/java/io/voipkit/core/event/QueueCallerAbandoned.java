package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;

/**
 * A caller hung up while waiting in a queue. Asterisk {@code QueueCallerAbandon}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param queue the queue name
 * @param channel the channel name, for example {@code PJSIP/101-ep-00000003} (FreeSWITCH: {@code Channel-Name})
 * @param uniqueId the channel's unique id (Asterisk {@code Uniqueid}, FreeSWITCH {@code Unique-ID})
 * @param position the position when the caller gave up
 * @param originalPosition the position when the caller joined
 * @param holdTime how long the caller waited
 */
public record QueueCallerAbandoned(String pbxId, Instant timestamp, RawFields raw, String queue, String channel, String uniqueId,
        int position, int originalPosition, Duration holdTime) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public QueueCallerAbandoned {
        EventChecks.common(pbxId, timestamp, raw);
        EventChecks.text(queue, "queue");
        EventChecks.text(channel, "channel");
        EventChecks.text(uniqueId, "uniqueId");
        Checks.nonNegative(position, "position");
        Checks.nonNegative(originalPosition, "originalPosition");
        Checks.nonNegative(holdTime, "holdTime");
    }
}
