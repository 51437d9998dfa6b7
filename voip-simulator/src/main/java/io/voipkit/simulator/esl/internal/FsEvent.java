package io.voipkit.simulator.esl.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One FreeSWITCH event being built: headers in wire order (repeated names allowed, as FreeSWITCH
 * sends them), decoded values, an optional body; encoded per subscriber in plain, JSON or XML.
 *
 * <p>Not thread-safe while being built; once handed to the server it is only read.
 */
public final class FsEvent {
    /** The three event formats of {@code event plain|json|xml}. */
    public enum Format {
        /** {@code text/event-plain}: URL-encoded values, body ends with a blank line. */
        PLAIN("text/event-plain"),
        /** {@code text/event-json}: values unencoded, all strings, no trailing newline. */
        JSON("text/event-json"),
        /** {@code text/event-xml}: values URL-encoded inside elements, ends with {@code </event>\n}. */
        XML("text/event-xml");

        final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        /** The format named by {@code event plain|json|xml}, or {@code null}. */
        public static Format parse(String word) {
            return switch (word) {
                case "plain" -> PLAIN;
                case "json" -> JSON;
                case "xml" -> XML;
                default -> null;
            };
        }

        /** The word used in {@code +OK event listener enabled <word>}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final List<String> names = new ArrayList<>(64);
    private final List<String> values = new ArrayList<>(64);
    private String body;

    FsEvent() {
    }

    /** An event with these headers (name, value, name, value...). */
    public static FsEvent of(String... namesAndValues) {
        FsEvent e = new FsEvent();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            e.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return e;
    }

    /** Appends a header (a repeated name is kept as a second header). */
    public FsEvent add(String name, String value) {
        names.add(name);
        values.add(value == null ? "" : value);
        return this;
    }

    /** Replaces the value of every header of that name; appends one if there is none. */
    public FsEvent set(String name, String value) {
        boolean found = false;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                values.set(i, value == null ? "" : value);
                found = true;
            }
        }
        if (!found) {
            add(name, value);
        }
        return this;
    }

    /** Replaces the value of every header of that name; does nothing if there is none. */
    public FsEvent replace(String name, String value) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                values.set(i, value == null ? "" : value);
            }
        }
        return this;
    }

    /** Inserts a header before the first header named {@code before}, or appends it if there is none. */
    public FsEvent insertBefore(String before, String name, String value) {
        int i = names.indexOf(before);
        if (i < 0) {
            return add(name, value);
        }
        names.add(i, name);
        values.add(i, value == null ? "" : value);
        return this;
    }

    /** Inserts a header after the first header named {@code after}, or appends it if there is none. */
    public FsEvent insertAfter(String after, String name, String value) {
        int i = names.indexOf(after);
        if (i < 0) {
            return add(name, value);
        }
        names.add(i + 1, name);
        values.add(i + 1, value == null ? "" : value);
        return this;
    }

    /** Removes every header of exactly this name. */
    public FsEvent remove(String name) {
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equals(name)) {
                names.remove(i);
                values.remove(i);
            }
        }
        return this;
    }

    /** Removes every header whose name starts with this prefix. */
    public FsEvent removePrefix(String prefix) {
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).startsWith(prefix)) {
                names.remove(i);
                values.remove(i);
            }
        }
        return this;
    }

    /** The first value of a header, or {@code null}. */
    public String get(String name) {
        int i = names.indexOf(name);
        return i < 0 ? null : values.get(i);
    }

    /** Header names in order. */
    public List<String> names() {
        return names;
    }

    /** {@code Event-Name}, or {@code null}. */
    public String name() {
        return get("Event-Name");
    }

    /** Sets the body (FreeSWITCH adds its own {@code Content-Length} line before it in plain format). */
    public FsEvent body(String value) {
        this.body = value;
        return this;
    }

    /** The body, or {@code null}. */
    public String body() {
        return body;
    }

    FsEvent copy() {
        FsEvent e = new FsEvent();
        e.names.addAll(names);
        e.values.addAll(values);
        e.body = body;
        return e;
    }

    /** The whole frame: outer {@code Content-Length}, {@code Content-Type}, blank line, serialized event. */
    public byte[] encode(Format format) {
        byte[] payload = serialize(format).getBytes(StandardCharsets.UTF_8);
        byte[] head = ("Content-Length: " + payload.length + "\nContent-Type: " + format.contentType + "\n\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + payload.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }

    String serialize(Format format) {
        StringBuilder sb = new StringBuilder(2048);
        switch (format) {
            case PLAIN -> {
                for (int i = 0; i < names.size(); i++) {
                    sb.append(names.get(i)).append(": ").append(EslText.urlEncode(values.get(i))).append('\n');
                }
                if (body != null) {
                    // Fact 5: the serializer's own Content-Length precedes the body, which has no terminator.
                    sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\n\n").append(body);
                } else {
                    sb.append('\n');
                }
            }
            case JSON -> {
                sb.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    EslText.appendJsonString(sb, names.get(i));
                    sb.append(':');
                    EslText.appendJsonString(sb, values.get(i));
                }
                if (body != null) {
                    sb.append(",\"Content-Length\":\"").append(body.getBytes(StandardCharsets.UTF_8).length).append("\",\"_body\":");
                    EslText.appendJsonString(sb, body);
                }
                sb.append('}');
            }
            case XML -> {
                sb.append("<event>\n  <headers>\n");
                for (int i = 0; i < names.size(); i++) {
                    String n = xmlName(names.get(i));
                    sb.append("    <").append(n).append('>').append(EslText.xmlEscape(EslText.urlEncode(values.get(i))))
                            .append("</").append(n).append(">\n");
                }
                sb.append("  </headers>\n");
                if (body != null) {
                    sb.append("  <body>").append(EslText.xmlEscape(body)).append("</body>\n");
                }
                sb.append("</event>\n");
            }
            default -> throw new IllegalStateException(format.toString());
        }
        return sb.toString();
    }

    // Header names come from templates or from sendevent; the reader only admits [A-Za-z0-9_-] names,
    // so this only guards against a name starting with a digit or hyphen.
    private static String xmlName(String name) {
        char c = name.isEmpty() ? '0' : name.charAt(0);
        return Character.isLetter(c) || c == '_' ? name : "_" + name;
    }

    @Override
    public String toString() {
        return "FsEvent[" + name() + ", " + names.size() + " headers]";
    }
}
