package io.voipkit.simulator.internal;

import java.util.List;
import java.util.Locale;

/**
 * One action received from a client: its header lines in wire order. Lookup is case-insensitive
 * and the first occurrence wins, as Asterisk does (fixture errors-and-unknowns: two ActionIDs, the
 * first is echoed; lower-case {@code action: ping} is accepted).
 *
 * @param headers name/value pairs in the order received, repeated names kept
 */
public record Action(List<String[]> headers) {
    public Action {
        headers = List.copyOf(headers);
    }

    /** The first value of a header, any case, or {@code null}. */
    public String get(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    /** The first value, trimmed, or {@code null} when absent or blank (Asterisk's astman_get_header + ast_strlen_zero). */
    public String value(String name) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        v = v.trim();
        return v.isEmpty() ? null : v;
    }

    /** The action name (value of {@code Action}), or {@code null}. */
    public String name() {
        return value("Action");
    }

    /** The ActionID exactly as sent (first one wins), {@code null} when none. */
    public String actionId() {
        return get("ActionID");
    }

    /** Asterisk's ast_true: yes, true, y, t, 1, on. */
    public boolean isTrue(String name) {
        String v = value(name);
        if (v == null) {
            return false;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "y", "t", "1", "on" -> true;
            default -> false;
        };
    }

    /** All values of a repeated header (e.g. {@code Variable}), in order. */
    public List<String> all(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).toList();
    }
}
