package io.voipkit.freeswitch.internal;

import io.voipkit.core.event.RawFields;
import io.voipkit.core.internal.RawFieldsAccess;
import io.voipkit.core.internal.RawFieldsSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One FreeSWITCH event, parsed from the body of a {@code text/event-plain}, {@code -json} or
 * {@code -xml} frame: its fields in wire order with values decoded, and its own body if it has
 * one (a {@code BACKGROUND_JOB} result, a {@code sendevent} body).
 *
 * <ul>
 *   <li>Plain: {@code Name: value} lines, values URL-decoded (fact 3), an empty line, then the
 *       event's own body, whose size is the LAST inner {@code Content-Length} (a {@code sendevent}
 *       echo carries two; fact 5).</li>
 *   <li>JSON: one object of strings, values NOT URL-decoded; {@code _body} is the body; an array
 *       value (FreeSWITCH's multi-valued headers) becomes one field per element.</li>
 *   <li>XML: {@code <event><headers><Name>value</Name>...</headers>} then, for an event with a
 *       body, {@code <Content-Length>N</Content-Length><body>...</body>} beside the headers (seen
 *       on the real FreeSWITCH 1.10.12: {@code BACKGROUND_JOB} in XML), {@code </event>}; header
 *       values URL-decoded (fact 3), the body as text cut to its N bytes (FreeSWITCH indents
 *       {@code </body>}, so the text holds trailing whitespace that is not body); DTDs and
 *       external entities are refused.</li>
 * </ul>
 *
 * <p>Field names are case-sensitive data (fact 7: one CODEC event carries both
 * {@code Channel-Read-Codec-Name} and {@code channel-read-codec-name}); both are kept, in order,
 * and {@link #get} matches the exact spelling first. {@code Event-Name} may be absent or not
 * first (fact 4).
 *
 * <p>A parsed plain event is lazy: it keeps its body bytes (the frame's own copy, never the
 * connection's read buffer) and the offsets of its lines, and decodes a name or value only when
 * asked, each time it is asked; its {@link #rawFields()} materialise all of them once, on first
 * access. Unread, an event holds its ~2 kB of bytes plus ~1 kB of offsets instead of ~80
 * {@code String}s. Immutable and thread-safe.
 */
public final class EslEvent implements RawFieldsSource {

    /** The serialization an event came in. */
    public enum Format {
        /** {@code text/event-plain}. */
        PLAIN,
        /** {@code text/event-json}. */
        JSON,
        /** {@code text/event-xml}. */
        XML
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final XMLInputFactory XML = newXmlFactory();

    private final Format format;
    /** Decoded pairs of an eager event (JSON, XML, {@link #of}); {@code null} for a parsed plain event. */
    private final String[] fields;
    private final String body;
    /**
     * For a parsed plain event: per {@link EslHeaderNames} hot id, 1 + the index of the first field
     * spelled exactly so ({@code [0, HOT)}) and of the first equal ignoring case
     * ({@code [HOT, 2 HOT)}), 0 when absent. {@code null}: look up by scanning.
     */
    private final int[] hot;

    // A parsed plain event keeps its bytes and where each header line is; names and values become
    // Strings only when read (the mapper reads about ten of ~80; RawFields the rest, if anybody asks).
    /** The event body as received: the frame's own array (a fresh copy per frame), never written to. */
    private final byte[] bytes;
    /**
     * Per field {@code i}: {@code [2i]} = offset of its line, {@code [2i+1]} = {@code -(id + 1)} for
     * a name known to {@link EslHeaderNames} (the colon follows it) or else the colon's offset;
     * {@code [2 count]} = the offset after the last header line's LF.
     */
    private final int[] lines;
    private final int count;
    /** {@code Event-Name}, read once at parse time: the connection and the mapper both need it. */
    private final String eventName;

    private EslEvent(Format format, String[] fields, String body, int[] hot) {
        this.format = format;
        this.fields = fields;
        this.body = body;
        this.hot = hot;
        this.bytes = null;
        this.lines = null;
        this.count = fields.length >>> 1;
        this.eventName = scan(EslHeaderNames.name(EslHeaderNames.EVENT_NAME));
    }

    private EslEvent(byte[] bytes, int[] lines, int count, int[] hot, String body) {
        this.format = Format.PLAIN;
        this.fields = null;
        this.body = body;
        this.hot = hot;
        this.bytes = bytes;
        this.lines = lines;
        this.count = count;
        this.eventName = field(EslHeaderNames.EVENT_NAME);
    }

    private static XMLInputFactory newXmlFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /**
     * Parses the event carried by {@code frame}.
     *
     * @throws EslProtocolException     when the body is not a well-formed event of its format
     * @throws IllegalArgumentException when {@code frame} is not an event frame
     */
    public static EslEvent parse(EslMessage frame) {
        return parse(frame, null);
    }

    private static EslEvent parse(EslMessage frame, short[] nextNames) {
        String ct = frame.contentType();
        if ("text/event-plain".equals(ct)) {
            return parsePlain(frame.bodyArrayUnsafe(), nextNames);
        }
        if ("text/event-json".equals(ct)) {
            return parseJson(frame.bodyArrayUnsafe());
        }
        if ("text/event-xml".equals(ct)) {
            return parseXml(frame.bodyArrayUnsafe());
        }
        throw new IllegalArgumentException("not an event frame: Content-Type " + ct);
    }

    /**
     * The event parser of one connection: {@link EslEvent#parse} plus a guess of each header's
     * name. FreeSWITCH writes an event's headers in the same order every time
     * ({@code switch_channel_event_set_data}), so the parser remembers which known name followed
     * which one last time, and checks that guess with one comparison of the line's first bytes
     * (plus its {@code ':'}) instead of finding the colon and looking the name up. A wrong guess
     * costs that comparison and falls back to the full path; the result is the same either way.
     *
     * <p>Not thread-safe: one per connection, used by its reader thread.
     */
    public static final class Parser {
        /** Per known id (then "start of the event", then "after an unknown name"): 1 + the id that followed last time, 0 = no guess. */
        private final short[] next = new short[EslHeaderNames.count() + 2];

        /** A parser that has not seen any event yet. */
        public Parser() {
        }

        /** {@link EslEvent#parse}, with the guess for plain events. */
        public EslEvent parse(EslMessage frame) {
            return EslEvent.parse(frame, next);
        }
    }

    /** An event built from decoded values, for tests and simulators. */
    public static EslEvent of(Format format, String body, String... namesAndValues) {
        if ((namesAndValues.length & 1) != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        return new EslEvent(format, namesAndValues.clone(), body, null);
    }

    /**
     * Parses a plain event body in one pass over its bytes. Built for the event hot path (issue
     * #7's 500,000 events/s): line ends and colons are found eight bytes at a time, a header name
     * is looked up in {@link EslHeaderNames} (no decoding), and nothing else is decoded: the
     * event keeps the bytes and the line offsets, and a name or value becomes a {@code String}
     * only when read ({@link #field}, {@link #valueAt}, the lazily materialised
     * {@link #rawFields()}). The positions of the {@link EslHeaderNames#HOT} names are noted so
     * reading them costs no scan. Malformed input is rejected here, whole, exactly as an eager
     * parse would: nothing is left to fail later.
     */
    static EslEvent parsePlain(byte[] b) {
        return parsePlain(b, null);
    }

    /** {@link #parsePlain(byte[])} guessing names from {@code nextNames} (see {@link Parser}; {@code null}: no guessing). */
    static EslEvent parsePlain(byte[] b, short[] nextNames) {
        int end = b.length;
        int start = EslHeaderNames.count();
        int afterUnknown = start + 1;
        int prev = start;
        // ~28 bytes per header line in FreeSWITCH events, 2 ints per line: grown if the guess is short.
        int[] lines = new int[Math.max(16, Math.min(end / 12, 1 << 14)) | 1];
        int n = 0;
        int[] hot = new int[2 * EslHeaderNames.HOT];
        boolean asciiNames = true;
        int p = 0;
        int headersEnd;
        int innerLength = -1;
        while (true) {
            if (p == end) {
                headersEnd = p;
                break; // headers without the closing empty line: tolerated, no body
            }
            if (b[p] == '\n') {
                headersEnd = p;
                p++;
                break;
            }
            int colon;
            int id;
            int ciHot;
            int guess = nextNames == null ? -1 : nextNames[prev] - 1;
            if (guess >= 0 && EslHeaderNames.matches(guess, b, p, end)) {
                id = guess; // the usual case on a connection that has seen this kind of event before
                colon = p + EslHeaderNames.length(id);
                ciHot = EslHeaderNames.ciHot(id);
            } else {
                // Name: up to the first ':' on the line.
                int i = EslBytes.indexOfColonOrLf(b, p, end);
                if (i < 0) {
                    throw bad("plain event: last header line has no LF", b, p);
                }
                if (b[i] == '\n' || i == p) {
                    // no ':' on the line, or an empty name; a line with no LF at all is reported as such
                    if (b[i] != '\n' && EslBytes.indexOfLf(b, i, end) < 0) {
                        throw bad("plain event: last header line has no LF", b, p);
                    }
                    throw bad("plain event: header line without a name", b, p);
                }
                colon = i;
                int found = EslHeaderNames.lookup(b, p, colon);
                id = (found & 0xffff) - 1;
                ciHot = (found >>> 16) - 1;
                if (id < 0 && asciiNames && !EslBytes.isAscii(b, p, colon)) {
                    asciiNames = false; // Unicode case folding is not modelled by the table: get() scans
                }
                if (nextNames != null) {
                    nextNames[prev] = (short) (id + 1);
                }
            }
            prev = id >= 0 ? id : afterUnknown;
            int lf = EslBytes.indexOfLf(b, colon + 1, end);
            if (lf < 0) {
                throw bad("plain event: last header line has no LF", b, p);
            }
            if (id == EslHeaderNames.CONTENT_LENGTH) {
                innerLength = parseInner(value(b, colon, lf, null)); // rare: events with a body
            }
            if (2 * n + 2 >= lines.length) {
                lines = Arrays.copyOf(lines, lines.length * 2 + 1);
            }
            lines[2 * n] = p;
            lines[2 * n + 1] = id >= 0 ? -(id + 1) : colon;
            n++;
            if (id >= 0 && id < EslHeaderNames.HOT && hot[id] == 0) {
                hot[id] = n; // index + 1
            }
            if (ciHot >= 0 && hot[EslHeaderNames.HOT + ciHot] == 0) {
                hot[EslHeaderNames.HOT + ciHot] = n;
            }
            p = lf + 1;
        }
        lines[2 * n] = headersEnd;
        String body = null;
        int rest = end - p;
        if (innerLength >= 0) {
            if (innerLength != rest) {
                throw new EslProtocolException("plain event: inner Content-Length " + innerLength + " but "
                        + rest + " bytes follow the headers", -1, null);
            }
            body = new String(b, p, rest, StandardCharsets.UTF_8);
        } else if (rest > 0) {
            throw bad("plain event: " + rest + " bytes after the headers without an inner Content-Length", b, p);
        }
        return new EslEvent(b, lines, n, asciiNames ? hot : null, body);
    }

    /**
     * The value of the header line whose colon is at {@code colon} and LF at {@code lf}: one space
     * after the colon dropped, URL-decoded only when it holds a {@code %} (fact 3), from the bytes.
     */
    private static String value(byte[] b, int colon, int lf, byte[][] scratch) {
        int v = colon + 1;
        if (v < lf && b[v] == ' ') {
            v++;
        }
        if (v == lf) {
            return "";
        }
        if (EslBytes.indexOf(b, v, lf, (byte) '%') >= 0) {
            // One scratch array per materialisation (scratch[0], grown as needed), else one per value.
            byte[] buf = scratch == null ? null : scratch[0];
            if (buf == null || buf.length < lf - v) {
                buf = new byte[Math.max(lf - v, 128)];
                if (scratch != null) {
                    scratch[0] = buf;
                }
            }
            return EslUrl.decode(b, v, lf, buf);
        }
        // The JDK copies ASCII with vector instructions and shares nothing with the array.
        return new String(b, v, lf - v, StandardCharsets.UTF_8);
    }

    private static int parseInner(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new EslProtocolException("event: inner Content-Length '" + value + "' is not a number", -1, null);
        }
    }

    static EslEvent parseJson(byte[] b) {
        List<String> f = new ArrayList<>(128);
        String body = null;
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), b)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new EslProtocolException("JSON event: body is not a JSON object", -1, null);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_ARRAY) {
                    while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                        f.add(name);
                        f.add(scalar(p, v, name));
                    }
                } else if (name.equals("_body")) {
                    body = scalar(p, v, name);
                } else {
                    f.add(name);
                    f.add(scalar(p, v, name));
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new EslProtocolException("JSON event: unexpected " + t + " after the fields", -1, null);
            }
        } catch (JacksonException e) {
            throw new EslProtocolException("JSON event: " + e.getOriginalMessage(), -1, null);
        }
        return new EslEvent(Format.JSON, f.toArray(String[]::new), body, null);
    }

    private static String scalar(JsonParser p, JsonToken t, String name) {
        if (t == null || t.isStructStart() || t == JsonToken.VALUE_NULL) {
            throw new EslProtocolException("JSON event: field '" + name + "' is " + t + ", not a string", -1, null);
        }
        return p.getString();
    }

    static EslEvent parseXml(byte[] b) {
        List<String> f = new ArrayList<>(128);
        String body = null;
        int declared = -1;
        XMLStreamReader r = null;
        try {
            r = XML.createXMLStreamReader(new ByteArrayInputStream(b), "UTF-8");
            r.nextTag();
            r.require(XMLStreamConstants.START_ELEMENT, null, "event");
            while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                String section = r.getLocalName();
                if (section.equals("headers")) {
                    while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                        String name = r.getLocalName();
                        f.add(name);
                        f.add(EslUrl.decode(r.getElementText()));
                    }
                } else if (section.equals("Content-Length")) {
                    // An event with a body: FreeSWITCH puts its length beside <headers>, not in it.
                    String n = r.getElementText().strip();
                    declared = parseInner(n);
                    f.add(section);
                    f.add(n);
                } else if (section.equals("body")) {
                    body = r.getElementText();
                } else {
                    throw new EslProtocolException("XML event: unexpected element <" + section + ">", -1, null);
                }
            }
            r.require(XMLStreamConstants.END_ELEMENT, null, "event");
            if (body != null && declared >= 0) {
                // FreeSWITCH pretty-prints: the indentation before </body> is not part of the body.
                byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
                if (utf8.length > declared) {
                    body = new String(utf8, 0, declared, StandardCharsets.UTF_8);
                }
            }
        } catch (XMLStreamException e) {
            throw new EslProtocolException("XML event: " + e.getMessage(), -1, null);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held beyond the byte array
                }
            }
        }
        return new EslEvent(Format.XML, f.toArray(String[]::new), body, null);
    }

    private static EslProtocolException bad(String problem, byte[] b, int at) {
        int nl = EslBytes.indexOf(b, at, b.length, (byte) '\n');
        return new EslProtocolException(problem + " (body offset " + at + ")", -1,
                io.voipkit.core.internal.Checks.excerpt(b, at, nl < 0 ? b.length : nl));
    }

    /** The serialization the event came in. */
    public Format format() {
        return format;
    }

    /** {@code Event-Name}, or {@code null} (a diverted event may lack it; fact 4). */
    public String name() {
        return eventName;
    }

    /** {@code Event-Subclass} (for {@code CUSTOM} events), or {@code null}. */
    public String subclass() {
        return field(EslHeaderNames.EVENT_SUBCLASS);
    }

    /** {@code Job-UUID} (for {@code BACKGROUND_JOB}), or {@code null}. */
    public String jobUuid() {
        return field(EslHeaderNames.JOB_UUID);
    }

    /** {@code Unique-ID} of the channel the event is about, or {@code null}. */
    public String uniqueId() {
        return field(EslHeaderNames.UNIQUE_ID);
    }

    /** The value of the first field spelled exactly {@code name}, else the first matching case-insensitively, else {@code null}. */
    public String get(String name) {
        if (hot != null) {
            int id = EslHeaderNames.hotId(name);
            if (id >= 0) {
                return field(id);
            }
        }
        return scan(name);
    }

    /**
     * {@link #get} of the {@link EslHeaderNames} hot name {@code id}: two array reads for a parsed
     * plain event, a scan otherwise. For the mapper, which reads a dozen of them per event.
     */
    String field(int id) {
        int[] h = hot;
        if (h == null) {
            return scan(EslHeaderNames.name(id));
        }
        int at = h[id];
        if (at == 0) {
            at = h[EslHeaderNames.HOT + id];
        }
        return at == 0 ? null : valueAt(at - 1);
    }

    /**
     * {@link #field} of a hot name as a number, read from the bytes when the raw value is 1 to 18
     * ASCII digits (timestamps, epochs, durations: no {@code String}, no exception); -1 when the
     * field is absent or anything else (the caller may then fall back to {@link #field}).
     */
    long fieldDigits(int id) {
        int[] h = hot;
        if (h == null || bytes == null) {
            String v = field(id);
            return v == null ? -1 : digits(v);
        }
        int at = h[id];
        if (at == 0) {
            at = h[EslHeaderNames.HOT + id];
        }
        if (at == 0) {
            return -1;
        }
        int i = at - 1;
        int lf = lines[2 * i + 2] - 1;
        int v = colon(i) + 1;
        if (v < lf && bytes[v] == ' ') {
            v++;
        }
        int len = lf - v;
        if (len == 0 || len > 18) {
            return -1;
        }
        long r = 0;
        for (int k = v; k < lf; k++) {
            int c = bytes[k] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            r = r * 10 + c;
        }
        return r;
    }

    /** The value of a string of 1 to 18 ASCII digits, else -1. */
    static long digits(String v) {
        int n = v.length();
        if (n == 0 || n > 18) {
            return -1;
        }
        long r = 0;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            r = r * 10 + (c - '0');
        }
        return r;
    }

    private int colon(int i) {
        int c = lines[2 * i + 1];
        return c >= 0 ? c : lines[2 * i] + EslHeaderNames.length(-c - 1);
    }

    private String scan(String name) {
        int n = count;
        for (int i = 0; i < n; i++) {
            if (nameAt(i).equals(name)) {
                return valueAt(i);
            }
        }
        for (int i = 0; i < n; i++) {
            if (nameAt(i).equalsIgnoreCase(name)) {
                return valueAt(i);
            }
        }
        return null;
    }

    /**
     * The fields as a {@link RawFields}: for a parsed plain event one that materialises them from
     * the bytes on first access (this event is its {@link RawFieldsSource}), otherwise a copy.
     */
    RawFields rawFields() {
        return bytes != null ? RawFieldsAccess.lazy(this) : RawFields.of(fields);
    }

    /**
     * Part of {@link RawFieldsSource}: the first field whose name equals {@code name} ignoring
     * case, found by comparing the names in place (known names from the table, others byte for
     * byte) and decoding only that value. {@link RawFieldsSource#UNANSWERED} for a name or an event
     * with non-ASCII names: Unicode case folding is left to the materialised scan.
     */
    @Override
    public String firstIgnoringCase(String name) {
        if (fields != null) {
            for (int i = 0; i < fields.length; i += 2) {
                if (fields[i].equalsIgnoreCase(name)) {
                    return fields[i + 1];
                }
            }
            return null;
        }
        if (hot == null || !isAscii(name)) {
            return RawFieldsSource.UNANSWERED;
        }
        for (int i = 0; i < count; i++) {
            int c = lines[2 * i + 1];
            if (c < 0 ? EslHeaderNames.name(-c - 1).equalsIgnoreCase(name) : asciiEqualsIgnoreCase(lines[2 * i], c, name)) {
                return valueAt(i);
            }
        }
        return null;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Whether the name bytes {@code [from, to)} equal the ASCII {@code name} ignoring ASCII case. */
    private boolean asciiEqualsIgnoreCase(int from, int to, String name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            int a = bytes[from + i];
            int b = name.charAt(i);
            if (a != b) {
                if (a >= 'A' && a <= 'Z') {
                    a += 'a' - 'A';
                }
                if (b >= 'A' && b <= 'Z') {
                    b += 'a' - 'A';
                }
                if (a != b) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Every field as {@code name, value, ...}, freshly decoded for a plain event (what its lazy
     * {@link RawFields} holds once read). Part of {@link RawFieldsSource}: not for other callers.
     */
    @Override
    public String[] materializePairs() {
        if (fields != null) {
            return fields.clone();
        }
        String[] out = new String[2 * count];
        byte[][] scratch = new byte[1][];
        for (int i = 0; i < count; i++) {
            out[2 * i] = nameAt(i);
            out[2 * i + 1] = value(bytes, colon(i), lines[2 * i + 2] - 1, scratch);
        }
        return out;
    }

    /** Every value of the fields spelled exactly {@code name}, in wire order. */
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < count; i++) {
            if (nameAt(i).equals(name)) {
                out.add(valueAt(i));
            }
        }
        return List.copyOf(out);
    }

    /** Number of fields (repeated names counted each time). */
    @Override
    public int size() {
        return count;
    }

    /** Field name {@code index}, in wire order. */
    public String nameAt(int index) {
        if (fields != null) {
            return fields[index << 1];
        }
        Objects.checkIndex(index, count);
        int c = lines[2 * index + 1];
        if (c < 0) {
            return EslHeaderNames.name(-c - 1);
        }
        int from = lines[2 * index];
        return new String(bytes, from, c - from, StandardCharsets.UTF_8);
    }

    /** Decoded field value {@code index}, in wire order. */
    public String valueAt(int index) {
        if (fields != null) {
            return fields[(index << 1) + 1];
        }
        Objects.checkIndex(index, count);
        return value(bytes, colon(index), lines[2 * index + 2] - 1, null);
    }

    /** The event's own body, or {@code null} when it has none. */
    public String body() {
        return body;
    }

    /** Name, subclass, format and field count; values are left out (they may hold customer data). */
    @Override
    public String toString() {
        return "EslEvent{" + name() + (subclass() == null ? "" : " " + subclass()) + ", " + format + ", "
                + size() + " fields" + (body == null ? "" : ", body " + body.length() + " chars") + "}";
    }

    /** Equal when the same fields (names, decoded values, order) and body, whatever the format. */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof EslEvent e && count == e.count
                && Arrays.equals(materializePairs(), e.materializePairs()) && Objects.equals(body, e.body);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(materializePairs());
    }
}
