package io.voipkit.core.event;

import io.voipkit.core.MemberState;
import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Instant;

/**
 * A queue member (agent) changed state, paused, or was added. Asterisk {@code QueueMemberStatus}/{@code QueueMemberPause}/..., FreeSWITCH {@code callcenter::info} agent events.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param queue the queue name
 * @param memberName the member's display name, for example {@code Agent Two}, or {@code null}
 * @param interfaceName the member's interface, for example {@code Local/agent2@agents/n}
 * @param state the member's device state
 * @param paused whether the member is paused
 * @param pausedReason why, if paused and a reason was given, else {@code null}
 * @param penalty the member's penalty
 * @param callsTaken calls the member has taken
 * @param inCall whether the member is on a queue call now
 */
public record QueueMemberStatusChanged(String pbxId, Instant timestamp, RawFields raw, String queue, String memberName,
        String interfaceName, MemberState state, boolean paused, String pausedReason, int penalty,
        int callsTaken, boolean inCall) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public QueueMemberStatusChanged {
        EventChecks.common(pbxId, timestamp, raw);
        EventChecks.text(queue, "queue");
        memberName = EventChecks.optional(memberName);
        EventChecks.text(interfaceName, "interfaceName");
        Checks.notNull(state, "state");
        pausedReason = EventChecks.optional(pausedReason);
        Checks.nonNegative(penalty, "penalty");
        Checks.nonNegative(callsTaken, "callsTaken");
    }

    /** Whether the member can be offered a call now: not paused and {@link MemberState#canTakeCall()}. */
    public boolean available() {
        return !paused && state.canTakeCall();
    }
}
