package io.voipkit.routing;

import io.voipkit.core.internal.Checks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a call goes, and why: the outcome of {@link RoutingEngine#decide} and
 * {@link RoutingEngine#explain}.
 *
 * <pre>{@code
 * RouteDecision d = engine.decide(RouteRequest.of("+74951234567", "88001234567"));
 * d.toPlainText();        // "PJSIP/102" (the CURL answer; empty = no decision)
 * d.matchedRule();        // Optional["moscow"]
 * d.explanation();        // "rule moscow (priority 10) matched: called 88001234567 matches _8800XXXXXXX, ..."
 * d.channelVariables();   // {VOIPKIT_ROUTE_ACTION=group, VOIPKIT_ROUTE_TARGET=PJSIP/102, ...}
 * }</pre>
 *
 * <p>Three renderings are kept here so that every transport answers the same way: the plain text
 * of the HTTP {@code CURL} endpoint ({@link #toPlainText()}), JSON ({@link #toJson()}) and the
 * dialplan channel variables a FastAGI script sets ({@link #channelVariables()}).
 *
 * <p>Immutable and thread-safe.
 */
public final class RouteDecision {

    private final RouteRequest request;
    private final Instant decidedFor;
    private final long ruleSetVersion;
    private final RoutingRule rule;
    private final boolean defaultRoute;
    private final RouteAction action;
    private final NumberGroup group;
    private final List<GroupMember> members;
    private final java.util.function.Supplier<String> reason;
    private volatile String because; // built on first request: most decisions are never explained
    private final List<RuleCheck> checks;

    RouteDecision(RouteRequest request, Instant decidedFor, long ruleSetVersion, RoutingRule rule, boolean defaultRoute,
                  RouteAction action, NumberGroup group, List<GroupMember> members, java.util.function.Supplier<String> reason,
                  List<RuleCheck> checks) {
        this.request = request;
        this.decidedFor = decidedFor;
        this.ruleSetVersion = ruleSetVersion;
        this.rule = rule;
        this.defaultRoute = defaultRoute;
        this.action = action;
        this.group = group;
        this.members = Collections.unmodifiableList(members);
        this.reason = reason;
        this.checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** The call that was routed. */
    public RouteRequest request() {
        return request;
    }

    /** The instant time conditions were evaluated at. */
    public Instant decidedFor() {
        return decidedFor;
    }

    /** The version of the rule set that made the decision ({@link RoutingEngine#version()} at the start). */
    public long ruleSetVersion() {
        return ruleSetVersion;
    }

    /** The id of the rule that matched; empty for the default route and for "no decision". */
    public Optional<String> matchedRule() {
        return rule == null ? Optional.empty() : Optional.of(rule.id());
    }

    /**
     * The same decision with another outcome, for a caller who waited in a {@link CallQueues}:
     * served by {@code newMembers} of {@code newGroup}, or sent to an overflow action. The
     * explanation gets {@code note} appended.
     */
    RouteDecision withOutcome(RouteAction newAction, NumberGroup newGroup, List<GroupMember> newMembers, String note) {
        java.util.function.Supplier<String> why = () -> explanation() + note;
        return new RouteDecision(request, decidedFor, ruleSetVersion, rule, defaultRoute, newAction, newGroup,
                newMembers, why, checks);
    }

    /** Whether no rule matched and the default route was taken. */
    public boolean isDefaultRoute() {
        return defaultRoute;
    }

    /** What to do; empty means "no decision": no rule matched and there is no default route. */
    public Optional<RouteAction> action() {
        return Optional.ofNullable(action);
    }

    /** The group routed to, when the action is {@link RouteAction.ToGroup}. */
    public Optional<NumberGroup> group() {
        return Optional.ofNullable(group);
    }

    /**
     * The members to dial, in the order to try them (all at once for {@link Strategy#RING_ALL}):
     * the available members of the group in strategy order, or the single number of a
     * {@link RouteAction.ToNumber} (as a member). Empty for other actions, for "no decision", and
     * when no member of the group is available.
     */
    public List<GroupMember> members() {
        return members;
    }

    /** The dial targets of {@link #members()}. */
    public List<String> targets() {
        var out = new ArrayList<String>(members.size());
        for (GroupMember m : members) {
            out.add(m.target());
        }
        return out;
    }

    /** Whether there is something to dial. */
    public boolean isRouted() {
        return !members.isEmpty();
    }

    /** The group's strategy, when routed to a group. */
    public Optional<Strategy> strategy() {
        return group == null ? Optional.empty() : Optional.of(group.strategy());
    }

    /** How long to ring each target: the group's ring time, or the default 30 s for a single number. */
    public Optional<Duration> ringTime() {
        if (group != null) {
            return Optional.of(group.ringTime());
        }
        return action instanceof RouteAction.ToNumber ? Optional.of(NumberGroup.DEFAULT_RING_TIME) : Optional.empty();
    }

    /** Why this decision, in one or two sentences. */
    public String explanation() {
        String b = because;
        if (b == null) {
            b = reason.get();
            because = b;
        }
        return b;
    }

    /**
     * Every rule checked against the call, in order, with whether and why it (did not) match;
     * filled by {@link RoutingEngine#explain} only, empty after {@link RoutingEngine#decide}.
     */
    public List<RuleCheck> checks() {
        return checks;
    }

    /**
     * The answer of the HTTP endpoint for the dialplan's {@code CURL}: what to {@code Dial}.
     * The first target for sequential strategies, all targets joined with {@code &} for
     * {@link Strategy#RING_ALL}; empty when there is nothing to dial ("no decision", no member
     * available, or an action that is not a dial: the dialplan then falls back to its own routing,
     * {@code GotoIf($["${CRM_ROUTE}" != ""]?route:queue)}).
     */
    public String toPlainText() {
        if (members.isEmpty()) {
            return "";
        }
        if (group != null && group.strategy() == Strategy.RING_ALL) {
            return String.join("&", targets());
        }
        return members.get(0).target();
    }

    /**
     * Dialplan variables describing the decision, for a FastAGI script ({@code SET VARIABLE}) or
     * any transport that sets channel variables. Always present: {@code VOIPKIT_ROUTE_ACTION}
     * ({@code group}, {@code number}, {@code queue}, {@code voicemail}, {@code reject},
     * {@code hangup} or {@code none}), {@code VOIPKIT_ROUTE_TARGET} (= {@link #toPlainText()}),
     * {@code VOIPKIT_ROUTE_RULE} (rule id, {@code (default)} or empty) and
     * {@code VOIPKIT_ROUTE_VERSION}. Depending on the action: {@code VOIPKIT_ROUTE_TARGETS}
     * (all targets, {@code &}-joined, in order), {@code VOIPKIT_ROUTE_STRATEGY},
     * {@code VOIPKIT_ROUTE_RINGTIME} (seconds), {@code VOIPKIT_ROUTE_QUEUE},
     * {@code VOIPKIT_ROUTE_MAILBOX}, {@code VOIPKIT_ROUTE_CAUSE} (Q.850 code). Values hold no
     * line breaks.
     */
    public Map<String, String> channelVariables() {
        var v = new LinkedHashMap<String, String>();
        v.put("VOIPKIT_ROUTE_ACTION", action == null ? "none" : action.kind());
        v.put("VOIPKIT_ROUTE_TARGET", toPlainText());
        v.put("VOIPKIT_ROUTE_RULE", rule != null ? rule.id() : defaultRoute ? RuleStatistics.DEFAULT_ROUTE_ID : "");
        v.put("VOIPKIT_ROUTE_VERSION", Long.toString(ruleSetVersion));
        if (!members.isEmpty()) {
            v.put("VOIPKIT_ROUTE_TARGETS", String.join("&", targets()));
        }
        strategy().ifPresent(s -> v.put("VOIPKIT_ROUTE_STRATEGY", s.name()));
        ringTime().ifPresent(d -> v.put("VOIPKIT_ROUTE_RINGTIME", Long.toString(d.toSeconds())));
        if (action instanceof RouteAction.ToQueue q) {
            v.put("VOIPKIT_ROUTE_QUEUE", q.queue());
        } else if (action instanceof RouteAction.ToVoicemail m) {
            v.put("VOIPKIT_ROUTE_MAILBOX", m.mailbox());
        } else if (action instanceof RouteAction.Reject r) {
            v.put("VOIPKIT_ROUTE_CAUSE", Integer.toString(r.cause().code()));
        }
        return Collections.unmodifiableMap(v);
    }

    /**
     * The decision as one JSON object: {@code action}, {@code target} (as {@link #toPlainText()}),
     * {@code targets}, {@code strategy}, {@code ringTimeSeconds}, {@code queue}, {@code mailbox},
     * {@code cause}, {@code rule}, {@code defaultRoute}, {@code ruleSetVersion}, {@code caller},
     * {@code called}, {@code explanation}, and {@code checks} (only after an explain).
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder(256).append('{');
        field(sb, "action", action == null ? "none" : action.kind());
        sb.append(',');
        field(sb, "target", toPlainText());
        sb.append(",\"targets\":[");
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, members.get(i).target());
        }
        sb.append(']');
        strategy().ifPresent(s -> field(sb.append(','), "strategy", s.name()));
        ringTime().ifPresent(d -> sb.append(",\"ringTimeSeconds\":").append(d.toSeconds()));
        if (action instanceof RouteAction.ToQueue q) {
            field(sb.append(','), "queue", q.queue());
        } else if (action instanceof RouteAction.ToVoicemail m) {
            field(sb.append(','), "mailbox", m.mailbox());
        } else if (action instanceof RouteAction.Reject r) {
            sb.append(",\"cause\":").append(r.cause().code());
        } else if (action instanceof RouteAction.ToGroup g) {
            field(sb.append(','), "group", g.group());
        }
        sb.append(",\"rule\":");
        if (rule == null) {
            sb.append("null");
        } else {
            string(sb, rule.id());
        }
        sb.append(",\"defaultRoute\":").append(defaultRoute);
        sb.append(",\"ruleSetVersion\":").append(ruleSetVersion);
        field(sb.append(','), "caller", request.caller());
        field(sb.append(','), "called", request.called());
        field(sb.append(','), "explanation", explanation());
        if (!checks.isEmpty()) {
            sb.append(",\"checks\":[");
            for (int i = 0; i < checks.size(); i++) {
                RuleCheck c = checks.get(i);
                sb.append(i > 0 ? ",{" : "{");
                field(sb, "rule", c.ruleId());
                sb.append(",\"priority\":").append(c.priority()).append(",\"matched\":").append(c.matched());
                field(sb.append(','), "reason", c.reason());
                sb.append('}');
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append('"').append(name).append("\":");
        string(sb, value);
    }

    /** JSON string escaping (RFC 8259): quotes, backslash and every control character. */
    static void string(StringBuilder sb, String value) {
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** A one-line summary: the plain-text answer, the rule and the version. */
    @Override
    public String toString() {
        return "RouteDecision[" + (action == null ? "none" : action.kind()) + " " + toPlainText() + ", rule "
                + (rule != null ? rule.id() : defaultRoute ? RuleStatistics.DEFAULT_ROUTE_ID : "-") + ", v"
                + ruleSetVersion + ", " + Checks.abbreviate(request.caller()) + " -> "
                + Checks.abbreviate(request.called()) + "]";
    }
}
