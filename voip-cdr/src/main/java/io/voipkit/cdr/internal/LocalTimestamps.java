package io.voipkit.cdr.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Reads {@code yyyy-MM-dd HH:mm:ss[.fraction]} (a {@code T} instead of the space is accepted)
 * straight from the bytes of a CSV field into an {@link Instant}, in a configured zone.
 *
 * <p>Why not {@code LocalDateTime.of(...).atZone(zone)}: that allocates three objects and walks
 * the zone's transition table for every timestamp, which made it one of the slowest parts of an
 * import of millions of rows. Here the digits become local epoch seconds by arithmetic (with the
 * calendar checked by hand), and the zone's offset is cached per local hour: a CDR file is
 * written in time order, so nearly every timestamp falls in the hour of the one before. An hour
 * that holds a transition (a gap or an overlap at a daylight-saving change) is never cached; its
 * timestamps go through {@code atZone}, which keeps the JDK's rules there (a time in a gap is
 * moved forward, a time in an overlap takes the earlier offset). Not thread-safe: one per parser.
 */
public final class LocalTimestamps {
    private final ZoneId zone;
    private final ZoneRules rules;         // null when the zone is a fixed offset
    private final int fixedOffset;
    private static final int RECENT = 8;
    private final Instant[] recent = new Instant[RECENT];
    private long cachedHour = Long.MIN_VALUE;
    private int cachedOffset;

    /** Timestamps read in {@code zone}. */
    public LocalTimestamps(ZoneId zone) {
        java.util.Arrays.fill(memoLength, -1);
        ZoneId z = zone.normalized();
        this.zone = z;
        if (z instanceof ZoneOffset offset) {
            rules = null;
            fixedOffset = offset.getTotalSeconds();
        } else {
            rules = z.getRules();
            fixedOffset = 0;
        }
    }

    /** Longest timestamp text {@link #parse(byte[], int, int, int, int)} remembers. */
    private static final int MEMO_BYTES = 32;
    private static final int MEMO_SLOTS = 4;
    private final byte[] memoBytes = new byte[MEMO_SLOTS * MEMO_BYTES];
    private final int[] memoLength = new int[MEMO_SLOTS];
    private final Instant[] memoInstant = new Instant[MEMO_SLOTS];

    /**
     * {@link #parse(byte[], int, int, int)}, but the same instant without parsing when the text
     * equals the one last parsed in {@code slot} (0 to 3, one per column). Why: the rows of one
     * call carry the same start, answer and end times (a real {@code Master.csv} repeats the
     * previous row's value in most rows), and comparing 19 bytes is cheaper than reading them.
     */
    public Instant parse(byte[] b, int s, int e, int column, int slot) throws RowRejected {
        int len = e - s;
        int at = slot * MEMO_BYTES;
        if (len == memoLength[slot] && Bytes.equal(memoBytes, at, b, s, len)) {
            return memoInstant[slot];
        }
        Instant i = parse(b, s, e, column);
        if (len <= MEMO_BYTES) {
            System.arraycopy(b, s, memoBytes, at, len);
            memoLength[slot] = len;
            memoInstant[slot] = i;
        }
        return i;
    }

    /**
     * The instant of the timestamp in {@code b[s..e)}.
     *
     * @throws RowRejected naming {@code column} if the text is not such a timestamp or not a valid date
     */
    public Instant parse(byte[] b, int s, int e, int column) throws RowRejected {
        int len = e - s;
        if (len < 19 || len > 29 || b[s + 4] != '-' || b[s + 7] != '-' || (b[s + 10] != ' ' && b[s + 10] != 'T')
                || b[s + 13] != ':' || b[s + 16] != ':') {
            throw CdrValues.badTimestamp(b, s, e, column);
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
                throw CdrValues.badTimestamp(b, s, e, column);
            }
            nanos = digits(b, s + 20, len - 20);
            if (nanos < 0) {
                throw CdrValues.badTimestamp(b, s, e, column);
            }
            for (int i = len - 20; i < 9; i++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second) < 0) {
            throw CdrValues.badTimestamp(b, s, e, column);
        }
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour > 23 || minute > 59
                || second > 59) {
            throw new RowRejected(column, "not a valid date: " + CdrValues.quote(b, s, e));
        }
        long local = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
        if (rules == null) {
            return instant(local - fixedOffset, nanos);
        }
        long localHour = Math.floorDiv(local, 3600);
        if (localHour != cachedHour) {
            Integer offset = steadyOffset(localHour);
            if (offset == null) {
                // a transition in this hour: the JDK decides, as it always did
                return LocalDateTime.of(year, month, day, hour, minute, second, nanos).atZone(zone).toInstant();
            }
            cachedHour = localHour;
            cachedOffset = offset;
        }
        return instant(local - cachedOffset, nanos);
    }

    /**
     * The instant, the same object as for a recent equal timestamp. Why: the rows of one call
     * share their times (start and answer of a leg, the legs of a transfer), and a row's three
     * instants would otherwise be three allocations; eight slots by the low bits of the second.
     */
    private Instant instant(long epochSecond, int nanos) {
        int slot = (int) epochSecond & (RECENT - 1);
        Instant i = recent[slot];
        if (i != null && i.getEpochSecond() == epochSecond && i.getNano() == nanos) {
            return i;
        }
        i = Instant.ofEpochSecond(epochSecond, nanos);
        recent[slot] = i;
        return i;
    }

    /** The one offset valid through the whole local hour, or {@code null} if a transition touches it. */
    private Integer steadyOffset(long localHour) {
        LocalDateTime first = LocalDateTime.ofEpochSecond(localHour * 3600, 0, ZoneOffset.UTC);
        LocalDateTime last = first.plusSeconds(3599);
        List<ZoneOffset> a = rules.getValidOffsets(first);
        List<ZoneOffset> z = rules.getValidOffsets(last);
        if (a.size() != 1 || z.size() != 1 || !a.get(0).equals(z.get(0))) {
            return null;
        }
        // the same single offset at both ends: also no transition and back within the hour
        Instant start = first.toInstant(a.get(0));
        var next = rules.nextTransition(start);
        if (next != null && next.getInstant().isBefore(start.plusSeconds(3600))) {
            return null;
        }
        return a.get(0).getTotalSeconds();
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

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a valid proleptic Gregorian date (the algorithm of {@code LocalDate.toEpochDay}). */
    static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y;
        total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;  // years are 0..9999 here: no negative branch
        total += (367 * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) {
                total--;
            }
        }
        return total - 719_528;                                   // days from 0000-01-01 to 1970-01-01
    }
}
