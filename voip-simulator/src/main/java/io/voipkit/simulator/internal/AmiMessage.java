package io.voipkit.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One outgoing AMI message (response, event or list item): header lines in the exact order and
 * case real Asterisk writes them, closed by an empty line. Values are written verbatim; a few real
 * Asterisk messages end a value in a bare LF (fact 2 of the fixtures README) and keep doing so here.
 *
 * <p>Not thread-safe while being built; immutable in practice once handed to {@link #encode()}.
 */
public final class AmiMessage {
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();
    private final String privilege;

    private AmiMessage(String privilege) {
        this.privilege = privilege;
    }

    /** A response: first line {@code Response: <kind>}, then the ActionID when the action had one. */
    public static AmiMessage response(String kind, String actionId) {
        AmiMessage m = new AmiMessage(null);
        m.add("Response", kind);
        m.addIfPresent("ActionID", actionId);
        return m;
    }

    /**
     * An unsolicited event with {@code Privilege} (e.g. {@code call,all}) and, when {@code timestamp}
     * is non-null, {@code Timestamp}. The privilege classes decide which clients receive it.
     */
    public static AmiMessage event(String name, String privilege, String timestamp) {
        AmiMessage m = new AmiMessage(privilege);
        m.add("Event", name);
        m.add("Privilege", privilege);
        if (timestamp != null) {
            m.add("Timestamp", timestamp);
        }
        return m;
    }

    /** A list item or list completion: {@code Event:} then the ActionID, no Privilege/Timestamp. */
    public static AmiMessage listItem(String name, String actionId) {
        AmiMessage m = new AmiMessage(null);
        m.add("Event", name);
        m.addIfPresent("ActionID", actionId);
        return m;
    }

    /** An event-shaped message whose headers the caller writes entirely (e.g. items with unusual order). */
    public static AmiMessage bareEvent(String name, String privilege) {
        AmiMessage m = new AmiMessage(privilege);
        m.add("Event", name);
        return m;
    }

    /** Appends a header; {@code null} is written as an empty value. */
    public AmiMessage add(String name, String value) {
        names.add(name);
        values.add(value == null ? "" : value);
        return this;
    }

    /** Appends a numeric header. */
    public AmiMessage add(String name, long value) {
        return add(name, Long.toString(value));
    }

    /** Appends a header only when the value is non-null (ActionID when the action had one). */
    public AmiMessage addIfPresent(String name, String value) {
        if (value != null) {
            add(name, value);
        }
        return this;
    }

    /** The privilege classes of an event (e.g. {@code call,all}), {@code null} for responses and list items. */
    public String privilege() {
        return privilege;
    }

    /** The first value of a header (exact name), or {@code null}. */
    public String get(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** Replaces the first header of that name, or appends it. */
    public AmiMessage set(String name, String value) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                values.set(i, value);
                return this;
            }
        }
        return add(name, value);
    }

    /** Header names in order. */
    public List<String> names() {
        return List.copyOf(names);
    }

    /** Number of headers. */
    public int size() {
        return names.size();
    }

    /** The wire bytes: {@code Name: value\r\n} per header, then {@code \r\n}. */
    public byte[] encode() {
        StringBuilder sb = new StringBuilder(32 * names.size() + 2);
        for (int i = 0; i < names.size(); i++) {
            sb.append(names.get(i)).append(": ").append(values.get(i)).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "AmiMessage" + names.subList(0, Math.min(2, names.size())) + values.subList(0, Math.min(2, values.size()));
    }
}
