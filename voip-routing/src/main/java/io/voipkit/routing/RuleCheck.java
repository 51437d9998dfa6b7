package io.voipkit.routing;

/**
 * How one rule fared against a call, in an explanation ({@link RoutingEngine#explain}).
 *
 * @param ruleId   the rule
 * @param priority its priority
 * @param matched  whether every condition held
 * @param reason   in words: the first condition that failed, or why it matched
 */
public record RuleCheck(String ruleId, int priority, boolean matched, String reason) {
}
