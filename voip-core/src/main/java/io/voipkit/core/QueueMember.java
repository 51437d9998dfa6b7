package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Instant;

/**
 * One member (agent) of a call queue, as in Asterisk's {@code QueueMember} list item.
 *
 * @param name           the member's display name, for example {@code Agent One}
 * @param interfaceName  the interface the queue rings, for example {@code PJSIP/101-ep} or
 *                       {@code Local/agent1@agents/n}; identifies the member in the queue
 * @param stateInterface the interface whose device state is watched, or {@code null} when the same
 * @param membership     how the member was added: {@code static}, {@code dynamic} or {@code realtime}; {@code null} if unknown
 * @param penalty        the member's penalty (lower is rung first); not negative
 * @param callsTaken     calls this member answered since it joined; not negative
 * @param lastCall       when the member last finished a call, or {@code null} for never
 * @param status         the member's device state
 * @param paused         whether the member is paused
 * @param pausedReason   why it is paused, or {@code null}
 * @param inCall         whether the member is on a call from this queue right now
 */
public record QueueMember(String name, String interfaceName, String stateInterface, String membership, int penalty,
                          int callsTaken, Instant lastCall, MemberState status, boolean paused, String pausedReason,
                          boolean inCall) {

    /** Validates required values and normalises blank optional ones to {@code null}. */
    public QueueMember {
        Checks.wireText(interfaceName, "interfaceName");
        name = Checks.blankToNull(name);
        if (name == null) {
            name = interfaceName;
        }
        stateInterface = Checks.blankToNull(stateInterface);
        membership = Checks.blankToNull(membership);
        Checks.nonNegative(penalty, "penalty");
        Checks.nonNegative(callsTaken, "callsTaken");
        Checks.notNull(status, "status");
        pausedReason = Checks.blankToNull(pausedReason);
    }

    /**
     * Whether the queue would offer this member a call now: not paused, not on a call and in a
     * device state that can ring. Like Asterisk's {@code QueueSummary}, an {@link MemberState#UNKNOWN}
     * state counts as available (Asterisk rings such members).
     */
    public boolean isAvailable() {
        return !paused && !inCall && (status == MemberState.NOT_IN_USE || status == MemberState.UNKNOWN);
    }

    /**
     * Whether the member counts as logged in: its device is neither unavailable nor invalid
     * (Asterisk's {@code LoggedIn} in {@code QueueSummary}).
     */
    public boolean isLoggedIn() {
        return status != MemberState.UNAVAILABLE && status != MemberState.INVALID;
    }
}
