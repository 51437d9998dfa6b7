package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.internal.Checks;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsers for the text FreeSWITCH API commands answer with: {@code show ... as json}
 * ({@code {"row_count":N,"rows":[{...}]}}, or {@code {"row_count": 0}} with a space when empty),
 * flat JSON objects ({@code uuid_dump <uuid> json}), and the {@code |}-separated tables of
 * {@code callcenter_config} and {@code list_users} (a header row, data rows, a final {@code +OK}).
 * Malformed input is a {@link PbxActionFailedException} naming the command and an excerpt, never a
 * silently empty list. Stateless and thread-safe.
 */
final class FsReplies {

    private static final JsonFactory JSON = new JsonFactory();
    /** No reply we parse has more rows than this; more means something is wrong. */
    static final int MAX_ROWS = 200_000;

    private FsReplies() {
    }

    /** The rows of a {@code show <what> as json} answer, every value as a string. */
    static List<Map<String, String>> jsonRows(String command, String body) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), body.strip())) {
            expect(p.nextToken(), JsonToken.START_OBJECT, command, body);
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("rows".equals(name) && v == JsonToken.START_ARRAY) {
                    while ((v = p.nextToken()) == JsonToken.START_OBJECT) {
                        if (rows.size() >= MAX_ROWS) {
                            throw bad(command, "more than " + MAX_ROWS + " rows", body);
                        }
                        rows.add(object(p, command, body));
                    }
                    expect(v, JsonToken.END_ARRAY, command, body);
                } else if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
            }
            expect(t, JsonToken.END_OBJECT, command, body);
        } catch (JacksonException e) {
            throw bad(command, e.getOriginalMessage(), body);
        }
        return rows;
    }

    /** A flat JSON object (nested values skipped), every value as a string. */
    static Map<String, String> jsonObject(String command, String body) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), body.strip())) {
            expect(p.nextToken(), JsonToken.START_OBJECT, command, body);
            return object(p, command, body);
        } catch (JacksonException e) {
            throw bad(command, e.getOriginalMessage(), body);
        }
    }

    private static Map<String, String> object(JsonParser p, String command, String body) {
        Map<String, String> row = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (v != JsonToken.VALUE_NULL) {
                row.put(name, p.getString());
            }
        }
        expect(t, JsonToken.END_OBJECT, command, body);
        return row;
    }

    private static void expect(JsonToken actual, JsonToken wanted, String command, String body) {
        if (actual != wanted) {
            throw bad(command, "expected " + wanted + " but found " + actual, body);
        }
    }

    /**
     * The rows of a {@code |}-separated table with a header row, keyed by the header's names. An
     * answer that is only {@code +OK} (FreeSWITCH's empty list) gives no rows; a row with another
     * number of columns than the header is malformed.
     */
    static List<Map<String, String>> table(String command, String body) {
        List<Map<String, String>> rows = new ArrayList<>();
        String[] header = null;
        for (String line : body.split("\n", -1)) {
            if (line.isEmpty() || line.equals("+OK")) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            if (header == null) {
                header = cells;
                continue;
            }
            if (cells.length != header.length) {
                throw bad(command, "a row has " + cells.length + " columns, the header " + header.length, line);
            }
            if (rows.size() >= MAX_ROWS) {
                throw bad(command, "more than " + MAX_ROWS + " rows", body);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < cells.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static PbxActionFailedException bad(String command, String problem, String body) {
        return new PbxActionFailedException(command, "unexpected answer (" + problem + "): " + Checks.abbreviate(body));
    }
}
