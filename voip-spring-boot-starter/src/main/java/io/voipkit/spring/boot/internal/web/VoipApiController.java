package io.voipkit.spring.boot.internal.web;

import io.voipkit.core.CallRecord;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.HealthReport;
import io.voipkit.core.HealthStatus;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxRegistry;
import io.voipkit.core.QueueCaller;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.internal.Checks;
import io.voipkit.routing.Availability;
import io.voipkit.routing.CallQueues;
import io.voipkit.routing.GroupMember;
import io.voipkit.routing.NumberGroup;
import io.voipkit.routing.RouteAction;
import io.voipkit.routing.RouteDecision;
import io.voipkit.routing.RouteRequest;
import io.voipkit.routing.RoutingEngine;
import io.voipkit.routing.RuleStatistics;
import io.voipkit.spring.boot.internal.RuleFileReloader;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST API of the CRM (product.md §8) on voipkit's beans: incoming calls and their status
 * ({@link RoutingEngine}, {@link CallQueues}), queues, statistics (the call log), the dashboard
 * and the system status ({@link PbxRegistry}, live state, health). Every path is served with and
 * without the trailing slash. Keys are {@code snake_case}, times ISO-8601, durations in seconds.
 * Invalid requests throw {@link InvalidRequestException}, answered 400 with a problem detail by
 * {@link VoipWebExceptionHandler}.
 */
@RestController
public class VoipApiController {
    private static final String BASE = "${voip.web.base-path:/voip}";
    private static final int MAX_SESSION_ID = 128;
    private static final int MAX_SESSIONS = 10_000;
    private static final int MAX_PERIOD_DAYS = 366;
    private static final Set<String> STATUSES = Set.of("ringing", "answered", "completed", "ended", "missed",
            "no_answer", "busy", "failed", "abandoned");
    private static final Set<String> ENDED = Set.of("completed", "ended", "missed", "no_answer", "busy", "failed",
            "abandoned");

    private final PbxRegistry registry;
    private final RoutingEngine engine;
    private final CallQueues queues;
    private final CallLogView callLog;
    private final RuleFileReloader reloader;
    private final RecentCalls recentCalls;
    private final ZoneId zone;
    private final Duration serviceLevel;
    private final Clock clock;
    private final CallSessions sessions = new CallSessions(MAX_SESSIONS);

    /**
     * Any of the beans may be {@code null}; the endpoints that need a missing one answer 503.
     *
     * @param registry     the PBXs
     * @param engine       the routing engine
     * @param queues       the routing queues
     * @param callLog      the call log and import
     * @param reloader     the rule-file reloader
     * @param recentCalls  the last finished calls
     * @param zone         the zone of days and "today"
     * @param serviceLevel the service-level threshold of the statistics
     * @param clock        the clock
     */
    public VoipApiController(PbxRegistry registry, RoutingEngine engine, CallQueues queues, CallLogView callLog,
                             RuleFileReloader reloader, RecentCalls recentCalls, ZoneId zone, Duration serviceLevel,
                             Clock clock) {
        this.registry = registry;
        this.engine = engine;
        this.queues = queues;
        this.callLog = callLog;
        this.reloader = reloader;
        this.recentCalls = recentCalls;
        this.zone = Checks.notNull(zone, "zone");
        this.serviceLevel = Checks.nonNegative(serviceLevel, "serviceLevel");
        this.clock = Checks.notNull(clock, "clock");
    }

    // ---------------------------------------------------------------- calls

    /**
     * An incoming call: {@code {"caller_id": "+79001234567", "called_number": "100", "session_id": "call_abc123"}}.
     * Answers the routing decision; when the decision's group has nobody available the caller
     * joins the group's queue ({@code queued}, {@code queue_position}) or gets its overflow action.
     */
    @PostMapping(path = {BASE + "/incoming", BASE + "/incoming/"}, consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> incoming(@RequestBody Map<String, Object> body) {
        RoutingEngine e = require(engine, "no RoutingEngine (add voip-routing, voip.routing.enabled)");
        Map<String, Object> b = body(body);
        String sessionId = text(b, "session_id", true, MAX_SESSION_ID);
        String caller = text(b, "caller_id", false, RouteRequest.MAX_NUMBER_LENGTH);
        String called = text(b, "called_number", true, RouteRequest.MAX_NUMBER_LENGTH);
        RouteDecision d = e.decide(new RouteRequest(caller == null ? "" : caller, called, null));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session_id", sessionId);
        putDecision(out, d);
        String group = d.group().map(NumberGroup::name).orElse(null);
        String status = "routed";
        if (group != null && !d.isRouted() && queues != null) {
            CallQueues.JoinResult j;
            try {
                j = queues.join(group, sessionId, caller == null ? "" : caller);
            } catch (InvalidRequestException x) {
                throw "callId".equals(x.field()) ? new InvalidRequestException("session_id", x.getMessage()
                        .substring(x.getMessage().indexOf(": ") + 2)) : x;
            }
            out.put("queued", j.joined());
            if (j.joined()) {
                out.put("queue_position", j.position());
                status = "queued";
            } else {
                out.put("overflow", j.overflow().map(VoipApiController::action).orElse(null));
                status = "overflow";
            }
        } else {
            out.put("queued", false);
        }
        Instant now = clock.instant();
        sessions.put(new CallSessions.Session(sessionId, caller, called, group, emptyToNull(d.toPlainText()), status,
                now, now, null, null));
        out.put("status", status);
        return out;
    }

    /**
     * A call's status update: {@code {"session_id": "call_abc123", "status": "answered",
     * "answer_time": "2023-12-01T10:30:15Z"}}. Statuses: ringing, answered, completed, ended,
     * missed, no_answer, busy, failed, abandoned; optional {@code answer_time}, {@code end_time}
     * and {@code agent} (the target that took the call). An ended call tells the routing engine
     * that its agent is free again (least-recent strategy); an abandoned or missed one leaves its queue.
     */
    @PostMapping(path = {BASE + "/status", BASE + "/status/"}, consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> status(@RequestBody Map<String, Object> body) {
        Map<String, Object> b = body(body);
        String sessionId = text(b, "session_id", true, MAX_SESSION_ID);
        String status = text(b, "status", true, 32).toLowerCase(Locale.ROOT);
        if (!STATUSES.contains(status)) {
            throw new InvalidRequestException("status", "must be one of " + new java.util.TreeSet<>(STATUSES) + ", was "
                    + Checks.abbreviate(status));
        }
        Instant answerTime = instant(b, "answer_time");
        Instant endTime = instant(b, "end_time");
        String agent = text(b, "agent", false, RouteRequest.MAX_NUMBER_LENGTH);
        Optional<CallSessions.Session> known = sessions.get(sessionId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session_id", sessionId);
        out.put("status", status);
        out.put("known", known.isPresent());
        if (known.isPresent()) {
            CallSessions.Session s = known.get().withStatus(status, clock.instant(), answerTime, endTime, agent);
            sessions.put(s);
            if (queues != null && ("abandoned".equals(status) || "missed".equals(status))) {
                out.put("left_queue", queues.abandon(sessionId));
            }
            if (engine != null && ENDED.contains(status) && s.group() != null && s.target() != null
                    && s.answered() != null) {
                engine.callEnded(s.group(), s.target());
            }
            out.put("group", s.group());
            out.put("target", s.target());
            out.put("answer_time", s.answered());
            out.put("end_time", s.ended());
        }
        return out;
    }

    // ---------------------------------------------------------------- queues

    /** The routing queues (callers waiting for a group) and the PBXs' own queues. */
    @GetMapping(path = {BASE + "/queue", BASE + "/queue/"})
    public Map<String, Object> queue() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("groups", waitingPerGroup());
        out.put("pbx_queues", pbxQueues(false));
        return out;
    }

    /**
     * Changes a routing queue: {@code {"action": "join", "group": "support", "session_id": "c1",
     * "caller_id": "+4930123"}}, {@code {"action": "leave", "session_id": "c1"}},
     * {@code {"action": "dispatch", "group": "support"}} (the head caller and the members to dial,
     * when one is available) or {@code {"action": "expire"}} (callers who waited too long).
     */
    @PostMapping(path = {BASE + "/queue", BASE + "/queue/"}, consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> queueAction(@RequestBody Map<String, Object> body) {
        CallQueues q = require(queues, "no CallQueues (add voip-routing, voip.routing.queue.enabled)");
        Map<String, Object> b = body(body);
        String action = text(b, "action", true, 16).toLowerCase(Locale.ROOT);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("action", action);
        switch (action) {
            case "join" -> {
                String group = text(b, "group", true, 256);
                String sessionId = text(b, "session_id", true, MAX_SESSION_ID);
                String caller = text(b, "caller_id", false, RouteRequest.MAX_NUMBER_LENGTH);
                CallQueues.JoinResult j = q.join(group, sessionId, caller == null ? "" : caller);
                out.put("joined", j.joined());
                out.put("queue_position", j.joined() ? j.position() : null);
                out.put("overflow", j.overflow().map(VoipApiController::action).orElse(null));
            }
            case "leave" -> out.put("left", q.abandon(text(b, "session_id", true, MAX_SESSION_ID)));
            case "dispatch" -> {
                Optional<CallQueues.Assignment> a = q.dispatch(text(b, "group", true, 256));
                out.put("assigned", a.isPresent());
                a.ifPresent(x -> {
                    out.put("session_id", x.callId());
                    out.put("caller_id", x.caller());
                    out.put("waited_seconds", x.waited().toSeconds());
                    out.put("targets", x.members().stream().map(GroupMember::target).toList());
                    out.put("strategy", x.strategy().name());
                    out.put("ring_time_seconds", x.ringTime().toSeconds());
                });
            }
            case "expire" -> {
                List<Map<String, Object>> list = new ArrayList<>();
                for (CallQueues.Overflow o : q.expire()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("group", o.group());
                    m.put("session_id", o.callId());
                    m.put("caller_id", o.caller());
                    m.put("waited_seconds", o.waited().toSeconds());
                    m.put("overflow", o.action().map(VoipApiController::action).orElse(null));
                    list.add(m);
                }
                out.put("expired", list);
            }
            default -> throw new InvalidRequestException("action", "must be join, leave, dispatch or expire, was "
                    + Checks.abbreviate(action));
        }
        return out;
    }

    // ---------------------------------------------------------------- statistics

    /**
     * Call statistics of the last {@code period} days (1 to 366, today included; or {@code today},
     * {@code week}, {@code month}), of all operators or of the members of routing group
     * {@code group_id}.
     */
    @GetMapping(path = {BASE + "/stats", BASE + "/stats/"})
    public Map<String, Object> stats(@RequestParam(name = "period", defaultValue = "1") String period,
                                     @RequestParam(name = "group_id", required = false) String groupId) {
        CallLogView log = requireStatistics();
        Instant[] range = period(period);
        NumberGroup group = null;
        if (groupId != null) {
            RoutingEngine e = require(engine, "no RoutingEngine: group_id names a routing group");
            Checks.noLineBreaks(groupId, "group_id");
            group = e.ruleSet().group(groupId).orElseThrow(() -> new InvalidRequestException("group_id",
                    "no routing group " + Checks.abbreviate(groupId) + " (groups: " + e.ruleSet().groups().keySet() + ")"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("period", period);
        out.put("from", range[0]);
        out.put("to", range[1]);
        out.put("group_id", groupId);
        List<CallLogView.Figures> operators = log.byOperator(range[0], range[1], serviceLevel);
        CallLogView.Figures total;
        if (group == null) {
            total = log.total(range[0], range[1], serviceLevel);
        } else {
            List<CallLogView.Figures> mine = new ArrayList<>();
            for (CallLogView.Figures f : operators) {
                if (f.operator() != null && belongs(f.operator(), group)) {
                    mine.add(f);
                }
            }
            operators = mine;
            total = sum(mine);
        }
        out.putAll(figures(total));
        List<Map<String, Object>> ops = new ArrayList<>();
        for (CallLogView.Figures f : operators) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("operator", f.operator());
            m.putAll(figures(f));
            ops.add(m);
        }
        out.put("operators", ops);
        return out;
    }

    private Instant[] period(String period) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        String p = period.strip().toLowerCase(Locale.ROOT);
        LocalDate from;
        LocalDate to = today.plusDays(1);
        switch (p) {
            case "today" -> from = today;
            case "week" -> from = today.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
            case "month" -> from = today.withDayOfMonth(1);
            default -> {
                int days;
                try {
                    days = p.length() > 4 ? -1 : Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    days = -1;
                }
                if (days < 1 || days > MAX_PERIOD_DAYS) {
                    throw new InvalidRequestException("period", "must be a number of days (1 to " + MAX_PERIOD_DAYS
                            + ") or today, week, month; was " + Checks.abbreviate(period));
                }
                from = today.minusDays(days - 1L);
            }
        }
        return new Instant[] {from.atStartOfDay(zone).toInstant(), to.atStartOfDay(zone).toInstant()};
    }

    /** Whether a call-log operator (for example {@code PJSIP/101}) is one of the group's members. */
    static boolean belongs(String operator, NumberGroup group) {
        for (GroupMember m : group.members()) {
            if (operator.equalsIgnoreCase(m.target())) {
                return true;
            }
            String ep = m.endpoint();
            if (ep != null && (operator.equalsIgnoreCase(ep) || operator.toLowerCase(Locale.ROOT)
                    .endsWith("/" + ep.toLowerCase(Locale.ROOT)))) {
                return true;
            }
        }
        return false;
    }

    private static CallLogView.Figures sum(List<CallLogView.Figures> list) {
        long total = 0;
        long answered = 0;
        long inTime = 0;
        long waitMs = 0;
        long talkMs = 0;
        for (CallLogView.Figures f : list) {
            total += f.total();
            answered += f.answered();
            inTime += f.answeredInTime();
            // averages are over answered calls: weight them back into sums
            waitMs += f.averageWait().toMillis() * f.answered();
            talkMs += f.averageDuration().toMillis() * f.answered();
        }
        return new CallLogView.Figures(null, total, answered, total - answered,
                Duration.ofMillis(answered == 0 ? 0 : waitMs / answered),
                Duration.ofMillis(answered == 0 ? 0 : talkMs / answered), inTime);
    }

    private static Map<String, Object> figures(CallLogView.Figures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", f.total());
        m.put("answered", f.answered());
        m.put("missed", f.missed());
        m.put("average_wait_seconds", f.averageWait().toMillis() / 1000.0);
        m.put("average_duration_seconds", f.averageDuration().toMillis() / 1000.0);
        m.put("service_level", f.total() == 0 ? 0.0 : (double) f.answeredInTime() / f.total());
        return m;
    }

    // ---------------------------------------------------------------- dashboard

    /** Today's figures from the call log (when there is one) and the live state of every PBX. */
    @GetMapping(path = {BASE + "/api/dashboard/stats", BASE + "/api/dashboard/stats/"})
    public Map<String, Object> dashboardStats() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (callLog != null && callLog.hasStatistics()) {
            Instant[] today = period("today");
            out.put("today", figures(callLog.total(today[0], today[1], serviceLevel)));
        } else {
            out.put("today", null);
        }
        long active = 0;
        Map<String, Long> endpoints = new LinkedHashMap<>();
        for (EndpointStatus s : EndpointStatus.values()) {
            endpoints.put(s.name().toLowerCase(Locale.ROOT), 0L);
        }
        long waiting = 0;
        for (Pbx pbx : pbxs()) {
            active += pbx.state().calls().size();
            for (Endpoint ep : pbx.state().endpoints()) {
                endpoints.merge(ep.status().name().toLowerCase(Locale.ROOT), 1L, Long::sum);
            }
            for (QueueStatus q : pbx.state().queues()) {
                waiting += q.calls();
            }
        }
        if (queues != null && engine != null) {
            for (String g : engine.ruleSet().groups().keySet()) {
                waiting += queues.waiting(g).size();
            }
        }
        out.put("active_calls", active);
        out.put("endpoints", endpoints);
        out.put("callers_waiting", waiting);
        out.put("at", clock.instant());
        return out;
    }

    /** The routing groups: strategy, members and whether each is available now, callers waiting, rule matches. */
    @GetMapping(path = {BASE + "/api/dashboard/groups", BASE + "/api/dashboard/groups/"})
    public Map<String, Object> dashboardGroups() {
        RoutingEngine e = require(engine, "no RoutingEngine (add voip-routing, voip.routing.enabled)");
        Availability availability = singleLiveAvailability();
        List<Map<String, Object>> groups = new ArrayList<>();
        for (NumberGroup g : e.ruleSet().groups().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", g.name());
            m.put("strategy", g.strategy().name());
            m.put("ring_time_seconds", g.ringTime().toSeconds());
            m.put("max_queue_size", g.maxQueueSize());
            List<Map<String, Object>> members = new ArrayList<>();
            int available = 0;
            for (GroupMember gm : g.members()) {
                Map<String, Object> mm = new LinkedHashMap<>();
                mm.put("target", gm.target());
                mm.put("endpoint", gm.endpoint());
                mm.put("priority", gm.priority());
                mm.put("weight", gm.weight());
                Boolean a = availability == null ? null : availability.isAvailable(gm);
                mm.put("available", a);
                if (Boolean.TRUE.equals(a)) {
                    available++;
                }
                members.add(mm);
            }
            m.put("members", members);
            m.put("available", availability == null ? null : available);
            m.put("waiting", queues == null ? 0 : queues.waiting(g.name()).size());
            groups.add(m);
        }
        List<Map<String, Object>> rules = new ArrayList<>();
        for (RuleStatistics s : e.statistics()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", s.ruleId());
            m.put("matches", s.matches());
            m.put("last_match", s.lastMatch());
            rules.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rule_set_version", e.version());
        out.put("groups", groups);
        out.put("rules", rules);
        return out;
    }

    /** The last finished calls of every PBX, newest first ({@code limit} 1 to the configured size, default 20). */
    @GetMapping(path = {BASE + "/api/dashboard/recent-calls", BASE + "/api/dashboard/recent-calls/"})
    public Map<String, Object> recentCalls(@RequestParam(name = "limit", defaultValue = "20") String limitText) {
        RecentCalls r = require(recentCalls, "no PBX configured: recent calls come from the PBXs' call records");
        int limit;
        try {
            limit = limitText.length() > 6 ? -1 : Integer.parseInt(limitText.strip());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > r.capacity()) {
            throw new InvalidRequestException("limit", "must be 1 to " + r.capacity() + ", was "
                    + Checks.abbreviate(limitText));
        }
        List<Map<String, Object>> calls = new ArrayList<>();
        for (RecentCalls.Entry e : r.latest(limit)) {
            CallRecord c = e.record();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pbx", e.pbx());
            m.put("unique_id", c.uniqueId());
            m.put("caller", c.source());
            m.put("called", c.destination());
            m.put("start", c.start());
            m.put("answer", c.answer());
            m.put("end", c.end());
            m.put("duration_seconds", c.duration() == null ? null : c.duration().toSeconds());
            m.put("billable_seconds", c.billableSeconds() == null ? null : c.billableSeconds().toSeconds());
            m.put("disposition", c.disposition() == null ? null : c.disposition().name());
            m.put("answered", c.answered());
            calls.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("calls", calls);
        return out;
    }

    /** Every PBX queue with its waiting callers and available members, and the routing queues. */
    @GetMapping(path = {BASE + "/api/dashboard/live-queue", BASE + "/api/dashboard/live-queue/"})
    public Map<String, Object> liveQueue() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pbx_queues", pbxQueues(true));
        out.put("groups", waitingPerGroup());
        out.put("at", clock.instant());
        return out;
    }

    // ---------------------------------------------------------------- system

    /** Health of every PBX (a full report each), the routing rules and the CDR import. */
    @GetMapping(path = {BASE + "/api/system/status", BASE + "/api/system/status/"})
    public Map<String, Object> systemStatus() {
        HealthStatus overall = HealthStatus.UP;
        List<Map<String, Object>> list = new ArrayList<>();
        for (Pbx pbx : pbxs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", pbx.id());
            m.put("kind", pbx.kind().name());
            m.put("connection_state", pbx.connectionState().name());
            HealthReport r;
            try {
                r = pbx.health().fullReport();
            } catch (RuntimeException e) {
                r = null;
                m.put("status", HealthStatus.DOWN.name());
                m.put("problems", List.of(String.valueOf(e.getMessage())));
                overall = HealthStatus.DOWN;
            }
            if (r != null) {
                m.put("status", r.status().name());
                m.put("response_time_ms", r.connection().responseTime() == null ? null
                        : r.connection().responseTime().toMillis());
                m.put("version", r.system() == null ? null : r.system().version());
                m.put("problems", r.problems());
                m.put("checked_at", r.checkedAt());
                if (r.status().compareTo(overall) > 0) {
                    overall = r.status();
                }
            }
            list.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", overall.name());
        out.put("pbx", list);
        if (engine != null) {
            Map<String, Object> routing = new LinkedHashMap<>();
            routing.put("rule_set_version", engine.version());
            routing.put("rules", engine.ruleSet().rules().size());
            routing.put("groups", engine.ruleSet().groups().size());
            if (reloader != null) {
                routing.put("rules_file", reloader.file().toString());
                routing.put("reloads", reloader.reloads());
                routing.put("reload_failures", reloader.failures());
                routing.put("last_reload_error", reloader.lastError());
            }
            out.put("routing", routing);
        }
        if (callLog != null) {
            out.put("cdr", callLog.importStatus());
        }
        out.put("at", clock.instant());
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private List<Pbx> pbxs() {
        return registry == null ? List.of() : registry.all();
    }

    private Availability singleLiveAvailability() {
        List<Pbx> all = pbxs();
        return all.size() == 1 ? Availability.fromLiveState(all.get(0).state()) : null;
    }

    private List<Map<String, Object>> waitingPerGroup() {
        List<Map<String, Object>> groups = new ArrayList<>();
        if (queues == null || engine == null) {
            return groups;
        }
        Instant now = clock.instant();
        for (String g : engine.ruleSet().groups().keySet()) {
            List<Map<String, Object>> waiting = new ArrayList<>();
            for (CallQueues.Waiting w : queues.waiting(g)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("position", w.position());
                m.put("session_id", w.callId());
                m.put("caller_id", w.caller());
                m.put("waiting_seconds", Duration.between(w.joinedAt(), now).toSeconds());
                waiting.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", g);
            m.put("waiting", waiting);
            groups.add(m);
        }
        return groups;
    }

    private List<Map<String, Object>> pbxQueues(boolean withCallers) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Pbx pbx : pbxs()) {
            for (QueueStatus q : pbx.state().queues()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pbx", pbx.id());
                m.put("queue", q.name());
                m.put("callers", q.calls());
                int available = 0;
                for (QueueMember mem : q.members()) {
                    if (mem.status() != null && mem.status().canTakeCall() && !mem.paused() && !mem.inCall()) {
                        available++;
                    }
                }
                m.put("available", available);
                m.put("members", q.members().size());
                long longest = 0;
                List<Map<String, Object>> callers = new ArrayList<>();
                for (QueueCaller c : q.callers()) {
                    longest = Math.max(longest, c.waitTime() == null ? 0 : c.waitTime().toSeconds());
                    if (withCallers) {
                        Map<String, Object> cm = new LinkedHashMap<>();
                        cm.put("position", c.position());
                        cm.put("caller_id", c.callerIdNum());
                        cm.put("caller_name", c.callerIdName());
                        cm.put("waiting_seconds", c.waitTime() == null ? null : c.waitTime().toSeconds());
                        callers.add(cm);
                    }
                }
                m.put("longest_wait_seconds", longest);
                m.put("completed", q.completed());
                m.put("abandoned", q.abandoned());
                if (withCallers) {
                    m.put("waiting", callers);
                }
                out.add(m);
            }
        }
        return out;
    }

    private CallLogView requireStatistics() {
        if (callLog == null || !callLog.hasStatistics()) {
            throw new FeatureUnavailableException("no call log with statistics (add voip-cdr; the call log is the "
                    + "voip.cdr sink)");
        }
        return callLog;
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw new FeatureUnavailableException(what);
        }
        return value;
    }

    private static Map<String, Object> body(Map<String, Object> body) {
        if (body == null) {
            throw new InvalidRequestException("body", "must be a JSON object");
        }
        return body;
    }

    /** A string field (a JSON number is taken as its decimal text): no line breaks, bounded. */
    private static String text(Map<String, Object> body, String field, boolean required, int maxLength) {
        Object v = body.get(field);
        if (v == null) {
            if (required) {
                throw new InvalidRequestException(field, "is required");
            }
            return null;
        }
        String s;
        if (v instanceof String str) {
            s = str;
        } else if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) {
            s = v.toString();
        } else {
            throw new InvalidRequestException(field, "must be a string, was a JSON " + jsonType(v));
        }
        if (s.length() > maxLength) {
            throw new InvalidRequestException(field, "must be at most " + maxLength + " characters, was "
                    + Checks.abbreviate(s));
        }
        return required ? Checks.wireText(s, field) : Checks.noLineBreaks(s, field);
    }

    private static Instant instant(Map<String, Object> body, String field) {
        String s = text(body, field, false, 64);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, "must be an ISO-8601 time with offset such as "
                    + "2023-12-01T10:30:15Z, was " + Checks.abbreviate(s));
        } catch (DateTimeException e) {
            throw new InvalidRequestException(field, e.getMessage());
        }
    }

    private static String jsonType(Object v) {
        if (v instanceof Map) {
            return "object";
        }
        if (v instanceof List) {
            return "array";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        return v instanceof Number ? "fractional number" : v.getClass().getSimpleName();
    }

    private static void putDecision(Map<String, Object> out, RouteDecision d) {
        out.put("action", d.action().map(RouteAction::kind).orElse("none"));
        out.put("target", d.toPlainText());
        out.put("targets", d.targets());
        out.put("group", d.group().map(NumberGroup::name).orElse(null));
        out.put("strategy", d.strategy().map(Enum::name).orElse(null));
        out.put("ring_time_seconds", d.ringTime().map(Duration::toSeconds).orElse(null));
        d.action().ifPresent(a -> {
            if (a instanceof RouteAction.ToQueue q) {
                out.put("queue", q.queue());
            } else if (a instanceof RouteAction.ToVoicemail v) {
                out.put("mailbox", v.mailbox());
            } else if (a instanceof RouteAction.Reject r) {
                out.put("cause", r.cause().code());
            }
        });
        out.put("rule", d.matchedRule().orElse(null));
        out.put("default_route", d.isDefaultRoute());
        out.put("rule_set_version", d.ruleSetVersion());
        out.put("explanation", d.explanation());
    }

    private static Map<String, Object> action(RouteAction a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", a.kind());
        if (a instanceof RouteAction.ToGroup g) {
            m.put("group", g.group());
        } else if (a instanceof RouteAction.ToNumber n) {
            m.put("target", n.target());
        } else if (a instanceof RouteAction.ToQueue q) {
            m.put("queue", q.queue());
        } else if (a instanceof RouteAction.ToVoicemail v) {
            m.put("mailbox", v.mailbox());
        } else if (a instanceof RouteAction.Reject r) {
            m.put("cause", r.cause().code());
        }
        return m;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
