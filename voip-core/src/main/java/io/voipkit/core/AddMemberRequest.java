package io.voipkit.core;

import io.voipkit.core.internal.Checks;

/**
 * A request to add a member (agent) to a queue (Asterisk {@code QueueAdd}).
 *
 * <pre>{@code
 * pbx.queues().addMember(AddMemberRequest.builder("support", "PJSIP/103-ep")
 *         .memberName("Carol").penalty(1).build());
 * }</pre>
 *
 * @param queue          the queue; required
 * @param interfaceName  the interface the queue rings, for example {@code PJSIP/103-ep}; required
 * @param memberName     the display name, or {@code null}
 * @param stateInterface the interface whose device state decides availability, or {@code null}
 *                       for {@code interfaceName} itself (useful for {@code Local/} members)
 * @param penalty        the penalty, 0 (the default) or more; lower is rung first
 * @param paused         whether the member starts paused; default false
 * @param reason         the pause reason when {@code paused}, or {@code null}
 */
public record AddMemberRequest(String queue, String interfaceName, String memberName, String stateInterface,
                               int penalty, boolean paused, String reason) {

    /** Validates every value. */
    public AddMemberRequest {
        Checks.wireText(queue, "queue");
        Checks.wireText(interfaceName, "interfaceName");
        Checks.optionalWireText(memberName, "memberName");
        Checks.optionalWireText(stateInterface, "stateInterface");
        Checks.nonNegative(penalty, "penalty");
        Checks.optionalWireText(reason, "reason");
        if (reason != null && !paused) {
            throw new InvalidRequestException("reason", "is only meaningful for a member added paused");
        }
    }

    /** Starts a builder for adding {@code interfaceName} to {@code queue}. */
    public static Builder builder(String queue, String interfaceName) {
        return new Builder(queue, interfaceName);
    }

    /** Builds an {@link AddMemberRequest}. Not thread-safe. */
    public static final class Builder {
        private final String queue;
        private final String interfaceName;
        private String memberName;
        private String stateInterface;
        private int penalty;
        private boolean paused;
        private String reason;

        private Builder(String queue, String interfaceName) {
            this.queue = Checks.wireText(queue, "queue");
            this.interfaceName = Checks.wireText(interfaceName, "interfaceName");
        }

        /** The member's display name. */
        public Builder memberName(String memberName) {
            this.memberName = Checks.optionalWireText(memberName, "memberName");
            return this;
        }

        /** The interface whose device state decides availability. */
        public Builder stateInterface(String stateInterface) {
            this.stateInterface = Checks.optionalWireText(stateInterface, "stateInterface");
            return this;
        }

        /** The penalty; default 0. */
        public Builder penalty(int penalty) {
            this.penalty = Checks.nonNegative(penalty, "penalty");
            return this;
        }

        /** Adds the member paused, with an optional reason. */
        public Builder paused(boolean paused, String reason) {
            this.paused = paused;
            this.reason = Checks.optionalWireText(reason, "reason");
            return this;
        }

        /** Builds the immutable request. */
        public AddMemberRequest build() {
            return new AddMemberRequest(queue, interfaceName, memberName, stateInterface, penalty, paused, reason);
        }
    }
}
