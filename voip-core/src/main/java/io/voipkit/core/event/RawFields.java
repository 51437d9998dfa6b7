package io.voipkit.core.event;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import io.voipkit.core.internal.RawFieldsAccess;
import io.voipkit.core.internal.RawFieldsSource;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The fields of one event exactly as the PBX sent them: an immutable, ordered list of
 * (name, value) pairs in which a name may repeat (AMI repeats {@code Output} and
 * {@code ChanVariable}; ESL repeats nothing but keeps its own order).
 *
 * <pre>{@code
 * RawFields raw = RawFields.of("Event", "Hangup", "Uniqueid", "1795551562.33", "Cause", "16");
 * raw.first("UniqueID");   // Optional[1795551562.33]: lookup ignores case, AMI is inconsistent
 * raw.all("Cause");        // [16]
 * }</pre>
 *
 * <p>Built for the event hot path: the pairs live in one {@code String[]} (name, value, name,
 * value, ...), there is no per-field object, and lookups are a linear scan, which for the 10-40
 * headers of a real event is faster than hashing. Values may be empty (AMI sends
 * {@code AccountCode: }) but never {@code null}; names are never {@code null} or empty.
 *
 * <p>Thread-safe (immutable).
 */
public final class RawFields {
    private static final String[] NO_FIELDS = new String[0];
    private static final RawFields EMPTY = new RawFields(NO_FIELDS);
    /** Values longer than this are shortened in {@link #toString()} so one huge field cannot flood a log. */
    private static final int SHOWN_VALUE_CHARS = 60;

    /**
     * name0, value0, name1, value1, ... Never shared with anyone who could change it. {@code null}
     * only while a lazy instance ({@link RawFieldsAccess#lazy}) has not been read yet. Volatile
     * because a lazy instance is materialised by whichever thread reads it first (on x86 a
     * volatile read costs what a plain one does).
     */
    private volatile String[] pairs;
    /** The codec's form of the fields until {@link #pairs} is set, then {@code null}; volatile for the same reason. */
    private volatile RawFieldsSource source;

    private RawFields(String[] pairs) {
        this.pairs = pairs;
    }

    /** A lazy instance; only through {@link RawFieldsAccess#lazy}, which checks the size. */
    private RawFields(RawFieldsSource source) {
        this.source = source;
    }

    /** The pairs, materialised from the source on first use. */
    private String[] pairs() {
        String[] p = pairs;
        return p != null ? p : materialize();
    }

    /**
     * Materialises once, under the source's lock (the source is private to its codec, so nobody
     * else locks it). The pairs are written before the source is cleared and both are volatile:
     * a thread that finds the source gone finds the pairs.
     */
    private String[] materialize() {
        RawFieldsSource s = source;
        if (s == null) {
            return pairs;
        }
        synchronized (s) {
            String[] p = pairs;
            if (p == null) {
                p = s.materializePairs();
                if (p == null || p.length != 2 * s.size()) {
                    throw new IllegalStateException("raw field source " + s.getClass().getName() + " gave "
                            + (p == null ? "null" : p.length + " elements") + " for " + s.size() + " fields");
                }
                for (int i = 0; i < p.length; i += 2) {
                    checkPair(p[i], p[i + 1], i / 2); // the invariant every RawFields keeps
                }
                pairs = p;
                source = null;
            }
            return p;
        }
    }

    /** No fields: for events that did not come from a wire (connection changes, resyncs). */
    public static RawFields empty() {
        return EMPTY;
    }

    /**
     * Fields from alternating names and values: {@code of("Event", "Hangup", "Cause", "16")}.
     *
     * @throws InvalidRequestException if the count is odd, a name is null or empty, or a value is null
     */
    public static RawFields of(String... namesAndValues) {
        Checks.notNull(namesAndValues, "namesAndValues");
        if ((namesAndValues.length & 1) != 0) {
            throw new InvalidRequestException("namesAndValues",
                    "must hold name/value pairs, but has an odd number of elements (" + namesAndValues.length + ")");
        }
        String[] copy = namesAndValues.clone();
        for (int i = 0; i < copy.length; i += 2) {
            checkPair(copy[i], copy[i + 1], i / 2);
        }
        return copy.length == 0 ? EMPTY : new RawFields(copy);
    }

    /**
     * Fields from a list of entries, in list order.
     *
     * @throws InvalidRequestException if the list, an entry, a name or a value is null, or a name is empty
     */
    public static RawFields of(List<? extends Map.Entry<String, String>> fields) {
        Checks.notNull(fields, "fields");
        String[] copy = new String[fields.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : fields) {
            if (e == null) {
                throw new InvalidRequestException("fields[" + i + "]", "must not be null");
            }
            checkPair(e.getKey(), e.getValue(), i);
            copy[2 * i] = e.getKey();
            copy[2 * i + 1] = e.getValue();
            i++;
        }
        return copy.length == 0 ? EMPTY : new RawFields(copy);
    }

    /** A builder for codecs that add fields one by one as they parse them. */
    public static Builder builder() {
        return new Builder(16);
    }

    /** A builder with room for {@code expectedFields} fields before it grows. */
    public static Builder builder(int expectedFields) {
        return new Builder(Math.max(1, Checks.nonNegative(expectedFields, "expectedFields")));
    }

    private static void checkPair(String name, String value, int index) {
        if (name == null || name.isEmpty()) {
            throw new InvalidRequestException("fields[" + index + "].name", "must not be null or empty");
        }
        if (value == null) {
            throw new InvalidRequestException("fields[" + index + "].value",
                    "must not be null (field " + Checks.abbreviate(name) + "); use \"\" for an empty value");
        }
    }

    /** The number of fields, repeats included. */
    public int size() {
        String[] p = pairs;
        if (p == null) {
            RawFieldsSource s = source;
            if (s != null) {
                return s.size(); // answered without materialising
            }
            p = pairs; // materialised meanwhile: set before the source was cleared
        }
        return p.length >>> 1;
    }

    /** Whether there are no fields. */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** The name of the field at {@code index} (0-based, wire order). */
    public String name(int index) {
        return pairs()[2 * checkIndex(index)];
    }

    /** The value of the field at {@code index} (0-based, wire order). */
    public String value(int index) {
        return pairs()[2 * checkIndex(index) + 1];
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("field index " + index + " out of 0.." + (size() - 1));
        }
        return index;
    }

    /**
     * The value of the first field called {@code name}, ignoring case ({@code Uniqueid} and
     * {@code UniqueID} are the same field to Asterisk).
     */
    public Optional<String> first(String name) {
        return Optional.ofNullable(firstOrNull(name));
    }

    /** Like {@link #first(String)} but returns {@code null} when absent; no allocation. */
    public String firstOrNull(String name) {
        Checks.notNull(name, "name");
        if (pairs == null) {
            RawFieldsSource s = source;
            if (s != null) {
                // not materialised yet: the source may find one field without decoding the others
                String v = s.firstIgnoringCase(name);
                if (v != RawFieldsSource.UNANSWERED) {
                    return v;
                }
            }
        }
        String[] p = pairs();
        for (int i = 0; i < p.length; i += 2) {
            // Codecs hand out interned names, so callers asking with a literal usually find the
            // very instance: no character compared. An earlier name spelled differently still wins.
            if (p[i] == name) {
                String earlier = firstIgnoringCase(p, i, name);
                return earlier != null ? earlier : p[i + 1];
            }
        }
        return firstIgnoringCase(p, p.length, name);
    }

    /**
     * A cheap filter before {@code equalsIgnoreCase}: {@code false} only when two first characters
     * certainly differ ignoring case (ASCII, where case is the 0x20 bit), so most names of the
     * same length are rejected without a case-folding comparison.
     */
    private static boolean mayEqualIgnoringCase(char a, char b) {
        return a == b || (a | b) >= 0x80 || (a | 0x20) == (b | 0x20);
    }

    private static String firstIgnoringCase(String[] p, int limit, String name) {
        int length = name.length();
        for (int i = 0; i < limit; i += 2) {
            String k = p[i];
            if (k.length() == length && (length == 0 || mayEqualIgnoringCase(k.charAt(0), name.charAt(0)))
                    && k.equalsIgnoreCase(name)) {
                return p[i + 1];
            }
        }
        return null;
    }

    /** Whether a field called {@code name} (ignoring case) is present. */
    public boolean contains(String name) {
        return firstOrNull(name) != null;
    }

    /** Every value of the fields called {@code name} (ignoring case), in wire order; empty if none. */
    public List<String> all(String name) {
        Checks.notNull(name, "name");
        String[] pairs = pairs();
        List<String> values = null;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                if (values == null) {
                    values = new ArrayList<>(4);
                }
                values.add(pairs[i + 1]);
            }
        }
        return values == null ? List.of() : List.copyOf(values);
    }

    /**
     * The distinct field names in the order they first appear, spelled as they first appear;
     * names that differ only in case count as one.
     */
    public List<String> names() {
        String[] pairs = pairs();
        List<String> names = new ArrayList<>(size());
        outer:
        for (int i = 0; i < pairs.length; i += 2) {
            for (String seen : names) {
                if (seen.equalsIgnoreCase(pairs[i])) {
                    continue outer;
                }
            }
            names.add(pairs[i]);
        }
        return List.copyOf(names);
    }

    /** All fields as an immutable list of entries, in wire order, repeats included. A view: no copy. */
    public List<Map.Entry<String, String>> asList() {
        return new EntryView(pairs());
    }

    /** Equal when the same names and values appear in the same order (names compared exactly). */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof RawFields other && Arrays.equals(pairs(), other.pairs());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pairs());
    }

    /**
     * {@code RawFields[Event=Hangup, Cause=16]}. Long values are shortened, and values of fields
     * whose name mentions a secret, password or key are masked, so the result is safe to log.
     */
    @Override
    public String toString() {
        String[] pairs = pairs();
        StringBuilder sb = new StringBuilder(16 + pairs.length * 12).append("RawFields[");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(pairs[i]).append('=');
            String v = pairs[i + 1];
            if (isSecretName(pairs[i])) {
                sb.append("****");
            } else if (v.length() > SHOWN_VALUE_CHARS) {
                sb.append(v, 0, SHOWN_VALUE_CHARS).append("…(").append(v.length()).append(" chars)");
            } else {
                sb.append(v);
            }
        }
        return sb.append(']').toString();
    }

    private static boolean isSecretName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.contains("secret") || n.contains("password") || n.equals("key") || n.endsWith("-key")
                || n.contains("token");
    }

    /** Read-only list view over the pair array; entries are created on access only. */
    private static final class EntryView extends AbstractList<Map.Entry<String, String>> implements RandomAccess {
        private final String[] pairs;

        EntryView(String[] pairs) {
            this.pairs = pairs;
        }

        @Override
        public Map.Entry<String, String> get(int index) {
            if (index < 0 || index >= size()) {
                throw new IndexOutOfBoundsException("field index " + index + " out of 0.." + (size() - 1));
            }
            return Map.entry(pairs[2 * index], pairs[2 * index + 1]);
        }

        @Override
        public int size() {
            return pairs.length >>> 1;
        }
    }

    /**
     * Collects fields in order. Not thread-safe; use one builder per event. {@link #build()} may
     * be called more than once; later additions do not change fields already built.
     */
    public static final class Builder {
        private String[] pairs;
        private int length;

        private Builder(int expectedFields) {
            this.pairs = new String[expectedFields * 2];
        }

        /**
         * Appends one field.
         *
         * @throws InvalidRequestException if the name is null or empty or the value is null
         */
        public Builder add(String name, String value) {
            checkPair(name, value, length / 2);
            if (length == pairs.length) {
                pairs = Arrays.copyOf(pairs, Math.max(4, pairs.length * 2));
            }
            pairs[length++] = name;
            pairs[length++] = value;
            return this;
        }

        /** The number of fields added so far. */
        public int size() {
            return length >>> 1;
        }

        /** The fields added so far, as an immutable value. */
        public RawFields build() {
            return length == 0 ? EMPTY : new RawFields(Arrays.copyOf(pairs, length));
        }
    }
}
