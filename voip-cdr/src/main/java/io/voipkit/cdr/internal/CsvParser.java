package io.voipkit.cdr.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A streaming RFC 4180 CSV reader working on UTF-8 bytes, as Asterisk's {@code cdr_csv} and
 * FreeSWITCH's {@code mod_cdr_csv} write them.
 *
 * <p>Why bytes and not a {@code Reader}: the checkpoint of a resumable import is a byte offset
 * into the file, and decoding only the fields that become strings is what makes the parser fast.
 * Quoted fields may hold commas, doubled quotes and line breaks. Records end at LF or CRLF; blank
 * lines are skipped.
 *
 * <p>Fields are not copied: they are slices of the read buffer ({@link #bytes()}, {@link #start},
 * {@link #end}), valid until the next {@link #next()}. A record that runs past the end of the
 * buffer is moved to its front, more is read, and the record is scanned again from its start
 * (one record in about a thousand; the scan keeps no state across reads, which keeps the inner
 * loops to a load, a table look-up and a compare per byte). Doubled quotes are undone in place
 * once the whole record has been scanned.
 *
 * <p>Hostile input is bounded: a field longer than {@code maxFieldBytes}, a record longer than
 * {@code maxRecordBytes} (the bytes of its field values) or with more than {@code maxFields}
 * fields is reported as malformed ({@link #error()}) without buffering more than the larger of
 * 256 KiB and about twice the record limit, and the parser skips to the next line. A field is
 * judged when it ends or fills that buffer, so what is reported does not depend on how many
 * bytes each read of the stream returned (a quote further on in an overlong unquoted field is
 * reported as bad quoting whatever the reads). Bad quoting (a quote inside an unquoted field,
 * text after a closing quote, an unterminated quote) is reported the same way with its line and
 * column, and so is a NUL byte (no CDR writer produces one, and PostgreSQL could not store it).
 *
 * <p>A last record without its line break is, by default, not returned: a PBX may be in the
 * middle of writing it, and the next run (from the checkpoint) reads it complete. Set
 * {@code acceptUnterminatedLast} when the file is known to be complete. Not thread-safe.
 */
public final class CsvParser {
    private static final int BUFFER = 256 * 1024;
    /** Doubled quotes per record whose positions the scan keeps for {@link #unescape}. */
    private static final int DROPS = 64;
    private static final String NUL = "a NUL byte (0x00) in a field: not text";

    /** Bytes that end an unquoted field, or are not allowed in one. */
    private static final boolean[] UNQUOTED_SPECIAL = new boolean[256];

    static {
        UNQUOTED_SPECIAL[','] = true;
        UNQUOTED_SPECIAL['\n'] = true;
        UNQUOTED_SPECIAL['\r'] = true;
        UNQUOTED_SPECIAL['"'] = true;
        UNQUOTED_SPECIAL[0] = true;
    }

    /** Outcomes of one scan of the current record. */
    private static final int RECORD = 0;
    private static final int END = 1;
    private static final int NEED_MORE = 2;

    private final InputStream in;
    private final int maxFieldBytes;
    private final int maxRecordBytes;
    private final int maxFields;
    private final boolean acceptUnterminatedLast;
    /**
     * While the record's bytes so far, this field's included, stay at or below this, neither the
     * field limit nor the record limit is broken: {@link #tooLong} answers with one compare where
     * it made two (3 to 4 % of the parser, measured), and checks each limit only past it.
     */
    private final int withinBothLimits;
    /** The largest the buffer grows to: a record within the limits, with every byte a doubled quote, fits. */
    private final int maxBuffer;

    private byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private boolean eof;
    /** Absolute offset of {@code buf[0]}. */
    private long bufBase;

    /** Where the second quote of each of the current record's first {@value #DROPS} doubled quotes is. */
    private final int[] drops = new int[DROPS];

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
     * @param maxRecordBytes         the longest record accepted (the bytes of all its field values)
     * @param maxFields              the most fields accepted in one record
     * @param acceptUnterminatedLast whether a last record without a line break is returned
     */
    public CsvParser(InputStream in, long startOffset, long startLine, int maxFieldBytes, int maxRecordBytes,
                     int maxFields, boolean acceptUnterminatedLast) {
        this.in = in;
        this.bufBase = startOffset;
        this.line = startLine;
        this.maxFieldBytes = maxFieldBytes;
        this.maxRecordBytes = maxRecordBytes;
        this.maxFields = maxFields;
        this.acceptUnterminatedLast = acceptUnterminatedLast;
        this.withinBothLimits = Math.min(maxFieldBytes, maxRecordBytes);
        this.maxBuffer = (int) Math.min(Integer.MAX_VALUE - 16,
                Math.max((long) BUFFER, 2L * maxRecordBytes + 3L * maxFields + 16));
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
        while (true) {
            int r = scan();
            if (r != NEED_MORE) {
                return r == RECORD;
            }
            moreForRecord();
        }
    }

    /**
     * Scans the record starting at {@code pos}. On {@link #RECORD} the fields are set and
     * {@code pos}/{@code line} are past the record (or past the skipped line of a malformed one);
     * on {@link #NEED_MORE} nothing has changed and the record must be scanned again with more
     * bytes; {@link #END} means there is no record (an unterminated last line left for later).
     */
    private int scan() {
        final byte[] b = buf;
        final int l = limit;
        final boolean[] unquotedSpecial = UNQUOTED_SPECIAL;
        int p = pos;
        long ln = line;
        int nf = 0;
        // whether bytes past the buffer's end can still be read into it: then a field or record is
        // judged only once it ends (or fills the largest buffer), so the outcome does not depend on
        // how many bytes each read returned
        final boolean more = !eof && !(p == 0 && l == b.length && b.length >= maxBuffer);
        int content = 0;            // bytes of field values so far (doubled quotes counted once)
        int nd = 0;                 // doubled quotes in the record; the first DROPS are at drops[]
        while (true) {
            int column = nf + 1;
            if (nf == maxFields) {
                return fail(p, ln, nf, "more than " + maxFields + " fields", column);
            }
            if (p >= l) {
                if (more) {
                    return NEED_MORE;
                }
                if (!eof) {
                    return overflow(p, ln, nf, column);
                }
                addField(nf++, p, p);                  // "a,b," at the end of input: the last field is empty
                return endOfInput(p, ln, nf, nd);
            }
            int len;
            if (b[p] == '"') {
                int s = ++p;
                int doubled = 0;
                while (true) {
                    // byte by byte to the next quote or control byte: measured faster than eight bytes at a
                    // time with masks, the values being short (most under 16 bytes) and the masks' exit
                    // branch as hard to predict as the byte compare
                    while (p < l) {
                        int x = b[p] & 0xff;
                        if (x == '"' || x <= '\n') {
                            break;
                        }
                        p++;
                    }
                    if (p >= l) {
                        if (more) {
                            return NEED_MORE;
                        }
                        String tooLong = tooLong(p - s - doubled, content);
                        if (tooLong != null) {
                            return fail(p, ln, nf, tooLong, column);
                        }
                        if (!eof) {
                            return overflow(p, ln, nf, column);
                        }
                        return unterminatedAtEof(p, ln, column);
                    }
                    byte c = b[p];
                    if (c == '\n') {
                        ln++;
                        p++;
                        continue;
                    }
                    if (c == 0) {
                        return fail(p, ln, nf, NUL, column);
                    }
                    if (c != '"') {
                        p++;                                   // a tab or another control byte: text
                        continue;
                    }
                    // a quote: doubled (a literal one) or closing
                    if (p + 1 >= l && !eof) {
                        return more ? NEED_MORE : overflow(p, ln, nf, column);
                    }
                    if (p + 1 < l && b[p + 1] == '"') {
                        String tooLong = tooLong(p + 1 - s - doubled, content);
                        if (tooLong != null) {
                            return fail(p + 1, ln, nf, tooLong, column);
                        }
                        doubled++;
                        if (nd < DROPS) {
                            drops[nd] = p + 1;
                        }
                        nd++;
                        p += 2;
                        continue;
                    }
                    len = p - s - doubled;
                    String tooLong = tooLong(len, content);
                    if (tooLong != null) {
                        return fail(p, ln, nf, tooLong, column);
                    }
                    // the raw slice, quotes still doubled; undone when the record is complete
                    addField(nf++, s, p);
                    p++;
                    break;
                }
            } else {
                int s = p;
                while (p < l && !unquotedSpecial[b[p] & 0xff]) {
                    p++;
                }
                len = p - s;
                if (p < l) {
                    byte c = b[p];
                    if (c == '"') {
                        return fail(p, ln, nf, "a quote inside an unquoted field (bad quoting)", column);
                    }
                    if (c == 0) {
                        return fail(p, ln, nf, NUL, column);
                    }
                }
                if (p >= l && more) {
                    return NEED_MORE;
                }
                String tooLong = tooLong(len, content);
                if (tooLong != null) {
                    return fail(p, ln, nf, tooLong, column);
                }
                if (p >= l && !eof) {
                    return overflow(p, ln, nf, column);
                }
                addField(nf++, s, p);
            }
            content += len;
            // after a field: ',' continues, a line break or the end of input ends the record
            if (p >= l) {
                if (more) {
                    return NEED_MORE;
                }
                if (!eof) {
                    return overflow(p, ln, nf, column);
                }
                return endOfInput(p, ln, nf, nd);
            }
            byte c = b[p];
            if (c == ',') {
                p++;
                if (content + 1 > maxRecordBytes) {
                    return fail(p, ln, nf, "record longer than " + maxRecordBytes + " bytes", column);
                }
                continue;
            }
            if (c == '\n') {
                return complete(p + 1, ln + 1, nf, nd);
            }
            if (c == '\r') {
                if (p + 1 >= l && !eof) {
                    return more ? NEED_MORE : overflow(p, ln, nf, column);   // is a line feed next?
                }
                return complete(p + 1 < l && b[p + 1] == '\n' ? p + 2 : p + 1, ln + 1, nf, nd);
            }
            // only reachable after a quoted field: text after the closing quote
            return fail(p, ln, nf, "unexpected character '" + printable(c) + "' after a closing quote (bad quoting)",
                    column);
        }
    }

    /**
     * A record that fills the largest buffer without breaking a limit first. Cannot happen (the
     * buffer holds twice the record limit plus the separators); a reject, not a loop, if it did.
     */
    private int overflow(int p, long ln, int nf, int column) {
        return fail(p, ln, nf, "record longer than " + maxRecordBytes + " bytes", column);
    }

    /** Why a field of {@code len} bytes after {@code content} bytes of earlier fields is refused, or null. */
    private String tooLong(int len, int content) {
        if (content + len <= withinBothLimits) {
            return null;                               // the usual case: one compare for both limits
        }
        if (len > maxFieldBytes) {
            return "field longer than " + maxFieldBytes + " bytes";
        }
        if (content + len > maxRecordBytes) {
            return "record longer than " + maxRecordBytes + " bytes";
        }
        return null;
    }

    private int complete(int p, long ln, int nf, int nd) {
        fields = nf;
        if (nd != 0) {
            unescape(nd);
        }
        pos = p;
        line = ln;
        recordEndOffset = bufBase + p;
        return RECORD;
    }

    /**
     * Turns the record's {@code nd} doubled quotes into single ones, in place (the fields only get
     * shorter). The scan noted where the second quote of each pair is ({@link #drops}): the bytes
     * between two of them move left without being looked at again. A record with more doubled
     * quotes than that holds (no CDR writer's, but a hostile file's) goes the byte-by-byte way.
     */
    private void unescape(int nd) {
        if (nd > DROPS) {
            unescapeEveryField();
            return;
        }
        byte[] b = buf;
        int[] d = drops;
        int f = 0;
        for (int i = 0; i < nd; ) {
            int drop = d[i++];
            while (fieldEnd[f] <= drop) {
                f++;                                   // the field holding this pair: it ends after it
            }
            int e = fieldEnd[f];
            int w = drop;
            int r = drop + 1;
            while (true) {
                int to = i < nd && d[i] < e ? d[i] : e;  // up to the next pair's second quote, or the field's end
                while (r < to) {
                    b[w++] = b[r++];
                }
                if (to == e) {
                    break;
                }
                r = to + 1;
                i++;
            }
            fieldEnd[f] = w;
        }
    }

    /**
     * The same, finding the pairs again in every field. A field without a quote is left as it is:
     * an unquoted one cannot hold one, and in a quoted one every quote is half of a pair.
     */
    private void unescapeEveryField() {
        byte[] b = buf;
        for (int f = 0; f < fields; f++) {
            int s = fieldStart[f];
            int e = fieldEnd[f];
            int r = s;
            while (r < e && b[r] != '"') {
                r++;
            }
            int w = r;
            for (; r < e; r++) {
                b[w++] = b[r];
                if (b[r] == '"') {
                    r++;                               // the second quote of the pair
                }
            }
            fieldEnd[f] = w;
        }
    }

    private int endOfInput(int p, long ln, int nf, int nd) {
        fields = nf;
        pos = p;
        line = ln;
        recordEndOffset = bufBase + p;
        if (!acceptUnterminatedLast) {
            pendingBytes = recordEndOffset - recordStartOffset;
            return END;
        }
        // a complete file: the unterminated last record counts; its doubled quotes are undone too
        if (nd != 0) {
            unescape(nd);
        }
        return RECORD;
    }

    private int unterminatedAtEof(int p, long ln, int column) {
        pos = p;
        line = ln;
        if (!acceptUnterminatedLast) {
            pendingBytes = bufBase + p - recordStartOffset;
            return END;
        }
        error = "unterminated quoted field at end of input (bad quoting)";
        errorColumn = column;
        fields = 0;
        recordEndOffset = bufBase + p;
        return RECORD;
    }

    /** Records the error and skips the rest of the physical line (not honouring quotes: a resync point). */
    private int fail(int p, long ln, int nf, String message, int column) {
        error = message;
        errorColumn = column;
        pos = p;
        line = ln;
        try {
            skipToLineEnd();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        recordEndOffset = bufBase + pos;
        fields = 0;
        return RECORD;
    }

    private void addField(int i, int start, int end) {
        if (i == fieldStart.length) {
            fieldStart = Arrays.copyOf(fieldStart, i * 2);
            fieldEnd = Arrays.copyOf(fieldEnd, i * 2);
        }
        fieldStart[i] = start;
        fieldEnd[i] = end;
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

    /**
     * For a record that runs past the buffered bytes: moves it to the front of the buffer (growing
     * the buffer if the record fills it) and reads until the buffer is full or the input ends, so
     * that each record is scanned again at most a few times whatever the read sizes.
     */
    private void moreForRecord() throws IOException {
        compact();
        if (limit == buf.length) {
            if (buf.length >= maxBuffer) {
                // cannot happen within the limits (the scan rejects a record before it gets this long)
                throw new IllegalStateException("a CSV record of more than " + maxBuffer + " bytes passed the limits");
            }
            buf = Arrays.copyOf(buf, (int) Math.min(maxBuffer, 2L * buf.length));
        }
        while (limit < buf.length) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return;
            }
            limit += n;
        }
    }

    private void compact() {
        if (pos > 0) {
            int keep = limit - pos;
            System.arraycopy(buf, pos, buf, 0, keep);
            bufBase += pos;
            limit = keep;
            pos = 0;
        }
    }

    /** Makes more bytes available, keeping unread ones; returns false only when nothing is left. */
    private boolean fill() throws IOException {
        if (eof) {
            return pos < limit;
        }
        compact();
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
        return new String(buf, fieldStart[i], fieldEnd[i] - fieldStart[i], StandardCharsets.UTF_8);
    }

    /** Whether field {@code i} is empty. */
    public boolean isEmpty(int i) {
        return fieldEnd[i] == fieldStart[i];
    }

    /**
     * The bytes the fields are slices of ({@link #start}, {@link #end}); valid until the next
     * {@link #next()}, and only within the slices (between them are separators and quotes).
     */
    public byte[] bytes() {
        return buf;
    }

    /** Where field {@code i} starts in {@link #bytes()}. */
    public int start(int i) {
        return fieldStart[i];
    }

    /** Where field {@code i} ends (exclusive) in {@link #bytes()}. */
    public int end(int i) {
        return fieldEnd[i];
    }

    /**
     * {@link Hashing#hash(byte[], int, int, long)} of the values of the first {@code n} fields
     * one after the other, without separators: what the synthetic id of a row without an id was
     * always computed from (stored dedup keys depend on it).
     */
    public long valuesHash(int n, long seed) {
        long h = Hashing.start(seed);
        for (int i = 0; i < n; i++) {
            h = Hashing.addBytes(h, buf, fieldStart[i], fieldEnd[i]);
        }
        return Hashing.finish(h);
    }
}
