package io.voipkit.simulator.internal;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Asterisk manager permission classes (manager.conf {@code read}/{@code write}, event
 * {@code Privilege:} headers, {@code EventMask}). Parsing is lenient like Asterisk: unknown words
 * are ignored, {@code all} means every class, {@code on}/{@code off} are masks.
 */
public enum Privileges {
    SYSTEM, CALL, LOG, VERBOSE, COMMAND, AGENT, USER, CONFIG, DTMF, REPORTING, CDR, DIALPLAN, ORIGINATE, AGI, CC, AOC,
    TEST, SECURITY, MESSAGE;

    /** Parses a comma list such as {@code call,all} or {@code system,call,agent}; {@code all} or {@code on} = every class. */
    public static Set<Privileges> parse(String list) {
        if (list == null) {
            return Collections.emptySet();
        }
        EnumSet<Privileges> set = EnumSet.noneOf(Privileges.class);
        for (String word : list.split(",")) {
            String w = word.trim().toUpperCase(Locale.ROOT);
            if (w.equals("ALL") || w.equals("ON")) {
                return EnumSet.allOf(Privileges.class);
            }
            for (Privileges p : values()) {
                if (p.name().equals(w)) {
                    set.add(p);
                }
            }
        }
        return set;
    }

    /** Event mask of a Login {@code Events:} or an {@code Events} action: on/off, yes/no, or a class list. */
    public static Set<Privileges> mask(String value) {
        if (value == null) {
            return EnumSet.allOf(Privileges.class);
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("on") || v.equals("yes") || v.equals("true") || v.equals("1") || v.equals("all")) {
            return EnumSet.allOf(Privileges.class);
        }
        if (v.equals("off") || v.equals("no") || v.equals("false") || v.equals("0") || v.isEmpty()) {
            return EnumSet.noneOf(Privileges.class);
        }
        Set<Privileges> parsed = parse(v);
        return parsed.isEmpty() ? EnumSet.noneOf(Privileges.class) : EnumSet.copyOf(parsed);
    }

    /** The classes of an event's {@code Privilege:} value, without the trailing {@code all}. */
    public static Set<Privileges> ofEvent(String privilege) {
        EnumSet<Privileges> set = EnumSet.noneOf(Privileges.class);
        if (privilege == null) {
            return set;
        }
        for (String word : privilege.split(",")) {
            String w = word.trim().toUpperCase(Locale.ROOT);
            for (Privileges p : values()) {
                if (p.name().equals(w)) {
                    set.add(p);
                }
            }
        }
        return set;
    }
}
