package io.voipkit.freeswitch.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One ESL frame as it came off the wire: its header block in wire order (values raw, as sent)
 * and, when the frame had a {@code Content-Length}, exactly that many body bytes.
 *
 * <p>Headers are not assumed to start with {@code Content-Type} (fixture fact 2: events begin
 * with {@code Content-Length}, the outbound {@code connect} reply has ~100 channel headers first).
 * Lookups are case-sensitive first, because header names are data (fact 7), with a
 * case-insensitive fallback. The body of an event is parsed separately by {@link EslEvent#parse}.
 *
 * <p>Immutable and thread-safe (the arrays are never handed out).
 */
public final class EslMessage {

    /** {@code auth/request}: the server asks for a password. */
    public static final String AUTH_REQUEST = "auth/request";
    /** {@code command/reply}: the answer to every command but {@code api}; result in {@code Reply-Text}. */
    public static final String COMMAND_REPLY = "command/reply";
    /** {@code api/response}: the answer to {@code api}; result in the body. */
    public static final String API_RESPONSE = "api/response";
    /** {@code text/disconnect-notice}: the server is closing (or lingering) (fact 10). */
    public static final String DISCONNECT_NOTICE = "text/disconnect-notice";
    /** {@code text/rude-rejection}: an ACL refused the connection (fact 9). */
    public static final String RUDE_REJECTION = "text/rude-rejection";
    /** {@code log/data}: one log line after {@code log <level>}. */
    public static final String LOG_DATA = "log/data";

    private static final byte[] NO_BODY = new byte[0];

    private final String[] headers;
    private final byte[] body;
    private final boolean hasBody;
    private final int wireLength;

    private EslMessage(String[] headers, byte[] body, boolean hasBody, int wireLength) {
        this.headers = headers;
        this.body = body;
        this.hasBody = hasBody;
        this.wireLength = wireLength;
    }

    /** Wraps arrays the decoder gives up; no copy. */
    static EslMessage wrap(String[] headers, byte[] body, int wireLength) {
        return new EslMessage(headers, body == null ? NO_BODY : body, body != null, wireLength);
    }

    /**
     * Builds a frame, for tests and the fake servers. {@code Content-Length} is not added: give it
     * among the headers when there is a body.
     *
     * @param body the body, or {@code null} for none
     */
    public static EslMessage of(String body, String... namesAndValues) {
        if ((namesAndValues.length & 1) != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        byte[] b = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return wrap(namesAndValues.clone(), b, -1);
    }

    /** The {@code Content-Type} header, or {@code null} (the outbound {@code connect} reply has one, late). */
    public String contentType() {
        return get("Content-Type");
    }

    /** Number of header lines. */
    public int size() {
        return headers.length >>> 1;
    }

    /** Header name {@code index}, in wire order. */
    public String nameAt(int index) {
        return headers[index << 1];
    }

    /** Raw header value {@code index}, in wire order. */
    public String valueAt(int index) {
        return headers[(index << 1) + 1];
    }

    /** The raw value of the first header spelled exactly {@code name}, else the first matching case-insensitively, else {@code null}. */
    public String get(String name) {
        String[] h = headers;
        for (int i = 0; i < h.length; i += 2) {
            if (h[i].equals(name)) {
                return h[i + 1];
            }
        }
        for (int i = 0; i < h.length; i += 2) {
            if (h[i].equalsIgnoreCase(name)) {
                return h[i + 1];
            }
        }
        return null;
    }

    /** {@link #get} URL-decoded (for the outbound {@code connect} reply, whose values are encoded; fact 3). */
    public String getDecoded(String name) {
        String v = get(name);
        return v == null ? null : EslUrl.decode(v);
    }

    /** {@code Reply-Text} of a {@code command/reply}, or {@code null}. */
    public String replyText() {
        return get("Reply-Text");
    }

    /** {@code true} when the frame carried a {@code Content-Length} (possibly 0). */
    public boolean hasBody() {
        return hasBody;
    }

    /** The body as UTF-8 text (invalid bytes become U+FFFD); empty when there is none. */
    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A copy of the body bytes; empty when there is none. */
    public byte[] bodyBytes() {
        return body.clone();
    }

    /** Body length in bytes (0 when there is none). */
    public int bodyLength() {
        return body.length;
    }

    /** Package-private view for {@link EslEvent}: not copied, never modified. */
    byte[] bodyArrayUnsafe() {
        return body;
    }

    /** Bytes the frame took on the wire, or -1 for a frame built with {@link #of}. */
    public int wireLength() {
        return wireLength;
    }

    /** {@code true} for {@code text/event-plain}, {@code text/event-json} or {@code text/event-xml}. */
    public boolean isEvent() {
        String ct = contentType();
        return ct != null && ct.startsWith("text/event-");
    }

    /**
     * The frame serialized as FreeSWITCH writes it: {@code Name: value\n} per header, an empty
     * line, then the body. For a decoded frame this reproduces the received bytes exactly.
     */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + body.length + headers.length * 24);
        for (int i = 0; i < headers.length; i += 2) {
            out.writeBytes(headers[i].getBytes(StandardCharsets.UTF_8));
            out.writeBytes(": ".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(headers[i + 1].getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        out.write('\n');
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Content type, headers count and body size; never the values (an {@code auth} echo must not leak). */
    @Override
    public String toString() {
        return "EslMessage{" + contentType() + ", " + size() + " headers"
                + (hasBody ? ", body " + body.length + " bytes" : "") + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EslMessage m && Arrays.equals(headers, m.headers) && Arrays.equals(body, m.body)
                && hasBody == m.hasBody;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(headers) * 31 + Arrays.hashCode(body);
    }
}
