package io.voipkit.cdr.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns short UTF-8 byte slices into {@code String}s, returning the same instance for bytes seen
 * recently. Why: most CDR columns repeat (contexts, applications, account codes, AMA flags, the
 * caller ids of the same phones); decoding each again costs an allocation and a copy per field
 * per row, and a sink that keeps records in memory would hold millions of equal strings.
 *
 * <p>A direct-mapped table (one slot per hash, the newer value wins), so its size is fixed and a
 * lookup is one hash and one comparison of the bytes. Values longer than {@value #MAX_BYTES}
 * bytes are not cached. Not thread-safe: one per parser.
 */
public final class StringCache {
    private static final int MAX_BYTES = 64;

    private final byte[][] keys;
    private final String[] values;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private final int shift;

    /** A cache of {@code 2^bits} slots ({@code bits} 1 to 30). */
    public StringCache(int bits) {
        if (bits < 1 || bits > 30) {
            throw new IllegalArgumentException("bits must be 1 to 30, was " + bits);
        }
        keys = new byte[1 << bits][];
        values = new String[1 << bits];
        shift = 64 - bits;
    }

    /** The text of {@code b[s..e)}, decoded as UTF-8. */
    public String get(byte[] b, int s, int e) {
        int len = e - s;
        if (len > MAX_BYTES) {
            return new String(b, s, len, StandardCharsets.UTF_8);
        }
        // eight bytes per multiplication (the last word may overlap the one before): a byte-at-a-time
        // polynomial is a chain of dependent multiplications, one per byte of every cached field
        long h = len;
        int i = s;
        for (; i + 8 <= e; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * GOLDEN;
        }
        if (i < e) {
            long w;
            if (len >= 8) {
                w = (long) LONGS.get(b, e - 8);
            } else {
                w = 0;
                for (; i < e; i++) {
                    w = w << 8 | (b[i] & 0xff);
                }
            }
            h = (h ^ w) * GOLDEN;
        }
        int slot = (int) (h >>> shift);            // the high bits of a multiplicative hash are the mixed ones
        byte[] k = keys[slot];
        if (k != null && k.length == len && Bytes.equal(k, 0, b, s, len)) {
            return values[slot];
        }
        String v = new String(b, s, len, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(b, s, e);
        values[slot] = v;
        return v;
    }
}
