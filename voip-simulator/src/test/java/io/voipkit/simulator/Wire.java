package io.voipkit.simulator;

import io.voipkit.testsupport.ItServices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Fixture access and structural comparison of AMI messages for the transcript tests. */
final class Wire {
    /** Values that differ between any two runs of a real Asterisk too. */
    static final Set<String> VOLATILE = Set.of("Timestamp", "Uniqueid", "Linkedid", "UniqueID", "LinkedID", "Challenge",
            "SessionID", "LocalAddress", "RemoteAddress", "EventTV", "SessionTV", "Uptime", "LastReload", "CoreStartupDate",
            "CoreStartupTime", "CoreReloadDate", "CoreReloadTime", "CoreProcessedCalls", "DestUniqueid", "DestLinkedid",
            "BridgeUniqueid", "BridgeId", "BridgeID", "Duration", "RoundtripUsec", "RTT", "Contact", "URI", "Uri",
            "CallID", "CallId", "ID", "ObjectName", "RegExpire", "ExpirationTime", "ViaAddress", "ViaPort", "Contacts",
            "StartTime", "AnswerTime", "EndTime", "EventTime", "BillableSeconds", "LoginTime", "LastCall", "LastPause");

    private Wire() {
    }

    /** The AMI transcripts {@code <fixtures>/ami}; aborts the calling test when the fixtures are absent. */
    static Path fixtures() {
        return ItServices.fixtures().resolve("ami");
    }

    static byte[] bytes(String file) throws IOException {
        return Files.readAllBytes(fixtures().resolve(file));
    }

    /** Parses a received transcript: greeting line, then messages (bare-LF values kept in their header). */
    static List<List<String[]>> messages(String file) throws IOException {
        String text = new String(bytes(file), StandardCharsets.UTF_8);
        int firstLine = text.indexOf("\r\n");
        String body = text.startsWith("Asterisk Call Manager") ? text.substring(firstLine + 2) : text;
        List<List<String[]>> out = new ArrayList<>();
        List<String[]> cur = new ArrayList<>();
        for (String l : body.split("\r\n", -1)) {
            if (l.isEmpty()) {
                if (!cur.isEmpty()) {
                    out.add(cur);
                    cur = new ArrayList<>();
                }
                continue;
            }
            int colon = l.indexOf(": ");
            cur.add(colon < 0 ? new String[] {l.endsWith(":") ? l.substring(0, l.length() - 1) : l, ""}
                    : new String[] {l.substring(0, colon), l.substring(colon + 2)});
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    /** Splits a sent transcript into raw action blocks (each with its terminating empty line). */
    static List<byte[]> actions(String file) throws IOException {
        String text = new String(bytes(file), StandardCharsets.UTF_8);
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            int end = -1;
            if (text.startsWith("\r\n\r\n", i)) {
                end = i + 4;
            } else if (text.startsWith("\n\n", i)) {
                end = i + 2;
            } else if (text.startsWith("\n\r\n", i)) {
                end = i + 3;
            }
            if (end > 0) {
                out.add(text.substring(start, end).getBytes(StandardCharsets.UTF_8));
                start = end;
                i = end;
            } else {
                i++;
            }
        }
        return out;
    }

    /** First ActionID (any case) of a raw action block, or null. */
    static String actionIdOf(byte[] block) {
        for (String l : new String(block, StandardCharsets.UTF_8).split("\r?\n")) {
            int c = l.indexOf(':');
            if (c > 0 && l.substring(0, c).trim().equalsIgnoreCase("ActionID")) {
                return l.substring(c + 1).trim();
            }
        }
        return null;
    }

    private static java.util.Map<String, Set<List<String>>> shapes;

    /** Every header-name list seen per event name in all recorded transcripts. */
    static synchronized java.util.Map<String, Set<List<String>>> fixtureShapes() throws IOException {
        if (shapes == null) {
            java.util.Map<String, Set<List<String>>> map = new java.util.HashMap<>();
            try (var files = Files.list(fixtures())) {
                for (Path f : files.filter(p -> p.toString().endsWith(".txt") && !p.toString().endsWith(".sent.txt")
                        && !p.toString().endsWith(".annotated.txt")).toList()) {
                    for (List<String[]> m : messages(f.getFileName().toString())) {
                        if (m.get(0)[0].equals("Event")) {
                            map.computeIfAbsent(m.get(0)[1], k -> new java.util.HashSet<>()).add(names(m));
                        }
                    }
                }
            }
            shapes = map;
        }
        return shapes;
    }

    /** Asserts that an event has exactly the header names (order and case) of some recorded event of that name. */
    static void assertRecordedShape(List<String[]> event) throws IOException {
        String name = value(event, "Event");
        Set<List<String>> known = fixtureShapes().get(name);
        assertThat(known).as("event %s appears in the recordings", name).isNotNull();
        assertThat(known).as("header names of %s", format(event)).contains(names(event));
    }

    static String value(List<String[]> m, String name) {
        if (m == null) {
            return null;
        }
        for (String[] h : m) {
            if (h[0].equals(name)) {
                return h[1];
            }
        }
        return null;
    }

    static List<String> names(List<String[]> m) {
        return m.stream().map(h -> h[0]).toList();
    }

    static String format(List<String[]> m) {
        if (m == null) {
            return "<EOF>";
        }
        StringBuilder sb = new StringBuilder();
        for (String[] h : m) {
            sb.append(h[0]).append(": ").append(h[1] == null ? "" : h[1].replace("\n", "\\n")).append(" | ");
        }
        return sb.toString();
    }

    /**
     * Asserts the same messages, same header names in the same order and case, and the same values
     * except for the volatile ones.
     */
    static void assertSameStructure(List<List<String[]>> actual, List<List<String[]>> expected, Collection<String> extraVolatile) {
        List<String> a = actual.stream().map(m -> describe(m, extraVolatile)).toList();
        List<String> e = expected.stream().map(m -> describe(m, extraVolatile)).toList();
        assertThat(a).containsExactlyElementsOf(e);
    }

    private static String describe(List<String[]> m, Collection<String> extraVolatile) {
        StringBuilder sb = new StringBuilder();
        for (String[] h : m) {
            sb.append(h[0]).append(": ");
            if (VOLATILE.contains(h[0]) || extraVolatile.contains(h[0]) || h[0].endsWith("Uniqueid") || h[0].endsWith("Linkedid")) {
                sb.append("<volatile>");
            } else {
                // Channel-name counters (PJSIP/101-ep-0000001f, Local/200@test-00000017;1) depend on history.
                String v = h[1] == null ? "" : h[1].replace("\n", "\\n");
                sb.append(v.replaceAll("-[0-9a-f]{8}(;[12])?(?![0-9a-f-])", "-########$1"));
            }
            sb.append(" | ");
        }
        return sb.toString();
    }
}
