package io.voipkit.core.internal;

import io.voipkit.core.InvalidRequestException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses durations written in configuration the way Spring Boot reads them, so that {@code voip.*}
 * properties and {@code PbxProvider} properties agree: ISO-8601 ({@code PT5S}), a number with a
 * unit ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}) or a plain number of
 * milliseconds ({@code 250}).
 */
public final class Durations {
    private Durations() {
    }

    /** Parses {@code text}; anything else is an {@link InvalidRequestException} naming {@code field}. */
    public static Duration parse(String text, String field) {
        Checks.notNull(text, field);
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            throw new InvalidRequestException(field, "must not be blank");
        }
        try {
            if (t.startsWith("pt") || t.startsWith("p") || t.startsWith("-p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            int unitStart = 0;
            while (unitStart < t.length() && (Character.isDigit(t.charAt(unitStart)) || (unitStart == 0 && t.charAt(0) == '-'))) {
                unitStart++;
            }
            if (unitStart == 0 || unitStart > 18) {
                throw new InvalidRequestException(field, "is not a duration (use 500ms, 5s, 2m, 1h, 1d or PT5S): "
                        + Checks.abbreviate(text));
            }
            long amount = Long.parseLong(t.substring(0, unitStart));
            String unit = t.substring(unitStart).trim();
            return switch (unit) {
                case "", "ms" -> Duration.ofMillis(amount);
                case "ns" -> Duration.ofNanos(amount);
                case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> throw new InvalidRequestException(field, "has an unknown unit '" + unit
                        + "' (use ms, s, m, h or d): " + Checks.abbreviate(text));
            };
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new InvalidRequestException(field, "is not a duration (use 500ms, 5s, 2m, 1h, 1d or PT5S): "
                    + Checks.abbreviate(text));
        }
    }
}
