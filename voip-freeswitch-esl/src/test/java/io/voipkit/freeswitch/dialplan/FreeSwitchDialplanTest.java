package io.voipkit.freeswitch.dialplan;

import io.voipkit.core.HangupCause;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.routing.GroupMember;
import io.voipkit.routing.NumberGroup;
import io.voipkit.routing.NumberPattern;
import io.voipkit.routing.RouteAction;
import io.voipkit.routing.RoutingRule;
import io.voipkit.routing.RuleSet;
import io.voipkit.routing.Strategy;
import io.voipkit.routing.TimeCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FreeSwitchDialplanTest {
    private final FreeSwitchDialplan dialplan = FreeSwitchDialplan.builder().context("voipkit").build();

    /** Parses with the JDK parser hardened: secure processing, no DTDs, no external entities. */
    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setExpandEntityReferences(false);
        f.setXIncludeAware(false);
        DocumentBuilder b = f.newDocumentBuilder();
        return b.parse(new InputSource(new StringReader(xml)));
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            Node n = nl.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static RuleSet officeRules() {
        TimeCondition office = TimeCondition.builder(ZoneId.of("Europe/Berlin"))
                .days(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)
                .between(LocalTime.of(9, 0), LocalTime.of(18, 0))
                .holiday(LocalDate.of(2026, 12, 25)).holiday(LocalDate.of(2027, 1, 1))
                .build();
        return RuleSet.builder()
                .group(NumberGroup.builder("support").strategy(Strategy.RING_ALL).members("PJSIP/1000", "user/1001")
                        .ringTime(Duration.ofSeconds(20)).build())
                .group(NumberGroup.builder("sales").strategy(Strategy.PRIORITY)
                        .member(GroupMember.of("PJSIP/1002").withPriority(2))
                        .member(GroupMember.of("Local/agent1@agents").withPriority(1)).build())
                .rule(RoutingRule.builder("night").priority(20).called("_8800XXXXXXX")
                        .action(new RouteAction.ToVoicemail("1000@example.com")).build())
                .rule(RoutingRule.builder("office").priority(10).called("_8800XXXXXXX").callerPrefixes("+7495", "+7499")
                        .time(office).toGroup("support").build())
                .rule(RoutingRule.builder("vip").priority(1).caller("^+7916").toGroup("sales").build())
                .rule(RoutingRule.builder("queue").priority(30).called("5000").action(new RouteAction.ToQueue("support")).build())
                .rule(RoutingRule.builder("spam").priority(0).caller("_0.").action(new RouteAction.Reject(HangupCause.CALL_REJECTED)).build())
                .rule(RoutingRule.builder("operator").priority(40).called("0").action(new RouteAction.ToNumber("200")).build())
                .defaultAction(new RouteAction.Hangup())
                .build();
    }

    @Test
    void theXmlCurlDocumentHasOneExtensionPerRuleInPriorityOrder() throws Exception {
        Document doc = parse(dialplan.toXmlCurlDocument(officeRules()));
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("document");
        assertThat(root.getAttribute("type")).isEqualTo("freeswitch/xml");
        Element section = children(root, "section").get(0);
        assertThat(section.getAttribute("name")).isEqualTo("dialplan");
        Element context = children(section, "context").get(0);
        assertThat(context.getAttribute("name")).isEqualTo("voipkit");
        assertThat(children(context, "extension")).extracting(e -> e.getAttribute("name")).containsExactly("voipkit-spam", "voipkit-vip",
                "voipkit-office", "voipkit-night", "voipkit-queue", "voipkit-operator", "voipkit-default");
    }

    private static Element extension(Document doc, String name) {
        NodeList nl = doc.getElementsByTagName("extension");
        for (int i = 0; i < nl.getLength(); i++) {
            Element e = (Element) nl.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no extension " + name);
    }

    private static List<String> actions(Element extension) {
        List<String> out = new ArrayList<>();
        NodeList nl = extension.getElementsByTagName("action");
        for (int i = 0; i < nl.getLength(); i++) {
            Element a = (Element) nl.item(i);
            out.add(a.getAttribute("application") + (a.hasAttribute("data") ? " " + a.getAttribute("data") : "")
                    + (a.hasAttribute("inline") ? " (inline)" : ""));
        }
        return out;
    }

    @Test
    void conditionsTimeAndActionsOfARule() throws Exception {
        Document doc = parse(dialplan.toIncludeFile(officeRules()));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("include");
        Element office = extension(doc, "voipkit-office");
        List<Element> conditions = children(office, "condition");
        assertThat(conditions).hasSize(5);
        assertThat(actions(conditions.get(0))).containsExactly("set timezone=Europe/Berlin (inline)");
        assertThat(conditions.get(1).getAttribute("field")).isEqualTo("destination_number");
        assertThat(conditions.get(1).getAttribute("expression")).isEqualTo("^8800[0-9][0-9][0-9][0-9][0-9][0-9][0-9]$");
        assertThat(conditions.get(2).getAttribute("field")).isEqualTo("caller_id_number");
        assertThat(conditions.get(2).getAttribute("expression")).isEqualTo("^(?:\\+7495|\\+7499)");
        assertThat(conditions.get(3).getAttribute("field")).isEqualTo("${strftime_tz(Europe/Berlin %Y-%m-%d)}");
        assertThat(conditions.get(3).getAttribute("expression")).isEqualTo("^(?!(?:2026-12-25|2027-01-01)$)");
        Element last = conditions.get(4);
        assertThat(last.getAttribute("wday")).isEqualTo("2,3,4,5,6");
        assertThat(last.getAttribute("time-of-day")).isEqualTo("09:00:00-17:59:59");
        assertThat(actions(last)).containsExactly("set hangup_after_bridge=true", "set continue_on_fail=true",
                "bridge [leg_timeout=20]user/1000@${domain_name},[leg_timeout=20]user/1001");

        assertThat(actions(extension(doc, "voipkit-vip"))).last().isEqualTo(
                "bridge [leg_timeout=30]loopback/agent1/agents|[leg_timeout=30]user/1002@${domain_name}");
        assertThat(children(extension(doc, "voipkit-vip"), "condition").get(0).getAttribute("expression")).isEqualTo("^\\+7916");
        assertThat(actions(extension(doc, "voipkit-night"))).containsExactly("answer", "voicemail default example.com 1000");
        assertThat(actions(extension(doc, "voipkit-queue"))).containsExactly("answer", "callcenter support@default");
        assertThat(actions(extension(doc, "voipkit-spam"))).containsExactly("hangup CALL_REJECTED");
        assertThat(actions(extension(doc, "voipkit-operator"))).containsExactly("transfer 200 XML voipkit");
        assertThat(actions(extension(doc, "voipkit-default"))).containsExactly("hangup NORMAL_CLEARING");
    }

    @Test
    void holidaysOnlyUseDateTimeAndNightWindowsWrapAround() throws Exception {
        TimeCondition holidays = TimeCondition.builder(ZoneId.of("UTC")).holiday(LocalDate.of(2026, 12, 25))
                .onHolidays(TimeCondition.HolidayMode.ONLY).build();
        TimeCondition night = TimeCondition.builder(ZoneId.of("UTC")).between(LocalTime.of(22, 0), LocalTime.of(6, 0)).build();
        RuleSet rules = RuleSet.builder()
                .rule(RoutingRule.builder("xmas").time(holidays).action(new RouteAction.Hangup()).build())
                .rule(RoutingRule.builder("night").time(night).action(new RouteAction.Hangup()).build()).build();
        Document doc = parse(dialplan.toXmlCurlDocument(rules));
        Element xmas = children(extension(doc, "voipkit-xmas"), "condition").get(1);
        assertThat(xmas.getAttribute("date-time")).isEqualTo("2026-12-25 00:00:00~2026-12-25 23:59:59");
        assertThat(xmas.hasAttribute("wday")).isFalse();
        assertThat(xmas.hasAttribute("time-of-day")).isFalse();
        Element nightCondition = children(extension(doc, "voipkit-night"), "condition").get(1);
        assertThat(nightCondition.getAttribute("time-of-day")).isEqualTo("22:00:00-05:59:59");
    }

    @ParameterizedTest
    @ValueSource(strings = {"_NXX.", "_8800XXXXXXX", "_+7[49]9[5-9]!", "_1-800-XXX", "^+7916", "^\\+44$", "100", "+4930123456", "alice",
            "_[*#]X", "_ZZ", "_x.", "^*67"})
    void translatedPatternsMatchWhatNumberPatternMatches(String source) {
        NumberPattern p = NumberPattern.compile(source);
        // Java's regex engine reads this subset of PCRE the same way FreeSWITCH's PCRE does.
        Pattern re = Pattern.compile(Pcre.of(p, "called"));
        Random random = new Random(source.hashCode());
        String alphabet = "0123456789+*#alice";
        List<String> numbers = new ArrayList<>(List.of("", "100", "2125550100", "112", "88001234567", "+79161234567", "+7495", "+4930123456",
                "alice", "*1", "#5", "1800555", "+44", "+441", "22", "*67123"));
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(13);
            for (int j = 0; j < len; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            numbers.add(sb.toString());
        }
        for (String n : numbers) {
            assertThat(re.matcher(n).find()).as("%s on %s (regex %s)", source, n, re).isEqualTo(p.matches(n));
        }
    }

    @Test
    void hostileValuesAreEscapedOrRejected() throws Exception {
        // A character class may hold quotes and angle brackets: they must survive escaped.
        RuleSet rules = RuleSet.builder()
                .rule(RoutingRule.builder("odd").called("_[<\"'&>]X").action(new RouteAction.Hangup()).build()).build();
        String xml = dialplan.toXmlCurlDocument(rules);
        assertThat(xml).doesNotContain("<\"").doesNotContain("\"'&>");
        Element c = children(extension(parse(xml), "voipkit-odd"), "condition").get(0);
        assertThat(c.getAttribute("expression")).isEqualTo("^[\\<\\\"\\'\\&\\>][0-9]$");
        assertThat(Pattern.compile(c.getAttribute("expression")).matcher("\"5").matches()).isTrue();

        // What FreeSWITCH would expand or split in application data is refused, naming the field.
        for (String target : List.of("PJSIP/x]]><y", "user/${system(id)}", "sofia/internal/a\"b", "user/{origination_uuid=x}1",
                "user/1'2", "user/a\\b")) {
            RuleSet hostile = RuleSet.builder().group(NumberGroup.builder("g").members("PJSIP/1", target).build())
                    .rule(RoutingRule.builder("r").toGroup("g").build()).build();
            assertThatThrownBy(() -> dialplan.toXmlCurlDocument(hostile)).as(target).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("groups.g.members[1].target");
        }
        RuleSet hostileNumber = RuleSet.builder()
                .rule(RoutingRule.builder("n").action(new RouteAction.ToNumber("sofia/gateway/x]]>")).build()).build();
        assertThatThrownBy(() -> dialplan.toIncludeFile(hostileNumber)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("rules[n].action.target");
        // Line breaks and regex constructs never get this far: routing rejects them.
        assertThatThrownBy(() -> NumberPattern.compile("_1X\r\n")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> NumberPattern.compile("(a+)+$")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new RouteAction.ToVoicemail("1000\n@x")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> FreeSwitchDialplan.builder().context("a\"b")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> FreeSwitchDialplan.builder().domain("${x}")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void anEmptyRuleSetIsAnEmptyContext() throws Exception {
        Document doc = parse(dialplan.toXmlCurlDocument(RuleSet.empty()));
        Element context = (Element) doc.getElementsByTagName("context").item(0);
        assertThat(children(context, "extension")).isEmpty();
    }

    @Test
    void writeFileReplacesTheFileWithTheIncludeForm(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("voipkit.xml");
        Files.writeString(file, "old");
        dialplan.writeFile(officeRules(), file);
        String text = Files.readString(file);
        assertThat(text).isEqualTo(dialplan.toIncludeFile(officeRules()));
        assertThat(parse(text).getDocumentElement().getTagName()).isEqualTo("include");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(file);
        }
    }

    @Test
    void argumentsAreValidated() {
        assertThatThrownBy(() -> dialplan.toXmlCurlDocument(null)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("rules");
        assertThatThrownBy(() -> dialplan.writeFile(RuleSet.empty(), null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("file");
        assertThatThrownBy(() -> FreeSwitchDialplan.builder().callcenterDomain("")).isInstanceOf(InvalidRequestException.class);
    }
}
