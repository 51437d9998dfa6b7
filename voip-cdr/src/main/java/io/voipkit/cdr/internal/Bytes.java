package io.voipkit.cdr.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Comparison of short byte slices, for the per-row memos of the CSV mappers. */
final class Bytes {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {
    }

    /**
     * Whether {@code a[as..as+len)} equals {@code b[bs..bs+len)}. Eight bytes per compare, the
     * last word overlapping the one before: {@code Arrays.equals} over a range checks both ranges
     * and dispatches to a vectorised loop whose set-up costs more than the compare of a 3 to 30
     * byte value, and a row compares a dozen of them.
     */
    static boolean equal(byte[] a, int as, byte[] b, int bs, int len) {
        if (len < 8) {
            if (len == 0) {
                return true;
            }
            if (as + 8 <= a.length && bs + 8 <= b.length) {
                // one word each, the bytes past the slices masked off: no loop whose exit mispredicts
                long x = (long) LONGS.get(a, as) ^ (long) LONGS.get(b, bs);
                return (x & -1L >>> (64 - 8 * len)) == 0;
            }
            for (int i = 0; i < len; i++) {
                if (a[as + i] != b[bs + i]) {
                    return false;
                }
            }
            return true;
        }
        int i = 0;
        for (; i + 8 < len; i += 8) {
            if ((long) LONGS.get(a, as + i) != (long) LONGS.get(b, bs + i)) {
                return false;
            }
        }
        return (long) LONGS.get(a, as + len - 8) == (long) LONGS.get(b, bs + len - 8);
    }
}
