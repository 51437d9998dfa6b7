package io.voipkit.freeswitch.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches for the event parser, eight bytes at a time ("SWAR": a {@code long} read from the
 * array, the classic has-zero-byte test). A FreeSWITCH event is ~2 kB of header lines and every
 * byte has to be looked at once to find the line ends; a byte loop costs about a cycle per byte,
 * this about a quarter of that. Stateless and thread-safe.
 *
 * <p>The test {@code (x - 0x01..01) & ~x & 0x80..80} flags every zero byte of {@code x}, and
 * possibly bytes above (more significant than) a zero byte, never one below: with the words read
 * little-endian, the lowest flagged byte is therefore always the first match in array order.
 */
final class EslBytes {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LFS = ONES * '\n';
    private static final long COLONS = ONES * ':';

    private EslBytes() {
    }

    /** The eight bytes {@code b[at, at + 8)} as a little-endian {@code long}. */
    static long longAt(byte[] b, int at) {
        return (long) LONGS.get(b, at);
    }

    /** The index of the first LF in {@code b[from, to)}, or -1. */
    static int indexOfLf(byte[] b, int from, int to) {
        int i = from;
        for (; i <= to - 8; i += 8) {
            long x = (long) LONGS.get(b, i) ^ LFS;
            long m = (x - ONES) & ~x & HIGHS;
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first {@code ':'} or LF in {@code b[from, to)}, or -1. */
    static int indexOfColonOrLf(byte[] b, int from, int to) {
        int i = from;
        for (; i <= to - 8; i += 8) {
            long w = (long) LONGS.get(b, i);
            long x = w ^ LFS;
            long y = w ^ COLONS;
            long m = ((x - ONES) & ~x | (y - ONES) & ~y) & HIGHS;
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == ':' || c == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first {@code x} in {@code b[from, to)}, or -1 (short values: a plain loop). */
    static int indexOf(byte[] b, int from, int to, byte x) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code b[from, to)} is all ASCII. */
    static boolean isAscii(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
