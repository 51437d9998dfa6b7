package io.voipkit.routing.internal;

import io.voipkit.core.HangupCause;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.routing.GroupMember;
import io.voipkit.routing.NumberGroup;
import io.voipkit.routing.RouteAction;
import io.voipkit.routing.RoutingRule;
import io.voipkit.routing.RuleFileException;
import io.voipkit.routing.RuleSet;
import io.voipkit.routing.RuleSetFiles;
import io.voipkit.routing.Strategy;
import io.voipkit.routing.TimeCondition;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the rule-file format documented on {@link RuleSetFiles}, written as JSON or YAML (the same
 * structure). Jackson's streaming parser
 * builds a small tree that remembers where every value was, so that each validation error can
 * name the line, the column and the field path.
 */
public final class JsonRuleSetReader {

    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();

    /** A parsed value and where it started. */
    private record Node(Object value, int line, int column) {
        @SuppressWarnings("unchecked")
        Map<String, Node> object() {
            return (Map<String, Node>) value;
        }

        @SuppressWarnings("unchecked")
        List<Node> array() {
            return (List<Node>) value;
        }
    }

    private final Path file;

    private JsonRuleSetReader(Path file) {
        this.file = file;
    }

    /** Reads and validates a file. */
    public static RuleSet read(Path file) {
        String text;
        try {
            long size = Files.size(file);
            if (size > RuleSetFiles.MAX_FILE_BYTES) {
                throw new RuleFileException(file, 0, 0, null, "file is " + size + " bytes, more than the "
                        + RuleSetFiles.MAX_FILE_BYTES + " accepted", null);
            }
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RuleFileException(file, 0, 0, null, "not valid UTF-8", e);
        } catch (IOException e) {
            throw new RuleFileException(file, 0, 0, null, "cannot read the file: " + e, e);
        }
        return parse(text, file);
    }

    /** Parses and validates rule-file text, YAML when {@code file} ends in .yaml or .yml, else JSON. */
    public static RuleSet parse(String text, Path file) {
        JsonRuleSetReader reader = new JsonRuleSetReader(file);
        return reader.toRuleSet(reader.tree(text, isYaml(file) ? YAML : JSON));
    }

    /** Whether the file name says YAML. */
    static boolean isYaml(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    // ------------------------------------------------------------------ syntax

    private Node tree(String text, TokenStreamFactory factory) {
        String format = factory == YAML ? "YAML" : "JSON";
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new RuleFileException(file, 0, 0, null, "the file is empty; expected a " + format + " object",
                        null);
            }
            Node root = value(p, t, "");
            JsonToken extra = p.nextToken();
            if (extra != null) {
                TokenStreamLocation l = p.currentTokenLocation();
                throw new RuleFileException(file, l.getLineNr(), l.getColumnNr(), null,
                        "unexpected content after the top-level object", null);
            }
            return root;
        } catch (JacksonException e) {
            TokenStreamLocation l = e.getLocation();
            throw new RuleFileException(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), null,
                    "not valid " + format + ": " + e.getOriginalMessage(), e);
        }
    }

    private Node value(JsonParser p, JsonToken t, String path) {
        TokenStreamLocation l = p.currentTokenLocation();
        int line = l.getLineNr();
        int col = l.getColumnNr();
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            // Jackson does not expand aliases (so a "billion laughs" file cannot blow up); say so plainly
            throw new RuleFileException(file, line, col, path, "YAML aliases (*name) are not supported;"
                    + " write the value out", null);
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> map = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    TokenStreamLocation kl = p.currentTokenLocation();
                    String childPath = path.isEmpty() ? name : path + "." + name;
                    if (map.containsKey(name)) {
                        throw new RuleFileException(file, kl.getLineNr(), kl.getColumnNr(), childPath,
                                "appears twice in the same object", null);
                    }
                    map.put(name, value(p, p.nextToken(), childPath));
                }
                return new Node(map, line, col);
            }
            case START_ARRAY -> {
                List<Node> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    list.add(value(p, e, path + "[" + list.size() + "]"));
                }
                return new Node(list, line, col);
            }
            case VALUE_STRING -> {
                return new Node(p.getString(), line, col);
            }
            case VALUE_NUMBER_INT -> {
                return new Node(p.getLongValue(), line, col);
            }
            case VALUE_NUMBER_FLOAT -> throw new RuleFileException(file, line, col, path,
                    "expected a whole number or text, found " + p.getText(), null);
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node(t == JsonToken.VALUE_TRUE, line, col);
            }
            case VALUE_NULL -> {
                return new Node(null, line, col);
            }
            default -> throw new RuleFileException(file, line, col, path, "unexpected " + t, null);
        }
    }

    // ------------------------------------------------------------------ meaning

    private RuntimeException error(Node at, String field, String problem) {
        return new RuleFileException(file, at.line, at.column, field, problem, null);
    }

    private Map<String, Node> object(Node n, String field, Set<String> allowed) {
        if (!(n.value instanceof Map)) {
            throw error(n, field, "expected an object {...}");
        }
        for (var e : n.object().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw error(e.getValue(), field.isEmpty() ? e.getKey() : field + "." + e.getKey(),
                        "unknown field; expected one of " + allowed);
            }
        }
        return n.object();
    }

    private List<Node> array(Node n, String field) {
        if (!(n.value instanceof List)) {
            throw error(n, field, "expected an array [...]");
        }
        return n.array();
    }

    private String text(Node n, String field) {
        if (!(n.value instanceof String s)) {
            throw error(n, field, "expected text in quotes");
        }
        return s;
    }

    private int integer(Node n, String field) {
        if (!(n.value instanceof Long v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error(n, field, "expected a whole number");
        }
        return (int) (long) v;
    }

    private RuleSet toRuleSet(Node root) {
        Map<String, Node> top = object(root, "", Set.of("label", "groups", "rules", "default"));
        RuleSet.Builder b = RuleSet.builder().label(file.getFileName() == null ? file.toString()
                : file.getFileName().toString());
        Node label = top.get("label");
        if (label != null) {
            String l = text(label, "label");
            guard(label, "label", () -> b.label(l));
        }
        Node groups = top.get("groups");
        if (groups != null) {
            List<Node> list = array(groups, "groups");
            for (int i = 0; i < list.size(); i++) {
                String f = "groups[" + i + "]";
                NumberGroup g = group(list.get(i), f);
                guard(list.get(i), f, () -> b.group(g));
            }
        }
        Node rules = top.get("rules");
        List<Node> ruleNodes = rules == null ? List.of() : array(rules, "rules");
        for (int i = 0; i < ruleNodes.size(); i++) {
            String f = "rules[" + i + "]";
            RoutingRule r = rule(ruleNodes.get(i), f);
            guard(ruleNodes.get(i), f, () -> b.rule(r));
        }
        Node def = top.get("default");
        if (def != null && def.value != null) {
            RouteAction a = action(def, "default");
            b.defaultAction(a);
        }
        try {
            return b.build();
        } catch (InvalidRequestException e) {
            // cross-references (rule → group) and duplicate ids; point at the offending rule when we can
            Node at = root;
            String field = e.field();
            if (field.startsWith("rules[")) {
                int idx = Integer.parseInt(field.substring(6, field.indexOf(']')));
                at = ruleNodes.get(idx);
            } else if (field.equals("defaultAction") && def != null) {
                at = def;
                field = "default";
            }
            throw new RuleFileException(file, at.line, at.column, field, problemOf(e), e);
        }
    }

    private void guard(Node at, String field, Runnable r) {
        try {
            r.run();
        } catch (InvalidRequestException e) {
            throw new RuleFileException(file, at.line, at.column, field, problemOf(e), e);
        }
    }

    private static String problemOf(InvalidRequestException e) {
        String m = e.getMessage();
        String prefix = e.field() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /** Runs {@code make}, turning a validation failure of field {@code sub} into an error at {@code at}. */
    private <T> T build(Node at, String field, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (InvalidRequestException e) {
            throw new RuleFileException(file, at.line, at.column, field + "." + e.field(), problemOf(e), e);
        }
    }

    private NumberGroup group(Node n, String f) {
        Map<String, Node> o = object(n, f, Set.of("name", "strategy", "ringTime", "maxQueueSize", "members"));
        Node name = require(o, n, f, "name");
        String groupName = text(name, f + ".name");
        NumberGroup.Builder b = build(name, f, () -> {
            io.voipkit.core.internal.Checks.identifier(groupName, "name");
            return NumberGroup.builder(groupName);
        });
        Node s = o.get("strategy");
        if (s != null) {
            String v = text(s, f + ".strategy");
            b.strategy(at(s, f + ".strategy", () -> Strategy.parse(v)));
        }
        Node rt = o.get("ringTime");
        if (rt != null) {
            b.ringTime(duration(rt, f + ".ringTime"));
        }
        Node mq = o.get("maxQueueSize");
        if (mq != null) {
            b.maxQueueSize(integer(mq, f + ".maxQueueSize"));
        }
        Node members = require(o, n, f, "members");
        List<Node> ms = array(members, f + ".members");
        for (int i = 0; i < ms.size(); i++) {
            b.member(member(ms.get(i), f + ".members[" + i + "]"));
        }
        return build(n, f, b::build);
    }

    private GroupMember member(Node n, String f) {
        if (n.value instanceof String target) {
            return build(n, f, () -> GroupMember.of(target));
        }
        Map<String, Node> o = object(n, f, Set.of("target", "endpoint", "priority", "weight"));
        String target = text(require(o, n, f, "target"), f + ".target");
        String endpoint = o.containsKey("endpoint") ? text(o.get("endpoint"), f + ".endpoint") : null;
        int priority = o.containsKey("priority") ? integer(o.get("priority"), f + ".priority") : 0;
        int weight = o.containsKey("weight") ? integer(o.get("weight"), f + ".weight") : 1;
        return build(n, f, () -> new GroupMember(target, endpoint, priority, weight));
    }

    private RoutingRule rule(Node n, String f) {
        Map<String, Node> o = object(n, f, Set.of("id", "priority", "caller", "called", "callerPrefixes",
                "calledPrefixes", "time", "action"));
        Node id = require(o, n, f, "id");
        String ruleId = text(id, f + ".id");
        RoutingRule.Builder b = at(id, f + ".id", () -> {
            io.voipkit.core.internal.Checks.identifier(ruleId, "id");
            return RoutingRule.builder(ruleId);
        });
        if (o.containsKey("priority")) {
            b.priority(integer(o.get("priority"), f + ".priority"));
        }
        if (o.containsKey("caller")) {
            Node c = o.get("caller");
            String v = text(c, f + ".caller");
            at(c, f + ".caller", () -> b.caller(v));
        }
        if (o.containsKey("called")) {
            Node c = o.get("called");
            String v = text(c, f + ".called");
            at(c, f + ".called", () -> b.called(v));
        }
        for (String key : List.of("callerPrefixes", "calledPrefixes")) {
            Node p = o.get(key);
            if (p != null) {
                List<Node> list = array(p, f + "." + key);
                String[] values = new String[list.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = text(list.get(i), f + "." + key + "[" + i + "]");
                }
                if (key.equals("callerPrefixes")) {
                    b.callerPrefixes(values);
                } else {
                    b.calledPrefixes(values);
                }
            }
        }
        if (o.containsKey("time")) {
            b.time(time(o.get("time"), f + ".time"));
        }
        b.action(action(require(o, n, f, "action"), f + ".action"));
        return build(n, f, b::build);
    }

    /** Like {@link #build} but the error is reported at {@code field} itself (the nested field name is dropped). */
    private <T> T at(Node n, String field, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (InvalidRequestException e) {
            throw new RuleFileException(file, n.line, n.column, field, problemOf(e), e);
        }
    }

    private TimeCondition time(Node n, String f) {
        Map<String, Node> o = object(n, f, Set.of("zone", "days", "from", "to", "holidays", "onHolidays"));
        Node z = require(o, n, f, "zone");
        String zoneText = text(z, f + ".zone");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            throw error(z, f + ".zone", "unknown time zone \"" + zoneText + "\" (use a region such as Europe/Berlin)");
        }
        TimeCondition.Builder b = TimeCondition.builder(zone);
        if (o.containsKey("days")) {
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            List<Node> list = array(o.get("days"), f + ".days");
            for (int i = 0; i < list.size(); i++) {
                String field = f + ".days[" + i + "]";
                days.addAll(days(list.get(i), text(list.get(i), field), field));
            }
            if (days.isEmpty()) {
                throw error(o.get("days"), f + ".days", "must name at least one day");
            }
            b.onDays(days);
        }
        LocalTime from = o.containsKey("from") ? localTime(o.get("from"), f + ".from") : LocalTime.MIDNIGHT;
        LocalTime to = o.containsKey("to") ? localTime(o.get("to"), f + ".to") : LocalTime.MIDNIGHT;
        b.between(from, to);
        if (o.containsKey("holidays")) {
            List<Node> list = array(o.get("holidays"), f + ".holidays");
            for (int i = 0; i < list.size(); i++) {
                String field = f + ".holidays[" + i + "]";
                String v = text(list.get(i), field);
                try {
                    b.holiday(LocalDate.parse(v));
                } catch (DateTimeException e) {
                    throw error(list.get(i), field, "expected a date such as 2026-12-31, found \"" + v + "\"");
                }
            }
        }
        if (o.containsKey("onHolidays")) {
            String v = text(o.get("onHolidays"), f + ".onHolidays");
            try {
                b.onHolidays(TimeCondition.HolidayMode.valueOf(v.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw error(o.get("onHolidays"), f + ".onHolidays", "expected excluded, only or ignored, found \""
                        + v + "\"");
            }
        }
        return build(n, f, b::build);
    }

    private Set<DayOfWeek> days(Node n, String v, String field) {
        int dash = v.indexOf('-');
        if (dash > 0) {
            DayOfWeek first = day(n, v.substring(0, dash), field);
            DayOfWeek last = day(n, v.substring(dash + 1), field);
            Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                out.add(d);
                if (d == last) {
                    return out;
                }
            }
        }
        return EnumSet.of(day(n, v, field));
    }

    private DayOfWeek day(Node n, String v, String field) {
        String u = v.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(u) || (u.length() == 3 && d.name().startsWith(u))) {
                return d;
            }
        }
        throw error(n, field, "expected a day such as MON, FRIDAY or a range MON-FRI, found \"" + v + "\"");
    }

    private LocalTime localTime(Node n, String field) {
        String v = text(n, field);
        if (v.equals("24:00")) {
            return LocalTime.MIDNIGHT;
        }
        try {
            return LocalTime.parse(v);
        } catch (DateTimeException e) {
            throw error(n, field, "expected a time such as 09:00 or 17:30, found \"" + v + "\"");
        }
    }

    private Duration duration(Node n, String field) {
        String v = text(n, field).trim();
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw error(n, field, "expected a duration such as 20s, 2m or PT20S, found \"" + v + "\"");
        }
    }

    private RouteAction action(Node n, String f) {
        Map<String, Node> o = object(n, f, Set.of("group", "number", "queue", "voicemail", "reject", "hangup"));
        if (o.size() != 1) {
            throw error(n, f, "expected exactly one of group, number, queue, voicemail, reject, hangup; found "
                    + o.keySet());
        }
        var e = o.entrySet().iterator().next();
        String field = f + "." + e.getKey();
        Node v = e.getValue();
        return at(v, field, () -> switch (e.getKey()) {
            case "group" -> new RouteAction.ToGroup(text(v, field));
            case "number" -> new RouteAction.ToNumber(text(v, field));
            case "queue" -> new RouteAction.ToQueue(text(v, field));
            case "voicemail" -> new RouteAction.ToVoicemail(text(v, field));
            case "reject" -> new RouteAction.Reject(cause(v, field));
            default -> {
                if (!Boolean.TRUE.equals(v.value)) {
                    throw error(v, field, "expected true");
                }
                yield new RouteAction.Hangup();
            }
        });
    }

    private HangupCause cause(Node v, String field) {
        if (v.value instanceof Long code) {
            HangupCause c = HangupCause.fromCode((int) (long) code);
            if (c == HangupCause.UNKNOWN && code != 0) {
                throw error(v, field, "unknown Q.850 cause code " + code);
            }
            return c;
        }
        String name = text(v, field);
        HangupCause c = HangupCause.fromName(name);
        if (c == HangupCause.UNKNOWN && !name.equalsIgnoreCase("UNKNOWN")) {
            throw error(v, field, "unknown hangup cause \"" + name + "\" (use a name such as CALL_REJECTED or USER_BUSY,"
                    + " or a Q.850 code)");
        }
        return c;
    }

    private Node require(Map<String, Node> o, Node parent, String f, String name) {
        Node n = o.get(name);
        if (n == null || n.value == null) {
            throw error(parent, f + "." + name, "is required");
        }
        return n;
    }
}
