package io.voipkit.ami.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;

import java.util.ArrayList;
import java.util.List;

/**
 * An AMI action to send: its name and its headers in order, repeated names allowed (an
 * {@code Originate} carries one {@code Variable} header per channel variable).
 *
 * <p>Everything is validated when it is added, so a bad action never reaches the socket: names
 * must be non-blank without {@code ':'}, CR, LF or NUL; values may be empty but must not hold CR,
 * LF or NUL (header injection). {@code Action} and {@code ActionID} are reserved: the connection
 * writes them and correlates the answer by the ActionID it generates.
 *
 * <pre>{@code
 * AmiAction originate = AmiAction.builder("Originate")
 *         .add("Channel", "Local/200@test")
 *         .add("Variable", "a=1").add("Variable", "b=2")
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} masks {@code Secret} and {@code Key}.
 */
public final class AmiAction {

    private final String name;
    private final String[] fields;

    private AmiAction(String name, String[] fields) {
        this.name = name;
        this.fields = fields;
    }

    /**
     * Starts an action called {@code name}.
     *
     * @throws InvalidRequestException when the name is blank or holds CR, LF, NUL or {@code ':'}
     */
    public static Builder builder(String name) {
        return new Builder(checkName(name, "action"));
    }

    /**
     * An action with alternating header names and values, for example
     * {@code AmiAction.of("Hangup", "Channel", "PJSIP/101-0001", "Cause", "16")}.
     *
     * @throws InvalidRequestException when a name or value is invalid or the count is odd
     */
    public static AmiAction of(String name, String... namesAndValues) {
        Builder b = builder(name);
        Checks.notNull(namesAndValues, "namesAndValues");
        if ((namesAndValues.length & 1) != 0) {
            throw new InvalidRequestException("namesAndValues", "must hold name/value pairs, got an odd count "
                    + namesAndValues.length);
        }
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    /** The action name, for example {@code Originate}. */
    public String name() {
        return name;
    }

    /** The number of headers besides {@code Action} and {@code ActionID}. */
    public int size() {
        return fields.length >>> 1;
    }

    /** The name of header {@code index}. */
    public String nameAt(int index) {
        java.util.Objects.checkIndex(index, size());
        return fields[index << 1];
    }

    /** The value of header {@code index}; may be empty. */
    public String valueAt(int index) {
        java.util.Objects.checkIndex(index, size());
        return fields[(index << 1) + 1];
    }

    /** The first value of the header called {@code name} (case-insensitive), or {@code null}. */
    public String get(String headerName) {
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(headerName)) {
                return fields[i + 1];
            }
        }
        return null;
    }

    /** The action as it would be written (without ActionID), {@code Secret}/{@code Key} masked. */
    @Override
    public String toString() {
        return describe(null);
    }

    /** One-line description for logs with the given ActionID, secrets masked. */
    String describe(String actionId) {
        StringBuilder sb = new StringBuilder(32 + fields.length * 12).append("Action: ").append(name);
        if (actionId != null) {
            sb.append(", ActionID: ").append(actionId);
        }
        for (int i = 0; i < fields.length; i += 2) {
            sb.append(", ").append(fields[i]).append(": ").append(AmiMessage.maskIfSecret(fields[i], fields[i + 1]));
        }
        return sb.toString();
    }

    String[] fieldsArray() {
        return fields;
    }

    private static String checkName(String value, String field) {
        Checks.wireText(value, field);
        if (value.indexOf(':') >= 0) {
            throw new InvalidRequestException(field, "must not contain ':' (a header name ends at the first ':'): "
                    + Checks.abbreviate(value));
        }
        if (!value.strip().equals(value)) {
            throw new InvalidRequestException(field, "must not start or end with whitespace: " + Checks.abbreviate(value));
        }
        return value;
    }

    /** Collects the headers of one action; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<String> fields = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Appends a header; the same name may be added several times and is written as often.
         *
         * @param headerName  non-blank, no {@code ':'}, CR, LF or NUL; not {@code Action} or {@code ActionID}
         * @param value       may be empty; no CR, LF or NUL
         * @throws InvalidRequestException naming the header when either is invalid
         */
        public Builder add(String headerName, String value) {
            checkName(headerName, "header name");
            if (headerName.equalsIgnoreCase("Action") || headerName.equalsIgnoreCase("ActionID")) {
                throw new InvalidRequestException(headerName,
                        "is reserved: the connection writes Action and a generated ActionID itself");
            }
            Checks.notNull(value, headerName);
            Checks.noLineBreaks(value, headerName);
            fields.add(headerName);
            fields.add(value);
            return this;
        }

        /** Appends a header only when {@code value} is not {@code null}. */
        public Builder addIfPresent(String headerName, String value) {
            return value == null ? this : add(headerName, value);
        }

        /** The immutable action. */
        public AmiAction build() {
            return new AmiAction(name, fields.toArray(new String[0]));
        }
    }
}
