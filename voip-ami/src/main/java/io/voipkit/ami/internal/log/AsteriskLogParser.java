package io.voipkit.ami.internal.log;

import io.voipkit.core.event.LogLevel;
import io.voipkit.core.event.LogLineReceived;
import io.voipkit.core.event.RawFields;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Turns the lines of one Asterisk log file ({@code full}, {@code messages}, ...) into
 * {@link LogLineReceived} events. Lenient by design: every line becomes exactly one event, none
 * is dropped and none throws.
 *
 * <h2>What Asterisk writes</h2>
 * {@code logger.c} writes file channels with one of two formatters:
 * <pre>
 * default: [DATE] LEVEL[LWP][C-xxxxxxxx] file.c: message
 * plain:   [DATE] LEVEL[LWP][C-xxxxxxxx]: file.c:123 function: message
 * </pre>
 * The call id part is absent for lines outside a call (and when {@code display_callids=no});
 * the file may carry a directory ({@code res_pjsip/pjsip_resolver.c}). When a log file is opened
 * Asterisk writes a banner without level: {@code [DATE] Asterisk 22.10.1 built by ...}. DATE
 * follows {@code dateformat}: see {@link LogTimestamps}. Old releases prefixed verbose messages
 * with {@code -- }, {@code == } or {@code > }; the prefix is removed from the message and kept
 * in the raw field {@code verbosePrefix}. The {@code json} formatter is not parsed: its lines
 * arrive as {@link LogLevel#UNKNOWN} with the JSON text as message.
 *
 * <h2>Multi-line messages: one event per line</h2>
 * A message that holds newlines (a SIP packet from {@code pjsip set logger on}, a CLI dump)
 * continues on lines without the {@code [DATE]} prefix. Each such continuation line becomes its
 * own event carrying the metadata (time, level, thread, call id, source) of the entry it
 * continues, with the raw field {@code kind=continuation}. Why not join them into one entry:
 * the tailer would have to hold every entry back until the next one starts (a live viewer would
 * show the last line late, or never on a quiet PBX), and one entry could grow without bound;
 * per line, every event is emitted the moment its newline is read and is bounded by the line
 * limit. A viewer that wants whole entries groups consecutive continuation events.
 *
 * <h2>Lenient</h2>
 * A line that starts with {@code [} but is not an Asterisk entry, or a continuation before any
 * entry (the tailer joined mid-message), becomes {@link LogLevel#UNKNOWN} with the whole line as
 * message and {@code kind=unparsed}; its time is that of the previous entry of the file, else the
 * reference instant. An entry whose date is in an unsupported format keeps everything else and
 * takes the same fallback time (raw field {@code timestamp} keeps the original text).
 *
 * <h2>Raw fields</h2>
 * {@code kind} ({@code entry}, {@code banner}, {@code continuation}, {@code unparsed}) and,
 * when present, {@code timestamp} (the date text), {@code level} (the level name as written,
 * for custom levels too), {@code thread}, {@code callId}, {@code file}, {@code line},
 * {@code function}, {@code verbosePrefix}, {@code truncatedBytes}.
 *
 * <p>Not thread-safe: it remembers the previous entry of its file. One instance per file.
 */
public final class AsteriskLogParser {
    /** Appended to a message whose line was longer than the line limit. */
    static final String TRUNCATION_MARKER = " …[truncated ";
    private static final int MAX_LEVEL_CHARS = 32;
    private static final int MAX_BRACKET_CHARS = 40;
    private static final int MAX_FILE_CHARS = 256;

    private final String pbxId;
    private final String fileName;
    private final ZoneId zone;
    /** The last entry or banner of this file, whose metadata continuation lines inherit. */
    private LogLineReceived previous;

    /**
     * A parser for one log file.
     *
     * @param pbxId    the PBX the file belongs to (goes into every event)
     * @param fileName the log file's name, such as {@code full} (goes into {@link LogLineReceived#file()})
     * @param zone     the PBX host's time zone, in which the file's local times are read
     */
    public AsteriskLogParser(String pbxId, String fileName, ZoneId zone) {
        this.pbxId = Objects.requireNonNull(pbxId, "pbxId");
        this.fileName = fileName;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** Forgets the previous entry: the next line starts a new file (after rotation or truncation). */
    public void reset() {
        previous = null;
    }

    /** Parses a line that was not truncated. */
    public LogLineReceived parse(String line, Instant reference) {
        return parse(line, 0, reference);
    }

    /**
     * Parses one line.
     *
     * @param line         the line without its terminator
     * @param droppedBytes how many bytes of the line were cut off by the line limit (0 if none);
     *                     a marker saying so is appended to the message
     * @param reference    the newest plausible instant for the line (the file's last-modified
     *                     time or the clock): the year of yearless dates and the fallback time
     */
    public LogLineReceived parse(String line, long droppedBytes, Instant reference) {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(reference, "reference");
        RawFields.Builder raw = RawFields.builder(10);
        LogLineReceived parsed = null;
        if (!line.isEmpty() && line.charAt(0) == '[') {
            parsed = parseEntry(line, droppedBytes, reference, raw);
            if (parsed != null) {
                previous = parsed;
                return parsed;
            }
            raw = RawFields.builder(2);
        } else if (previous != null) {
            raw.add("kind", "continuation");
            addTruncation(raw, droppedBytes);
            return new LogLineReceived(pbxId, previous.timestamp(), raw.build(), previous.level(),
                    previous.thread(), previous.callId(), previous.source(), withMarker(line, droppedBytes), fileName);
        }
        raw.add("kind", "unparsed");
        addTruncation(raw, droppedBytes);
        Instant time = previous != null ? previous.timestamp() : reference;
        return new LogLineReceived(pbxId, time, raw.build(), LogLevel.UNKNOWN, null, null, null,
                withMarker(line, droppedBytes), fileName);
    }

    /** An entry or banner, or {@code null} if the line is neither. */
    private LogLineReceived parseEntry(String s, long droppedBytes, Instant reference, RawFields.Builder raw) {
        int close = s.indexOf(']', 1);
        if (close < 0 || close - 1 > LogTimestamps.MAX_TIMESTAMP_CHARS) {
            return null;
        }
        String dateText = s.substring(1, close);
        Instant timestamp = LogTimestamps.parse(dateText, zone, reference);
        int pos = close + 1;
        if (pos < s.length() && s.charAt(pos) == ' ') {
            pos++;
        }

        // LEVEL[LWP]
        int levelStart = pos;
        int levelEnd = scanToken(s, pos, MAX_LEVEL_CHARS);
        String levelName = null;
        String thread = null;
        String callId = null;
        if (levelEnd > levelStart && levelEnd < s.length() && s.charAt(levelEnd) == '[') {
            int threadEnd = s.indexOf(']', levelEnd + 1);
            if (threadEnd > levelEnd + 1 && threadEnd - levelEnd <= MAX_BRACKET_CHARS
                    && isThreadId(s, levelEnd + 1, threadEnd)) {
                levelName = s.substring(levelStart, levelEnd);
                thread = s.substring(levelEnd + 1, threadEnd);
                pos = threadEnd + 1;
                // optional [C-xxxxxxxx]
                if (pos < s.length() && s.charAt(pos) == '[') {
                    int callEnd = s.indexOf(']', pos + 1);
                    if (callEnd > pos + 1 && callEnd - pos <= MAX_BRACKET_CHARS && noSpaces(s, pos + 1, callEnd)) {
                        callId = s.substring(pos + 1, callEnd);
                        pos = callEnd + 1;
                    }
                }
            }
        }

        if (levelName == null) {
            if (timestamp == null) {
                return null; // neither a date nor a level: not an entry at all
            }
            String rest = s.substring(pos);
            boolean banner = rest.startsWith("Asterisk ") && rest.contains(" built by ");
            raw.add("kind", banner ? "banner" : "unparsed");
            raw.add("timestamp", dateText);
            addTruncation(raw, droppedBytes);
            return new LogLineReceived(pbxId, timestamp, raw.build(), LogLevel.UNKNOWN, null, null, null,
                    withMarker(banner ? rest : s, droppedBytes), fileName);
        }

        raw.add("kind", "entry");
        raw.add("timestamp", dateText);
        raw.add("level", levelName);
        raw.add("thread", thread);
        if (callId != null) {
            raw.add("callId", callId);
        }
        String source = null;
        String message;
        if (pos < s.length() && s.charAt(pos) == ':') {
            // plain formatter: ": file.c:123 function: message" (each part optional)
            pos++;
            if (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
            int[] loc = plainLocation(s, pos);
            if (loc != null) {
                String file = s.substring(pos, loc[0]);
                String lineNo = s.substring(loc[0] + 1, loc[1]);
                String function = s.substring(loc[1] + 1, loc[2]);
                raw.add("file", file).add("line", lineNo).add("function", function);
                source = file + ':' + lineNo + ' ' + function;
                pos = Math.min(s.length(), loc[2] + 2);
            }
            message = s.substring(pos);
        } else {
            // default formatter: " file.c: message"
            if (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
            int colon = fileEnd(s, pos);
            if (colon >= 0) {
                if (colon > pos) {
                    source = s.substring(pos, colon);
                    raw.add("file", source);
                }
                pos = Math.min(s.length(), colon + 2);
            }
            message = s.substring(pos);
        }
        LogLevel level = LogLevel.parse(levelName);
        if (level == LogLevel.VERBOSE) {
            int prefixEnd = verbosePrefixEnd(message);
            if (prefixEnd > 0) {
                raw.add("verbosePrefix", message.substring(0, prefixEnd));
                message = message.substring(prefixEnd);
            }
        }
        addTruncation(raw, droppedBytes);
        if (timestamp == null) {
            raw.add("timestampFallback", "true");
            timestamp = previous != null ? previous.timestamp() : reference;
        }
        return new LogLineReceived(pbxId, timestamp, raw.build(), level, thread, callId, source,
                withMarker(message, droppedBytes), fileName);
    }

    /** End of a level name: letters, digits, {@code _} and {@code -} only, bounded. */
    private static int scanToken(String s, int from, int max) {
        int i = from;
        int limit = Math.min(s.length(), from + max);
        while (i < limit) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                break;
            }
            i++;
        }
        return i;
    }

    private static boolean isThreadId(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c == '-' && i == from)) {
                return false;
            }
        }
        return true;
    }

    private static boolean noSpaces(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '[') {
                return false;
            }
        }
        return true;
    }

    /**
     * Where the source file of the default format ends: the index of the {@code :} that follows
     * a space-free token and is itself followed by a space or the end of the line; -1 if none.
     */
    private static int fileEnd(String s, int from) {
        int limit = Math.min(s.length(), from + MAX_FILE_CHARS);
        for (int i = from; i < limit; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                return (i + 1 == s.length() || s.charAt(i + 1) == ' ') ? i : -1;
            }
            if (c == ' ') {
                return -1;
            }
        }
        return -1;
    }

    /** For {@code file.c:123 function: }: {index of ':', index of ' ', index of ': '}, or null. */
    private static int[] plainLocation(String s, int from) {
        int limit = Math.min(s.length(), from + MAX_FILE_CHARS);
        int colon = -1;
        for (int i = from; i < limit; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                colon = i;
                break;
            }
            if (c == ' ') {
                return null;
            }
        }
        if (colon <= from) {
            return null;
        }
        int i = colon + 1;
        while (i < s.length() && i - colon <= 10 && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == colon + 1 || i >= s.length() || s.charAt(i) != ' ') {
            return null;
        }
        int space = i;
        limit = Math.min(s.length(), space + 1 + MAX_FILE_CHARS);
        for (int j = space + 1; j < limit; j++) {
            char c = s.charAt(j);
            if (c == ':' && (j + 1 == s.length() || s.charAt(j + 1) == ' ')) {
                return j > space + 1 ? new int[] {colon, space, j} : null;
            }
            if (c == ' ') {
                return null;
            }
        }
        return null;
    }

    /** Length of an old-style verbose prefix ({@code "    -- "}, {@code "  == "}, {@code "       > "}), or 0. */
    private static int verbosePrefixEnd(String m) {
        int i = 0;
        while (i < m.length() && i < 8 && m.charAt(i) == ' ') {
            i++;
        }
        if (m.startsWith("-- ", i) || m.startsWith("== ", i)) {
            return i + 3;
        }
        if (m.startsWith("> ", i)) {
            return i + 2;
        }
        return 0;
    }

    private static void addTruncation(RawFields.Builder raw, long droppedBytes) {
        if (droppedBytes > 0) {
            raw.add("truncatedBytes", Long.toString(droppedBytes));
        }
    }

    private static String withMarker(String message, long droppedBytes) {
        return droppedBytes > 0 ? message + TRUNCATION_MARKER + droppedBytes + " bytes]" : message;
    }
}
