package io.voipkit.routing;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;

/**
 * A pattern over phone numbers, in a deliberately small language that is matched in time
 * linear in the number's length, whatever the pattern: there is no backtracking, so a hostile
 * pattern such as {@code (a+)+$} cannot exist, let alone hang a call.
 *
 * <p>Three forms are accepted:
 * <ul>
 *   <li><b>Asterisk dialplan patterns</b>, starting with {@code _}: {@code X} = any digit,
 *       {@code Z} = 1-9, {@code N} = 2-9, {@code [15-7+]} = one of the listed characters or
 *       ranges, {@code .} = one or more of anything and {@code !} = zero or more of anything
 *       (both only at the end), {@code -} is ignored (readability, as in Asterisk), every other
 *       character stands for itself. Example: {@code _+7495XXXXXXX}, {@code _8800.}.</li>
 *   <li><b>Prefixes</b>, starting with {@code ^}: {@code ^+79} or the regex-style {@code ^\+79}
 *       matches every number that starts with {@code +79}; a trailing {@code $} makes it exact.
 *       Only literal characters may follow (a backslash escapes the next character).</li>
 *   <li><b>Literal numbers</b>: {@code 100}, {@code +4930123456}, {@code alice}: exact match.</li>
 * </ul>
 * Anything else (regex groups, alternation, quantifiers, character classes outside an Asterisk
 * pattern) is rejected with an {@link InvalidRequestException} naming the position.
 *
 * <pre>{@code
 * NumberPattern p = NumberPattern.compile("_NXX.");
 * p.matches("2125550100");   // true
 * p.matches("112");          // false: first digit must be 2-9, '.' needs at least one more
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; {@link #matches(CharSequence)} allocates nothing.
 */
public final class NumberPattern {

    /** The longest pattern accepted; numbers are short, a long pattern is a mistake or an attack. */
    public static final int MAX_PATTERN_LENGTH = 256;

    private enum Tail { NONE, ONE_OR_MORE, ZERO_OR_MORE }

    private final String source;
    /** Per fixed position: the accepted ASCII characters as a 128-bit set (lo = 0..63, hi = 64..127). */
    private final long[] lo;
    private final long[] hi;
    private final Tail tail;
    private final String literalPrefix;

    private NumberPattern(String source, long[] lo, long[] hi, Tail tail) {
        this.source = source;
        this.lo = lo;
        this.hi = hi;
        this.tail = tail;
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < lo.length; i++) {
            int single = singleChar(lo[i], hi[i]);
            if (single < 0) {
                break;
            }
            prefix.append((char) single);
        }
        this.literalPrefix = prefix.toString();
    }

    /** Compiles a pattern; see the class comment for the syntax. */
    public static NumberPattern compile(String pattern) {
        return compile(pattern, "pattern");
    }

    /**
     * Compiles a pattern, naming {@code field} in the error when it is rejected (for example
     * {@code rules[3].called}).
     */
    public static NumberPattern compile(String pattern, String field) {
        Checks.notNull(pattern, field);
        if (pattern.isEmpty()) {
            throw new InvalidRequestException(field, "must not be empty (omit the condition to match any number)");
        }
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new InvalidRequestException(field, "is longer than " + MAX_PATTERN_LENGTH + " characters: "
                    + Checks.abbreviate(pattern));
        }
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c <= ' ' || c >= 127) {
                throw new InvalidRequestException(field, "may only contain printable ASCII characters without spaces;"
                        + " found " + describeChar(c) + " at position " + i + " of " + Checks.abbreviate(pattern));
            }
        }
        char first = pattern.charAt(0);
        if (first == '_') {
            return compileAsterisk(pattern, field);
        }
        if (first == '^') {
            return compilePrefix(pattern, field);
        }
        return compileLiteral(pattern, field);
    }

    /** A pattern that matches exactly this number (no special characters are interpreted). */
    public static NumberPattern exactly(String number) {
        Checks.notNull(number, "number");
        return literal(number, number, Tail.NONE, "number");
    }

    /** A pattern that matches every number starting with {@code prefix} (possibly the prefix itself). */
    public static NumberPattern prefix(String prefix) {
        Checks.notNull(prefix, "prefix");
        return literal("^" + prefix, prefix, Tail.ZERO_OR_MORE, "prefix");
    }

    private static NumberPattern literal(String source, String chars, Tail tail, String field) {
        if (chars.length() > MAX_PATTERN_LENGTH) {
            throw new InvalidRequestException(field, "is longer than " + MAX_PATTERN_LENGTH + " characters");
        }
        long[] lo = new long[chars.length()];
        long[] hi = new long[chars.length()];
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (c <= ' ' || c >= 127) {
                throw new InvalidRequestException(field, "may only contain printable ASCII characters without spaces;"
                        + " found " + describeChar(c) + " at position " + i);
            }
            setBit(lo, hi, i, c);
        }
        return new NumberPattern(source, lo, hi, tail);
    }

    private static NumberPattern compileLiteral(String pattern, String field) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if ("[](){}|?\\$!".indexOf(c) >= 0) {
                throw new InvalidRequestException(field, "'" + c + "' at position " + i + " of "
                        + Checks.abbreviate(pattern) + " is not supported: regular expressions are not accepted"
                        + " (they can backtrack); use an Asterisk pattern such as _NXX. or a prefix such as ^+79");
            }
        }
        return literal(pattern, pattern, Tail.NONE, field);
    }

    private static NumberPattern compilePrefix(String pattern, String field) {
        StringBuilder chars = new StringBuilder();
        Tail tail = Tail.ZERO_OR_MORE;
        for (int i = 1; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i + 1 >= pattern.length()) {
                    throw new InvalidRequestException(field, "ends with a lone backslash: " + Checks.abbreviate(pattern));
                }
                char next = pattern.charAt(++i);
                if (Character.isLetterOrDigit(next)) {
                    // \d, \w... are regex classes, not escapes of a literal; refuse rather than misread
                    throw new InvalidRequestException(field, "'\\" + next + "' at position " + (i - 1) + " of "
                            + Checks.abbreviate(pattern) + " is not supported: after ^ only literal characters are"
                            + " allowed; use an Asterisk pattern (_X = any digit) for classes");
                }
                chars.append(next);
            } else if (c == '$' && i == pattern.length() - 1) {
                tail = Tail.NONE;
            } else if ("[](){}|?*+.$^".indexOf(c) >= 0 && !(c == '+' || c == '*')) {
                throw new InvalidRequestException(field, "'" + c + "' at position " + i + " of "
                        + Checks.abbreviate(pattern) + " is not supported: after ^ only literal characters are"
                        + " allowed (a prefix); use an Asterisk pattern such as _NXX. for anything else");
            } else {
                chars.append(c);
            }
        }
        // '+' and '*' are read literally (phone numbers contain them); a regex quantifier after ^ would make no sense
        return literal(pattern, chars.toString(), tail, field);
    }

    private static NumberPattern compileAsterisk(String pattern, String field) {
        int n = pattern.length();
        long[] lo = new long[n];
        long[] hi = new long[n];
        int count = 0;
        Tail tail = Tail.NONE;
        for (int i = 1; i < n; i++) {
            char c = pattern.charAt(i);
            if (tail != Tail.NONE) {
                throw new InvalidRequestException(field, "'" + pattern.charAt(i - 1) + "' must be the last character"
                        + " of the pattern (found '" + c + "' after it at position " + i + " of "
                        + Checks.abbreviate(pattern) + ")");
            }
            switch (c) {
                case 'X', 'x' -> setRange(lo, hi, count++, '0', '9');
                case 'Z', 'z' -> setRange(lo, hi, count++, '1', '9');
                case 'N', 'n' -> setRange(lo, hi, count++, '2', '9');
                case '.' -> tail = Tail.ONE_OR_MORE;
                case '!' -> tail = Tail.ZERO_OR_MORE;
                case '-' -> {
                    // ignored, as Asterisk does: _1-800-XXX reads better than _1800XXX
                }
                case '[' -> {
                    int close = pattern.indexOf(']', i + 1);
                    if (close < 0) {
                        throw new InvalidRequestException(field, "'[' at position " + i + " of "
                                + Checks.abbreviate(pattern) + " is never closed with ']'");
                    }
                    if (close == i + 1) {
                        throw new InvalidRequestException(field, "empty character set '[]' at position " + i + " of "
                                + Checks.abbreviate(pattern));
                    }
                    for (int j = i + 1; j < close; j++) {
                        char from = pattern.charAt(j);
                        if (from == '[') {
                            throw new InvalidRequestException(field, "nested '[' at position " + j + " of "
                                    + Checks.abbreviate(pattern));
                        }
                        if (j + 2 < close && pattern.charAt(j + 1) == '-') {
                            char to = pattern.charAt(j + 2);
                            if (to < from) {
                                throw new InvalidRequestException(field, "range '" + from + "-" + to + "' at position "
                                        + j + " of " + Checks.abbreviate(pattern) + " is backwards");
                            }
                            setRange(lo, hi, count, from, to);
                            j += 2;
                        } else {
                            setBit(lo, hi, count, from);
                        }
                    }
                    count++;
                    i = close;
                }
                case ']', '(', ')', '{', '}', '|', '?', '\\', '^', '$' ->
                        throw new InvalidRequestException(field, "'" + c + "' at position " + i + " of "
                                + Checks.abbreviate(pattern) + " is not supported in an Asterisk pattern"
                                + " (X, Z, N, [..], '.', '!' and literal characters are)");
                default -> setBit(lo, hi, count++, c);
            }
        }
        if (count == 0 && tail == Tail.NONE) {
            throw new InvalidRequestException(field, "matches nothing: " + Checks.abbreviate(pattern)
                    + " has no characters after '_'");
        }
        return new NumberPattern(pattern, java.util.Arrays.copyOf(lo, count), java.util.Arrays.copyOf(hi, count), tail);
    }

    private static void setBit(long[] lo, long[] hi, int index, char c) {
        if (c < 64) {
            lo[index] |= 1L << c;
        } else {
            hi[index] |= 1L << (c - 64);
        }
    }

    private static void setRange(long[] lo, long[] hi, int index, char from, char to) {
        for (char c = from; c <= to; c++) {
            setBit(lo, hi, index, c);
        }
    }

    private static int singleChar(long lo, long hi) {
        if (Long.bitCount(lo) + Long.bitCount(hi) != 1) {
            return -1;
        }
        return lo != 0 ? Long.numberOfTrailingZeros(lo) : 64 + Long.numberOfTrailingZeros(hi);
    }

    private static String describeChar(char c) {
        return c >= ' ' && c < 127 ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    /**
     * Whether {@code number} matches: one pass over at most the fixed part of the pattern, so the
     * time is linear in the pattern length and never depends on how the number is built.
     */
    public boolean matches(CharSequence number) {
        int len = number.length();
        int fixed = lo.length;
        switch (tail) {
            case NONE -> {
                if (len != fixed) {
                    return false;
                }
            }
            case ONE_OR_MORE -> {
                if (len <= fixed) {
                    return false;
                }
            }
            default -> {
                if (len < fixed) {
                    return false;
                }
            }
        }
        for (int i = 0; i < fixed; i++) {
            char c = number.charAt(i);
            if (c < 64) {
                if ((lo[i] & (1L << c)) == 0) {
                    return false;
                }
            } else if (c < 128) {
                if ((hi[i] & (1L << (c - 64))) == 0) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return true;
    }

    /**
     * The characters every matching number starts with (possibly empty): the routing index files
     * a rule under this prefix so that only rules that can match are tried.
     */
    public String literalPrefix() {
        return literalPrefix;
    }

    /** The shortest number that can match. */
    public int minLength() {
        return tail == Tail.ONE_OR_MORE ? lo.length + 1 : lo.length;
    }

    /** The longest number that can match, or {@link Integer#MAX_VALUE} when the pattern ends in {@code .} or {@code !}. */
    public int maxLength() {
        return tail == Tail.NONE ? lo.length : Integer.MAX_VALUE;
    }

    /** The pattern as it was written. */
    public String source() {
        return source;
    }

    /** Patterns are equal when written the same way. */
    @Override
    public boolean equals(Object o) {
        return o instanceof NumberPattern p && p.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    /** The pattern as it was written. */
    @Override
    public String toString() {
        return source;
    }
}
