package io.voipkit.routing.internal;

import io.voipkit.routing.GroupMember;
import io.voipkit.routing.NumberPattern;
import io.voipkit.routing.RouteAction;
import io.voipkit.routing.RoutingRule;
import io.voipkit.routing.TimeCondition;

import java.time.Instant;
import java.util.List;

/** A rule ready for matching: patterns compiled, time condition compiled, its statistics slot. */
final class CompiledRule {
    final RoutingRule rule;
    final int order;
    final RuleCounter counter;
    private final NumberPattern caller;
    private final NumberPattern called;
    private final String[] callerPrefixes;
    private final String[] calledPrefixes;
    private final TimeCondition.Compiled time;
    /** The member to dial for a {@link RouteAction.ToNumber} action, built once instead of per call. */
    final GroupMember direct;

    CompiledRule(RoutingRule rule, int order, RuleCounter counter) {
        this.rule = rule;
        this.order = order;
        this.counter = counter;
        this.caller = rule.caller();
        this.called = rule.called();
        this.callerPrefixes = rule.callerPrefixes().toArray(String[]::new);
        this.calledPrefixes = rule.calledPrefixes().toArray(String[]::new);
        this.time = rule.time() == null ? null : rule.time().compile();
        this.direct = directMember(rule.action());
    }

    /** The member a {@link RouteAction.ToNumber} dials, or null for other actions. */
    static GroupMember directMember(RouteAction action) {
        return action instanceof RouteAction.ToNumber n ? GroupMember.of(n.target()) : null;
    }

    /** The fast path: no allocation. */
    boolean matches(String callerNumber, String calledNumber, Instant at) {
        return (called == null || called.matches(calledNumber))
                && (caller == null || caller.matches(callerNumber))
                && startsWithAny(calledNumber, calledPrefixes)
                && startsWithAny(callerNumber, callerPrefixes)
                && (time == null || time.test(at));
    }

    /** The explain path: the first failing condition in words, or null when the rule matches. */
    String whyNot(String callerNumber, String calledNumber, Instant at) {
        if (called != null && !called.matches(calledNumber)) {
            return "called number " + calledNumber + " does not match " + called;
        }
        if (caller != null && !caller.matches(callerNumber)) {
            return "caller " + (callerNumber.isEmpty() ? "(withheld)" : callerNumber) + " does not match " + caller;
        }
        if (!startsWithAny(calledNumber, calledPrefixes)) {
            return "called number " + calledNumber + " starts with none of " + List.of(calledPrefixes);
        }
        if (!startsWithAny(callerNumber, callerPrefixes)) {
            return "caller " + callerNumber + " starts with none of " + List.of(callerPrefixes);
        }
        if (time != null && !time.test(at)) {
            return "outside its time: " + rule.time().describe(at);
        }
        return null;
    }

    /** Why the rule matched, in words. */
    String why(String callerNumber, String calledNumber, Instant at) {
        StringBuilder sb = new StringBuilder();
        sb.append("called ").append(calledNumber).append(called == null ? " (any number)" : " matches " + called);
        sb.append(", caller ").append(callerNumber.isEmpty() ? "(withheld)" : callerNumber)
                .append(caller == null ? " (any caller)" : " matches " + caller);
        if (calledPrefixes.length > 0) {
            sb.append(", called prefix in ").append(List.of(calledPrefixes));
        }
        if (callerPrefixes.length > 0) {
            sb.append(", caller prefix in ").append(List.of(callerPrefixes));
        }
        sb.append(rule.time() == null ? ", at any time" : ", within " + rule.time().summary());
        return sb.toString();
    }

    private static boolean startsWithAny(String number, String[] prefixes) {
        if (prefixes.length == 0) {
            return true;
        }
        for (String p : prefixes) {
            if (number.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The literal prefixes every called number this rule matches starts with (index keys). */
    /**
     * Keys to file the rule under in the caller-number trie, or null when the caller condition
     * has no literal prefix (the rule then stays in the called-number trie).
     */
    String[] callerIndexKeys() {
        if (caller != null && !caller.literalPrefix().isEmpty()) {
            return new String[] {caller.literalPrefix()};
        }
        if (callerPrefixes.length > 0) {
            return callerPrefixes.clone();
        }
        return null;
    }

    String[] indexKeys() {
        if (called != null && !called.literalPrefix().isEmpty()) {
            return new String[] {called.literalPrefix()};
        }
        if (calledPrefixes.length > 0) {
            return calledPrefixes.clone();
        }
        return new String[] {""};
    }
}
