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

    private EslEvent(Format format, String[] fields, String body) {
        this.format = format;
        this.fields = fields;
        this.body = body;
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
        return new EslEvent(format, namesAndValues.clone(), body);
    }

    static EslEvent parsePlain(byte[] b) {
        List<String> f = new ArrayList<>(128);
        int p = 0;
        int innerLength = -1;
        while (true) {
            int nl = indexOf(b, p, (byte) '\n');
            if (nl < 0) {
                if (p < b.length) {
                    throw bad("plain event: last header line has no LF", b, p);
                }
                break; // headers without the closing empty line: tolerated, no body
            }
            if (nl == p) {
                p++;
                break;
            }
            int colon = indexOf(b, p, nl, (byte) ':');
            if (colon <= p) {
                throw bad("plain event: header line without a name", b, p);
            }
            String name = new String(b, p, colon - p, StandardCharsets.UTF_8);
            int v = colon + 1;
            if (v < nl && b[v] == ' ') {
                v++;
            }
            String value = EslUrl.decode(new String(b, v, nl - v, StandardCharsets.UTF_8));
            if (name.equals("Content-Length")) {
                innerLength = parseInner(value);
            }
            f.add(name);
            f.add(value);
            p = nl + 1;
        }
        String body = null;
        int rest = b.length - p;
        if (innerLength >= 0) {
            if (innerLength != rest) {
                throw new EslProtocolException("plain event: inner Content-Length " + innerLength + " but "
                        + rest + " bytes follow the headers", -1, null);
            }
            body = new String(b, p, rest, StandardCharsets.UTF_8);
        } else if (rest > 0) {
            throw bad("plain event: " + rest + " bytes after the headers without an inner Content-Length", b, p);
        }
        return new EslEvent(Format.PLAIN, f.toArray(String[]::new), body);
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
        return new EslEvent(Format.JSON, f.toArray(String[]::new), body);
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
        return new EslEvent(Format.XML, f.toArray(String[]::new), body);
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
        return get("Event-Name");
    }

    /** {@code Event-Subclass} (for {@code CUSTOM} events), or {@code null}. */
    public String subclass() {
        return get("Event-Subclass");
    }

    /** {@code Job-UUID} (for {@code BACKGROUND_JOB}), or {@code null}. */
    public String jobUuid() {
        return get("Job-UUID");
    }

    /** {@code Unique-ID} of the channel the event is about, or {@code null}. */
    public String uniqueId() {
        return get("Unique-ID");
    }

    /** The value of the first field spelled exactly {@code name}, else the first matching case-insensitively, else {@code null}. */
    public String get(String name) {
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
