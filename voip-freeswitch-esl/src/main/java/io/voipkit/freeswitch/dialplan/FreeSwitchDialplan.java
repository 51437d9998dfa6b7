package io.voipkit.freeswitch.dialplan;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import io.voipkit.routing.GroupMember;
import io.voipkit.routing.NumberGroup;
import io.voipkit.routing.RouteAction;
import io.voipkit.routing.RoutingRule;
import io.voipkit.routing.RuleSet;
import io.voipkit.routing.Strategy;
import io.voipkit.routing.TimeCondition;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns voipkit routing ({@link RuleSet}: rules, number groups, queues, default route) into a
 * FreeSWITCH XML dialplan: one {@code <context>} with one {@code <extension>} per rule in priority
 * order, and the default route last.
 *
 * <pre>{@code
 * FreeSwitchDialplan dialplan = FreeSwitchDialplan.builder().context("voipkit").build();
 * String curl = dialplan.toXmlCurlDocument(rules);   // answer mod_xml_curl's dialplan request with this
 * dialplan.writeFile(rules, Path.of("/etc/freeswitch/dialplan/voipkit.xml"));  // or include a file, then reloadxml
 * }</pre>
 *
 * <p>Mapping:
 * <ul>
 *   <li>{@code called} / {@code calledPrefixes} → {@code <condition field="destination_number">},
 *       {@code caller} / {@code callerPrefixes} → {@code field="caller_id_number"}; patterns
 *       ({@code _NXX.}, {@code ^+7495}, literals) become anchored PCRE of a safe subset (no
 *       construct that backtracks more than linearly).</li>
 *   <li>{@link TimeCondition} → {@code wday} and {@code time-of-day} (end exclusive, wrap-around
 *       across midnight), read in the rule's zone through an inline {@code set timezone=...};
 *       holidays {@code ONLY} → {@code date-time} ranges; holidays {@code EXCLUDED} → a condition on
 *       {@code ${strftime_tz(zone %Y-%m-%d)}} with a negative look-ahead over the dates.</li>
 *   <li>{@code ToGroup}: {@code RING_ALL} → simultaneous bridge ({@code ,}); {@code LINEAR} and
 *       {@code PRIORITY} → sequential bridge ({@code |}) in member resp. priority order; the stateful
 *       strategies (round robin, least recent, fewest calls, random...) → sequential in member order,
 *       each leg ringing the group's ring time ({@code leg_timeout}).</li>
 *   <li>{@code ToQueue} → {@code callcenter queue@domain}; {@code ToVoicemail} → {@code voicemail};
 *       {@code Reject} → {@code hangup} with the cause; {@code Hangup} → {@code hangup}; {@code ToNumber}
 *       → {@code bridge} for a dial string ({@code PJSIP/101}, {@code user/101}), {@code transfer} for a
 *       bare extension ({@code 200}).</li>
 * </ul>
 *
 * <p>The XML is written with StAX, every value escaped; values that FreeSWITCH would expand
 * ({@code ${...}}, {@code [..]}, {@code {..}} channel-variable blocks) are rejected with an
 * {@link InvalidRequestException} naming the field. Immutable and thread-safe.
 */
public final class FreeSwitchDialplan {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9.-]{1,253}");

    private final String context;
    private final String domain;
    private final String callcenterDomain;
    private final String voicemailProfile;

    private FreeSwitchDialplan(Builder b) {
        this.context = b.context;
        this.domain = b.domain;
        this.callcenterDomain = b.callcenterDomain;
        this.voicemailProfile = b.voicemailProfile;
    }

    /** A builder: context {@code voipkit}, domain {@code ${domain_name}}, callcenter domain {@code default}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The {@code mod_xml_curl} answer: {@code <document type="freeswitch/xml"><section
     * name="dialplan">} holding the context.
     */
    public String toXmlCurlDocument(RuleSet rules) {
        Checks.notNull(rules, "rules");
        return write(rules, true);
    }

    /**
     * The file form, for a file under {@code conf/dialplan/} that FreeSWITCH's {@code X-PRE-PROCESS
     * include} picks up: {@code <include><context>...</context></include>}.
     */
    public String toIncludeFile(RuleSet rules) {
        Checks.notNull(rules, "rules");
        return write(rules, false);
    }

    /**
     * Writes {@link #toIncludeFile} to {@code file} (UTF-8) through a temporary file and an atomic
     * move, so FreeSWITCH's {@code reloadxml} never reads half a file.
     */
    public void writeFile(RuleSet rules, Path file) {
        Checks.notNull(file, "file");
        String xml = toIncludeFile(rules);
        Path dir = file.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(dir, ".voipkit-dialplan", ".tmp");
            try {
                Files.writeString(tmp, xml, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dialplan to " + file, e);
        }
    }

    /** The context name the dialplan defines. */
    public String context() {
        return context;
    }

    // ------------------------------------------------------------------ generation

    private String write(RuleSet rules, boolean curl) {
        StringWriter out = new StringWriter(4096);
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            if (curl) {
                w.writeStartElement("document");
                w.writeAttribute("type", "freeswitch/xml");
                w.writeCharacters("\n  ");
                w.writeStartElement("section");
                w.writeAttribute("name", "dialplan");
                w.writeAttribute("description", "voipkit routing");
            } else {
                w.writeStartElement("include");
            }
            // One level deeper inside <section>; values never contain line breaks, so this is layout only.
            w.writeCharacters(curl ? "\n    " : "\n  ");
            w.writeStartElement("context");
            w.writeAttribute("name", context);
            List<RoutingRule> ordered = new ArrayList<>(rules.rules());
            ordered.sort(Comparator.comparingInt(RoutingRule::priority)); // stable: ties keep their order
            for (int i = 0; i < ordered.size(); i++) {
                RoutingRule r = ordered.get(i);
                extension(w, rules, r, "rules[" + r.id() + "]");
            }
            if (rules.defaultAction().isPresent()) {
                w.writeCharacters("\n    ");
                w.writeStartElement("extension");
                w.writeAttribute("name", "voipkit-default");
                w.writeCharacters("\n      ");
                w.writeStartElement("condition");
                w.writeAttribute("field", "destination_number");
                w.writeAttribute("expression", "^.*$");
                actions(w, rules, rules.defaultAction().get(), "defaultAction");
                w.writeCharacters("\n      ");
                w.writeEndElement();
                w.writeCharacters("\n    ");
                w.writeEndElement();
            }
            w.writeCharacters(curl ? "\n    " : "\n  ");
            w.writeEndElement(); // context
            if (curl) {
                w.writeCharacters("\n  ");
                w.writeEndElement(); // section
            }
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the JDK's XML writer failed", e);
        }
        return out.toString();
    }

    private void extension(XMLStreamWriter w, RuleSet rules, RoutingRule r, String field) throws XMLStreamException {
        w.writeCharacters("\n    ");
        w.writeStartElement("extension");
        w.writeAttribute("name", "voipkit-" + r.id());
        List<String[]> conditions = new ArrayList<>();
        if (r.called() != null) {
            conditions.add(new String[] {"destination_number", Pcre.of(r.called(), field + ".called")});
        }
        if (!r.calledPrefixes().isEmpty()) {
            conditions.add(new String[] {"destination_number", Pcre.prefixes(r.calledPrefixes(), field + ".calledPrefixes")});
        }
        if (r.caller() != null) {
            conditions.add(new String[] {"caller_id_number", Pcre.of(r.caller(), field + ".caller")});
        }
        if (!r.callerPrefixes().isEmpty()) {
            conditions.add(new String[] {"caller_id_number", Pcre.prefixes(r.callerPrefixes(), field + ".callerPrefixes")});
        }
        TimeCondition t = r.time();
        if (t != null) {
            // Time attributes are read in the channel's "timezone"; set it before they are tested.
            w.writeCharacters("\n      ");
            w.writeStartElement("condition");
            w.writeCharacters("\n        ");
            action(w, "set", "timezone=" + zone(t, field + ".time.zone"), true);
            w.writeCharacters("\n      ");
            w.writeEndElement();
            if (!t.holidays().isEmpty() && t.onHolidays() == TimeCondition.HolidayMode.EXCLUDED) {
                StringBuilder re = new StringBuilder("^(?!(?:");
                boolean firstDate = true;
                for (LocalDate d : t.holidays()) {
                    re.append(firstDate ? "" : "|").append(d);
                    firstDate = false;
                }
                conditions.add(new String[] {"${strftime_tz(" + zone(t, field + ".time.zone") + " %Y-%m-%d)}", re.append(")$)").toString()});
            }
        }
        for (String[] c : conditions) {
            w.writeCharacters("\n      ");
            w.writeStartElement("condition");
            w.writeAttribute("field", c[0]);
            w.writeAttribute("expression", c[1]);
            w.writeEndElement();
        }
        w.writeCharacters("\n      ");
        w.writeStartElement("condition");
        if (t != null) {
            timeAttributes(w, t);
        }
        actions(w, rules, r.action(), field + ".action");
        w.writeCharacters("\n      ");
        w.writeEndElement();
        w.writeCharacters("\n    ");
        w.writeEndElement();
    }

    private static String zone(TimeCondition t, String field) {
        String id = t.zone().getId();
        if (!id.matches("[A-Za-z0-9/_+:-]{1,64}")) {
            throw new InvalidRequestException(field, "time zone " + Checks.abbreviate(id) + " cannot be named in a FreeSWITCH dialplan");
        }
        return id;
    }

    private static void timeAttributes(XMLStreamWriter w, TimeCondition t) throws XMLStreamException {
        if (t.days().size() < 7) {
            // FreeSWITCH counts Sunday = 1 .. Saturday = 7
            StringBuilder days = new StringBuilder();
            for (DayOfWeek d : DayOfWeek.values()) {
                if (t.days().contains(d)) {
                    days.append(days.length() == 0 ? "" : ",").append(d.getValue() % 7 + 1);
                }
            }
            w.writeAttribute("wday", days.toString());
        }
        if (!t.from().equals(t.to())) {
            // voipkit's end is exclusive, FreeSWITCH's inclusive: end one second earlier. A window
            // across midnight (22:00-06:00) uses FreeSWITCH's wrap-around.
            LocalTime end = t.to().minusSeconds(1);
            w.writeAttribute("time-of-day", hms(t.from()) + "-" + hms(end));
        }
        if (!t.holidays().isEmpty() && t.onHolidays() == TimeCondition.HolidayMode.ONLY) {
            StringBuilder ranges = new StringBuilder();
            for (LocalDate d : t.holidays()) {
                ranges.append(ranges.length() == 0 ? "" : ",").append(d).append(" 00:00:00~").append(d).append(" 23:59:59");
            }
            w.writeAttribute("date-time", ranges.toString());
        }
    }

    private static String hms(LocalTime t) {
        return String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    }

    private void actions(XMLStreamWriter w, RuleSet rules, RouteAction a, String field) throws XMLStreamException {
        w.writeCharacters("\n        ");
        if (a instanceof RouteAction.ToGroup g) {
            NumberGroup group = rules.group(g.group()).orElseThrow(
                    () -> new InvalidRequestException(field, "group " + g.group() + " is not in the rule set"));
            action(w, "set", "hangup_after_bridge=true", false);
            w.writeCharacters("\n        ");
            action(w, "set", "continue_on_fail=true", false);
            w.writeCharacters("\n        ");
            action(w, "bridge", dialString(group, field), false);
        } else if (a instanceof RouteAction.ToNumber n) {
            String target = n.target();
            if (target.indexOf('/') < 0) {
                action(w, "transfer", checkedData(target, field + ".target") + " XML " + context, false);
            } else {
                action(w, "bridge", endpoint(target, field + ".target"), false);
            }
        } else if (a instanceof RouteAction.ToQueue q) {
            action(w, "answer", "", false);
            w.writeCharacters("\n        ");
            action(w, "callcenter", q.queue() + "@" + callcenterDomain, false);
        } else if (a instanceof RouteAction.ToVoicemail v) {
            String box = checkedData(v.mailbox(), field + ".mailbox");
            int at = box.indexOf('@');
            String id = at < 0 ? box : box.substring(0, at);
            String dom = at < 0 ? domain : box.substring(at + 1);
            action(w, "answer", "", false);
            w.writeCharacters("\n        ");
            action(w, "voicemail", voicemailProfile + " " + dom + " " + id, false);
        } else if (a instanceof RouteAction.Reject r) {
            action(w, "hangup", r.cause().name(), false);
        } else if (a instanceof RouteAction.Hangup) {
            action(w, "hangup", "NORMAL_CLEARING", false);
        } else {
            throw new InvalidRequestException(field, "unsupported route action " + a.kind());
        }
    }

    private static void action(XMLStreamWriter w, String application, String data, boolean inline) throws XMLStreamException {
        w.writeEmptyElement("action");
        w.writeAttribute("application", application);
        if (!data.isEmpty()) {
            w.writeAttribute("data", data);
        }
        if (inline) {
            w.writeAttribute("inline", "true");
        }
    }

    private String dialString(NumberGroup g, String field) {
        List<GroupMember> members = new ArrayList<>(g.members());
        if (g.strategy() == Strategy.PRIORITY) {
            members.sort(Comparator.comparingInt(GroupMember::priority).thenComparing(Comparator.comparingInt(GroupMember::weight).reversed()));
        }
        String separator = g.strategy() == Strategy.RING_ALL ? "," : "|";
        long seconds = Math.max(1, g.ringTime().toSeconds());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                sb.append(separator);
            }
            sb.append("[leg_timeout=").append(seconds).append(']')
                    .append(endpoint(members.get(i).target(), "groups." + g.name() + ".members[" + i + "].target"));
        }
        return sb.toString();
    }

    /** A member target as a FreeSWITCH endpoint: PJSIP/101 and SIP/101 → user/101@domain, Local/x@ctx → loopback/x/ctx. */
    private String endpoint(String target, String field) {
        checkedData(target, field);
        int slash = target.indexOf('/');
        if (slash < 0) {
            return "user/" + target + "@" + domain;
        }
        String tech = target.substring(0, slash);
        String rest = target.substring(slash + 1);
        if (tech.equalsIgnoreCase("PJSIP") || tech.equalsIgnoreCase("SIP")) {
            return "user/" + rest + "@" + domain;
        }
        if (tech.equalsIgnoreCase("Local")) {
            int at = rest.indexOf('@');
            return at < 0 ? "loopback/" + rest + "/" + context : "loopback/" + rest.substring(0, at) + "/" + rest.substring(at + 1);
        }
        return target;
    }

    /**
     * Rejects what FreeSWITCH would interpret inside application data: variable and API expansion
     * ({@code $}), channel-variable blocks ({@code [ ] { } < >}), quotes, separators and control characters.
     */
    private static String checkedData(String value, String field) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' || c == 127 || "${}[]<>'\"`\\,|&; ".indexOf(c) >= 0) {
                throw new InvalidRequestException(field, "character '" + (c < ' ' ? String.format("\\u%04x", (int) c) : String.valueOf(c))
                        + "' at position " + i + " of " + Checks.abbreviate(value) + " cannot be put into a FreeSWITCH dialplan action");
            }
        }
        return value;
    }

    /** Configuration of a {@link FreeSwitchDialplan}. Not thread-safe; build once. */
    public static final class Builder {
        private String context = "voipkit";
        private String domain = "${domain_name}";
        private String callcenterDomain = "default";
        private String voicemailProfile = "default";

        private Builder() {
        }

        /** The dialplan context the rules go into (default {@code voipkit}); 1-64 of {@code [A-Za-z0-9._-]}. */
        public Builder context(String value) {
            this.context = name(value, "context");
            return this;
        }

        /**
         * The SIP domain of {@code user/...} endpoints and voicemail boxes (default the
         * {@code ${domain_name}} variable, expanded by FreeSWITCH at call time).
         */
        public Builder domain(String value) {
            Checks.notNull(value, "domain");
            if (!DOMAIN.matcher(value).matches()) {
                throw new InvalidRequestException("domain", "must be a host name of [A-Za-z0-9.-], was " + Checks.abbreviate(value));
            }
            this.domain = value;
            return this;
        }

        /** The domain part of mod_callcenter queue names ({@code support@default}); default {@code default}. */
        public Builder callcenterDomain(String value) {
            this.callcenterDomain = name(value, "callcenterDomain");
            return this;
        }

        /** The mod_voicemail profile (default {@code default}). */
        public Builder voicemailProfile(String value) {
            this.voicemailProfile = name(value, "voicemailProfile");
            return this;
        }

        private static String name(String value, String field) {
            Checks.notNull(value, field);
            if (!NAME.matcher(value).matches()) {
                throw new InvalidRequestException(field, "must be 1 to 64 of [A-Za-z0-9._-], was " + Checks.abbreviate(value));
            }
            return value;
        }

        /** The generator. */
        public FreeSwitchDialplan build() {
            return new FreeSwitchDialplan(this);
        }
    }
}
