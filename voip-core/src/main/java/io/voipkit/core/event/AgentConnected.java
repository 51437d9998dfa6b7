package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;

/**
 * A queue call was answered by an agent. Asterisk {@code AgentConnect}, FreeSWITCH {@code callcenter::info} {@code bridge-agent-start}.
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
 * @param memberName the agent's member name, or {@code null}
 * @param interfaceName the agent's interface
 * @param destChannel the agent's channel, or {@code null}
 * @param holdTime how long the caller waited
 * @param ringTime how long the agent's phone rang
 */
public record AgentConnected(String pbxId, Instant timestamp, RawFields raw, String queue, String channel, String uniqueId,
        String memberName, String interfaceName, String destChannel, Duration holdTime, Duration ringTime) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public AgentConnected {
        EventChecks.common(pbxId, timestamp, raw);
        EventChecks.text(queue, "queue");
        EventChecks.text(channel, "channel");
        EventChecks.text(uniqueId, "uniqueId");
        memberName = EventChecks.optional(memberName);
        EventChecks.text(interfaceName, "interfaceName");
        destChannel = EventChecks.optional(destChannel);
        Checks.nonNegative(holdTime, "holdTime");
        Checks.nonNegative(ringTime, "ringTime");
    }
}
