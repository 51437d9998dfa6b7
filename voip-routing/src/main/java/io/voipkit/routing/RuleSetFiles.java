package io.voipkit.routing;

import io.voipkit.core.internal.Checks;
import io.voipkit.routing.internal.JsonRuleSetReader;

import java.nio.file.Path;

/**
 * Reads rule sets from JSON or YAML files (YAML when the name ends in {@code .yaml} or
 * {@code .yml}; the structure is the same). The format (every field but {@code rules[].id} and
 * {@code rules[].action} is optional), in JSON:
 *
 * <pre>{@code
 * {
 *   "label": "office routing",
 *   "groups": [
 *     { "name": "support", "strategy": "rrmemory", "ringTime": "20s", "maxQueueSize": 10,
 *       "members": [ "PJSIP/101", { "target": "PJSIP/102", "endpoint": "102-ep", "priority": 1, "weight": 2 } ] }
 *   ],
 *   "rules": [
 *     { "id": "office-hours", "priority": 10, "caller": "^+7495", "called": "_8800XXXXXXX",
 *       "callerPrefixes": ["+7495"], "calledPrefixes": ["8800"],
 *       "time": { "zone": "Europe/Moscow", "days": ["MON-FRI"], "from": "09:00", "to": "18:00",
 *                 "holidays": ["2026-12-31"], "onHolidays": "excluded" },
 *       "action": { "group": "support" } },
 *     { "id": "blocked", "caller": "_666.", "action": { "reject": "CALL_REJECTED" } }
 *   ],
 *   "default": { "voicemail": "100@default" }
 * }
 * }</pre>
 *
 * Actions are one of {@code {"group": name}}, {@code {"number": target}}, {@code {"queue": name}},
 * {@code {"voicemail": mailbox}}, {@code {"reject": cause}} (a Q.850 name or code) and
 * {@code {"hangup": true}}. Durations are written {@code 20s}, {@code 1m} or ISO-8601
 * ({@code PT20S}). Unknown fields are errors (a typo must not silently drop a condition).
 * Files larger than {@value #MAX_FILE_BYTES} bytes are refused. The same in YAML:
 *
 * <pre>{@code
 * groups:
 *   - name: support
 *     strategy: rrmemory
 *     members: [PJSIP/101, PJSIP/102]
 * rules:
 *   - id: office-hours
 *     called: _8800XXXXXXX
 *     time: {zone: Europe/Moscow, days: [MON-FRI], from: "09:00", to: "18:00"}
 *     action: {group: support}
 * default: {voicemail: 100@default}
 * }</pre>
 */
public final class RuleSetFiles {

    /** The largest rule file accepted. */
    public static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

    private RuleSetFiles() {
    }

    /**
     * Reads and validates a rule file.
     *
     * @throws RuleFileException naming the file, line, column and field of the first problem
     */
    public static RuleSet read(Path file) {
        Checks.notNull(file, "file");
        return JsonRuleSetReader.read(file);
    }

    /**
     * Reads rule-file text from a string; {@code name} stands for the file in error messages and
     * picks the format ({@code .yaml} / {@code .yml}: YAML, anything else: JSON).
     */
    public static RuleSet parse(String json, String name) {
        Checks.notNull(json, "json");
        Checks.wireText(name, "name");
        return JsonRuleSetReader.parse(json, Path.of(name));
    }
}
