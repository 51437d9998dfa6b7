package io.voipkit.spring.boot.internal;

import io.voipkit.core.HangupCause;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import io.voipkit.routing.RouteAction;
import io.voipkit.spring.boot.VoipRoutingProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code voip.routing.queue.overflow.<group>.*} into the {@link RouteAction}s of
 * {@code CallQueues.Builder.overflow}: exactly one key per group, read as the rule file reads a
 * rule's {@code action} (a cause name or a Q.850 code for {@code reject}, {@code hangup=true}).
 * Every error names the full property.
 */
public final class OverflowActions {
    /** The prefix of every property this class reads. */
    public static final String PREFIX = "voip.routing.queue.overflow";

    private OverflowActions() {
    }

    /**
     * The actions by group name, in the map's order.
     *
     * @throws InvalidRequestException naming the property of a bad group name, no or several keys,
     *                                 or an invalid value
     */
    public static Map<String, RouteAction> of(Map<String, VoipRoutingProperties.Overflow> overflow) {
        Map<String, RouteAction> actions = new LinkedHashMap<>();
        for (Map.Entry<String, VoipRoutingProperties.Overflow> e : overflow.entrySet()) {
            String group = e.getKey();
            String property = PREFIX + "." + group;
            try {
                Checks.identifier(group, "group");
            } catch (InvalidRequestException ex) {
                throw new InvalidRequestException(property, "the group name " + problem(ex)
                        + " (a name with a dot goes in brackets: " + PREFIX + "[night.shift].voicemail)");
            }
            actions.put(group, action(property, e.getValue()));
        }
        return actions;
    }

    private static RouteAction action(String property, VoipRoutingProperties.Overflow o) {
        List<String> set = new ArrayList<>(1);
        if (o != null) {
            addIfSet(set, "group", o.group());
            addIfSet(set, "number", o.number());
            addIfSet(set, "queue", o.queue());
            addIfSet(set, "voicemail", o.voicemail());
            addIfSet(set, "reject", o.reject());
            if (o.hangup() != null) {
                set.add("hangup");
            }
        }
        if (set.size() != 1) {
            throw new InvalidRequestException(property, "expected exactly one of group, number, queue, voicemail, reject,"
                    + " hangup; found " + (set.isEmpty() ? "none" : set));
        }
        String kind = set.get(0);
        String field = property + "." + kind;
        try {
            return switch (kind) {
                case "group" -> new RouteAction.ToGroup(o.group().strip());
                case "number" -> new RouteAction.ToNumber(o.number().strip());
                case "queue" -> new RouteAction.ToQueue(o.queue().strip());
                case "voicemail" -> new RouteAction.ToVoicemail(o.voicemail().strip());
                case "reject" -> new RouteAction.Reject(cause(field, o.reject().strip()));
                default -> {
                    if (!o.hangup()) {
                        throw new InvalidRequestException(field, "must be true when given (remove it for no action)");
                    }
                    yield new RouteAction.Hangup();
                }
            };
        } catch (InvalidRequestException ex) {
            throw ex.field() != null && ex.field().startsWith(PREFIX) ? ex : new InvalidRequestException(field, problem(ex));
        }
    }

    /** A cause name ({@code USER_BUSY}, any case) or a Q.850 code ({@code 17}), as the rule file takes it. */
    private static HangupCause cause(String field, String value) {
        HangupCause c;
        if (value.chars().allMatch(Character::isDigit) && value.length() <= 3) {
            int code = Integer.parseInt(value);
            c = HangupCause.fromCode(code);
            if (c == HangupCause.UNKNOWN && code != 0) {
                throw new InvalidRequestException(field, "unknown Q.850 cause code " + code);
            }
            return c;
        }
        c = HangupCause.fromName(value);
        if (c == HangupCause.UNKNOWN && !value.equalsIgnoreCase("UNKNOWN")) {
            throw new InvalidRequestException(field, "unknown hangup cause '" + Checks.abbreviate(value)
                    + "' (use a name such as CALL_REJECTED or USER_BUSY, or a Q.850 code)");
        }
        return c;
    }

    private static void addIfSet(List<String> set, String key, String value) {
        // Empty counts as absent: 'voip.routing.queue.overflow.x.queue=' is a line left over, not a queue named ''.
        if (value != null && !value.isBlank()) {
            set.add(key);
        }
    }

    /** The problem of an adapter-level exception without its short field name. */
    private static String problem(InvalidRequestException e) {
        String msg = e.getMessage();
        return e.field() != null && msg != null && msg.startsWith(e.field() + ": ")
                ? msg.substring(e.field().length() + 2) : msg;
    }
}
