package io.voipkit.simulator.esl.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One recorded event per kind from a real FreeSWITCH 1.10.12 ({@code event-templates.txt}, taken
 * from {@code fixtures/esl}, channel variables removed). The simulator copies a template and replaces
 * the values it models, so every event it sends has the recorded header names, order and case.
 *
 * <p>Immutable after class initialisation; thread-safe.
 */
public final class EventTemplates {
    private static final Map<String, FsEvent> TEMPLATES = load();

    private EventTemplates() {
    }

    /**
     * A fresh copy of the template for a key: an event name ({@code CHANNEL_CREATE}), or
     * {@code CUSTOM <subclass>} ({@code CUSTOM sofia::register}), or for callcenter events
     * {@code CUSTOM callcenter::info <CC-Action>}.
     *
     * @throws IllegalArgumentException for a key without template
     */
    public static FsEvent create(String key) {
        FsEvent t = TEMPLATES.get(key);
        if (t == null) {
            throw new IllegalArgumentException("no recorded FreeSWITCH event for " + key);
        }
        return t.copy();
    }

    /** Every key with a template. */
    public static Set<String> keys() {
        return TEMPLATES.keySet();
    }

    private static Map<String, FsEvent> load() {
        Map<String, FsEvent> map = new LinkedHashMap<>();
        try (InputStream in = EventTemplates.class.getResourceAsStream("event-templates.txt")) {
            if (in == null) {
                throw new IllegalStateException("event-templates.txt missing from the simulator jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String key = null;
            FsEvent cur = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("## ")) {
                    key = line.substring(3).trim();
                    cur = new FsEvent();
                    map.put(key, cur);
                } else if (line.isEmpty() || line.startsWith("#")) {
                    key = null;
                    cur = null;
                } else if (cur != null) {
                    int c = line.indexOf(": ");
                    cur.add(c < 0 ? line : line.substring(0, c), c < 0 ? "" : EslText.urlDecode(line.substring(c + 2)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(map);
    }
}
