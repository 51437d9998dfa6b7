package io.voipkit.cdr.internal;

import io.voipkit.core.InvalidRequestException;
import java.time.Instant;
import java.util.Arrays;

/**
 * Encodes call-log rows (the values {@link CallLogRows#values} produces) in PostgreSQL's binary
 * {@code COPY} format into one reused byte array, handed on in chunks so memory stays flat
 * whatever the batch size.
 *
 * <p>Why binary rather than CSV text: the server then reads a timestamp as eight bytes instead of
 * parsing {@code yyyy-MM-dd HH:mm:ss.ffffff}, a {@code bigint} as eight bytes, and a text without
 * scanning it for quotes; the client writes no digits and escapes nothing. Texts go as UTF-8 with
 * a length prefix, so tabs, quotes, backslashes, {@code \N}, {@code \.} and line breaks need no
 * treatment at all. The format (PostgreSQL documentation, "COPY", "Binary Format"): an 11-byte
 * signature, a 32-bit flags field and a 32-bit header-extension length, then per row a 16-bit
 * field count and per field a 32-bit length ({@code -1} for {@code NULL}) and the value in the
 * type's binary send format, then a 16-bit {@code -1}. The types are fixed by
 * {@link #COLUMN_TYPES}; {@link PgCallLogWriter} checks that the table has them before it uses
 * this encoding.
 *
 * <p>Not thread-safe: one per writing thread.
 */
final class PgCopyEncoder {
    /** Column type: {@code varchar} or {@code text} (UTF-8 bytes). */
    static final int TEXT = 0;
    /** Column type: {@code timestamp} without time zone (int64 microseconds since 2000-01-01). */
    static final int TIMESTAMP = 1;
    /** Column type: {@code bigint} (int64). */
    static final int BIGINT = 2;

    /** The type of each of {@link CallLogRows#COLUMNS}, in that order. */
    static final int[] COLUMN_TYPES = columnTypes();

    /** Bytes collected before they are handed on: large enough to amortise a socket write, small enough to stay in cache. */
    static final int CHUNK = 64 * 1024;

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix seconds. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    /** The first second PostgreSQL's {@code timestamp} holds (4714-11-24 BC), in Unix seconds. */
    static final long MIN_SECONDS = -211_813_488_000L + PG_EPOCH_SECONDS;
    /** The first second after PostgreSQL's {@code timestamp} range (294277-01-01), in Unix seconds. */
    static final long END_SECONDS = 9_223_371_331_200L + PG_EPOCH_SECONDS;

    /** Where full chunks go (the {@code COPY} stream). */
    interface Sink {
        /** Takes {@code len} bytes of {@code b} from {@code off}; they are overwritten after the call returns. */
        void write(byte[] b, int off, int len) throws java.sql.SQLException;
    }

    private byte[] buf = new byte[CHUNK + 8 * 1024];
    private int len;

    private static int[] columnTypes() {
        int[] types = new int[CallLogRows.COLUMNS.length];
        for (int i = 0; i < types.length; i++) {
            String c = CallLogRows.COLUMNS[i];
            types[i] = switch (c) {
                case "call_start", "answered_at", "call_end" -> TIMESTAMP;
                case "duration_s", "billable_s" -> BIGINT;
                default -> TEXT;
            };
        }
        return types;
    }

    /**
     * Checks what the binary format cannot carry but CSV text could have: a time outside
     * PostgreSQL's {@code timestamp} range (the server would refuse it; finding it here lets a
     * write refuse the whole batch before any part of it is stored).
     *
     * @param row   values from {@link CallLogRows#values}
     * @param index the entry's index in the batch, for the message
     */
    static void check(Object[] row, int index) {
        for (int i = 0; i < row.length; i++) {
            if (row[i] instanceof Instant t && (t.getEpochSecond() < MIN_SECONDS || t.getEpochSecond() >= END_SECONDS)) {
                throw new InvalidRequestException("entries[" + index + "]." + CallLogRows.COLUMNS[i],
                        "must be within PostgreSQL's timestamp range (4714 BC to 294276 AD), was " + t);
            }
        }
    }

    /** Bytes encoded and not yet handed on. */
    int pending() {
        return len;
    }

    /** The encoded bytes; valid up to {@link #pending()}. */
    byte[] buffer() {
        return buf;
    }

    /** Forgets what is pending (after a failed stream). */
    void reset() {
        len = 0;
    }

    /** Starts a stream: signature, no flags, no header extension. */
    void header() {
        ensure(SIGNATURE.length + 8);
        System.arraycopy(SIGNATURE, 0, buf, len, SIGNATURE.length);
        len += SIGNATURE.length;
        int32(0);
        int32(0);
    }

    /** Ends a stream. */
    void trailer() {
        ensure(2);
        int16(-1);
    }

    /** Hands on what is pending if it reached {@link #CHUNK}. */
    void flushIfFull(Sink out) throws java.sql.SQLException {
        if (len >= CHUNK) {
            flush(out);
        }
    }

    /** Hands on what is pending. */
    void flush(Sink out) throws java.sql.SQLException {
        if (len > 0) {
            int n = len;
            len = 0;
            out.write(buf, 0, n);
        }
    }

    /**
     * One row: {@code row} holds, per {@link #COLUMN_TYPES}, a {@code String} or an
     * {@code Instant} (already checked by {@link #check}) or a {@code Long}, or {@code null}.
     */
    void row(Object[] row) {
        ensure(2 + row.length * 12);
        int16(row.length);
        for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            if (v == null) {
                int32(-1);
            } else if (v instanceof String s) {
                text(s);
            } else if (v instanceof Instant t) {
                int32(8);
                int64((t.getEpochSecond() - PG_EPOCH_SECONDS) * 1_000_000L + t.getNano() / 1000);
            } else {
                int32(8);
                int64((Long) v);
            }
        }
    }

    /** A length-prefixed UTF-8 text; a lone surrogate becomes {@code ?}, as {@code String.getBytes} does. */
    private void text(String s) {
        int n = s.length();
        ensure(4 + 3 * n);                          // at most 3 bytes per char (a pair: 4 bytes for 2 chars)
        byte[] b = buf;
        int start = len + 4;
        int p = start;
        int i = 0;
        for (; i < n; i++) {                          // the common case: ASCII, one store per char
            char ch = s.charAt(i);
            if (ch >= 0x80) {
                break;
            }
            b[p++] = (byte) ch;
        }
        for (; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                b[p++] = (byte) ch;
            } else if (ch < 0x800) {
                b[p++] = (byte) (0xc0 | (ch >> 6));
                b[p++] = (byte) (0x80 | (ch & 0x3f));
            } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, s.charAt(++i));
                b[p++] = (byte) (0xf0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                b[p++] = (byte) (0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(ch)) {
                b[p++] = '?';
            } else {
                b[p++] = (byte) (0xe0 | (ch >> 12));
                b[p++] = (byte) (0x80 | ((ch >> 6) & 0x3f));
                b[p++] = (byte) (0x80 | (ch & 0x3f));
            }
        }
        int bytes = p - start;
        b[len] = (byte) (bytes >>> 24);
        b[len + 1] = (byte) (bytes >>> 16);
        b[len + 2] = (byte) (bytes >>> 8);
        b[len + 3] = (byte) bytes;
        len = p;
    }

    private void int16(int v) {
        buf[len] = (byte) (v >>> 8);
        buf[len + 1] = (byte) v;
        len += 2;
    }

    private void int32(int v) {
        byte[] b = buf;
        int p = len;
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
        len = p + 4;
    }

    private void int64(long v) {
        int32((int) (v >>> 32));
        int32((int) v);
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
