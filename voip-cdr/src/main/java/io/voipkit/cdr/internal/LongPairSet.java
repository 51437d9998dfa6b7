package io.voipkit.cdr.internal;

/**
 * A set of 128-bit values (two longs), open addressing with linear probing: 16 bytes per entry
 * instead of the ~150 a {@code HashSet<String>} of dedup keys costs, and no pointer chasing on
 * lookup. Used to remember dedup keys by their {@link #fingerprint 128-bit fingerprint} (the
 * chance that two of ten million keys share one is about 10^-25). Not thread-safe.
 */
public final class LongPairSet {
    private long[] hi;
    private long[] lo;
    private boolean[] used;
    private int size;
    private int mask;

    /** An empty set sized for about {@code expected} entries before it grows. */
    public LongPairSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        hi = new long[cap];
        lo = new long[cap];
        used = new boolean[cap];
        mask = cap - 1;
    }

    /** Adds {@code (h, l)}; {@code true} if it was not present. */
    public boolean add(long h, long l) {
        if (size * 2 >= hi.length) {
            grow();
        }
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (used[i]) {
            if (hi[i] == h && lo[i] == l) {
                return false;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        hi[i] = h;
        lo[i] = l;
        size++;
        return true;
    }

    /** How many pairs it holds. */
    public int size() {
        return size;
    }

    private void grow() {
        long[] oh = hi;
        long[] ol = lo;
        boolean[] ou = used;
        hi = new long[oh.length * 2];
        lo = new long[oh.length * 2];
        used = new boolean[oh.length * 2];
        mask = hi.length - 1;
        size = 0;
        for (int i = 0; i < oh.length; i++) {
            if (ou[i]) {
                add(oh[i], ol[i]);
            }
        }
    }

    /** The high half of the 128-bit fingerprint of a dedup key. */
    public static long fingerprintHigh(String key) {
        return Hashing.finish(Hashing.add(Hashing.start(0x9e3779b97f4a7c15L), key));
    }

    /** The low half of the 128-bit fingerprint of a dedup key (an independent seed and finaliser). */
    public static long fingerprintLow(String key) {
        long h = 0x6a09e667f3bcc909L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
            h = Long.rotateLeft(h, 29);
        }
        return Hashing.finish(h ^ key.length());
    }
}
