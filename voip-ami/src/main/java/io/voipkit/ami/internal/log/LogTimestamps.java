package io.voipkit.ami.internal.log;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text between the leading brackets of an Asterisk log line into an {@link Instant}.
 *
 * <p>Asterisk formats that text with the {@code dateformat} strftime pattern of
 * {@code logger.conf}. Supported, because they are the ones seen in practice:
 * <ul>
 *   <li>the default {@code %b %e %T}: {@code Nov 24 20:16:39}, {@code Nov  4 20:16:39} (no year),
 *       optionally with a fraction ({@code %b %e %T.%3q});</li>
 *   <li>ISO-like {@code %F %T.%3q}: {@code 2026-11-24 20:12:57.774} (fraction optional, 1-9
 *       digits; {@code T} instead of the space, and a trailing {@code Z}/{@code +01:00}/{@code +0100}
 *       offset are accepted);</li>
 *   <li>epoch seconds {@code %s}, optionally with a fraction.</li>
 * </ul>
 * Anything else returns {@code null}; the caller decides the fallback.
 *
 * <p>The log is written in the PBX host's local time, so every local time is resolved in the
 * configured {@link ZoneId} (an explicit offset in the text wins). In a daylight-saving overlap
 * the earlier offset is taken, as {@link java.time.ZonedDateTime#of} does: the text simply does
 * not say which one it was.
 *
 * <p>Year inference for {@code %b %e %T}: the year is the latest one for which the line's time is
 * not later than {@code reference + 1 day}, where the reference is the followed file's
 * last-modified time (or the clock). A log line cannot be newer than the file that holds it, and
 * the one day of slack absorbs a zone configured differently from the PBX's. So a
 * {@code Dec 31 23:59:59} line read on January 1st lands in the previous year, and a
 * {@code Feb 29} line in the latest leap year. Lines more than a year older than the reference
 * cannot be placed correctly: the text does not carry the information.
 *
 * <p>Stateless and thread-safe.
 */
public final class LogTimestamps {
    /** Bracket text longer than this is not a timestamp; keeps the regexes on tiny inputs only. */
    static final int MAX_TIMESTAMP_CHARS = 64;

    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[ T](\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))? ?(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern SYSLOG = Pattern.compile(
            "([A-Za-z]{3}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?");
    private static final Pattern EPOCH = Pattern.compile("(\\d{9,11})(?:\\.(\\d{1,9}))?");
    private static final String[] MONTHS =
            {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

    private LogTimestamps() {
    }

    /**
     * The instant the text stands for, or {@code null} if it is in no supported format or names
     * an impossible date (February 30th, hour 25).
     *
     * @param text      the text between the brackets
     * @param zone      the PBX host's time zone
     * @param reference the newest instant a line may plausibly have (for the year inference)
     */
    public static Instant parse(String text, ZoneId zone, Instant reference) {
        if (text == null || text.isEmpty() || text.length() > MAX_TIMESTAMP_CHARS) {
            return null;
        }
        try {
            Matcher m = ISO.matcher(text);
            if (m.matches()) {
                LocalDateTime local = LocalDateTime.of(
                        LocalDate.of(intOf(m.group(1)), intOf(m.group(2)), intOf(m.group(3))),
                        time(m.group(4), m.group(5), m.group(6), m.group(7)));
                String offset = m.group(8);
                if (offset != null) {
                    return local.toInstant(ZoneOffset.of(normaliseOffset(offset)));
                }
                return local.atZone(zone).toInstant();
            }
            m = SYSLOG.matcher(text);
            if (m.matches()) {
                int month = monthOf(m.group(1));
                if (month < 0) {
                    return null;
                }
                int day = intOf(m.group(2));
                LocalTime time = time(m.group(3), m.group(4), m.group(5), m.group(6));
                return inferYear(month, day, time, zone, reference);
            }
            m = EPOCH.matcher(text);
            if (m.matches()) {
                long nanos = m.group(2) == null ? 0 : fractionNanos(m.group(2));
                return Instant.ofEpochSecond(Long.parseLong(m.group(1)), nanos);
            }
        } catch (DateTimeException e) {
            // An impossible date (month 13, Feb 30) in the right shape: not a timestamp we can use.
            return null;
        }
        return null;
    }

    /**
     * The instant of a yearless local date-time: the latest year whose instant is not after
     * {@code reference} plus one day. {@code null} when no year in the last eight fits (only
     * possible for an impossible date such as April 31st).
     */
    static Instant inferYear(int month, int day, LocalTime time, ZoneId zone, Instant reference) {
        int referenceYear = reference.atZone(zone).getYear();
        Instant limit = reference.plus(1, ChronoUnit.DAYS);
        // Eight years back is enough to reach a leap year for February 29th.
        for (int year = referenceYear + 1; year >= referenceYear - 8; year--) {
            if (month == 2 && day == 29 && !Year.isLeap(year)) {
                continue;
            }
            Instant candidate = LocalDateTime.of(LocalDate.of(year, month, day), time).atZone(zone).toInstant();
            if (!candidate.isAfter(limit)) {
                return candidate;
            }
        }
        return null;
    }

    private static LocalTime time(String hour, String minute, String second, String fraction) {
        return LocalTime.of(intOf(hour), intOf(minute), intOf(second),
                fraction == null ? 0 : fractionNanos(fraction));
    }

    private static int fractionNanos(String digits) {
        int nanos = Integer.parseInt(digits);
        for (int i = digits.length(); i < 9; i++) {
            nanos *= 10;
        }
        return nanos;
    }

    private static int monthOf(String name) {
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].equalsIgnoreCase(name)) {
                return i + 1;
            }
        }
        return -1;
    }

    private static String normaliseOffset(String offset) {
        if (offset.length() == 5) { // +0100 -> +01:00
            return offset.substring(0, 3) + ":" + offset.substring(3);
        }
        return offset;
    }

    private static int intOf(String digits) {
        return Integer.parseInt(digits);
    }
}
