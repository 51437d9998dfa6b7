package io.voipkit.ami.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.RawFields;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One AMI message as it came off the wire: a response, an event, or (rarely) something else,
 * with its header lines in wire order.
 *
 * <p>Fields live in one flat array {@code {name0, value0, name1, value1, ...}}: repeated names
 * are kept (Asterisk repeats {@code Output}, {@code Tag}, {@code State}; fixture fact 8) and the
 * decoder hands the array over without copying. Lookups by name are case-insensitive because
 * Asterisk spells the same header differently across events ({@code Uniqueid}/{@code UniqueID}).
 *
 * <p>Immutable and thread-safe, provided nobody writes into {@link #fieldsArrayUnsafe()}.
 * {@link #toString()} masks the values of {@code Secret} and {@code Key} headers.
 */
public final class AmiMessage {

    /** What a message is, decided by the name of its FIRST header (fixture fact 5). */
    public enum Kind {
        /** First header {@code Response:}; answers an action. */
        RESPONSE,
        /** First header {@code Event:}; unsolicited, a list item, or an action-triggered event. */
        EVENT,
        /** Any other first header; never produced by a conforming Asterisk. */
        OTHER
    }

    private static final String[] EMPTY = new String[0];

    private final String[] fields;
    private final Kind kind;

    private AmiMessage(String[] fields) {
        this.fields = fields;
        this.kind = classify(fields);
    }

    /**
     * Wraps an array the caller gives up (the decoder): no copy, no validation. The array length
     * must be even and every element non-null.
     */
    static AmiMessage wrap(String[] fields) {
        return new AmiMessage(fields);
    }

    /**
     * Builds a message from alternating names and values, for tests, simulators and adapters
     * that synthesise a message. The array is copied.
     *
     * @param namesAndValues {@code name0, value0, name1, value1, ...}; an even count, no nulls
     * @throws InvalidRequestException when the count is odd or an element is {@code null}
     */
    public static AmiMessage of(String... namesAndValues) {
        if (namesAndValues == null) {
            throw new InvalidRequestException("namesAndValues", "must not be null");
        }
        if ((namesAndValues.length & 1) != 0) {
            throw new InvalidRequestException("namesAndValues", "must hold name/value pairs, got an odd count "
                    + namesAndValues.length);
        }
        for (int i = 0; i < namesAndValues.length; i++) {
            if (namesAndValues[i] == null) {
                throw new InvalidRequestException("namesAndValues[" + i + "]", "must not be null");
            }
        }
        return new AmiMessage(namesAndValues.length == 0 ? EMPTY : namesAndValues.clone());
    }

    private static Kind classify(String[] fields) {
        if (fields.length == 0) {
            return Kind.OTHER;
        }
        String first = fields[0];
        if (first.equalsIgnoreCase("Response")) {
            return Kind.RESPONSE;
        }
        if (first.equalsIgnoreCase("Event")) {
            return Kind.EVENT;
        }
        return Kind.OTHER;
    }

    /** Response, event or other, from the first header's name (not from ActionID or Response headers). */
    public Kind kind() {
        return kind;
    }

    /** {@code true} for a message whose first header is {@code Response:}. */
    public boolean isResponse() {
        return kind == Kind.RESPONSE;
    }

    /** {@code true} for a message whose first header is {@code Event:}. */
    public boolean isEvent() {
        return kind == Kind.EVENT;
    }

    /** The number of header lines (repeated names counted each time). */
    public int size() {
        return fields.length >>> 1;
    }

    /**
     * The name of header {@code index} in wire order, spelled as the PBX spelled it.
     *
     * @throws IndexOutOfBoundsException when {@code index} is not in {@code [0, size())}
     */
    public String nameAt(int index) {
        return fields[checkIndex(index) << 1];
    }

    /**
     * The value of header {@code index} in wire order; may be empty, never {@code null}.
     *
     * @throws IndexOutOfBoundsException when {@code index} is not in {@code [0, size())}
     */
    public String valueAt(int index) {
        return fields[(checkIndex(index) << 1) + 1];
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("header index " + index + " not in [0, " + size() + ")");
        }
        return index;
    }

    /**
     * The value of the first header called {@code name} (case-insensitive), or {@code null}.
     * The first match wins, as in Asterisk itself (fixture fact 10).
     */
    public String get(String name) {
        if (name == null) {
            return null;
        }
        // One pass: the decoder hands out the literal's own instance for the names the adapter
        // asks for (AmiDecoder.KNOWN_NAMES), so the reference comparison usually ends the walk
        // without reading a character. A differently spelled name ahead of it (UniqueID before
        // Uniqueid) is still found first, as in Asterisk: only names of the same length whose
        // first characters may match are compared ignoring case. (Was two passes: a reference
        // scan, then a case-folding rescan of the prefix before the hit.)
        String[] f = fields;
        int length = name.length();
        char first = length == 0 ? 0 : name.charAt(0);
        for (int i = 0; i < f.length; i += 2) {
            String k = f[i];
            if (k == name) {
                return f[i + 1];
            }
            if (k.length() == length && (length == 0 || mayEqualIgnoringCase(k.charAt(0), first))
                    && k.equalsIgnoreCase(name)) {
                return f[i + 1];
            }
        }
        return null;
    }

    /**
     * A cheap filter before {@code equalsIgnoreCase}: {@code false} only when two first characters
     * certainly differ ignoring case (ASCII, where case is the 0x20 bit), so most names of the
     * same length are rejected without a case-folding comparison.
     */
    private static boolean mayEqualIgnoringCase(char a, char b) {
        return a == b || (a | b) >= 0x80 || (a | 0x20) == (b | 0x20);
    }

    /** {@code true} when a header called {@code name} (case-insensitive) is present. */
    public boolean has(String name) {
        return get(name) != null;
    }

    /** Every value of the headers called {@code name} (case-insensitive), in wire order; maybe empty. */
    public List<String> getAll(String name) {
        List<String> values = new ArrayList<>(2);
        String[] f = fields;
        for (int i = 0; i < f.length; i += 2) {
            if (f[i].equalsIgnoreCase(name)) {
                values.add(f[i + 1]);
            }
        }
        return List.copyOf(values);
    }

    /** The {@code ActionID} header, or {@code null} when there is none (for example a Ping sent without one). */
    public String actionId() {
        return get("ActionID");
    }

    /** The event name (value of the first header) for an {@link Kind#EVENT}, else {@code null}. */
    public String eventName() {
        return kind == Kind.EVENT ? fields[1] : null;
    }

    /**
     * The response status ({@code Success}, {@code Error}, {@code Goodbye}, {@code Follows}) for a
     * {@link Kind#RESPONSE}, else {@code null}. An {@code OriginateResponse} event's
     * {@code Response:} header is not returned here: it is an event.
     */
    public String response() {
        return kind == Kind.RESPONSE ? fields[1] : null;
    }

    /** {@code true} for a response whose status is {@code Success} (case-insensitive). */
    public boolean isSuccess() {
        return kind == Kind.RESPONSE && "Success".equalsIgnoreCase(fields[1]);
    }

    /** The {@code Message} header, or {@code null}. */
    public String message() {
        return get("Message");
    }

    /** {@code true} when {@code EventList: start} is present: a list action's opening response. */
    public boolean isListStart() {
        return "start".equalsIgnoreCase(get("EventList"));
    }

    /** {@code true} when {@code EventList: Complete} is present: the event that closes a list. */
    public boolean isListComplete() {
        return "Complete".equalsIgnoreCase(get("EventList"));
    }

    /**
     * The backing array {@code {name0, value0, ...}} itself, for zero-copy hand-off to the event
     * layer. Callers must not modify it.
     */
    public String[] fieldsArrayUnsafe() {
        return fields;
    }

    /**
     * The fields as the event layer's {@link RawFields}, in wire order, repeats kept. A line
     * without {@code ':'} (name {@code ""} here; only pre-14 Asterisk's {@code Response: Follows}
     * Command output has them) becomes an {@code Output} field, the name modern Asterisk gives
     * each CLI output line, because {@code RawFields} names must not be empty.
     */
    public RawFields toRawFields() {
        String[] f = fields;
        for (int i = 0; i < f.length; i += 2) {
            if (f[i].isEmpty()) {
                String[] renamed = f.clone();
                for (int j = i; j < renamed.length; j += 2) {
                    if (renamed[j].isEmpty()) {
                        renamed[j] = "Output";
                    }
                }
                return RawFields.of(renamed);
            }
        }
        return RawFields.of(f);
    }

    /** Two messages are equal when they hold the same headers, names compared exactly, in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AmiMessage && Arrays.equals(fields, ((AmiMessage) o).fields);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fields);
    }

    /** The headers in wire order, {@code Secret} and {@code Key} values masked. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(16 + fields.length * 12).append(kind).append('{');
        for (int i = 0; i < fields.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(fields[i]).append(": ").append(maskIfSecret(fields[i], fields[i + 1]));
        }
        return sb.append('}').toString();
    }

    /** The value to print for header {@code name}: {@code ****} for secrets, else the value itself. */
    static String maskIfSecret(String name, String value) {
        return isSecretHeader(name) ? "****" : value;
    }

    /** Headers whose values must never reach a log line: the plain secret and the MD5 key. */
    static boolean isSecretHeader(String name) {
        return name.equalsIgnoreCase("Secret") || name.equalsIgnoreCase("Key");
    }
}
