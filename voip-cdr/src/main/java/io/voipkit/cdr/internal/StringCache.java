package io.voipkit.cdr.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Turns short UTF-8 byte slices into {@code String}s, returning the same instance for bytes seen
 * recently. Why: most CDR columns repeat (contexts, applications, account codes, AMA flags, the
 * caller ids of the same phones); decoding each again costs an allocation and a copy per field
 * per row, and a sink that keeps records in memory would hold millions of equal strings.
 *
 * <p>A direct-mapped table (one slot per hash, the newer value wins), so its size is fixed and a
 * lookup is one hash and one comparison of the bytes. Values longer than {@value #MAX_BYTES}
 * bytes are not cached. Not thread-safe: one per parser.
 *
 * <p>A slot keeps its value's bytes as the eight-byte words the hash reads, inside one
 * {@code long[]} beside the length and the string: a lookup loads the three at once, where a
 * {@code byte[]} per slot made it wait for the array reference before it could load the bytes
 * (the caller number and caller id of every CSV row are looked up here), and a miss stores
 * words instead of allocating a copy of the bytes.
 */
public final class StringCache {
    private static final int MAX_BYTES = 64;
    /** Words per slot: {@value #MAX_BYTES} bytes. */
    private static final int WORDS = MAX_BYTES / 8;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    /**
     * The words of slot {@code i} at {@code i * WORDS}: for a value of {@code n >= 8} bytes, the
     * words at byte offsets 0, 8, ... below {@code n - 8}, then the word ending at {@code n}
     * (overlapping the one before unless {@code n} is a multiple of eight); for a shorter value,
     * its bytes in one word, little-endian, zero above.
     */
    private final long[] words;
    /** The length of each slot's value; 0 marks an empty slot (the empty string is not kept). */
    private final int[] lengths;
    private final String[] values;
    private final int shift;

    /** A cache of {@code 2^bits} slots ({@code bits} 1 to 24). */
    public StringCache(int bits) {
        if (bits < 1 || bits > 24) {
            throw new IllegalArgumentException("bits must be 1 to 24, was " + bits);
        }
        words = new long[WORDS << bits];
        lengths = new int[1 << bits];
        values = new String[1 << bits];
        shift = 64 - bits;
    }

    /** The text of {@code b[s..e)}, decoded as UTF-8. */
    public String get(byte[] b, int s, int e) {
        int len = e - s;
        if (len > MAX_BYTES) {
            return new String(b, s, len, StandardCharsets.UTF_8);
        }
        if (len == 0) {
            return "";
        }
        // eight bytes per multiplication: a byte-at-a-time polynomial is a chain of dependent
        // multiplications, one per byte of every cached field
        long h = len;
        int last;                                   // the byte offset of the last word
        long tail;
        if (len < 8) {
            last = s;
            tail = shortWord(b, s, e);
        } else {
            last = e - 8;
            for (int i = s; i < last; i += 8) {
                h = (h ^ (long) LONGS.get(b, i)) * GOLDEN;
            }
            tail = (long) LONGS.get(b, last);
        }
        h = (h ^ tail) * GOLDEN;
        int slot = (int) (h >>> shift);            // the high bits of a multiplicative hash are the mixed ones
        int at = slot * WORDS;
        if (lengths[slot] == len && matches(b, s, last, tail, at)) {
            return values[slot];
        }
        String v = new String(b, s, len, StandardCharsets.UTF_8);
        long[] w = words;
        int k = at;
        for (int i = s; i < last; i += 8) {
            w[k++] = (long) LONGS.get(b, i);
        }
        w[k] = tail;
        lengths[slot] = len;
        values[slot] = v;
        return v;
    }

    /** Whether the words of {@code b[s..)} up to {@code last}, then {@code tail}, are those at {@code words[at..]}. */
    private boolean matches(byte[] b, int s, int last, long tail, int at) {
        long[] w = words;
        int k = at;
        for (int i = s; i < last; i += 8) {
            if (w[k++] != (long) LONGS.get(b, i)) {
                return false;
            }
        }
        return w[k] == tail;
    }

    /** The 1 to 7 bytes {@code b[s..e)} in one word, little-endian, zero above, wherever they sit in {@code b}. */
    private static long shortWord(byte[] b, int s, int e) {
        int len = e - s;
        if (s + 8 <= b.length) {
            return (long) LONGS.get(b, s) & -1L >>> (64 - 8 * len);
        }
        if (e >= 8) {
            return (long) LONGS.get(b, e - 8) >>> (64 - 8 * len);
        }
        long w = 0;
        for (int i = e - 1; i >= s; i--) {
            w = w << 8 | (b[i] & 0xff);
        }
        return w;
    }
}
