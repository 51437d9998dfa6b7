package io.voipkit.cdr.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The parser as it was before the zero-copy rewrite (session 2026-11-25, third pass), kept only as
 * the reference of {@code CsvParserDifferentialTest}: it copied every field into a record buffer.
 * Its Javadoc follows unchanged.
 *
 * <p>
 * A streaming RFC 4180 CSV reader working on UTF-8 bytes, as Asterisk's {@code cdr_csv} and
 * FreeSWITCH's {@code mod_cdr_csv} write them.
 *
 * <p>Why bytes and not a {@code Reader}: the checkpoint of a resumable import is a byte offset
 * into the file, and decoding only the fields that become strings is what makes the parser fast.
 * Quoted fields may hold commas, doubled quotes and line breaks. Records end at LF or CRLF; blank
 * lines are skipped.
 *
 * <p>Hostile input is bounded: a field longer than {@code maxFieldBytes}, a record longer than
 * {@code maxRecordBytes} or with more than {@code maxFields} fields is reported as malformed
 * ({@link #error()}) without buffering more than the limit, and the parser skips to the next
 * line. Bad quoting (a quote inside an unquoted field, text after a closing quote, an
 * unterminated quote) is reported the same way with its line and column, and so is a NUL byte
 * (no CDR writer produces one, and PostgreSQL could not store it).
 *
 * <p>A last record without its line break is, by default, not returned: a PBX may be in the
 * middle of writing it, and the next run (from the checkpoint) reads it complete. Set
 * {@code acceptUnterminatedLast} when the file is known to be complete. Not thread-safe.
 */
final class ReferenceCsvParser {
    private static final int BUFFER = 256 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final String NUL = "a NUL byte (0x00) in a field: not text";
    private static final long QUOTES = 0x2222222222222222L;
    private static final long LINE_FEEDS = 0x0a0a0a0a0a0a0a0aL;

    private final InputStream in;
    private final int maxFieldBytes;
    private final int maxRecordBytes;
    private final int maxFields;
    private final boolean acceptUnterminatedLast;

    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private boolean eof;
    /** Absolute offset of {@code buf[0]}. */
    private long bufBase;

    private byte[] record = new byte[1024];
    private int recordLen;
    private int[] fieldStart = new int[32];
    private int[] fieldEnd = new int[32];
    private int fields;

    private long line = 1;
    private long recordLine;
    private long recordStartOffset;
    private long recordEndOffset;
    private String error;
    private int errorColumn;
    private long pendingBytes;

    /**
     * @param in                     the stream, positioned at {@code startOffset}
     * @param startOffset            the absolute offset of the stream's first byte (for offsets in reports)
     * @param startLine              the line number of the stream's first byte (1 at the start of a file)
     * @param maxFieldBytes          the longest field accepted
     * @param maxRecordBytes         the longest record accepted (all fields and separators)
     * @param maxFields              the most fields accepted in one record
     * @param acceptUnterminatedLast whether a last record without a line break is returned
     */
    ReferenceCsvParser(InputStream in, long startOffset, long startLine, int maxFieldBytes, int maxRecordBytes,
                     int maxFields, boolean acceptUnterminatedLast) {
        this.in = in;
        this.bufBase = startOffset;
        this.line = startLine;
        this.maxFieldBytes = maxFieldBytes;
        this.maxRecordBytes = maxRecordBytes;
        this.maxFields = maxFields;
        this.acceptUnterminatedLast = acceptUnterminatedLast;
    }

    /**
     * Reads the next record. Returns {@code false} at the end of input. When it returns
     * {@code true}, either {@link #error()} is {@code null} and the fields are available, or the
     * record was malformed and was skipped up to the end of its line.
     */
    public boolean next() throws IOException {
        error = null;
        errorColumn = 0;
        while (true) {
            if (pos >= limit && !fill()) {
                return false;
            }
            byte b = buf[pos];
            if (b == '\n') {           // blank line
                pos++;
                line++;
                continue;
            }
            if (b == '\r' && peekLfAfterCr()) {
                pos += 2;
                line++;
                continue;
            }
            break;
        }
        recordLine = line;
        recordStartOffset = bufBase + pos;
        recordLen = 0;
        fields = 0;
        return readRecord();
    }

    private boolean readRecord() throws IOException {
        while (true) {
            if (fields == maxFields) {
                return fail("more than " + maxFields + " fields", fields + 1);
            }
            int column = fields + 1;
            int start = recordLen;
            if (pos >= limit && !fill()) {
                return endOfInput(start);
            }
            if (buf[pos] == '"') {
                pos++;
                int r = readQuoted(column);
                if (r == QUOTED_FAILED) {
                    return true;
                }
                if (r == QUOTED_EOF) {
                    return unterminatedAtEof(column);
                }
            } else {
                int r = readUnquoted(column);
                if (r == QUOTED_FAILED) {
                    return true;
                }
            }
            addField(start, recordLen);
            // after a field: ',' continues, line break ends, EOF ends
            if (pos >= limit && !fill()) {
                return endOfInput(-1);
            }
            byte b = buf[pos];
            if (b == ',') {
                pos++;
                if (!appendCheckRecord(column)) {
                    return true;
                }
                continue;
            }
            if (b == '\n') {
                pos++;
                line++;
                recordEndOffset = bufBase + pos;
                return true;
            }
            if (b == '\r') {
                pos++;
                if ((pos < limit || fill()) && buf[pos] == '\n') {
                    pos++;
                }
                line++;
                recordEndOffset = bufBase + pos;
                return true;
            }
            // only reachable after a quoted field: text after the closing quote
            return fail("unexpected character '" + printable(b) + "' after a closing quote (bad quoting)", column);
        }
    }

    private static final int QUOTED_OK = 0;
    private static final int QUOTED_FAILED = 1;
    private static final int QUOTED_EOF = 2;

    private int readUnquoted(int column) throws IOException {
        int fieldStartLen = recordLen;
        while (true) {
            if (pos >= limit && !fill()) {
                return QUOTED_OK;
            }
            int p = pos;
            int l = limit;
            byte[] bb = buf;
            while (p < l) {
                byte b = bb[p];
                if (b == ',' || b == '\n' || b == '\r') {
                    break;
                }
                if (b == '"') {
                    pos = p;
                    fail("a quote inside an unquoted field (bad quoting)", column);
                    return QUOTED_FAILED;
                }
                if (b == 0) {
                    pos = p;
                    fail(NUL, column);
                    return QUOTED_FAILED;
                }
                p++;
            }
            int n = p - pos;
            if (n > 0) {
                String tooLong = tooLong(fieldStartLen, n);
                if (tooLong != null) {
                    pos = p;
                    fail(tooLong, column);
                    return QUOTED_FAILED;
                }
                append(pos, n);
            }
            pos = p;
            if (p < l) {
                return QUOTED_OK;
            }
        }
    }

    private int readQuoted(int column) throws IOException {
        int fieldStartLen = recordLen;
        while (true) {
            if (pos >= limit && !fill()) {
                return QUOTED_EOF;
            }
            int p = pos;
            int l = limit;
            byte[] bb = buf;
            long newlines = 0;
            while (true) {
                // eight bytes at a time up to the next quote or line feed: quoted fields are most of the file
                while (p + 8 <= l) {
                    long w = (long) LONGS.get(bb, p);
                    long m = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ LINE_FEEDS) | zeroBytes(w);
                    if (m != 0) {
                        p += Long.numberOfTrailingZeros(m) >>> 3;
                        break;
                    }
                    p += 8;
                }
                if (p >= l || bb[p] == '"') {
                    break;
                }
                if (bb[p] == '\n') {
                    newlines++;
                } else if (bb[p] == 0) {
                    line += newlines;
                    pos = p;
                    fail(NUL, column);
                    return QUOTED_FAILED;
                }
                p++;
            }
            int n = p - pos;
            if (n > 0) {
                line += newlines;
                String tooLong = tooLong(fieldStartLen, n);
                if (tooLong != null) {
                    pos = p;
                    fail(tooLong, column);
                    return QUOTED_FAILED;
                }
                append(pos, n);
            }
            pos = p;
            if (p == l) {
                continue;                          // refill and go on inside the quotes
            }
            pos++;                                 // the quote
            if (pos >= limit && !fill()) {
                return QUOTED_OK;                  // closing quote at end of input
            }
            if (buf[pos] == '"') {                 // doubled quote: a literal one
                String tooLong = tooLong(fieldStartLen, 1);
                if (tooLong != null) {
                    fail(tooLong, column);
                    return QUOTED_FAILED;
                }
                append(pos, 1);
                pos++;
                continue;
            }
            return QUOTED_OK;
        }
    }

    private boolean endOfInput(int startOfEmptyField) {
        if (startOfEmptyField >= 0) {
            addField(startOfEmptyField, recordLen);   // "a,b," at EOF: the last field is empty
        }
        recordEndOffset = bufBase + pos;
        if (!acceptUnterminatedLast) {
            pendingBytes = recordEndOffset - recordStartOffset;
            return false;
        }
        return true;
    }

    private boolean unterminatedAtEof(int column) {
        if (!acceptUnterminatedLast) {
            pendingBytes = bufBase + pos - recordStartOffset;
            return false;
        }
        error = "unterminated quoted field at end of input (bad quoting)";
        errorColumn = column;
        recordEndOffset = bufBase + pos;
        return true;
    }

    private boolean appendCheckRecord(int column) {
        if (recordLen + 1 > maxRecordBytes) {
            return fail("record longer than " + maxRecordBytes + " bytes", column);
        }
        return true;
    }

    /** Why appending {@code n} more bytes to the field that started at {@code fieldStartLen} is refused, or null. */
    private String tooLong(int fieldStartLen, int n) {
        if (recordLen - fieldStartLen + n > maxFieldBytes) {
            return "field longer than " + maxFieldBytes + " bytes";
        }
        if (recordLen + n > maxRecordBytes) {
            return "record longer than " + maxRecordBytes + " bytes";
        }
        return null;
    }

    private void append(int from, int n) {
        if (recordLen + n > record.length) {
            record = Arrays.copyOf(record, Math.min(maxRecordBytes, Math.max(record.length * 2, recordLen + n)));
        }
        System.arraycopy(buf, from, record, recordLen, n);
        recordLen += n;
    }

    private void addField(int start, int end) {
        if (fields == fieldStart.length) {
            fieldStart = Arrays.copyOf(fieldStart, fields * 2);
            fieldEnd = Arrays.copyOf(fieldEnd, fields * 2);
        }
        fieldStart[fields] = start;
        fieldEnd[fields] = end;
        fields++;
    }

    /** Records the error and skips the rest of the physical line (not honouring quotes: a resync point). */
    private boolean fail(String message, int column) {
        error = message;
        errorColumn = column;
        try {
            skipToLineEnd();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        recordEndOffset = bufBase + pos;
        fields = 0;
        recordLen = 0;
        return true;
    }

    private void skipToLineEnd() throws IOException {
        while (true) {
            if (pos >= limit && !fill()) {
                return;
            }
            while (pos < limit) {
                if (buf[pos++] == '\n') {
                    line++;
                    return;
                }
            }
        }
    }

    private boolean peekLfAfterCr() throws IOException {
        if (pos + 1 < limit) {
            return buf[pos + 1] == '\n';
        }
        // CR is the last buffered byte: compact and read more
        if (!fill()) {
            return false;
        }
        return pos + 1 < limit && buf[pos + 1] == '\n';
    }

    /** Makes more bytes available, keeping unread ones; returns false only when nothing is left. */
    private boolean fill() throws IOException {
        if (eof) {
            return pos < limit;
        }
        if (pos > 0) {
            int keep = limit - pos;
            System.arraycopy(buf, pos, buf, 0, keep);
            bufBase += pos;
            limit = keep;
            pos = 0;
        }
        while (limit < buf.length) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                break;
            }
            if (n > 0) {
                limit += n;
                break;
            }
        }
        return pos < limit;
    }

    /**
     * A word with the high bit set in the bytes of {@code v} that are zero. Only the lowest set
     * bit is exact (a borrow may mark bytes above it), and only the lowest is used.
     */
    private static long zeroBytes(long v) {
        return (v - 0x0101010101010101L) & ~v & 0x8080808080808080L;
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
    }

    /** The error of the last record, or {@code null} if it was well-formed. */
    public String error() {
        return error;
    }

    /** The 1-based column of the error of the last record. */
    public int errorColumn() {
        return errorColumn;
    }

    /** The line the last record started on (1-based). */
    public long recordLine() {
        return recordLine;
    }

    /** The absolute byte offset just after the last record (its line break included). */
    public long recordEndOffset() {
        return recordEndOffset;
    }

    /** The line number just after the last record. */
    public long line() {
        return line;
    }

    /** Bytes of an unterminated last record left for the next run ({@code 0} if none). */
    public long pendingBytes() {
        return pendingBytes;
    }

    /** The number of fields of the last record. */
    public int fieldCount() {
        return fields;
    }

    /** Field {@code i} (0-based) decoded as UTF-8. */
    public String field(int i) {
        return new String(record, fieldStart[i], fieldEnd[i] - fieldStart[i], StandardCharsets.UTF_8);
    }

    /** Whether field {@code i} is empty. */
    public boolean isEmpty(int i) {
        return fieldEnd[i] == fieldStart[i];
    }

    /** The bytes of the current record; fields are slices given by {@link #start} and {@link #end}. */
    public byte[] bytes() {
        return record;
    }

    /** Where field {@code i} starts in {@link #bytes()}. */
    public int start(int i) {
        return fieldStart[i];
    }

    /** Where field {@code i} ends (exclusive) in {@link #bytes()}. */
    public int end(int i) {
        return fieldEnd[i];
    }
}
