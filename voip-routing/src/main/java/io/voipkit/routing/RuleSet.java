package io.voipkit.routing;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable set of routing rules, the number groups they route to, and a default route.
 * A {@link RoutingEngine} holds one at a time and swaps it atomically
 * ({@link RoutingEngine#install(RuleSet)}); decisions in flight finish with the set they started with.
 *
 * <pre>{@code
 * RuleSet rules = RuleSet.builder()
 *         .group(NumberGroup.builder("support").members("PJSIP/101", "PJSIP/102").build())
 *         .rule(RoutingRule.builder("vip").priority(1).caller("^+7495").toGroup("support").build())
 *         .defaultAction(new RouteAction.ToVoicemail("100@default"))
 *         .build();
 * }</pre>
 *
 * <p>Rules are ordered by {@link RoutingRule#priority()}, equal priorities by the order they were
 * added: "first match wins" is therefore deterministic. Building checks that rule ids are unique
 * and that every {@link RouteAction.ToGroup} names a group of this set.
 */
public final class RuleSet {

    /** The most rules one set may hold. */
    public static final int MAX_RULES = 1_000_000;

    private final String label;
    private final List<RoutingRule> rules;
    private final Map<String, NumberGroup> groups;
    private final RouteAction defaultAction;

    private RuleSet(Builder b) {
        this.label = b.label;
        var sorted = new ArrayList<>(b.rules);
        sorted.sort(Comparator.comparingInt(RoutingRule::priority)); // stable: ties keep insertion order
        this.rules = Collections.unmodifiableList(sorted);
        this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(b.groups));
        this.defaultAction = b.defaultAction;
        var ids = new HashSet<String>();
        for (int i = 0; i < b.rules.size(); i++) {
            RoutingRule r = b.rules.get(i);
            if (!ids.add(r.id())) {
                throw new InvalidRequestException("rules[" + i + "].id", "rule id " + r.id() + " is used twice");
            }
            checkGroup(r.action(), "rules[" + i + "].action");
        }
        if (defaultAction != null) {
            checkGroup(defaultAction, "defaultAction");
        }
    }

    private void checkGroup(RouteAction action, String field) {
        if (action instanceof RouteAction.ToGroup g && !groups.containsKey(g.group())) {
            throw new InvalidRequestException(field, "routes to group " + g.group() + ", which is not defined"
                    + (groups.isEmpty() ? " (no groups are)" : "; groups are " + groups.keySet()));
        }
    }

    /** An empty set: no rules, no groups, no default route (every decision is "no decision"). */
    public static RuleSet empty() {
        return builder().build();
    }

    /** Starts a set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A free-text label (for example the file it was read from), or {@code null}. */
    public String label() {
        return label;
    }

    /** The rules, in the order they are tried. */
    public List<RoutingRule> rules() {
        return rules;
    }

    /** The groups by name, in the order they were added. */
    public Map<String, NumberGroup> groups() {
        return groups;
    }

    /** One group by name. */
    public Optional<NumberGroup> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    /** What happens to calls no rule matches, or empty for "no decision" (the dialplan decides). */
    public Optional<RouteAction> defaultAction() {
        return Optional.ofNullable(defaultAction);
    }

    @Override
    public String toString() {
        return "RuleSet[" + (label == null ? "" : label + ", ") + rules.size() + " rules, " + groups.size()
                + " groups, default " + (defaultAction == null ? "none" : defaultAction.kind()) + "]";
    }

    /** Builds a {@link RuleSet}; not thread-safe. */
    public static final class Builder {
        private String label;
        private final List<RoutingRule> rules = new ArrayList<>();
        private final Map<String, NumberGroup> groups = new LinkedHashMap<>();
        private RouteAction defaultAction;

        private Builder() {
        }

        /** A free-text label shown in explanations, for example the file name. */
        public Builder label(String value) {
            this.label = Checks.noLineBreaks(value, "label");
            return this;
        }

        /** Adds a group; names are unique. */
        public Builder group(NumberGroup group) {
            Checks.notNull(group, "group");
            if (groups.putIfAbsent(group.name(), group) != null) {
                throw new InvalidRequestException("group", "group " + group.name() + " is defined twice");
            }
            return this;
        }

        /** Adds a rule. */
        public Builder rule(RoutingRule rule) {
            rules.add(Checks.notNull(rule, "rule"));
            if (rules.size() > MAX_RULES) {
                throw new InvalidRequestException("rules", "more than " + MAX_RULES + " rules");
            }
            return this;
        }

        /** Adds rules. */
        public Builder rules(List<RoutingRule> values) {
            Checks.copyOf(values, "rules").forEach(this::rule);
            return this;
        }

        /** The default route, or {@code null} for none. */
        public Builder defaultAction(RouteAction value) {
            this.defaultAction = value;
            return this;
        }

        /** Validates and builds. */
        public RuleSet build() {
            return new RuleSet(this);
        }
    }
}
