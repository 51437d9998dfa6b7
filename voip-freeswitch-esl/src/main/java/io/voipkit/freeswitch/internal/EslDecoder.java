package io.voipkit.freeswitch.internal;

import io.voipkit.core.internal.Checks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Incremental, bounded decoder of the bytes a FreeSWITCH Event Socket sends (inbound or outbound
 * mode).
 *
 * <p>Feed it bytes exactly as they arrive, in chunks of any size ({@link #feed}); it calls the
 * {@link Handler} once per complete frame. What it accepts, from the FreeSWITCH 1.10.12
 * transcripts (fixture README, wire facts 1, 2, 5):
 * <ul>
 *   <li>header lines ending in LF (a CR before the LF is kept as data: ESL is LF-only), split on
 *       the first {@code ':'} with one following space dropped; headers in any order; an empty
 *       line ends the header block;</li>
 *   <li>a body only when {@code Content-Length} is present, exactly that many bytes, no
 *       terminator; the body is not interpreted here ({@link EslEvent} parses event bodies, whose
 *       nested {@code Content-Length} is therefore never confused with the frame's);</li>
 *   <li>empty lines between frames are skipped.</li>
 * </ul>
 *
 * <p>What it rejects with an {@link EslProtocolException} naming the byte offset and the start of
 * the line: a line longer than {@link EslLimits#maxLineLength()} (detected as soon as that many
 * bytes are buffered, so a stream without LF is never buffered unboundedly), more than
 * {@link EslLimits#maxHeaders()} headers, a {@code Content-Length} that is not a decimal number
 * or exceeds {@link EslLimits#maxContentLength()}, two different {@code Content-Length} headers,
 * a header line without {@code ':'}, and control characters other than TAB and CR in a header
 * line (binary garbage trips this within a few bytes). Body bytes are not checked: bodies are
 * opaque. After an exception the decoder is unusable; the connection is closed.
 *
 * <p>Not thread-safe: one decoder per connection, used by its reader thread only.
 */
public final class EslDecoder {

    /** Receives what the decoder finds. Called on the thread that calls {@link #feed}. */
    @FunctionalInterface
    public interface Handler {
        /** A complete frame. */
        void frame(EslMessage frame);
    }


    private final EslLimits limits;

    private byte[] line = new byte[256];
    private int lineLength;
    private long lineStart;

    private String[] headers = new String[32];
    private int headerCount;
    private int frameBytes;

    /**
     * -1 while reading headers; else the bytes of the body read so far into {@link #body}, which
     * is {@code null} until the body's first byte is read (see {@link #decode}).
     */
    private byte[] body;
    private int bodyFilled = -1;
    private int bodyLength;

    private long consumed;
    private boolean failed;

    /** @param limits line, header and body bounds */
    public EslDecoder(EslLimits limits) {
        this.limits = Checks.notNull(limits, "limits");
    }

    /** Total bytes fed so far. */
    public long bytesConsumed() {
        return consumed;
    }

    /**
     * Decodes {@code length} bytes of {@code bytes} from {@code offset}, calling {@code handler}
     * for every frame they complete. Bytes of an unfinished frame are kept until the next call.
     *
     * @throws EslProtocolException when the bytes break the protocol or a limit; the decoder is
     *                              then failed and further calls throw {@link IllegalStateException}
     */
    public void feed(byte[] bytes, int offset, int length, Handler handler) {
        if (failed) {
            throw new IllegalStateException("ESL decoder failed earlier; the connection must be closed");
        }
        Objects.checkFromIndexSize(offset, length, bytes.length);
        try {
            decode(bytes, offset, offset + length, handler);
        } catch (RuntimeException | Error e) {
            failed = true;
            throw e;
        }
    }

    private void decode(byte[] buf, int p, int end, Handler handler) {
        long base = consumed - p;
        consumed += end - p;
        while (p < end) {
            if (bodyFilled >= 0) {
                if (body == null) {
                    if (end - p >= bodyLength) {
                        // The usual case: the whole body is in this chunk. One copy into a new array,
                        // which the JIT does not zero first (it does for new byte[n] + arraycopy):
                        // a ~2 kB event body each time, a twentieth of the reader's time.
                        byte[] whole = Arrays.copyOfRange(buf, p, p + bodyLength);
                        p += bodyLength;
                        emit(handler, whole);
                        continue;
                    }
                    body = new byte[bodyLength];
                }
                int n = Math.min(end - p, body.length - bodyFilled);
                System.arraycopy(buf, p, body, bodyFilled, n);
                bodyFilled += n;
                p += n;
                if (bodyFilled == body.length) {
                    emit(handler, body);
                }
                continue;
            }
            if (lineLength == 0) {
                lineStart = base + p;
            }
            int i = p;
            while (i < end && buf[i] != '\n') {
                i++;
            }
            int n = i - p;
            if (lineLength + n > limits.maxLineLength()) {
                byte[] shown = lineLength > 0 ? line : buf;
                int from = lineLength > 0 ? 0 : p;
                throw error("header line longer than " + limits.maxLineLength() + " bytes", shown, from,
                        from + Math.min(lineLength > 0 ? lineLength : n, Checks.EXCERPT_BYTES));
            }
            if (lineLength == 0 && i < end) {
                line(buf, p, i, handler);     // the common case: a whole line inside the chunk, no copy
            } else {
                append(buf, p, n);
                if (i == end) {
                    return;
                }
                int len = lineLength;
                lineLength = 0;
                line(line, 0, len, handler);
            }
            p = i + 1;
        }
    }

    private void append(byte[] buf, int from, int n) {
        int needed = lineLength + n;
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(needed, line.length * 2), limits.maxLineLength()));
        }
        System.arraycopy(buf, from, line, lineLength, n);
        lineLength = needed;
    }

    /** One header line {@code [from, to)} without its LF. */
    private void line(byte[] a, int from, int to, Handler handler) {
        frameBytes += to - from + 1;
        if (to == from) {
            if (headerCount > 0) {
                endOfHeaders(handler);
            } else {
                frameBytes = 0;
            }
            return; // stray empty lines between frames are skipped
        }
        if (headerCount >= limits.maxHeaders()) {
            throw error("more than " + limits.maxHeaders() + " headers in one frame", a, from, to);
        }
        int colon = -1;
        for (int i = from; i < to; i++) {
            byte b = a[i];
            if (b == ':' && colon < 0) {
                colon = i;
            } else if ((b & 0xff) < 0x20 && b != '\t' && b != '\r') {
                throw error("control character 0x" + Integer.toHexString(b & 0xff) + " in a header line"
                        + " (binary data is not ESL)", a, from, to);
            }
        }
        if (colon <= from) {
            throw error(colon < 0 ? "header line without ':'" : "header line with an empty name", a, from, to);
        }
        // Known names (Content-Type, Content-Length, Reply-Text, ...) come from the table: no decoding.
        int known = (EslHeaderNames.lookup(a, from, colon) & 0xffff) - 1;
        String name = known >= 0 ? EslHeaderNames.name(known) : new String(a, from, colon - from, StandardCharsets.UTF_8);
        int v = colon + 1;
        if (v < to && a[v] == ' ') {
            v++;
        }
        String value = new String(a, v, to - v, StandardCharsets.UTF_8);
        if (headerCount * 2 == headers.length) {
            headers = Arrays.copyOf(headers, headers.length * 2);
        }
        headers[headerCount * 2] = name;
        headers[headerCount * 2 + 1] = value;
        headerCount++;
    }

    private void endOfHeaders(Handler handler) {
        String lengthText = null;
        for (int i = 0; i < headerCount; i++) {
            if (headers[i * 2].equals("Content-Length")) {
                String v = headers[i * 2 + 1];
                if (lengthText != null && !lengthText.equals(v)) {
                    throw error("two different Content-Length headers (" + lengthText + ", " + v + ")", null, 0, 0);
                }
                lengthText = v;
            }
        }
        if (lengthText == null) {
            emit(handler, null);
            return;
        }
        int length = parseLength(lengthText);
        bodyLength = length;
        bodyFilled = 0;
        if (length == 0) {
            emit(handler, new byte[0]);
        }
    }

    private int parseLength(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw error("Content-Length " + Checks.abbreviate(text) + " is not a number of bytes", null, 0, 0);
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                throw error("Content-Length " + Checks.abbreviate(text) + " is not a number of bytes", null, 0, 0);
            }
        }
        long n = t.length() > 12 ? Long.MAX_VALUE : Long.parseLong(t);
        if (n > limits.maxContentLength()) {
            throw error("Content-Length " + (t.length() > 20 ? t.substring(0, 20) + "…" : t) + " above the limit of " + limits.maxContentLength()
                    + " bytes", null, 0, 0);
        }
        return (int) n;
    }

    private void emit(Handler handler, byte[] frameBody) {
        String[] done = Arrays.copyOf(headers, headerCount * 2);
        int wire = frameBytes + (frameBody == null ? 0 : frameBody.length);
        if (headers.length > 256) {
            headers = new String[32]; // do not keep a huge array after one big connect reply
        } else {
            Arrays.fill(headers, 0, headerCount * 2, null);
        }
        headerCount = 0;
        frameBytes = 0;
        body = null;
        bodyFilled = -1;
        handler.frame(EslMessage.wrap(done, frameBody, wire));
    }

    /**
     * Tells the decoder the stream ended. Returns {@code true} when an unfinished frame was
     * pending (the peer closed mid-frame; it is discarded, never delivered half).
     */
    public boolean endOfStream() {
        boolean pending = lineLength > 0 || headerCount > 0 || bodyFilled >= 0;
        lineLength = 0;
        headerCount = 0;
        body = null;
        bodyFilled = -1;
        return pending;
    }

    private EslProtocolException error(String problem, byte[] a, int from, int to) {
        return new EslProtocolException(problem, lineStart, a == null ? null : Checks.excerpt(a, from, to));
    }
}
