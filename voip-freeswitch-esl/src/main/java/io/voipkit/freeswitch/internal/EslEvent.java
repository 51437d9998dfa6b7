package io.voipkit.freeswitch.internal;

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
 * first (fact 4). Immutable and thread-safe.
 */
public final class EslEvent {

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
    private final String[] fields;
    private final String body;
    /**
     * For a parsed plain event: per {@link EslHeaderNames} hot id, 1 + the index of the first field
     * spelled exactly so ({@code [0, HOT)}) and of the first equal ignoring case
     * ({@code [HOT, 2 HOT)}), 0 when absent. {@code null}: look up by scanning.
     */
    private final int[] hot;

    private EslEvent(Format format, String[] fields, String body, int[] hot) {
        this.format = format;
        this.fields = fields;
        this.body = body;
        this.hot = hot;
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
        String ct = frame.contentType();
        if ("text/event-plain".equals(ct)) {
            return parsePlain(frame.bodyArrayUnsafe());
        }
        if ("text/event-json".equals(ct)) {
            return parseJson(frame.bodyArrayUnsafe());
        }
        if ("text/event-xml".equals(ct)) {
            return parseXml(frame.bodyArrayUnsafe());
        }
        throw new IllegalArgumentException("not an event frame: Content-Type " + ct);
    }

    /** An event built from decoded values, for tests and simulators. */
    public static EslEvent of(Format format, String body, String... namesAndValues) {
        if ((namesAndValues.length & 1) != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        return new EslEvent(format, namesAndValues.clone(), body, null);
    }

    /**
     * Parses a plain event body in one pass over its bytes. Built for the event hot path
     * (issue #7's 500,000 events/s): a known header name is taken from {@link EslHeaderNames}
     * (no decoding, no allocation), a value becomes one {@code String} straight from the bytes
     * (no intermediate copy), only a value with {@code %} is URL-decoded, from the bytes, and the positions of the {@link EslHeaderNames#HOT} names are noted
     * so that reading them later costs no scan.
     */
    static EslEvent parsePlain(byte[] b) {
        int end = b.length;
        // ~25 bytes per header line in FreeSWITCH events: one copy at the end trims the guess.
        String[] f = new String[Math.max(16, Math.min(end / 12, 4096)) & ~1];
        int n = 0;
        int[] hot = new int[2 * EslHeaderNames.HOT];
        boolean asciiNames = true;
        int p = 0;
        int innerLength = -1;
        byte[] scratch = null;
        while (true) {
            if (p == end) {
                break; // headers without the closing empty line: tolerated, no body
            }
            if (b[p] == '\n') {
                p++;
                break;
            }
            // Name: up to the first ':' on the line.
            int i = p;
            byte c = 0;
            while (i < end && (c = b[i]) != ':' && c != '\n') {
                i++;
            }
            if (i == end) {
                throw bad("plain event: last header line has no LF", b, p);
            }
            if (c == '\n' || i == p) {
                // no ':' on the line, or an empty name; a line with no LF at all is reported as such
                if (c != '\n' && indexOf(b, i, (byte) '\n') < 0) {
                    throw bad("plain event: last header line has no LF", b, p);
                }
                throw bad("plain event: header line without a name", b, p);
            }
            int colon = i;
            int found = EslHeaderNames.lookup(b, p, colon);
            int id = (found & 0xffff) - 1;
            int ciHot = (found >>> 16) - 1;
            String name;
            if (id >= 0) {
                name = EslHeaderNames.name(id);
            } else {
                name = new String(b, p, colon - p, StandardCharsets.UTF_8);
                if (name.length() != colon - p) {
                    asciiNames = false; // Unicode case folding is not modelled by the table: get() scans
                }
            }
            // Value: one space after ':' dropped, up to the LF.
            int v = colon + 1;
            if (v < end && b[v] == ' ') {
                v++;
            }
            int j = v;
            while (j < end && b[j] != '\n') {
                j++;
            }
            if (j == end) {
                throw bad("plain event: last header line has no LF", b, p);
            }
            // The JDK's decoder copies ASCII with vector instructions; a '%' (rare) is decoded from the bytes.
            String value = j == v ? "" : new String(b, v, j - v, StandardCharsets.UTF_8);
            if (value.indexOf('%') >= 0) {
                if (scratch == null || scratch.length < j - v) {
                    scratch = new byte[Math.max(64, j - v)];
                }
                value = EslUrl.decode(b, v, j, scratch);
            }
            if (id == EslHeaderNames.CONTENT_LENGTH) {
                innerLength = parseInner(value);
            }
            if (n == f.length) {
                f = Arrays.copyOf(f, f.length * 2);
            }
            int index = n >>> 1;
            f[n++] = name;
            f[n++] = value;
            if (id >= 0 && id < EslHeaderNames.HOT && hot[id] == 0) {
                hot[id] = index + 1;
            }
            if (ciHot >= 0 && hot[EslHeaderNames.HOT + ciHot] == 0) {
                hot[EslHeaderNames.HOT + ciHot] = index + 1;
            }
            p = j + 1;
        }
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
        return new EslEvent(Format.PLAIN, n == f.length ? f : Arrays.copyOf(f, n), body, asciiNames ? hot : null);
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

    private static int indexOf(byte[] b, int from, byte x) {
        return indexOf(b, from, b.length, x);
    }

    private static int indexOf(byte[] b, int from, int to, byte x) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static EslProtocolException bad(String problem, byte[] b, int at) {
        int nl = indexOf(b, at, (byte) '\n');
        return new EslProtocolException(problem + " (body offset " + at + ")", -1,
                io.voipkit.core.internal.Checks.excerpt(b, at, nl < 0 ? b.length : nl));
    }

    /** The serialization the event came in. */
    public Format format() {
        return format;
    }

    /** {@code Event-Name}, or {@code null} (a diverted event may lack it; fact 4). */
    public String name() {
        return field(EslHeaderNames.EVENT_NAME);
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
        return at == 0 ? null : fields[(at << 1) - 1];
    }

    private String scan(String name) {
        String[] f = fields;
        for (int i = 0; i < f.length; i += 2) {
            if (f[i].equals(name)) {
                return f[i + 1];
            }
        }
        for (int i = 0; i < f.length; i += 2) {
            if (f[i].equalsIgnoreCase(name)) {
                return f[i + 1];
            }
        }
        return null;
    }

    /** The fields as the mapper's {@code RawFields.of} wants them: name, value, ...; not copied, never modify. */
    String[] fieldsUnsafe() {
        return fields;
    }

    /** Every value of the fields spelled exactly {@code name}, in wire order. */
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equals(name)) {
                out.add(fields[i + 1]);
            }
        }
        return List.copyOf(out);
    }

    /** Number of fields (repeated names counted each time). */
    public int size() {
        return fields.length >>> 1;
    }

    /** Field name {@code index}, in wire order. */
    public String nameAt(int index) {
        return fields[index << 1];
    }

    /** Decoded field value {@code index}, in wire order. */
    public String valueAt(int index) {
        return fields[(index << 1) + 1];
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

    @Override
    public boolean equals(Object o) {
        return o instanceof EslEvent e && Arrays.equals(fields, e.fields) && java.util.Objects.equals(body, e.body);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fields);
    }
}
