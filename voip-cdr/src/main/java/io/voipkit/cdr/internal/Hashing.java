package io.voipkit.cdr.internal;

import java.nio.charset.StandardCharsets;

/**
 * A stable 64-bit hash (FNV-1a followed by a murmur3 finaliser) for dedup keys and synthetic ids.
 * Stable means: the same across JVMs, versions and runs, which {@code String.hashCode} also is but
 * with 32 bits only, too few for millions of records.
 */
public final class Hashing {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long FNV_PRIME_SQUARED = FNV_PRIME * FNV_PRIME;

    private Hashing() {
    }

    /** The hash of {@code b[s..e)} with {@code seed}. */
    public static long hash(byte[] b, int s, int e, long seed) {
        return mix(addBytes(FNV_OFFSET ^ seed, b, s, e));
    }

    /**
     * Adds the bytes {@code b[s..e)}, without a separator: {@code hash(b, s, e, seed)} is
     * {@code finish(addBytes(start(seed), b, s, e))}, and slices added one after the other hash as
     * their concatenation would.
     */
    public static long addBytes(long h, byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            h ^= b[i] & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }

    /** The hash of several texts, each followed by a separator so that ("ab","c") differs from ("a","bc"). */
    public static long hash(long seed, String... parts) {
        long h = FNV_OFFSET ^ seed;
        for (String p : parts) {
            if (p != null) {
                byte[] b = p.getBytes(StandardCharsets.UTF_8);
                for (byte x : b) {
                    h ^= x & 0xff;
                    h *= FNV_PRIME;
                }
            }
            h ^= 0x1f;                     // unit separator, never in the UTF-8 of normal text
            h *= FNV_PRIME;
        }
        return mix(h);
    }

    /** Starts an incremental hash (see {@link #add(long, String)}, {@link #add(long, long)}, {@link #finish(long)}). */
    public static long start(long seed) {
        return FNV_OFFSET ^ seed;
    }

    /** Adds a text (UTF-16 code units, then a separator; {@code null} adds only the separator). */
    public static long add(long h, String s) {
        if (s != null) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x100) {
                    // the high byte is zero: xor-ing it is a no-op, so the two multiplications are one by
                    // the squared prime (the same hash, half the multiply latency on the usual ASCII keys)
                    h = (h ^ c) * FNV_PRIME_SQUARED;
                } else {
                    h ^= c & 0xff;
                    h *= FNV_PRIME;
                    h ^= c >>> 8;
                    h *= FNV_PRIME;
                }
            }
        }
        h ^= 0x1f;
        h *= FNV_PRIME;
        return h;
    }

    /**
     * Adds a number: its eight bytes, least significant first. A zero byte leaves the xor a no-op,
     * so the steps of the zero bytes above the highest non-zero one are one multiplication by a
     * power of the prime, and a step for a zero byte changes nothing when it is done anyway.
     * Durations fit in two bytes: two steps always, then one multiplication, the same hash as
     * eight steps; no branch on how many bytes the value has (a duration of 0, 10 or 300 seconds
     * from one row to the next made that branch a misprediction per number).
     */
    public static long add(long h, long v) {
        if (v >>> 16 == 0) {
            return ((h ^ (v & 0xff)) * FNV_PRIME ^ v >>> 8) * FNV_PRIME_7;
        }
        int i = 0;
        for (; i < 8 && (v >>> (i * 8)) != 0; i++) {
            h ^= (v >>> (i * 8)) & 0xff;
            h *= FNV_PRIME;
        }
        return h * FNV_PRIME_POWERS[8 - i];
    }

    /** {@code FNV_PRIME} to the seventh power (mod 2^64): the second byte's step and the six zero bytes' above it. */
    private static final long FNV_PRIME_7 = FNV_PRIME_SQUARED * FNV_PRIME_SQUARED * FNV_PRIME_SQUARED * FNV_PRIME;

    /** {@code FNV_PRIME} to the powers 0 to 8 (mod 2^64). */
    private static final long[] FNV_PRIME_POWERS = new long[9];

    static {
        FNV_PRIME_POWERS[0] = 1;
        for (int i = 1; i <= 8; i++) {
            FNV_PRIME_POWERS[i] = FNV_PRIME_POWERS[i - 1] * FNV_PRIME;
        }
    }

    /** The final hash. */
    public static long finish(long h) {
        return mix(h);
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** 16 lower-case hex digits. */
    public static String hex(long v) {
        byte[] out = new byte[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
        return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
}
