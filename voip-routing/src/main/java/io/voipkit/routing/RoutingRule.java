package io.voipkit.routing;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;

import java.util.ArrayList;
import java.util.List;

/**
 * One routing rule: conditions on the call and an action. A call matches when every condition
 * that is set holds; unset conditions match anything.
 *
 * <pre>{@code
 * RoutingRule moscowOfficeHours = RoutingRule.builder("moscow-office-hours")
 *         .priority(10)
 *         .caller("^+7495")                        // callers from Moscow
 *         .called("_8800XXXXXXX")                  // on the toll-free number
 *         .time(officeHours)
 *         .action(new RouteAction.ToGroup("moscow"))
 *         .build();
 * }</pre>
 *
 * @param id             unique within a rule set; named in explanations and statistics;
 *                       1 to 64 of {@code [A-Za-z0-9._-]}
 * @param priority       lower is tried first; equal priorities keep the order the rules were added in
 * @param caller         the caller's number must match, or {@code null} for any caller
 * @param called         the called number must match, or {@code null} for any number
 * @param callerPrefixes the caller's number must start with one of these, or empty for no such condition
 * @param calledPrefixes the called number must start with one of these, or empty for no such condition
 * @param time           when the rule applies, or {@code null} for always
 * @param action         what to do with a matching call
 */
public record RoutingRule(String id, int priority, NumberPattern caller, NumberPattern called,
                          List<String> callerPrefixes, List<String> calledPrefixes, TimeCondition time,
                          RouteAction action) {

    /** Validates every value and copies the lists. */
    public RoutingRule {
        Checks.identifier(id, "id");
        callerPrefixes = prefixes(callerPrefixes, "callerPrefixes");
        calledPrefixes = prefixes(calledPrefixes, "calledPrefixes");
        Checks.notNull(action, "action");
    }

    private static List<String> prefixes(List<String> values, String field) {
        List<String> copy = Checks.copyOf(values, field);
        if (copy.size() > 1000) {
            throw new InvalidRequestException(field, "more than 1000 prefixes");
        }
        for (int i = 0; i < copy.size(); i++) {
            String p = copy.get(i);
            NumberPattern.prefix(p); // same character rules as patterns
            if (p.isEmpty()) {
                throw new InvalidRequestException(field + "[" + i + "]", "must not be empty");
            }
        }
        return copy;
    }

    /** Starts a rule: priority 0, no conditions; an action is required. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Builds a {@link RoutingRule}; not thread-safe. */
    public static final class Builder {
        private final String id;
        private int priority;
        private NumberPattern caller;
        private NumberPattern called;
        private final List<String> callerPrefixes = new ArrayList<>();
        private final List<String> calledPrefixes = new ArrayList<>();
        private TimeCondition time;
        private RouteAction action;

        private Builder(String id) {
            this.id = id;
        }

        /** Lower is tried first. */
        public Builder priority(int value) {
            this.priority = value;
            return this;
        }

        /** The caller's number must match this {@link NumberPattern}. */
        public Builder caller(String pattern) {
            this.caller = NumberPattern.compile(pattern, "caller");
            return this;
        }

        /** The called number must match this {@link NumberPattern}. */
        public Builder called(String pattern) {
            this.called = NumberPattern.compile(pattern, "called");
            return this;
        }

        /** The caller's number must start with one of these (added to any given before). */
        public Builder callerPrefixes(String... prefixes) {
            callerPrefixes.addAll(List.of(prefixes));
            return this;
        }

        /** The called number must start with one of these (added to any given before). */
        public Builder calledPrefixes(String... prefixes) {
            calledPrefixes.addAll(List.of(prefixes));
            return this;
        }

        /** When the rule applies. */
        public Builder time(TimeCondition value) {
            this.time = value;
            return this;
        }

        /** What to do with a matching call. */
        public Builder action(RouteAction value) {
            this.action = value;
            return this;
        }

        /** Shortcut for {@code action(new RouteAction.ToGroup(group))}. */
        public Builder toGroup(String group) {
            return action(new RouteAction.ToGroup(group));
        }

        /** Validates and builds. */
        public RoutingRule build() {
            return new RoutingRule(id, priority, caller, called, callerPrefixes, calledPrefixes, time, action);
        }
    }
}
