package io.voipkit.cdr.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;

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
     * accepted) in {@code zone}. For many timestamps in a row use one {@link LocalTimestamps},
     * which caches the zone's offset.
     *
     * @throws RowRejected naming {@code column} if the text is not such a timestamp
     */
    public static Instant timestamp(byte[] b, int s, int e, ZoneId zone, int column) throws RowRejected {
        return new LocalTimestamps(zone).parse(b, s, e, column);
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

    static RowRejected badTimestamp(byte[] b, int s, int e, int column) {
        return new RowRejected(column, "not a timestamp of the form yyyy-MM-dd HH:mm:ss: " + quote(b, s, e));
    }

    /** The field for an error message, shortened so a hostile value does not flood the report. */
    static String quote(byte[] b, int s, int e) {
        int n = Math.min(e - s, 60);
        String shown = new String(b, s, n, StandardCharsets.UTF_8);
        return '"' + shown + (e - s > n ? "…(" + (e - s) + " bytes)" : "") + '"';
    }
}
