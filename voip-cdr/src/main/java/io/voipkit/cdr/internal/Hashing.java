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

    /** Starts an incremental hash (see {@link #addBytes}, {@link #finish(long)}). */
    public static long start(long seed) {
        return FNV_OFFSET ^ seed;
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
        hex(v, out, 0);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** The 16 lower-case hex digits of {@code v} into {@code out[at..at+16)}, as ASCII. */
    public static void hex(long v, byte[] out, int at) {
        for (int i = at + 15; i >= at; i--) {
            out[i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
}
