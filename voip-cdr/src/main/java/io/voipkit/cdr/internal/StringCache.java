package io.voipkit.cdr.internal;

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
    private final int mask;

    /** A cache of {@code 2^bits} slots. */
    public StringCache(int bits) {
        keys = new byte[1 << bits][];
        values = new String[1 << bits];
        mask = (1 << bits) - 1;
    }

    /** The text of {@code b[s..e)}, decoded as UTF-8. */
    public String get(byte[] b, int s, int e) {
        int len = e - s;
        if (len > MAX_BYTES) {
            return new String(b, s, len, StandardCharsets.UTF_8);
        }
        int h = len;
        for (int i = s; i < e; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ (h >>> 15)) & mask;
        byte[] k = keys[slot];
        if (k != null && Arrays.equals(k, 0, k.length, b, s, e)) {
            return values[slot];
        }
        String v = new String(b, s, len, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(b, s, e);
        values[slot] = v;
        return v;
    }
}
