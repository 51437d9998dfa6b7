package io.voipkit.simulator.esl;

import io.voipkit.testsupport.ItServices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The recorded FreeSWITCH transcripts ({@code fixtures/esl}) as frames and event shapes. */
final class EslFixtures {
    private static Map<String, Set<List<String>>> shapes;

    private EslFixtures() {
    }

    /** The ESL transcripts; aborts (skips) the calling test when the fixtures are absent. */
    static Path dir() {
        return ItServices.fixtures().resolve("esl");
    }

    static byte[] bytes(String file) throws IOException {
        return Files.readAllBytes(dir().resolve(file));
    }

    /** Splits a received transcript into frames: outer headers and body. */
    static List<EslTestClient.Frame> frames(String file) throws IOException {
        // ISO-8859-1 keeps one char per byte, so Content-Length can be counted in chars.
        String d = new String(bytes(file), StandardCharsets.ISO_8859_1);
        List<EslTestClient.Frame> out = new ArrayList<>();
        int i = 0;
        while (i < d.length()) {
            int j = d.indexOf("\n\n", i);
            if (j < 0) {
                break;
            }
            List<String[]> headers = new ArrayList<>();
            int length = -1;
            for (String l : d.substring(i, j).split("\n")) {
                int c = l.indexOf(": ");
                String[] h = c < 0 ? new String[] {l, ""} : new String[] {l.substring(0, c), l.substring(c + 2)};
                h[1] = new String(h[1].getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                headers.add(h);
                if (h[0].equals("Content-Length")) {
                    length = Integer.parseInt(h[1]);
                }
            }
            i = j + 2;
            String body = null;
            if (length >= 0) {
                int end = Math.min(d.length(), i + length);
                body = new String(d.substring(i, end).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                i = end;
            }
            out.add(new EslTestClient.Frame(headers, body));
        }
        return out;
    }

    /** The kind of a plain event: Event-Name, plus the subclass for CUSTOM. */
    static String kind(Map<String, String> event) {
        String name = event.get("Event-Name");
        String sub = event.get("Event-Subclass");
        return "CUSTOM".equals(name) && sub != null ? name + " " + sub.replace("%3A%3A", "::") : name;
    }

    /**
     * Header names of an event without channel variables and the caller-profile headers FreeSWITCH
     * sends only when set: caller and callee names, and a transferred leg's {@code Transfer-Source}
     * and {@code RDNIS} (the recordings hold each combination for some event kinds only; where they
     * go in the profile is checked separately, against uuid-transfer.txt).
     */
    static List<String> shape(List<String[]> headers) {
        List<String> names = new ArrayList<>();
        for (String[] h : headers) {
            String n = h[0];
            if (n.startsWith("variable_") || n.endsWith("Caller-ID-Name") || n.endsWith("Callee-ID-Name")
                    || n.endsWith("-Transfer-Source") || n.endsWith("-RDNIS")) {
                continue;
            }
            names.add(n);
        }
        return names;
    }

    /** Every recorded shape per event kind, from every plain-event transcript. */
    static synchronized Map<String, Set<List<String>>> shapes() throws IOException {
        if (shapes == null) {
            Map<String, Set<List<String>>> map = new HashMap<>();
            try (var files = Files.list(dir())) {
                for (Path p : files.toList()) {
                    String f = p.getFileName().toString();
                    if (!f.endsWith(".txt") || f.endsWith(".sent.txt") || f.endsWith(".annotated.txt") || f.contains("json")
                            || f.contains("xml")) {
                        continue;
                    }
                    for (EslTestClient.Frame fr : frames(f)) {
                        if ("text/event-plain".equals(fr.type())) {
                            map.computeIfAbsent(kind(fr.event()), k -> new HashSet<>()).add(shape(fr.eventHeaders()));
                        }
                    }
                }
            }
            shapes = map;
        }
        return shapes;
    }
}
