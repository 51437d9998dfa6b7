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
}
