package io.voipkit.cdr.internal;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Parsing of the values CDR files hold, straight from the bytes of a CSV field: timestamps
 * ({@code 2026-11-24 20:16:39}, optionally with a fraction of a second) read in a configured zone,
 * and non-negative whole seconds. A hand-written parser because {@code DateTimeFormatter} would be
 * the slowest part of an import of millions of rows.
 */
public final class CdrValues {
    private CdrValues() {
    }

    /**
     * The instant of {@code yyyy-MM-dd HH:mm:ss[.fraction]} (a {@code T} instead of the space is
     * accepted) in {@code zone}.
     *
     * @throws RowRejected naming {@code column} if the text is not such a timestamp
     */
    public static Instant timestamp(byte[] b, int s, int e, ZoneId zone, int column) throws RowRejected {
        int len = e - s;
        if (len < 19 || len > 29) {
            throw bad(b, s, e, column);
        }
        if (b[s + 4] != '-' || b[s + 7] != '-' || (b[s + 10] != ' ' && b[s + 10] != 'T') || b[s + 13] != ':'
                || b[s + 16] != ':') {
            throw bad(b, s, e, column);
        }
        int year = digits(b, s, 4);
        int month = digits(b, s + 5, 2);
        int day = digits(b, s + 8, 2);
        int hour = digits(b, s + 11, 2);
        int minute = digits(b, s + 14, 2);
        int second = digits(b, s + 17, 2);
        int nanos = 0;
        if (len > 19) {
            if (b[s + 19] != '.' || len == 20) {
                throw bad(b, s, e, column);
            }
            int frac = digits(b, s + 20, len - 20);
            if (frac < 0) {
                throw bad(b, s, e, column);
            }
            nanos = frac;
            for (int i = len - 20; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            throw bad(b, s, e, column);
        }
        try {
            if (zone instanceof ZoneOffset offset) {
                long epochDay = LocalDate.of(year, month, day).toEpochDay();
                if (hour > 23 || minute > 59 || second > 59) {
                    throw bad(b, s, e, column);
                }
                long secs = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offset.getTotalSeconds();
                return Instant.ofEpochSecond(secs, nanos);
            }
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).atZone(zone).toInstant();
        } catch (DateTimeException ex) {
            throw new RowRejected(column, "not a valid date: " + quote(b, s, e) + " (" + ex.getMessage() + ")");
        }
    }

    /**
     * A whole number of seconds, {@code 0} or more.
     *
     * @throws RowRejected naming {@code column} if it is empty, negative, not a number or absurdly large
     */
    public static long seconds(byte[] b, int s, int e, int column) throws RowRejected {
        if (s == e) {
            throw new RowRejected(column, "must be a whole number of seconds, was empty");
        }
        if (b[s] == '-') {
            throw new RowRejected(column, "must not be negative, was " + quote(b, s, e));
        }
        if (e - s > 12) {                               // more than 31,000 years
            throw new RowRejected(column, "is not a plausible number of seconds: " + quote(b, s, e));
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new RowRejected(column, "must be a whole number of seconds, was " + quote(b, s, e));
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static RowRejected bad(byte[] b, int s, int e, int column) {
        return new RowRejected(column, "not a timestamp of the form yyyy-MM-dd HH:mm:ss: " + quote(b, s, e));
    }

    /** The field for an error message, shortened so a hostile value does not flood the report. */
    static String quote(byte[] b, int s, int e) {
        int n = Math.min(e - s, 60);
        String shown = new String(b, s, n, StandardCharsets.UTF_8);
        return '"' + shown + (e - s > n ? "…(" + (e - s) + " bytes)" : "") + '"';
    }
}
