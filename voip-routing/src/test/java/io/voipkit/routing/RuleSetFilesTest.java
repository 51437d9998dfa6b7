package io.voipkit.routing;

import io.voipkit.core.HangupCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleSetFilesTest {

    static final String GOOD = """
            {
              "label": "office routing",
              "groups": [
                { "name": "support", "strategy": "rrmemory", "ringTime": "20s", "maxQueueSize": 5,
                  "members": [ "PJSIP/101", { "target": "PJSIP/102", "endpoint": "102-ep", "priority": 1, "weight": 2 } ] }
              ],
              "rules": [
                { "id": "office-hours", "priority": 10, "caller": "^+7495", "called": "_8800XXXXXXX",
                  "calledPrefixes": ["8800"],
                  "time": { "zone": "Europe/Moscow", "days": ["MON-FRI"], "from": "09:00", "to": "18:00",
                            "holidays": ["2026-12-31"], "onHolidays": "excluded" },
                  "action": { "group": "support" } },
                { "id": "blocked", "caller": "_666.", "action": { "reject": "CALL_REJECTED" } },
                { "id": "busy", "caller": "_777.", "action": { "reject": 17 } },
                { "id": "bye", "caller": "_888.", "action": { "hangup": true } },
                { "id": "direct", "called": "_1XX", "action": { "number": "PJSIP/100" } },
                { "id": "q", "called": "_2XX", "action": { "queue": "sales" } }
              ],
              "default": { "voicemail": "100@default" }
            }
            """;

    @Test
    void readsEveryPartOfTheFormat(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("routing.json");
        Files.writeString(file, GOOD);
        RuleSet set = RuleSetFiles.read(file);
        assertThat(set.label()).isEqualTo("office routing");
        NumberGroup support = set.group("support").orElseThrow();
        assertThat(support.strategy()).isEqualTo(Strategy.RR_MEMORY);
        assertThat(support.ringTime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(support.maxQueueSize()).isEqualTo(5);
        assertThat(support.members()).containsExactly(GroupMember.of("PJSIP/101"),
                new GroupMember("PJSIP/102", "102-ep", 1, 2));
        RoutingRule office = set.rules().get(0);
        assertThat(office.id()).isEqualTo("blocked"); // priority 0 sorts first
        office = set.rules().get(5);
        assertThat(office.id()).isEqualTo("office-hours");
        assertThat(office.caller().source()).isEqualTo("^+7495");
        assertThat(office.calledPrefixes()).containsExactly("8800");
        assertThat(office.time().days()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(office.time().from()).isEqualTo(LocalTime.of(9, 0));
        assertThat(office.time().holidays()).containsExactly(LocalDate.of(2026, 12, 31));
        assertThat(set.rules().get(0).action()).isEqualTo(new RouteAction.Reject(HangupCause.CALL_REJECTED));
        assertThat(set.rules().get(1).action()).isEqualTo(new RouteAction.Reject(HangupCause.USER_BUSY));
        assertThat(set.rules().get(2).action()).isEqualTo(new RouteAction.Hangup());
        assertThat(set.defaultAction()).contains(new RouteAction.ToVoicemail("100@default"));
    }

    private static RuleFileException error(String json) {
        try {
            RuleSetFiles.parse(json, "rules.json");
        } catch (RuleFileException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        RuleFileException e = error("{\n  \"rules\": [\n    { \"id\": \"x\", }\n  ]\n}");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).startsWith("rules.json:3:").contains("not valid JSON");
        assertThat(error("").getMessage()).contains("empty");
        assertThat(error("{} {}").getMessage()).contains("after the top-level object");
    }

    @Test
    void hostilePatternsAreRefusedWithLineAndField() {
        RuleFileException e = error("""
                {
                  "rules": [
                    { "id": "ok", "action": { "hangup": true } },
                    { "id": "evil",
                      "called": "(a+)+$",
                      "action": { "hangup": true } }
                  ]
                }""");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.field()).isEqualTo("rules[1].called");
        assertThat(e.getMessage()).startsWith("rules.json:5:17: rules[1].called: '(' at position 0");
    }

    @Test
    void validationErrorsNameTheField() {
        assertThat(error("{\"rules\": [{\"id\": \"a\", \"action\": {\"group\": \"nope\"}}]}").getMessage())
                .contains("rules[0].action: routes to group nope, which is not defined");
        assertThat(error("{\"rules\": [{\"id\": \"a\", \"colour\": 1, \"action\": {\"hangup\": true}}]}").field())
                .isEqualTo("rules[0].colour");
        assertThat(error("{\"rules\": [{\"action\": {\"hangup\": true}}]}").field()).isEqualTo("rules[0].id");
        assertThat(error("{\"rules\": [{\"id\": \"a b\", \"action\": {\"hangup\": true}}]}").field())
                .isEqualTo("rules[0].id");
        assertThat(error("{\"rules\": [{\"id\": \"a\", \"action\": {\"hangup\": true, \"queue\": \"q\"}}]}")
                .getMessage()).contains("exactly one of");
        assertThat(error("{\"rules\": [{\"id\": \"a\", \"action\": {\"reject\": \"LOUD\"}}]}").field())
                .isEqualTo("rules[0].action.reject");
        assertThat(error("{\"groups\": [{\"name\": \"g\", \"strategy\": \"fastest\", \"members\": [\"A\"]}]}")
                .field()).isEqualTo("groups[0].strategy");
        assertThat(error("{\"groups\": [{\"name\": \"g\", \"ringTime\": \"forever\", \"members\": [\"A\"]}]}")
                .field()).isEqualTo("groups[0].ringTime");
        assertThat(error("{\"groups\": [{\"name\": \"g\", \"members\": [\"A&B\"]}]}").field())
                .isEqualTo("groups[0].members[0].target");
        assertThat(error("{\"groups\": [{\"name\": \"g\", \"members\": []}]}").field())
                .isEqualTo("groups[0].members");
        assertThat(error("""
                {"rules": [{"id": "a", "time": {"zone": "Mars/Olympus"}, "action": {"hangup": true}}]}""").field())
                .isEqualTo("rules[0].time.zone");
        assertThat(error("""
                {"rules": [{"id": "a", "time": {"zone": "UTC", "days": ["FUNDAY"]}, "action": {"hangup": true}}]}""")
                .field()).isEqualTo("rules[0].time.days[0]");
        assertThat(error("{\"rules\": [{\"id\": \"a\", \"id\": \"b\", \"action\": {\"hangup\": true}}]}")
                .getMessage()).contains("appears twice");
        assertThat(error("{\"label\": 1.5}").field()).isEqualTo("label");
    }

    @Test
    void aBadFileNeverReplacesAGoodRuleSet(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("routing.json");
        Files.writeString(file, GOOD);
        RoutingEngine engine = RoutingEngine.builder().build();
        assertThat(engine.reload(file)).isEqualTo(2);
        assertThat(engine.decide("1", "123").toPlainText()).isEqualTo("PJSIP/100");
        Files.writeString(file, GOOD.replace("\"_1XX\"", "\"_1XX(\""));
        assertThatThrownBy(() -> engine.reload(file)).isInstanceOf(RuleFileException.class)
                .hasMessageContaining("rules[4].called");
        assertThat(engine.version()).isEqualTo(2);
        assertThat(engine.decide("1", "123").toPlainText()).isEqualTo("PJSIP/100");
        Files.delete(file);
        assertThatThrownBy(() -> engine.reload(file)).isInstanceOf(RuleFileException.class)
                .hasMessageContaining("cannot read the file");
        Files.write(file, new byte[] {'{', (byte) 0xC3, '}'});
        assertThatThrownBy(() -> engine.reload(file)).hasMessageContaining("not valid UTF-8");
        assertThat(engine.version()).isEqualTo(2);
    }

    static final String GOOD_YAML = """
            label: office routing
            groups:
              - name: support
                strategy: rrmemory
                ringTime: 20s
                maxQueueSize: 5
                members:
                  - PJSIP/101
                  - {target: PJSIP/102, endpoint: 102-ep, priority: 1, weight: 2}
            rules:
              - id: office-hours
                priority: 10
                caller: ^+7495
                called: _8800XXXXXXX
                calledPrefixes: ["8800"]
                time:
                  zone: Europe/Moscow
                  days: [MON-FRI]
                  from: 09:00
                  to: "18:00"
                  holidays: [2026-12-31]
                  onHolidays: excluded
                action: {group: support}
              - {id: blocked, caller: _666., action: {reject: CALL_REJECTED}}
              - {id: busy, caller: _777., action: {reject: 17}}
              - {id: bye, caller: _888., action: {hangup: true}}
              - {id: direct, called: _1XX, action: {number: PJSIP/100}}
              - {id: q, called: _2XX, action: {queue: sales}}
            default: {voicemail: 100@default}
            """;

    @Test
    void yamlFilesReadTheSameAsJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("routing.json");
        Files.writeString(json, GOOD);
        Path yaml = dir.resolve("routing.yaml");
        Files.writeString(yaml, GOOD_YAML);
        RuleSet a = RuleSetFiles.read(json);
        RuleSet b = RuleSetFiles.read(yaml);
        assertThat(b.rules()).isEqualTo(a.rules());
        assertThat(b.groups()).isEqualTo(a.groups());
        assertThat(b.defaultAction()).isEqualTo(a.defaultAction());
    }

    @Test
    void yamlErrorsNameLineAndField() {
        RuleFileException e = assertThrowsRuleFile(GOOD_YAML.replace("called: _1XX", "called: (a+)+$"), "r.yml");
        assertThat(e.line()).isEqualTo(27);
        assertThat(e.field()).isEqualTo("rules[4].called");
        RuleFileException syntax = assertThrowsRuleFile("rules:\n  - id: [unclosed\n", "r.yaml");
        assertThat(syntax.getMessage()).startsWith("r.yaml:").contains("not valid YAML");
    }

    @Test
    void yamlAliasesAreRefusedNotExpanded() {
        // expanding aliases is how a "billion laughs" document multiplies work and memory
        String aliased = """
                groups:
                  - {name: g, members: &m [A, B]}
                  - {name: h, members: *m}
                """;
        RuleFileException e = assertThrowsRuleFile(aliased, "a.yaml");
        assertThat(e.getMessage()).isEqualTo("a.yaml:3:24: groups[1].members: YAML aliases (*name) are not supported;"
                + " write the value out");
    }

    private static RuleFileException assertThrowsRuleFile(String text, String name) {
        try {
            RuleSetFiles.parse(text, name);
        } catch (RuleFileException e) {
            return e;
        }
        throw new AssertionError("accepted: " + text);
    }
}
