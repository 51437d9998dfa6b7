package io.voipkit.core.internal;

import io.voipkit.core.InvalidRequestException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Argument checks shared by every record and request. Each failure is an
 * {@link InvalidRequestException} that names the field, so callers learn what to fix.
 *
 * <p>Not part of the API: adapters in other voipkit modules may use it, applications should not.
 */
public final class Checks {
    private Checks() {
    }

    /** Rejects {@code null}. */
    public static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new InvalidRequestException(field, "must not be null");
        }
        return value;
    }

    /**
     * Rejects {@code null}, blank strings and strings holding CR or LF: a value that goes onto
     * the AMI or ESL wire must never be able to start a new header.
     */
    public static String wireText(String value, String field) {
        notNull(value, field);
        if (value.isBlank()) {
            throw new InvalidRequestException(field, "must not be blank");
        }
        return noLineBreaks(value, field);
    }

    /** Like {@link #wireText} but {@code null} is allowed (the field is optional). */
    public static String optionalWireText(String value, String field) {
        return value == null ? null : wireText(value, field);
    }

    /** Rejects CR and LF (header injection) and NUL; {@code null} and blank pass. */
    public static String noLineBreaks(String value, String field) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new InvalidRequestException(field, "must not contain CR or LF (it would inject a header): "
                        + abbreviate(value));
            }
            if (c == '\0') {
                throw new InvalidRequestException(field, "must not contain NUL characters");
            }
        }
        return value;
    }

    /** Rejects {@code null} and negative durations. */
    public static Duration nonNegative(Duration value, String field) {
        notNull(value, field);
        if (value.isNegative()) {
            throw new InvalidRequestException(field, "must not be negative, was " + value);
        }
        return value;
    }

    /** Rejects {@code null}, zero and negative durations. */
    public static Duration positive(Duration value, String field) {
        notNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new InvalidRequestException(field, "must be positive, was " + value);
        }
        return value;
    }

    /** Rejects negative numbers. */
    public static int nonNegative(int value, String field) {
        if (value < 0) {
            throw new InvalidRequestException(field, "must not be negative, was " + value);
        }
        return value;
    }

    /** Rejects negative numbers. */
    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new InvalidRequestException(field, "must not be negative, was " + value);
        }
        return value;
    }

    /** Rejects numbers below 1. */
    public static int positive(int value, String field) {
        if (value < 1) {
            throw new InvalidRequestException(field, "must be at least 1, was " + value);
        }
        return value;
    }

    /** Copies a list, rejecting {@code null} for the list and for each element. */
    public static <T> List<T> copyOf(Collection<? extends T> values, String field) {
        notNull(values, field);
        int i = 0;
        for (T v : values) {
            if (v == null) {
                throw new InvalidRequestException(field + "[" + i + "]", "must not be null");
            }
            i++;
        }
        return List.copyOf(values);
    }

    /**
     * Copies a map of wire variables (names and values both go onto the wire), keeping the
     * caller's order and rejecting nulls, blank names and CR/LF anywhere.
     */
    public static Map<String, String> copyOfWireMap(Map<String, String> values, String field) {
        notNull(values, field);
        var copy = new java.util.LinkedHashMap<String, String>();
        for (var e : values.entrySet()) {
            String name = wireText(e.getKey(), field + " name");
            if (name.indexOf('=') >= 0) {
                throw new InvalidRequestException(field + " name", "must not contain '=': " + abbreviate(name));
            }
            String value = noLineBreaks(notNull(e.getValue(), field + "[" + name + "]"), field + "[" + name + "]");
            copy.put(name, value);
        }
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** Shortens a value for an error message so a hostile 1 MB value does not flood the logs. */
    public static String abbreviate(String value) {
        String shown = value.length() > 60 ? value.substring(0, 60) + "…(" + value.length() + " chars)" : value;
        return '"' + shown.replace("\r", "\\r").replace("\n", "\\n") + '"';
    }

    /** How many bytes of an offending wire line {@link #excerpt} shows. */
    public static final int EXCERPT_BYTES = 80;

    /**
     * The first {@value #EXCERPT_BYTES} bytes of a wire line {@code bytes[from, to)}, quoted, control
     * and non-ASCII bytes escaped as {@code \xNN}, with the full length when cut: for protocol
     * errors that say where a peer went wrong without copying a hostile megabyte into the log.
     */
    public static String excerpt(byte[] bytes, int from, int to) {
        int n = Math.min(to - from, EXCERPT_BYTES);
        StringBuilder sb = new StringBuilder(n + 24).append('"');
        for (int i = from; i < from + n; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        sb.append('"');
        if (to - from > n) {
            sb.append("…(").append(to - from).append(" bytes)");
        }
        return sb.toString();
    }

    /**
     * Rejects anything but a short identifier ({@code [A-Za-z0-9._-]}, 1 to 64 characters): PBX ids
     * end up in thread names, log lines and metric tags, where spaces and punctuation hurt.
     */
    public static String identifier(String value, String field) {
        notNull(value, field);
        if (value.isEmpty() || value.length() > 64) {
            throw new InvalidRequestException(field, "must be 1 to 64 characters long, was " + abbreviate(value));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                throw new InvalidRequestException(field, "may only contain letters, digits, '.', '_' and '-', was "
                        + abbreviate(value));
            }
        }
        return value;
    }

    /**
     * Maps a blank string to {@code null}. Records built from PBX data use it so that "the PBX did
     * not say" has one representation ({@code null}) whether the PBX sent nothing or an empty value.
     */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Rejects numbers outside {@code [min, max]}. */
    public static int inRange(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new InvalidRequestException(field, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** Rejects NaN, infinities and numbers outside {@code [min, max]}. */
    public static double inRange(double value, double min, double max, String field) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new InvalidRequestException(field, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** Rejects {@code null}, negative durations and durations longer than {@code max}. */
    public static Duration atMost(Duration value, Duration max, String field) {
        nonNegative(value, field);
        if (value.compareTo(max) > 0) {
            throw new InvalidRequestException(field, "must be at most " + max + ", was " + value);
        }
        return value;
    }

    /**
     * Rejects anything but DTMF digits ({@code 0-9 * # A-D}, upper or lower case), 1 to 64 of them.
     * Returns the digits upper-cased, as both Asterisk and FreeSWITCH expect.
     */
    public static String dtmfDigits(String value, String field) {
        notNull(value, field);
        if (value.isEmpty() || value.length() > 64) {
            throw new InvalidRequestException(field, "must hold 1 to 64 DTMF digits, was " + abbreviate(value));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = Character.toUpperCase(value.charAt(i));
            boolean ok = (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D');
            if (!ok) {
                throw new InvalidRequestException(field, "may only contain DTMF digits 0-9, *, # and A-D; found '"
                        + (Character.isISOControl(value.charAt(i)) ? "\\u" + String.format("%04x", (int) value.charAt(i))
                        : String.valueOf(value.charAt(i))) + "' at index " + i);
            }
        }
        return value.toUpperCase(java.util.Locale.ROOT);
    }
}
