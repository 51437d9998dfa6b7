package io.voipkit.ami.internal.adapter;

import io.voipkit.ami.internal.AmiMessage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Lenient readers for the values of AMI responses and list items (not the event hot path). The
 * PBX is outside data: a missing or malformed number becomes the caller's default instead of an
 * exception, because one odd field must not make a whole {@code QueueStatus} unreadable. Formats
 * were checked against the Asterisk 22 transcripts in {@code ../shared/fixtures/ami}.
 */
final class AmiFields {
    private AmiFields() {
    }

    /** A header value with {@code <unknown>}, {@code none} and blanks mapped to {@code null}. */
    static String text(AmiMessage m, String name) {
        String v = m.get(name);
        if (v == null) {
            return null;
        }
        String t = v.strip();
        if (t.isEmpty() || t.equals("<unknown>") || t.equalsIgnoreCase("none")) {
            return null;
        }
        return t;
    }

    /** A non-negative integer, or {@code dflt} when absent or malformed. */
    static int nonNegativeInt(AmiMessage m, String name, int dflt) {
        String v = m.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            return n < 0 ? dflt : n;
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** An integer (may be negative), or {@code dflt}. */
    static int intValue(AmiMessage m, String name, int dflt) {
        String v = m.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** Whole seconds as a duration; zero when absent or malformed. */
    static Duration seconds(AmiMessage m, String name) {
        return Duration.ofSeconds(nonNegativeInt(m, name, 0));
    }

    /** A percentage clamped into {@code [0, 100]}; 0 when absent or malformed. */
    static double percent(AmiMessage m, String name) {
        String v = m.get(name);
        if (v == null) {
            return 0.0;
        }
        try {
            double d = Double.parseDouble(v.strip());
            if (Double.isNaN(d) || d < 0) {
                return 0.0;
            }
            return Math.min(100.0, d);
        } catch (NumberFormatException e) {
            return 0.0;
        }
    }

    /** {@code 1}, {@code true}, {@code yes} (any case) are true. */
    static boolean flag(AmiMessage m, String name) {
        String v = m.get(name);
        if (v == null) {
            return false;
        }
        String t = v.strip();
        return t.equals("1") || t.equalsIgnoreCase("true") || t.equalsIgnoreCase("yes");
    }

    /** Epoch seconds; {@code null} for 0, absent or malformed (Asterisk writes 0 for "never"). */
    static Instant epochSeconds(AmiMessage m, String name) {
        String v = m.get(name);
        if (v == null) {
            return null;
        }
        try {
            long s = Long.parseLong(v.strip());
            return s <= 0 ? null : Instant.ofEpochSecond(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code HH:MM:SS} (hours may exceed 24) as a duration; zero when malformed. */
    static Duration hhmmss(String v) {
        if (v == null) {
            return Duration.ZERO;
        }
        String[] parts = v.strip().split(":");
        if (parts.length != 3) {
            return Duration.ZERO;
        }
        try {
            long h = Long.parseLong(parts[0]);
            long mi = Long.parseLong(parts[1]);
            long s = Long.parseLong(parts[2]);
            if (h < 0 || mi < 0 || s < 0) {
                return Duration.ZERO;
            }
            return Duration.ofSeconds(h * 3600 + mi * 60 + s);
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    /** A date ({@code 2026-11-24}) and time ({@code 20:12:57}) in the PBX's zone, or {@code null}. */
    static Instant localDateTime(String date, String time, ZoneId zone) {
        if (date == null || time == null || date.isBlank() || time.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date.strip()).atTime(LocalTime.parse(time.strip())).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
