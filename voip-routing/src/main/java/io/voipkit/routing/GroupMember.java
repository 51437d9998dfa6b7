package io.voipkit.routing;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;

/**
 * One member of a {@link NumberGroup}: an internal number, a phone or an agent.
 *
 * <pre>{@code
 * GroupMember.of("PJSIP/101")                       // endpoint "101" is watched for availability
 * GroupMember.of("PJSIP/102").withPriority(1).withWeight(3)
 * new GroupMember("Local/agent1@agents", "101-ep", 0, 1)
 * }</pre>
 *
 * @param target   what the PBX dials, for example {@code PJSIP/101} or {@code Local/agent1@agents};
 *                 unique within a group; must not contain {@code &}, {@code ,} or {@code |} (they
 *                 separate dial targets and arguments in the dialplan)
 * @param endpoint the live-state endpoint whose status tells whether the member can take a call
 *                 (for example {@code 101-ep}), or {@code null} to derive it from a
 *                 {@code TECH/name} target ({@code PJSIP/101} gives {@code 101})
 * @param priority for {@link Strategy#PRIORITY}: lower is tried first; not negative
 * @param weight   for {@link Strategy#PRIORITY} (tie break, higher first) and
 *                 {@link Strategy#WEIGHTED_RANDOM} (chance); 1 to 1000
 */
public record GroupMember(String target, String endpoint, int priority, int weight) {

    /** The highest weight accepted. */
    public static final int MAX_WEIGHT = 1000;

    /** Validates every value and derives the endpoint when it is not given. */
    public GroupMember {
        Checks.wireText(target, "target");
        if (target.length() > 128) {
            throw new InvalidRequestException("target", "must be at most 128 characters, was " + Checks.abbreviate(target));
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '&' || c == ',' || c == '|' || Character.isWhitespace(c)) {
                throw new InvalidRequestException("target", "must not contain '&', ',', '|' or spaces (they would split"
                        + " the dial string): " + Checks.abbreviate(target));
            }
        }
        endpoint = Checks.blankToNull(endpoint);
        if (endpoint == null) {
            int slash = target.indexOf('/');
            endpoint = slash > 0 && slash < target.length() - 1 ? target.substring(slash + 1) : target;
        }
        Checks.noLineBreaks(endpoint, "endpoint");
        Checks.nonNegative(priority, "priority");
        Checks.inRange(weight, 1, MAX_WEIGHT, "weight");
    }

    /** A member dialled as {@code target}, priority 0, weight 1, endpoint derived from the target. */
    public static GroupMember of(String target) {
        return new GroupMember(target, null, 0, 1);
    }

    /** A copy with another priority. */
    public GroupMember withPriority(int newPriority) {
        return new GroupMember(target, endpoint, newPriority, weight);
    }

    /** A copy with another weight. */
    public GroupMember withWeight(int newWeight) {
        return new GroupMember(target, endpoint, priority, newWeight);
    }

    /** A copy watching another live-state endpoint. */
    public GroupMember withEndpoint(String newEndpoint) {
        return new GroupMember(target, Checks.wireText(newEndpoint, "endpoint"), priority, weight);
    }
}
