package io.voipkit.cdr.internal;

import io.voipkit.cdr.CallDirection;
import io.voipkit.cdr.CallLogEntry;
import io.voipkit.core.CallRecord;
import io.voipkit.core.internal.EndpointNaming;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Function;

/**
 * Derives a {@link CallLogEntry} from a {@link CallRecord}: the dedup key, the direction and the
 * operator.
 *
 * <p>Direction, first rule that applies: the calling channel is on a configured trunk: INBOUND;
 * the called channel is on a trunk: OUTBOUND; the destination context is a configured inbound
 * context: INBOUND; otherwise by the numbers: a number is external when it is all digits (an
 * optional leading {@code +}) and longer than the internal extension length, anything else (short
 * numbers, dialplan names such as {@code agent1} or {@code s}) is internal; an external caller
 * makes it INBOUND, an internal caller and external destination OUTBOUND, the rest INTERNAL. The operator is the phone endpoint of the answering
 * channel for inbound calls and of the calling channel otherwise (Local channels are plumbing and
 * give no operator).
 *
 * <p>Not thread-safe (it memoises endpoint names): one per import run.
 */
public final class CallLogDerivation {
    private final int internalMaxLength;
    private final EndpointNaming naming = EndpointNaming.standard();
    private final Function<String, String> contacts;
    private final Set<String> trunks;
    private final Set<String> inboundContexts;
    /**
     * Whether the naming gives no endpoint for {@code Local/} channels. It answers the same for
     * every channel of a technology it does not know, so one probe decides for all of them.
     */
    private final boolean localIsPlumbing = naming.endpointOf("Local/probe") == null;

    /**
     * Derivation treating numbers of at most {@code internalMaxLength} digits as internal, calls
     * on {@code trunks} endpoints and into {@code inboundContexts} as crossing the PBX's edge, and
     * linking the external party through {@code contacts} (number to contact id or {@code null};
     * may be {@code null}).
     */
    public CallLogDerivation(int internalMaxLength, Set<String> trunks, Set<String> inboundContexts,
                             Function<String, String> contacts) {
        this.internalMaxLength = internalMaxLength;
        this.trunks = trunks;
        this.inboundContexts = inboundContexts;
        this.contacts = contacts;
    }

    /** The entry for {@code record} read from {@code source}. */
    public CallLogEntry entry(CallRecord record, String source) {
        String own = endpointOf(record.channel());
        String other = endpointOf(record.destinationChannel());
        CallDirection direction;
        if (own != null && !trunks.isEmpty() && trunks.contains(own)) {
            direction = CallDirection.INBOUND;
            own = null;                            // a trunk is nobody's phone
        } else if (other != null && !trunks.isEmpty() && trunks.contains(other)) {
            direction = CallDirection.OUTBOUND;
            other = null;
        } else if (record.destinationContext() != null && !inboundContexts.isEmpty()
                && inboundContexts.contains(record.destinationContext())) {
            direction = CallDirection.INBOUND;
        } else {
            direction = direction(record.source(), record.destination());
        }
        String operator = direction == CallDirection.INBOUND ? (other != null ? other : own)
                : (own != null ? own : other);
        String recording = record.extra().get("recordingfile");
        String contact = null;
        if (contacts != null && direction != CallDirection.INTERNAL) {
            contact = contacts.apply(direction == CallDirection.INBOUND ? record.source() : record.destination());
        }
        return new CallLogEntry(keyOf(record), source, record, direction, record.source(), record.destination(),
                operator, recording, contact);
    }

    /** Channel prefixes (the name before a trailing {@code -<hex>} sequence) and their endpoints. */
    private final String[] memoPrefix = new String[1024];
    private final String[] memoEndpoint = new String[1024];

    /**
     * {@link EndpointNaming#endpointOf} of the standard naming, memoised. Why: it allocates four or
     * five strings per channel, twice per row, and a PBX has few phones. A channel such as
     * {@code PJSIP/101-ep-0000000a} ends in a sequence number that the standard naming strips, so
     * its endpoint depends only on the part before the last {@code -}; that part is the memo key.
     * Channels the naming treats otherwise (a {@code <ZOMBIE>} marker, surrounding blanks, FreeSWITCH
     * {@code sofia/} names, no sequence number) are not memoised.
     */
    private String endpointOf(String channel) {
        if (channel == null || channel.isEmpty() || channel.charAt(0) <= ' ' || channel.indexOf('<') >= 0
                || channel.regionMatches(true, 0, "sofia/", 0, 6)) {
            return naming.endpointOf(channel);
        }
        if (localIsPlumbing && channel.regionMatches(true, 0, "Local/", 0, 6)) {
            // Local/300@test-00000000;2: the ";2" defeats the sequence-number memo below, and the
            // naming answers null for every Local channel anyway (a technology it does not know)
            return null;
        }
        int dash = channel.lastIndexOf('-');
        if (dash <= 0 || !isSequenceNumber(channel, dash + 1)) {
            return naming.endpointOf(channel);
        }
        int h = 0;
        for (int i = 0; i < dash; i++) {
            h = 31 * h + channel.charAt(i);
        }
        int slot = (h ^ (h >>> 16)) & (memoPrefix.length - 1);
        String p = memoPrefix[slot];
        if (p != null && p.length() == dash && channel.regionMatches(0, p, 0, dash)) {
            return memoEndpoint[slot];
        }
        String endpoint = naming.endpointOf(channel);
        memoPrefix[slot] = channel.substring(0, dash);
        memoEndpoint[slot] = endpoint;
        return endpoint;
    }

    /** As {@code EndpointNaming}: hex digits, at least one of them a decimal digit. */
    private static boolean isSequenceNumber(String s, int from) {
        if (from >= s.length()) {
            return false;
        }
        boolean digit = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (!((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return digit;
    }

    /**
     * The dedup key: unique id, start second and a hash of the fields that tell apart the several
     * CDRs Asterisk writes for one uniqueid (channel, destination channel, last application,
     * duration, billsec, disposition). Left out, so that the key is the same whichever source the
     * record came from: lastdata (a database column may truncate it), userfield (not every layout
     * has it) and the end time (the classic {@code calldate} table layout has none, and start plus
     * duration differs from Asterisk's end by a second in about one row in twelve, because Asterisk
     * computes duration from microsecond times and truncates).
     */
    public static String key(CallRecord r) {
        String id = r.uniqueId();
        if (id.length() > 150) {                   // keep keys short enough for a database primary key
            id = "h" + Hashing.hex(Hashing.hash(0x1d, id));
        }
        return id + "/" + r.start().getEpochSecond() + "/" + Hashing.hex(keyHash(r));
    }

    /** The text scratch of {@link #keyOf}: {@code /<start second>/<16 hex digits>}. */
    private final byte[] keySuffix = new byte[40];
    /** The decimal digits of the last start second written into a key. */
    private long lastSecond = -1;
    private final byte[] lastSecondDigits = new byte[20];
    private int lastSecondLength;

    /**
     * {@link #key(CallRecord)}: the part after the id written into one reused byte array, then
     * {@code String.concat} (one copy of each part, by array copy): the concatenation allocated
     * the hash's hex digits twice and the key's bytes once more per row, and copying the id char
     * by char took 2-3 % of reading, mapping and deriving a row. Over-long ids and times before
     * 1970 go the general way.
     */
    private String keyOf(CallRecord r) {
        String id = r.uniqueId();
        long second = r.start().getEpochSecond();
        if (id.length() > 150 || second < 0) {
            return key(r);
        }
        long h = keyHash(r);
        byte[] out = keySuffix;
        int at = 0;
        out[at++] = '/';
        if (second != lastSecond) {
            // the rows of one call share their start second: its digits are written once per call
            lastSecond = second;
            int digits = 1;
            for (long v = second; v >= 10; v /= 10) {
                digits++;
            }
            lastSecondLength = digits;
            for (long v = second; digits > 0; v /= 10) {
                lastSecondDigits[--digits] = (byte) ('0' + v % 10);
            }
        }
        System.arraycopy(lastSecondDigits, 0, out, at, lastSecondLength);
        at += lastSecondLength;
        out[at++] = '/';
        Hashing.hex(h, out, at);
        at += 16;
        return id.concat(new String(out, 0, at, StandardCharsets.ISO_8859_1));
    }

    /**
     * The hash part of {@link #key(CallRecord)}. The key's id and start second already single out
     * one call's rows of one second; this tells those rows apart by what differs between them:
     * channels, application, durations, disposition. A text enters as its length and
     * {@link String#hashCode()}, which the Java platform specifies (the same on every JVM and
     * version, so stored keys stay valid) and a string keeps once computed (the application and
     * disposition names are the same instances row after row); each part is mixed in with an xor
     * and a multiplication by an odd constant, so two rows that differ in one part share the hash
     * only if that part's two texts have the same length and the same {@code hashCode}.
     *
     * <p>Why not FNV-1a over every character, as until 2026-11-26: its per-character steps (a
     * {@code charAt}, a compare, an xor, a multiplication) were 9 % of reading, mapping and
     * deriving a {@code Master.csv} row; with this the same work takes 0.93 of the time (measured
     * in one JVM against the old code, alternating; running FNV's fields as independent chains
     * gained nothing). Keys written before that change differ in this part: a call log imported
     * with a build before then is re-imported into a new table, not on top of it.
     */
    private static long keyHash(CallRecord r) {
        long h = 0x6b6579;
        h = mixIn(h, text(r.channel()));
        h = mixIn(h, text(r.destinationChannel()));
        h = mixIn(h, text(r.lastApplication()));
        h = mixIn(h, r.duration().toSeconds());
        h = mixIn(h, r.billableSeconds().toSeconds());
        h = mixIn(h, text(r.disposition().name()));      // the name, not the ordinal: keys must survive enum changes
        return Hashing.finish(h);
    }

    private static final long ODD = 0x9e3779b97f4a7c15L;

    /** For a fixed {@code h}, a different {@code part} always gives a different result (xor, then an odd multiplier). */
    private static long mixIn(long h, long part) {
        return (h ^ part) * ODD;
    }

    /** A text as one number: its length above its {@code hashCode}; {@code null} as -1, which no text gives. */
    private static long text(String s) {
        return s == null ? -1L : (long) s.length() << 32 | (s.hashCode() & 0xffffffffL);
    }

    /** The direction of a call from {@code source} to {@code destination}; see the class comment. */
    public CallDirection direction(String source, String destination) {
        if (isExternal(source)) {
            return CallDirection.INBOUND;
        }
        if (isExternal(destination)) {
            return CallDirection.OUTBOUND;
        }
        return CallDirection.INTERNAL;
    }

    private boolean isExternal(String number) {
        if (number == null) {
            return false;
        }
        int start = number.startsWith("+") ? 1 : 0;
        int digits = number.length() - start;
        if (digits == 0) {
            return false;
        }
        for (int i = start; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return start == 1 || digits > internalMaxLength;
    }
}
