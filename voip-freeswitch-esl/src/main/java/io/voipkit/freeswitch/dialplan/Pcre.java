package io.voipkit.freeswitch.dialplan;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.routing.NumberPattern;

import java.util.List;

/**
 * Translates voipkit {@link NumberPattern}s to anchored PCRE expressions for FreeSWITCH
 * {@code <condition expression>}. Only a safe subset is produced: literal characters (every
 * non-alphanumeric one escaped), character classes, and a single {@code .+} / {@code .*} tail, or
 * an alternation of literal prefixes. None of them can backtrack more than linearly, so a rule
 * cannot make FreeSWITCH's matching slow, and no {@code ${...}} expansion can appear.
 */
final class Pcre {
    private Pcre() {
    }

    /** The expression for a pattern: {@code _NXX.} gives {@code ^[2-9][0-9][0-9].+$}. */
    static String of(NumberPattern pattern, String field) {
        String s = pattern.source();
        StringBuilder re = new StringBuilder("^");
        char first = s.charAt(0);
        if (first == '_') {
            boolean tail = false;
            for (int i = 1; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case 'X', 'x' -> re.append("[0-9]");
                    case 'Z', 'z' -> re.append("[1-9]");
                    case 'N', 'n' -> re.append("[2-9]");
                    case '.' -> {
                        re.append(".+");
                        tail = true;
                    }
                    case '!' -> {
                        re.append(".*");
                        tail = true;
                    }
                    case '-' -> {
                        // ignored, as NumberPattern (and Asterisk) ignore it
                    }
                    case '[' -> {
                        int close = s.indexOf(']', i + 1);
                        re.append('[');
                        for (int j = i + 1; j < close; j++) {
                            char from = s.charAt(j);
                            if (j + 2 < close && s.charAt(j + 1) == '-') {
                                re.append(classChar(from)).append('-').append(classChar(s.charAt(j + 2)));
                                j += 2;
                            } else {
                                re.append(classChar(from));
                            }
                        }
                        re.append(']');
                        i = close;
                    }
                    default -> re.append(literal(c));
                }
                if (tail) {
                    break;
                }
            }
            return re.append('$').toString();
        }
        if (first == '^') {
            boolean exact = false;
            for (int i = 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    re.append(literal(s.charAt(++i)));
                } else if (c == '$' && i == s.length() - 1) {
                    exact = true;
                } else {
                    re.append(literal(c));
                }
            }
            return exact ? re.append('$').toString() : re.toString();
        }
        for (int i = 0; i < s.length(); i++) {
            re.append(literal(s.charAt(i)));
        }
        return re.append('$').toString();
    }

    /** {@code ^(?:p1|p2)} for literal prefixes. */
    static String prefixes(List<String> prefixes, String field) {
        StringBuilder re = new StringBuilder("^(?:");
        for (int i = 0; i < prefixes.size(); i++) {
            if (i > 0) {
                re.append('|');
            }
            String p = prefixes.get(i);
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                if (c <= ' ' || c >= 127) {
                    throw new InvalidRequestException(field + "[" + i + "]", "may only contain printable ASCII characters");
                }
                re.append(literal(c));
            }
        }
        return re.append(')').toString();
    }

    /** A literal outside a class: letters and digits as they are, everything else backslash-escaped. */
    private static String literal(char c) {
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return String.valueOf(c);
        }
        return "\\" + c;
    }

    /** A character inside {@code [...]}: {@code ] \ ^ -} and every other non-alphanumeric escaped. */
    private static String classChar(char c) {
        return literal(c);
    }
}
