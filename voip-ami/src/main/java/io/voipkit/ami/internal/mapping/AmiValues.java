package io.voipkit.ami.internal.mapping;

import io.voipkit.core.EndpointStatus;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Parsers for the value formats AMI events carry, written for the event hot path: no regex, no
 * exceptions for malformed input (a malformed value yields a sentinel the caller checks), no
 * allocation beyond the result.
 *
 * <p>Every format here was checked against the Asterisk 22 transcripts in
 * {@code ../shared/fixtures/ami}: {@code Timestamp: 1795553881.871746} (epoch seconds with
 * microseconds), {@code StartTime: 2026-11-24 20:58:01} (the PBX's local time, CDR),
 * {@code Duration: 00:00:02} (CoreShowChannel), plain decimal counters, and the two spellings of
 * device states ({@code NOT_INUSE} in {@code DeviceStateChange}, {@code Not in use} in
 * {@code EndpointList}).
 */
final class AmiValues {
    /** Returned by the int parsers for a missing or malformed value. */
    static final int MALFORMED = -1;
    /** Returned by the long parsers for a missing or malformed value. */
    static final long MALFORMED_LONG = -1L;

    /** Asterisk's placeholder for an unset caller id number or name. */
    private static final String UNKNOWN_PLACEHOLDER = "<unknown>";

    private AmiValues() {
    }

    /**
     * A non-negative decimal int, surrounding spaces allowed; {@link #MALFORMED} for {@code null},
     * empty, non-digits or overflow. Never throws: a garbled counter must not stop the event stream.
     */
    static int nonNegativeInt(String s) {
        long v = nonNegativeLong(s);
        return v < 0 || v > Integer.MAX_VALUE ? MALFORMED : (int) v;
    }

    /** Like {@link #nonNegativeInt} for longs (at most 18 digits, so no overflow check per digit). */
    static long nonNegativeLong(String s) {
        if (s == null) {
            return MALFORMED_LONG;
        }
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == ' ') {
            end--;
        }
        if (start == end || end - start > 18) {
            return MALFORMED_LONG;
        }
        long v = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return MALFORMED_LONG;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * AMI's {@code Timestamp} header: epoch seconds, optionally a dot and up to nine fraction
     * digits ({@code 1795553881.871746}). {@code null} when absent or malformed.
     */
    static Instant epochTimestamp(String s) {
        if (s == null) {
            return null;
        }
        int dot = s.indexOf('.');
        int secEnd = dot < 0 ? s.length() : dot;
        if (secEnd == 0 || secEnd > 18) {
            return null;
        }
        long seconds = 0;
        for (int i = 0; i < secEnd; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            seconds = seconds * 10 + (c - '0');
        }
        long nanos = 0;
        if (dot >= 0) {
            int digits = s.length() - dot - 1;
            if (digits < 1 || digits > 9) {
                return null;
            }
            for (int i = dot + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                nanos = nanos * 10 + (c - '0');
            }
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            return null; // beyond Instant's range: as malformed as any other garbage
        }
    }

    /**
     * A CDR time {@code yyyy-MM-dd HH:mm:ss} in the PBX's zone. {@code null} for an empty value
     * (Asterisk's {@code AnswerTime: } of an unanswered call) and for a malformed one; the caller
     * tells the two apart with {@link String#isBlank()}. In a DST overlap the earlier offset is
     * taken ({@link LocalDateTime#atZone}); Asterisk's text does not say which one it meant.
     */
    static Instant localDateTime(String s, ZoneId zone) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        if (t.length() != 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != ' '
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            return null; // 2026-02-30 and the like
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return MALFORMED;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * CoreShowChannel's {@code Duration: HH:MM:SS} (hours may exceed two digits on a long call);
     * {@code null} when absent or malformed.
     */
    static Duration hhmmss(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        int c2 = t.lastIndexOf(':');
        int c1 = c2 <= 0 ? -1 : t.lastIndexOf(':', c2 - 1);
        if (c1 <= 0 || c2 - c1 != 3 || t.length() - c2 != 3 || c1 > 9) {
            return null;
        }
        int h = digits(t, 0, c1);
        int m = digits(t, c1 + 1, c2);
        int sec = digits(t, c2 + 1, t.length());
        if (h < 0 || m < 0 || m > 59 || sec < 0 || sec > 59) {
            return null;
        }
        return Duration.ofSeconds(h * 3600L + m * 60L + sec);
    }

    /** Whole seconds as a Duration, or {@code null} when absent or malformed. */
    static Duration seconds(String s) {
        long v = nonNegativeLong(s);
        return v < 0 ? null : Duration.ofSeconds(v);
    }

    /** {@code 1}, {@code yes}, {@code true} (any case) are true; everything else is false. */
    static boolean flag(String s) {
        if (s == null) {
            return false;
        }
        String t = s.strip();
        return t.equals("1") || t.equalsIgnoreCase("yes") || t.equalsIgnoreCase("true");
    }

    /**
     * A caller id number or name as voipkit reports it: Asterisk's {@code <unknown>} placeholder
     * and blank become {@code null}, because neither is a number anyone can call back.
     */
    static String callerId(String s) {
        if (s == null || s.isBlank() || s.equals(UNKNOWN_PLACEHOLDER)) {
            return null;
        }
        return s;
    }

    /** {@code null} for {@code null}, blank and Asterisk's {@code none} (global VarSet: {@code Channel: none}). */
    static String noneToNull(String s) {
        if (s == null || s.isBlank() || s.equalsIgnoreCase("none")) {
            return null;
        }
        return s;
    }

    /**
     * The endpoint name of a PJSIP device or peer ({@code PJSIP/101-ep} gives {@code 101-ep}),
     * or {@code null} when the device belongs to another technology ({@code Local/...},
     * {@code Queue:...}, {@code park:...}) or has nothing after the prefix.
     */
    static String pjsipEndpoint(String device) {
        if (device == null || device.length() <= 6 || !device.regionMatches(true, 0, "PJSIP/", 0, 6)) {
            return null;
        }
        return device.substring(6);
    }

    /**
     * A PJSIP contact status ({@code ContactStatus:} of the event, {@code Status:} of
     * {@code ContactList}): {@code Reachable}, {@code Created}, {@code Updated} and
     * {@code NonQualified} (registered, qualify off) are online; {@code Unreachable} and
     * {@code Removed} offline; {@code Unknown} and anything else unknown.
     */
    static EndpointStatus contactStatus(String s) {
        if (s == null) {
            return EndpointStatus.UNKNOWN;
        }
        String t = s.strip();
        if (t.equalsIgnoreCase("Reachable") || t.equalsIgnoreCase("NonQualified") || t.equalsIgnoreCase("Created")
                || t.equalsIgnoreCase("Updated")) {
            return EndpointStatus.ONLINE;
        }
        if (t.equalsIgnoreCase("Unreachable") || t.equalsIgnoreCase("Removed")) {
            return EndpointStatus.OFFLINE;
        }
        return EndpointStatus.UNKNOWN;
    }

    /**
     * A chan_pjsip {@code PeerStatus}: {@code Reachable}, {@code Registered} and {@code Lagged}
     * (reachable but slow) are online; {@code Unreachable}, {@code Unregistered} and
     * {@code Rejected} offline; anything else unknown.
     */
    static EndpointStatus peerStatus(String s) {
        if (s == null) {
            return EndpointStatus.UNKNOWN;
        }
        String t = s.strip();
        if (t.equalsIgnoreCase("Reachable") || t.equalsIgnoreCase("Registered") || t.equalsIgnoreCase("Lagged")) {
            return EndpointStatus.ONLINE;
        }
        if (t.equalsIgnoreCase("Unreachable") || t.equalsIgnoreCase("Unregistered")
                || t.equalsIgnoreCase("Rejected")) {
            return EndpointStatus.OFFLINE;
        }
        return EndpointStatus.UNKNOWN;
    }

    /**
     * A device state in either spelling Asterisk uses: {@code DeviceStateChange} sends
     * {@code NOT_INUSE}, {@code INUSE}, {@code RINGINUSE}, {@code ONHOLD}; {@code EndpointList}
     * sends {@code Not in use}, {@code In use}, {@code Ring+Inuse}, {@code On Hold}. A device that
     * can be in any call state is registered, so it is online; {@code UNAVAILABLE} is offline;
     * {@code UNKNOWN}, {@code INVALID} and anything else are unknown.
     */
    static EndpointStatus deviceStatus(String s) {
        if (s == null) {
            return EndpointStatus.UNKNOWN;
        }
        return switch (deviceStateKey(s)) {
            case "NOTINUSE", "INUSE", "BUSY", "RINGING", "RINGINUSE", "ONHOLD" -> EndpointStatus.ONLINE;
            case "UNAVAILABLE" -> EndpointStatus.OFFLINE;
            default -> EndpointStatus.UNKNOWN;
        };
    }

    /**
     * A device state in Asterisk's human spelling ({@code ast_devstate_str}, what
     * {@code EndpointList} sends): {@code NOT_INUSE} and {@code Not in use} both give
     * {@code Not in use}, so the live state holds one spelling whichever source set it. An
     * unrecognised value is returned unchanged; {@code null} stays {@code null}.
     */
    static String deviceStateText(String s) {
        if (s == null) {
            return null;
        }
        return switch (deviceStateKey(s)) {
            case "UNKNOWN" -> "Unknown";
            case "NOTINUSE" -> "Not in use";
            case "INUSE" -> "In use";
            case "BUSY" -> "Busy";
            case "INVALID" -> "Invalid";
            case "UNAVAILABLE" -> "Unavailable";
            case "RINGING" -> "Ringing";
            case "RINGINUSE" -> "Ring+Inuse";
            case "ONHOLD" -> "On Hold";
            default -> s;
        };
    }

    /** Upper case with spaces, underscores and {@code +} removed: both spellings meet in one key. */
    private static String deviceStateKey(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '_' || c == '+') {
                continue;
            }
            sb.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return sb.toString();
    }

    /** A roundtrip in microseconds ({@code RoundtripUsec}); {@code null} when absent, malformed or 0 (not measured). */
    static Duration roundtripMicros(String s) {
        long us = nonNegativeLong(s);
        return us <= 0 ? null : Duration.ofNanos(us * 1000L);
    }
}
