package io.voipkit.routing;

import java.time.Instant;

/**
 * How often a rule (or the default route, id {@value #DEFAULT_ROUTE_ID}) matched since the engine
 * started. Statistics follow the rule id across rule-set swaps.
 *
 * @param ruleId    the rule
 * @param matches   how many decisions it made
 * @param lastMatch when it last made one, or {@code null} for never
 */
public record RuleStatistics(String ruleId, long matches, Instant lastMatch) {

    /** The id under which the default route is counted. */
    public static final String DEFAULT_ROUTE_ID = "(default)";
}
