package io.voipkit.routing;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * A group of operators (internal numbers, phones, agents) that calls are spread over with a
 * {@link Strategy}.
 *
 * <pre>{@code
 * NumberGroup support = NumberGroup.builder("support")
 *         .strategy(Strategy.ROUND_ROBIN)
 *         .member(GroupMember.of("PJSIP/101"))
 *         .member(GroupMember.of("PJSIP/102"))
 *         .ringTime(Duration.ofSeconds(20))
 *         .build();
 * }</pre>
 *
 * @param name         the group's name, referenced by rules; 1 to 64 of {@code [A-Za-z0-9._-]}
 * @param strategy     how calls are spread
 * @param members      the members in their configured order (the order matters for
 *                     {@link Strategy#LINEAR}, {@link Strategy#ROUND_ROBIN} and ties); at least one;
 *                     targets unique
 * @param ringTime     how long each member rings before the next is tried (default 30 s, 1 s to 10 min)
 * @param maxQueueSize how many callers may wait for this group (default 10; 0 = no waiting)
 */
public record NumberGroup(String name, Strategy strategy, List<GroupMember> members, Duration ringTime,
                          int maxQueueSize) {

    /** The ring time when none is configured. */
    public static final Duration DEFAULT_RING_TIME = Duration.ofSeconds(30);
    /** The queue size when none is configured. */
    public static final int DEFAULT_MAX_QUEUE_SIZE = 10;

    /** Validates every value and copies the member list. */
    public NumberGroup {
        Checks.identifier(name, "name");
        Checks.notNull(strategy, "strategy");
        members = Checks.copyOf(members, "members");
        if (members.isEmpty()) {
            throw new InvalidRequestException("members", "group " + name + " needs at least one member");
        }
        if (members.size() > 10_000) {
            throw new InvalidRequestException("members", "group " + name + " has more than 10000 members");
        }
        var seen = new HashSet<String>();
        for (GroupMember m : members) {
            if (!seen.add(m.target())) {
                throw new InvalidRequestException("members", "group " + name + " lists " + m.target() + " twice");
            }
        }
        Checks.positive(ringTime, "ringTime");
        if (ringTime.compareTo(Duration.ofSeconds(1)) < 0 || ringTime.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new InvalidRequestException("ringTime", "must be between 1s and 10m, was " + ringTime);
        }
        Checks.inRange(maxQueueSize, 0, 100_000, "maxQueueSize");
    }

    /** Starts a group with this name: strategy {@link Strategy#ROUND_ROBIN}, ring time 30 s, queue size 10. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link NumberGroup}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private Strategy strategy = Strategy.ROUND_ROBIN;
        private final List<GroupMember> members = new ArrayList<>();
        private Duration ringTime = DEFAULT_RING_TIME;
        private int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;

        private Builder(String name) {
            this.name = name;
        }

        /** The distribution strategy. */
        public Builder strategy(Strategy value) {
            this.strategy = value;
            return this;
        }

        /** Adds a member at the end. */
        public Builder member(GroupMember value) {
            members.add(Checks.notNull(value, "member"));
            return this;
        }

        /** Adds members dialled as these targets ({@link GroupMember#of}). */
        public Builder members(String... targets) {
            for (String t : targets) {
                member(GroupMember.of(t));
            }
            return this;
        }

        /** How long each member rings. */
        public Builder ringTime(Duration value) {
            this.ringTime = value;
            return this;
        }

        /** How many callers may wait. */
        public Builder maxQueueSize(int value) {
            this.maxQueueSize = value;
            return this;
        }

        /** Validates and builds. */
        public NumberGroup build() {
            return new NumberGroup(name, strategy, members, ringTime, maxQueueSize);
        }
    }
}
