package io.voipkit.ami.internal;

import io.voipkit.core.internal.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental, bounded decoder of the bytes an Asterisk Manager Interface server sends.
 *
 * <p>Feed it bytes exactly as they arrive, in chunks of any size ({@link #feed}); it calls the
 * {@link Handler} once for the greeting line and once per complete message. TCP reads and message
 * boundaries are unrelated (fixture fact 3), so a line may span many chunks and a chunk may end
 * anywhere, even between the CR and the LF of a line end.
 *
 * <p>What it accepts, from the real Asterisk 22 transcripts:
 * <ul>
 *   <li>an optional greeting first ({@code Asterisk Call Manager/11.0.0}, no empty line after it;
 *       fact 1);</li>
 *   <li>lines ending in CRLF or a bare LF; some values end in a bare LF right before the CRLF
 *       ({@code No Contacts found\n\r\n\r\n}), which reads as the value, the end of the message and
 *       a stray empty line; empty lines between messages are skipped (fact 2);</li>
 *   <li>headers split on the first {@code ':'}, one following space dropped, so values keep their
 *       own {@code ": "}, leading indentation and trailing spaces ({@code Header2: x: y},
 *       {@code Empty: }; facts 7, 9);</li>
 *   <li>a line without {@code ':'} inside a message (old-style {@code Command} output) kept as a
 *       field with the empty name {@code ""} (logged once per decoder).</li>
 * </ul>
 *
 * <p>What it rejects with an {@link AmiProtocolException} that names the byte offset, line number
 * and the start of the line: a line longer than {@link AmiLimits#maxLineLength()} (detected as
 * soon as that many bytes are buffered, so a stream without line ends is never buffered
 * unboundedly), more than {@link AmiLimits#maxHeaders()} headers or more than
 * {@link AmiLimits#maxMessageBytes()} bytes in one message, control characters other than TAB,
 * ESC and CR (binary garbage trips this within a few bytes), and a message whose first line is not
 * a header. After an exception the decoder is unusable; the connection is closed.
 *
 * <p>Performance: each line is scanned once for its end and decoded to strings once; header
 * names and short values come from small per-decoder {@link StringCache caches} keyed by their
 * bytes, so a typical event allocates little more than its field array (measured: about 170
 * instead of 1,100 bytes for a 440-byte event, same CPU). Longer and non-ASCII values go
 * through the JDK's UTF-8 decoder; invalid UTF-8 is replaced with U+FFFD, not rejected: a
 * caller-ID name must not kill the connection.
 *
 * <p>Not thread-safe: one decoder per connection, used by its reader thread only.
 */
public final class AmiDecoder {

    /** Receives what the decoder finds. Called on the thread that calls {@link #feed}; must not throw. */
    public interface Handler {
        /** The greeting line, without its line end; called at most once. */
        void greeting(String line);

        /** A complete message. */
        void message(AmiMessage message);
    }

    private static final Logger LOG = LoggerFactory.getLogger("io.voipkit.ami.wire");

    /** Byte classes: 0 = ordinary, 1 = LF, 2 = forbidden control character. */
    private static final byte[] CLASS = new byte[256];

    static {
        for (int b = 0; b < 0x20; b++) {
            CLASS[b] = 2;
        }
        CLASS['\t'] = 0;
        CLASS['\r'] = 0; // kept if alone inside a line; stripped before a LF
        CLASS[0x1b] = 0; // ESC: terminal colours in CLI output must not kill a connection
        CLASS['\n'] = 1;
    }

    private static final int INITIAL_FIELDS = 32;

    /** Little-endian 8-byte reads from a byte array, for the string cache's hash. */
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /**
     * Header names the adapter looks up, as Asterisk 22 spells them. They seed every decoder's
     * name cache, so a decoded name is the very String instance of the literal the mapper asks
     * for, and {@link AmiMessage#get} finds it by reference instead of comparing characters.
     */
    static final String[] KNOWN_NAMES = {
        "Event", "Response", "ActionID", "Message", "EventList", "ListItems", "Privilege", "Timestamp",
        "SystemName", "Channel", "ChannelState", "ChannelStateDesc", "CallerIDNum", "CallerIDName",
        "ConnectedLineNum", "ConnectedLineName", "Language", "AccountCode", "Context", "Exten", "Priority",
        "Uniqueid", "Linkedid", "UniqueID", "Extension", "Application", "AppData", "Variable", "Value", "Cause",
        "Cause-txt", "DestChannel", "DestChannelState", "DestChannelStateDesc", "DestCallerIDNum",
        "DestCallerIDName", "DestConnectedLineNum", "DestConnectedLineName", "DestLanguage", "DestAccountCode",
        "DestContext", "DestExten", "DestPriority", "DestUniqueid", "DestLinkedid", "DialString", "DialStatus",
        "BridgeUniqueid", "BridgeType", "BridgeTechnology", "BridgeCreator", "BridgeName", "BridgeNumChannels",
        "BridgeVideoSourceMode", "BridgeId", "Digit", "Direction", "DurationMs", "Device", "State", "Peer",
        "PeerStatus", "ChannelType", "Address", "AOR", "URI", "Uri", "ContactStatus", "EndpointName",
        "RoundtripUsec", "Aor", "Endpoint", "ObjectName", "ObjectType", "Contacts", "DeviceState", "Queue",
        "Position", "Count", "Interface", "MemberName", "StateInterface", "Membership", "Penalty", "CallsTaken",
        "LastCall", "LastPause", "LoginTime", "InCall", "Status", "Paused", "PausedReason", "Ringinuse",
        "Wrapuptime", "HoldTime", "RingTime", "TalkTime", "Reason", "OriginalPosition", "Location", "Conference",
        "Admin", "UserEvent", "Source", "Destination", "DestinationContext", "CallerID", "DestinationChannel",
        "LastApplication", "LastData", "StartTime", "AnswerTime", "EndTime", "Duration", "BillableSeconds",
        "Disposition", "AMAFlags", "UserField", "TransfereeChannel", "TransfereeUniqueid", "Result",
        "ParkeeChannel", "ParkeeUniqueid", "ParkerChannel", "ParkerDialString", "Parkinglot", "ParkingSpace",
        "ParkingTimeout", "ParkingDuration", "Output", "Name", "Max", "Strategy", "Calls", "Completed",
        "Abandoned", "ServiceLevel", "ServicelevelPerf", "Weight", "Wait", "EventTV", "Severity", "Service",
        "EventVersion", "AccountID", "SessionID", "LocalAddress", "RemoteAddress", "UsingPassword", "SessionTV",
        "Module", "Challenge", "Ping", "AMIversion", "AsteriskVersion",
    };
    private final AmiLimits limits;
    /** Header names: a few dozen distinct ones per PBX, seeded with {@link #KNOWN_NAMES}. */
    private final StringCache names = new StringCache(2048, 48);
    /** Short values: see {@link StringCache}. */
    private final StringCache values = new StringCache(4096, 32);

    private boolean greetingPending;
    private String greeting;

    /** Bytes of a line that did not end in the chunk it started in. */
    private byte[] partial = new byte[256];
    private int partialLength;

    /** Fields of the message being assembled: {name0, value0, ...}. */
    private String[] fields = new String[INITIAL_FIELDS];
    private int fieldCount;
    private int messageBytes;

    /** Stream offset of the first byte of the line being read, and its 1-based number. */
    private long lineStart;
    private long lineNumber = 1;
    /** Stream offset of the first byte of the chunk being fed, minus its array offset. */
    private long base;
    private long consumed;

    private boolean failed;
    private boolean warnedNameless;

    /**
     * @param limits         line, header and message bounds
     * @param expectGreeting {@code true} when the stream starts with the server's greeting line
     *                       (a fresh TCP connection); {@code false} for a stream of messages only
     */
    public AmiDecoder(AmiLimits limits, boolean expectGreeting) {
        this.limits = Checks.notNull(limits, "limits");
        this.greetingPending = expectGreeting;
        for (String name : KNOWN_NAMES) {
            names.seed(name);
        }
    }

    /** The greeting line once it has been read, else {@code null}. */
    public String greeting() {
        return greeting;
    }

    /** Total bytes fed so far. */
    public long bytesConsumed() {
        return consumed;
    }

    /**
     * Decodes {@code length} bytes of {@code bytes} from {@code offset}, calling {@code handler}
     * for the greeting and every message they complete. Bytes of an unfinished line or message
     * are kept (within the limits) until the next call.
     *
     * @throws AmiProtocolException when the bytes break the protocol or a limit; the decoder is
     *                              then failed and further calls throw {@link IllegalStateException}
     */
    public void feed(byte[] bytes, int offset, int length, Handler handler) {
        if (failed) {
            throw new IllegalStateException("AMI decoder failed earlier; the connection must be closed");
        }
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        try {
            decode(bytes, offset, offset + length, handler);
        } catch (RuntimeException | Error e) {
            failed = true;
            throw e;
        }
    }

    private void decode(byte[] buf, int from, int end, Handler handler) {
        final byte[] cls = CLASS;
        base = consumed - from;
        consumed += end - from;
        int p = from;
        while (p < end) {
            int i = p;
            while (i < end && cls[buf[i] & 0xff] == 0) {
                i++;
            }
            if (i == end) {
                appendPartial(buf, p, end - p);
                return;
            }
            if (buf[i] != '\n') {
                throw error("control character 0x" + Integer.toHexString(buf[i] & 0xff)
                        + " at byte " + (base + i) + " (binary data is not AMI)", buf, p, i);
            }
            if (partialLength > 0) {
                appendPartial(buf, p, i - p);
                int n = partialLength;
                partialLength = 0;
                line(partial, 0, n, handler);
            } else {
                line(buf, p, i, handler);
            }
            p = i + 1;
            lineStart = base + p;
            lineNumber++;
        }
    }

    private void appendPartial(byte[] buf, int from, int n) {
        int needed = partialLength + n;
        // +1: the CR of a CRLF may be buffered before its LF arrives.
        if (needed > limits.maxLineLength() + 1) {
            byte[] shown = partialLength > 0 ? partial : buf;
            int shownFrom = partialLength > 0 ? 0 : from;
            int shownTo = partialLength > 0 ? partialLength : from + n;
            throw error("line longer than " + limits.maxLineLength() + " bytes without a line end",
                    shown, shownFrom, shownTo);
        }
        if (needed > partial.length) {
            partial = Arrays.copyOf(partial, Math.min(Math.max(needed, partial.length * 2), limits.maxLineLength() + 1));
        }
        System.arraycopy(buf, from, partial, partialLength, n);
        partialLength = needed;
    }

    /** One line {@code [from, to)} without its LF. */
    private void line(byte[] a, int from, int to, Handler handler) {
        int wireBytes = to - from + 1;
        if (to > from && a[to - 1] == '\r') {
            to--;
        }
        int n = to - from;
        if (n == 0) {
            if (fieldCount > 0) {
                emit(handler);
            }
            return; // empty lines between messages (fact 2) are skipped
        }
        if (n > limits.maxLineLength()) {
            throw error("line longer than " + limits.maxLineLength() + " bytes (" + n + " bytes)", a, from, to);
        }
        if (greetingPending) {
            greetingPending = false;
            greeting = new String(a, from, n, StandardCharsets.UTF_8);
            handler.greeting(greeting);
            return;
        }
        messageBytes += wireBytes;
        if (messageBytes > limits.maxMessageBytes()) {
            throw error("message larger than " + limits.maxMessageBytes() + " bytes", a, from, to);
        }
        if (fieldCount >= limits.maxHeaders() * 2) {
            throw error("more than " + limits.maxHeaders() + " headers in one message", a, from, to);
        }
        int colon = from;
        while (colon < to && a[colon] != ':') {
            colon++;
        }
        String name;
        String value;
        if (colon == to) {
            if (fieldCount == 0) {
                throw error("a message must start with a 'Name: value' header", a, from, to);
            }
            if (!warnedNameless) {
                warnedNameless = true;
                LOG.warn("AMI line without ':' inside a message at line {}, kept as a field with an empty name: {}",
                        lineNumber, Checks.excerpt(a, from, to));
            }
            name = "";
            value = new String(a, from, n, StandardCharsets.UTF_8);
        } else {
            name = names.get(a, from, colon - from);
            int v = colon + 1;
            if (v < to && a[v] == ' ') {
                v++;
            }
            value = values.get(a, v, to - v);
        }
        if (fieldCount == fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        fields[fieldCount++] = name;
        fields[fieldCount++] = value;
    }

    private void emit(Handler handler) {
        String[] done = Arrays.copyOf(fields, fieldCount);
        if (fields.length > INITIAL_FIELDS * 4) {
            fields = new String[INITIAL_FIELDS]; // do not keep a huge array after one big message
        } else {
            Arrays.fill(fields, 0, fieldCount, null);
        }
        fieldCount = 0;
        messageBytes = 0;
        handler.message(AmiMessage.wrap(done));
    }

    /**
     * Tells the decoder the stream ended. Returns {@code true} when an unfinished line or message
     * was pending (the peer closed mid-message; what was pending is discarded, never delivered
     * half).
     */
    public boolean endOfStream() {
        boolean pending = partialLength > 0 || fieldCount > 0;
        partialLength = 0;
        fieldCount = 0;
        messageBytes = 0;
        return pending;
    }

    private AmiProtocolException error(String problem, byte[] a, int from, int to) {
        return new AmiProtocolException(problem, lineStart, lineNumber, Checks.excerpt(a, from, to));
    }

    /**
     * Cache of short strings keyed by their bytes: header names (a few dozen distinct ones) and
     * short values, which repeat heavily (a call's {@code Uniqueid} appears in each of its
     * fifty-odd events; {@code Privilege}, {@code Context}, state names and empty values in nearly
     * all). A hit costs a hash of at most three 8-byte words and, up to 24 bytes, three word
     * comparisons (see {@link #WORD_KEYED_MAX}), instead of two allocations. Two-way set associative: a miss replaces the second way of the
     * set, so a seeded name is not pushed out by a single colliding stranger. Bounded (a hostile
     * stream of unique strings only replaces entries) and private to one decoder, so no locking.
     * Strings are decoded as UTF-8 (invalid sequences become U+FFFD), once per distinct byte
     * sequence.
     */
    static final class StringCache {
        /**
         * Strings of up to this many bytes are keyed by three 8-byte words alone: the first, the
         * last and the middle eight bytes cover every byte when {@code n <= 24} (shorter ones are
         * packed into one word), so a hit is three {@code long} comparisons, inline, and a miss
         * stores no copy of the bytes. Measured on the AMI reader thread, the former
         * {@code Arrays.equals} range compare (a call into {@code ArraysSupport.mismatch} per
         * value) was about a fifth of its CPU time; almost all AMI values (ids, channel names,
         * numbers, states) are at most 24 bytes.
         */
        static final int WORD_KEYED_MAX = 24;

        private final String[] strings;
        /** The bytes of strings longer than {@link #WORD_KEYED_MAX}; {@code null} for the others. */
        private final byte[][] keys;
        private final long[] word0;
        private final long[] word1;
        private final long[] word2;
        /** 0 marks an empty slot: the empty string is never cached. */
        private final int[] lengths;
        private final int mask;
        private final int maxLength;

        StringCache(int slots, int maxLength) {
            if (Integer.bitCount(slots) != 1 || slots < 2) {
                throw new IllegalArgumentException("slots must be a power of two of at least 2: " + slots);
            }
            this.strings = new String[slots];
            this.keys = new byte[slots][];
            this.word0 = new long[slots];
            this.word1 = new long[slots];
            this.word2 = new long[slots];
            this.lengths = new int[slots];
            this.mask = slots - 2; // the even slot of a two-slot set
            this.maxLength = maxLength;
        }

        /** Puts {@code s} (ASCII) in the cache, so the decoder returns this very instance for its bytes. */
        void seed(String s) {
            byte[] k = s.getBytes(StandardCharsets.ISO_8859_1);
            int n = k.length;
            if (n == 0 || n > maxLength) {
                return; // never looked up in the cache
            }
            long x0 = word0(k, 0, n);
            long x1 = word1(k, 0, n);
            long x2 = word2(k, 0, n);
            int set = hash(x0, x1, x2, n) & mask;
            if (lengths[set] != 0 && !matches(set, k, 0, n, x0, x1, x2)) {
                set++; // the set's first way is taken by another seed
            }
            store(set, k, 0, n, x0, x1, x2, s);
        }

        String get(byte[] a, int from, int n) {
            if (n == 0) {
                return "";
            }
            if (n > maxLength) {
                return new String(a, from, n, StandardCharsets.UTF_8);
            }
            long x0 = word0(a, from, n);
            long x1 = word1(a, from, n);
            long x2 = word2(a, from, n);
            int set = hash(x0, x1, x2, n) & mask;
            if (matches(set, a, from, n, x0, x1, x2)) {
                return strings[set];
            }
            if (matches(set + 1, a, from, n, x0, x1, x2)) {
                return strings[set + 1];
            }
            String s = new String(a, from, n, StandardCharsets.UTF_8);
            store(set + 1, a, from, n, x0, x1, x2, s);
            return s;
        }

        private boolean matches(int slot, byte[] a, int from, int n, long x0, long x1, long x2) {
            return lengths[slot] == n && word0[slot] == x0 && word1[slot] == x1 && word2[slot] == x2
                    && (n <= WORD_KEYED_MAX || Arrays.equals(keys[slot], 0, n, a, from, from + n));
        }

        private void store(int slot, byte[] a, int from, int n, long x0, long x1, long x2, String s) {
            lengths[slot] = n;
            word0[slot] = x0;
            word1[slot] = x1;
            word2[slot] = x2;
            keys[slot] = n <= WORD_KEYED_MAX ? null : Arrays.copyOfRange(a, from, from + n);
            strings[slot] = s;
        }

        /** The first eight bytes; for fewer than eight, all of them packed into one word. */
        private static long word0(byte[] a, int from, int n) {
            if (n >= 8) {
                return (long) LONGS.get(a, from);
            }
            long w = 0;
            for (int i = from, end = from + n; i < end; i++) {
                w = (w << 8) | (a[i] & 0xFF);
            }
            return w;
        }

        /** The last eight bytes (0 below eight bytes: word0 holds them all). */
        private static long word1(byte[] a, int from, int n) {
            return n >= 8 ? (long) LONGS.get(a, from + n - 8) : 0L;
        }

        /** The middle eight bytes (0 up to sixteen bytes: word0 and word1 cover them). */
        private static long word2(byte[] a, int from, int n) {
            return n > 16 ? (long) LONGS.get(a, from + (n >>> 1) - 4) : 0L;
        }

        /** A hash of {@code n} bytes from their first, middle and last eight (all of them for short ones). */
        static int hash(byte[] a, int from, int n) {
            return hash(word0(a, from, n), word1(a, from, n), word2(a, from, n), n);
        }

        private static int hash(long x0, long x1, long x2, int n) {
            long h = x0 * 0x9E3779B97F4A7C15L + x1 * 0xC2B2AE3D27D4EB4FL + x2 * 0x165667B19E3779F9L + n;
            h ^= h >>> 29;
            h *= 0xBF58476D1CE4E5B9L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
