package io.voipkit.benchmarks;

import io.voipkit.cdr.internal.Hashing;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A set of 128-bit values (two longs), open addressing with linear probing: 16 bytes per entry
 * instead of the ~150 a {@code HashSet<String>} of dedup keys costs, and no pointer chasing on
 * lookup. Used to remember dedup keys by their {@link #fingerprint 128-bit fingerprint} (the
 * chance that two of ten million keys share one is about 10^-25). Not thread-safe.
 *
 * <p>The key set of {@link CdrCsvBenchmark}'s sink. It lived in voip-cdr until the review of
 * 2026-11-25 found that no library code used it (the library's sinks dedup in the database's
 * unique index or in {@code InMemoryCallRecordSink}'s map): a benchmark-side structure belongs
 * to the benchmarks.
 */
public final class LongPairSet {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_SEED = 0x9e3779b97f4a7c15L;
    private static final long HIGH_C1 = 0x87c37b91114253d5L;
    private static final long HIGH_C2 = 0x4cf5ad432745937fL;
    private static final long LOW_SEED = 0x6a09e667f3bcc909L;
    private static final long LOW_C1 = 0xc2b2ae3d27d4eb4fL;
    private static final long LOW_C2 = 0x165667b19e3779f9L;

    /**
     * The pairs side by side ({@code h} at {@code 2i}, {@code l} at {@code 2i + 1}), {@code (0, 0)}
     * marking a free slot: a probe touches one cache line, where separate arrays for the halves and
     * the used flags cost three cache misses per lookup in a set larger than the caches.
     */
    private long[] slots;
    /** Whether the pair {@code (0, 0)} is in the set (it cannot be stored: it marks free slots). */
    private boolean hasZero;
    private int size;
    private int mask;

    /** An empty set sized for about {@code expected} entries before it grows. */
    public LongPairSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        slots = new long[cap * 2];
        mask = cap - 1;
    }

    /** Adds {@code (h, l)}; {@code true} if it was not present. */
    public boolean add(long h, long l) {
        if ((h | l) == 0) {
            if (hasZero) {
                return false;
            }
            hasZero = true;
            size++;
            return true;
        }
        if (size * 2 >= mask + 1) {
            grow();
        }
        long[] t = slots;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (true) {
            long sh = t[2 * i];
            long sl = t[2 * i + 1];
            if ((sh | sl) == 0) {
                break;
            }
            if (sh == h && sl == l) {
                return false;
            }
            i = (i + 1) & mask;
        }
        t[2 * i] = h;
        t[2 * i + 1] = l;
        size++;
        return true;
    }

    /**
     * Adds the 128-bit fingerprint of {@code key}: the same as
     * {@code add(fingerprintHigh(key), fingerprintLow(key))}, with both halves computed in one pass
     * over the key (two independent multiplication chains that the CPU runs side by side).
     */
    public boolean addKey(String key) {
        ensureBatch(1);
        fingerprint(key, batchHigh, batchLow, 0);
        return add(batchHigh[0], batchLow[0]);
    }

    /** Fingerprint halves between hashing and probing: a batch of {@link #addKeys}, or {@link #addKey}'s one key. */
    private long[] batchHigh = new long[0];
    private long[] batchLow = new long[0];

    /**
     * Adds the fingerprints of {@code keys[0..n)}, as {@link #addKey} one by one would, and says how
     * many were new. Why a batch: in a set larger than the caches every add waits for a memory
     * access; hashing all keys first and then probing leaves the probe loop so short that the CPU
     * runs many of those accesses at once, where hashing between them kept them one at a time.
     */
    public int addKeys(String[] keys, int n) {
        ensureBatch(n);
        long[] hs = batchHigh;
        long[] ls = batchLow;
        for (int k = 0; k < n; k++) {
            fingerprint(keys[k], hs, ls, k);
        }
        int added = 0;
        for (int k = 0; k < n; k++) {
            if (add(hs[k], ls[k])) {
                added++;
            }
        }
        return added;
    }

    private void ensureBatch(int n) {
        if (batchHigh.length < n) {
            batchHigh = new long[n];
            batchLow = new long[n];
        }
    }

    /**
     * Both halves of {@code key}'s fingerprint into {@code hs[k]} and {@code ls[k]}, in one pass over
     * the key: the same values as {@link #fingerprintHigh} and {@link #fingerprintLow}, as two
     * independent multiplication chains that the CPU runs side by side.
     */
    private static void fingerprint(String key, long[] hs, long[] ls, int k) {
        byte[] u = key.getBytes(StandardCharsets.UTF_8);
        int len = u.length;
        long a = HIGH_SEED ^ len;
        long b = LOW_SEED ^ len;
        for (int i = 0; i + 8 < len; i += 8) {
            long w = (long) LONGS.get(u, i);
            a ^= Long.rotateLeft(w * HIGH_C1, 31) * HIGH_C2;
            a = Long.rotateLeft(a, 27) * 5 + 0x52dce729;
            b ^= Long.rotateLeft(w * LOW_C1, 33) * LOW_C2;
            b = Long.rotateLeft(b, 29) * 5 + 0x52dce729;
        }
        long w = lastWord(u);
        a ^= Long.rotateLeft(w * HIGH_C1, 31) * HIGH_C2;
        b ^= Long.rotateLeft(w * LOW_C1, 33) * LOW_C2;
        hs[k] = Hashing.finish(a);
        ls[k] = Hashing.finish(b);
    }

    /**
     * The word that ends the key: its last eight bytes (overlapping the word before unless the
     * length is a multiple of eight; the length in the seed keeps that unambiguous), or all of a
     * shorter key's bytes, zero above.
     */
    private static long lastWord(byte[] u) {
        int len = u.length;
        if (len >= 8) {
            return (long) LONGS.get(u, len - 8);
        }
        long w = 0;
        for (int j = len - 1; j >= 0; j--) {
            w = w << 8 | (u[j] & 0xff);
        }
        return w;
    }

    /** How many pairs it holds. */
    public int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        mask = old.length - 1;                     // the new capacity is old.length pairs
        size = hasZero ? 1 : 0;
        for (int i = 0; i < old.length; i += 2) {
            if ((old[i] | old[i + 1]) != 0) {
                add(old[i], old[i + 1]);
            }
        }
    }

    /**
     * The high half of the 128-bit fingerprint of a dedup key: the key's UTF-8 bytes, eight per
     * step (murmur3's 64-bit block mixing). Why the UTF-8 bytes: for the ASCII keys of every real
     * CDR, {@code getBytes} is one vectorised check and one array copy, and then a step reads eight
     * bytes at once; four {@code charAt} per step cost 3 to 4 % of a whole one-thread import
     * (measured in one JVM against the former way, alternating). UTF-8 encodes every string
     * differently, so no two keys share the bytes. The values are not stored anywhere, so they may
     * change between versions.
     */
    public static long fingerprintHigh(String key) {
        return fingerprint(key, HIGH_SEED, HIGH_C1, HIGH_C2, 31, 27);
    }

    /** The low half of the 128-bit fingerprint of a dedup key (independent seed, constants and rotations). */
    public static long fingerprintLow(String key) {
        return fingerprint(key, LOW_SEED, LOW_C1, LOW_C2, 33, 29);
    }

    private static long fingerprint(String key, long seed, long c1, long c2, int r1, int r2) {
        byte[] u = key.getBytes(StandardCharsets.UTF_8);
        int len = u.length;
        long h = seed ^ len;
        for (int i = 0; i + 8 < len; i += 8) {
            h ^= Long.rotateLeft((long) LONGS.get(u, i) * c1, r1) * c2;
            h = Long.rotateLeft(h, r2) * 5 + 0x52dce729;
        }
        h ^= Long.rotateLeft(lastWord(u) * c1, r1) * c2;
        return Hashing.finish(h);
    }
}
