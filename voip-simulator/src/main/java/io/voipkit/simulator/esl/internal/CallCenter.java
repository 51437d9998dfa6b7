package io.voipkit.simulator.esl.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mod_callcenter of the simulated switch: queues, agents, tiers and waiting members, answering
 * {@code callcenter_config} with the recorded texts and emitting {@code callcenter::info} events.
 * Guarded by the {@link FsModel} lock (every method is called with it held).
 */
final class CallCenter {
    private static final String QUEUE_HEADER = "name|strategy|moh_sound|time_base_score|tier_rules_apply|tier_rule_wait_second|"
            + "tier_rule_wait_multiply_level|tier_rule_no_agent_no_wait|discard_abandoned_after|abandoned_resume_allowed|max_wait_time|"
            + "max_wait_time_with_no_agent|max_wait_time_with_no_agent_time_reached|record_template|calls_answered|calls_abandoned|"
            + "ring_progressively_delay|skip_agents_with_external_calls|agent_no_answer_status";
    private static final String AGENT_HEADER = "name|instance_id|uuid|type|contact|status|state|max_no_answer|wrap_up_time|"
            + "reject_delay_time|busy_delay_time|no_answer_delay_time|last_bridge_start|last_bridge_end|last_offered_call|"
            + "last_status_change|no_answer_count|calls_answered|talk_time|ready_time|external_calls_count";
    private static final String TIER_HEADER = "queue|agent|state|level|position";
    private static final String MEMBER_HEADER = "queue|instance_id|uuid|session_uuid|cid_number|cid_name|system_epoch|joined_epoch|"
            + "rejoined_epoch|bridge_epoch|abandoned_epoch|base_score|skill_score|serving_agent|serving_system|state|score";
    static final String USAGE = "-USAGE: \ncallcenter_config <target> <args>,\n"
            + "\tcallcenter_config agent add [name] [type] | \n"
            + "\tcallcenter_config agent del [name] | \n"
            + "\tcallcenter_config agent reload [name] | \n"
            + "\tcallcenter_config agent set status [agent_name] [status] | \n"
            + "\tcallcenter_config agent set state [agent_name] [state] | \n"
            + "\tcallcenter_config agent set contact [agent_name] [contact] | \n"
            + "\tcallcenter_config agent set ready_time [agent_name] [wait till epoch] | \n"
            + "\tcallcenter_config agent set reject_delay_time [agent_name] [wait second] | \n"
            + "\tcallcenter_config agent set busy_delay_time [agent_name] [wait second] | \n"
            + "\tcallcenter_config agent set no_answer_delay_time [agent_name] [wait second] | \n"
            + "\tcallcenter_config agent get status [agent_name] | \n"
            + "\tcallcenter_config agent get state [agent_name] | \n"
            + "\tcallcenter_config agent get uuid [agent_name] | \n"
            + "\tcallcenter_config agent list [[agent_name]] | \n"
            + "\tcallcenter_config tier add [queue_name] [agent_name] [[level]] [[position]] | \n"
            + "\tcallcenter_config tier set state [queue_name] [agent_name] [state] | \n"
            + "\tcallcenter_config tier set level [queue_name] [agent_name] [level] | \n"
            + "\tcallcenter_config tier set position [queue_name] [agent_name] [position] | \n"
            + "\tcallcenter_config tier del [queue_name] [agent_name] | \n"
            + "\tcallcenter_config tier reload [queue_name] [agent_name] | \n"
            + "\tcallcenter_config tier list | \n"
            + "\tcallcenter_config queue load [queue_name] | \n"
            + "\tcallcenter_config queue unload [queue_name] | \n"
            + "\tcallcenter_config queue reload [queue_name] | \n"
            + "\tcallcenter_config queue list | \n"
            + "\tcallcenter_config queue list agents [queue_name] [status] [state] | \n"
            + "\tcallcenter_config queue list members [queue_name] | \n"
            + "\tcallcenter_config queue list tiers [queue_name] | \n"
            + "\tcallcenter_config queue count | \n"
            + "\tcallcenter_config queue count agents [queue_name] [status] [state] | \n"
            + "\tcallcenter_config queue count members [queue_name] | \n"
            + "\tcallcenter_config queue count tiers [queue_name]\n";

    private final FsModel model;
    private final Map<String, String> queues = new LinkedHashMap<>();
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final List<Tier> tiers = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();

    private static final class Agent {
        final String name;
        final String type;
        String contact = "";
        String status = "Logged Out";
        String state = "Waiting";
        int maxNoAnswer = 3;
        int wrapUpTime = 1;
        long lastStatusChange;

        Agent(String name, String type) {
            this.name = name;
            this.type = type;
        }
    }

    private static final class Tier {
        final String queue;
        final String agent;
        String state = "Ready";
        int level;
        int position;

        Tier(String queue, String agent, int level, int position) {
            this.queue = queue;
            this.agent = agent;
            this.level = level;
            this.position = position;
        }
    }

    private record Member(String queue, String uuid, FsChannel session, long joinedEpoch) {
    }

    /** A member bridged to an agent: the agent's leg and when it was called and answered (epoch seconds). */
    private record Served(Member member, Agent agent, FsChannel agentLeg, long calledEpoch, long answeredEpoch) {
    }

    /** Members being served, by the member's session uuid. */
    private final Map<String, Served> served = new LinkedHashMap<>();
    /** Round-robin position per queue: the tier index offered last. */
    private final Map<String, Integer> lastOffered = new java.util.HashMap<>();

    CallCenter(FsModel model) {
        this.model = model;
        // The recorded switch's configuration (fixtures/esl/README.md, callcenter.txt).
        queues.put("verify@default", "verify@default|round-robin|tone_stream://%(200,0,500)|system|false|0|false|true|60|false|30|0|5||0|0|0|true|On Break");
        queues.put("support@default", "support@default|longest-idle-agent|local_stream://moh|system|false|300|true|false|60|false|0|0|5||0|0|0|true|On Break");
        for (String a : List.of("agent9100@default", "agent9101@default")) {
            Agent ag = new Agent(a, "callback");
            ag.contact = "[leg_timeout=10]loopback/" + a.substring(5, 9) + "/default";
            ag.status = "Available";
            agents.put(a, ag);
        }
        tiers.add(new Tier("verify@default", "agent9100@default", 1, 1));
        tiers.add(new Tier("verify@default", "agent9101@default", 1, 2));
    }

    private FsEvent event(String action) {
        return EventTemplates.create("CUSTOM callcenter::info " + action);
    }

    private void agentEvent(String action, String agent, String header, String value) {
        FsEvent e = event(action);
        e.replace("CC-Agent", agent);
        if (header != null) {
            e.replace(header, value);
        }
        model.emit(e);
    }

    String config(List<String> w) {
        if (w.size() < 2) {
            return USAGE;
        }
        String target = w.get(0);
        String verb = w.get(1);
        List<String> rest = w.subList(2, w.size());
        return switch (target) {
            case "queue" -> queue(verb, rest);
            case "agent" -> agent(verb, rest);
            case "tier" -> tier(verb, rest);
            default -> USAGE;
        };
    }

    private String queue(String verb, List<String> r) {
        switch (verb) {
            case "list" -> {
                if (r.isEmpty()) {
                    StringBuilder sb = new StringBuilder(QUEUE_HEADER).append('\n');
                    queues.values().forEach(q -> sb.append(q).append('\n'));
                    return sb.append("+OK\n").toString();
                }
                String kind = r.get(0);
                String q = r.size() > 1 ? r.get(1) : "";
                if (kind.equals("agents")) {
                    String status = r.size() > 2 ? r.get(2) : null;
                    List<Agent> list = agentsOf(q, status);
                    if (list.isEmpty()) {
                        return "+OK\n";
                    }
                    StringBuilder sb = new StringBuilder(AGENT_HEADER).append('\n');
                    list.forEach(a -> sb.append(agentRow(a)).append('\n'));
                    return sb.append("+OK\n").toString();
                }
                if (kind.equals("tiers")) {
                    return tierList(q);
                }
                if (kind.equals("members")) {
                    List<Member> list = members.stream().filter(m -> m.queue.equals(q)).toList();
                    if (list.isEmpty()) {
                        return "+OK\n";
                    }
                    StringBuilder sb = new StringBuilder(MEMBER_HEADER).append('\n');
                    for (Member m : list) {
                        sb.append(m.queue).append("|single_box|").append(m.uuid).append('|').append(m.session.uuid).append('|')
                                .append(m.session.cidNum).append('|').append(m.session.cidName).append('|').append(m.joinedEpoch)
                                .append('|').append(m.joinedEpoch).append("|0|0|0|0|0|||Waiting|0\n");
                    }
                    return sb.append("+OK\n").toString();
                }
                return USAGE;
            }
            case "count" -> {
                if (r.isEmpty()) {
                    return queues.size() + "\n";
                }
                String q = r.size() > 1 ? r.get(1) : "";
                return switch (r.get(0)) {
                    case "agents" -> agentsOf(q, r.size() > 2 ? r.get(2) : null).size() + "\n";
                    case "members" -> members.stream().filter(m -> m.queue.equals(q)).count() + "\n";
                    case "tiers" -> tiers.stream().filter(t -> t.queue.equals(q)).count() + "\n";
                    default -> USAGE;
                };
            }
            case "load", "unload", "reload" -> {
                return "+OK\n";
            }
            default -> {
                return USAGE;
            }
        }
    }

    private List<Agent> agentsOf(String queue, String status) {
        List<Agent> out = new ArrayList<>();
        for (Tier t : tiers) {
            Agent a = agents.get(t.agent);
            if (t.queue.equals(queue) && a != null && (status == null || a.status.equals(status)) && !out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    private String agentRow(Agent a) {
        return a.name + "|single_box||" + a.type + "|" + a.contact + "|" + a.status + "|" + a.state + "|" + a.maxNoAnswer + "|"
                + a.wrapUpTime + "|0|0|0|0|0|0|" + a.lastStatusChange + "|0|0|0|0|0";
    }

    private String tierList(String queue) {
        StringBuilder sb = new StringBuilder(TIER_HEADER).append('\n');
        for (Tier t : tiers) {
            if (queue == null || t.queue.equals(queue)) {
                sb.append(t.queue).append('|').append(t.agent).append('|').append(t.state).append('|').append(t.level).append('|')
                        .append(t.position).append('\n');
            }
        }
        return sb.append("+OK\n").toString();
    }

    private String agent(String verb, List<String> r) {
        switch (verb) {
            case "list" -> {
                StringBuilder sb = new StringBuilder(AGENT_HEADER).append('\n');
                for (Agent a : agents.values()) {
                    if (r.isEmpty() || a.name.equals(r.get(0))) {
                        sb.append(agentRow(a)).append('\n');
                    }
                }
                return sb.append("+OK\n").toString();
            }
            case "add" -> {
                if (r.size() < 2) {
                    return "-ERR Invalid!\n";
                }
                if (agents.containsKey(r.get(0))) {
                    return "-ERR Agent already exist!\n";
                }
                agents.put(r.get(0), new Agent(r.get(0), r.get(1)));
                agentEvent("agent-add", r.get(0), "CC-Agent-Type", r.get(1));
                return "+OK\n";
            }
            case "del" -> {
                if (r.isEmpty() || agents.remove(r.get(0)) == null) {
                    return "-ERR Agent not found!\n";
                }
                tiers.removeIf(t -> t.agent.equals(r.get(0)));
                return "+OK\n";
            }
            case "reload" -> {
                return "+OK\n";
            }
            case "get" -> {
                if (r.size() < 2) {
                    return "-ERR Invalid!\n";
                }
                Agent a = agents.get(r.get(1));
                if (a == null) {
                    return "-ERR Agent not found!\n";
                }
                return switch (r.get(0)) {
                    case "status" -> {
                        agentEvent("agent-status-get", a.name, "CC-Agent-Status", a.status);
                        yield a.status;
                    }
                    case "state" -> {
                        agentEvent("agent-state-get", a.name, "CC-Agent-State", a.state);
                        yield a.state;
                    }
                    case "uuid" -> "";
                    default -> "-ERR Unknown Command!\n";
                };
            }
            case "set" -> {
                if (r.size() < 3) {
                    return "-ERR Invalid!\n";
                }
                Agent a = agents.get(r.get(1));
                if (a == null) {
                    return "-ERR Agent not found!\n";
                }
                String v = r.get(2);
                switch (r.get(0)) {
                    case "status" -> {
                        a.status = v;
                        a.lastStatusChange = model.nowMicros() / 1_000_000L;
                        agentEvent("agent-status-change", a.name, "CC-Agent-Status", v);
                        dispatchSoon();
                    }
                    case "state" -> {
                        a.state = v;
                        agentEvent("agent-state-change", a.name, "CC-Agent-State", v);
                        dispatchSoon();
                    }
                    case "contact" -> {
                        a.contact = v;
                        agentEvent("agent-contact-change", a.name, "CC-Agent-Contact", v);
                    }
                    case "max_no_answer" -> a.maxNoAnswer = parse(v, a.maxNoAnswer);
                    case "wrap_up_time" -> a.wrapUpTime = parse(v, a.wrapUpTime);
                    case "ready_time", "reject_delay_time", "busy_delay_time", "no_answer_delay_time" -> {
                        // accepted; agent timing is not simulated
                    }
                    default -> {
                        return "-ERR Unknown Command!\n";
                    }
                }
                return "+OK\n";
            }
            default -> {
                // the recording: 'agent bogus' answers this
                return "-ERR no reply\n";
            }
        }
    }

    private static int parse(String v, int fallback) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private String tier(String verb, List<String> r) {
        switch (verb) {
            case "list" -> {
                return tierList(null);
            }
            case "add" -> {
                if (r.size() < 2) {
                    return "-ERR Invalid!\n";
                }
                if (!queues.containsKey(r.get(0))) {
                    return "-ERR Queue not found!\n";
                }
                if (!agents.containsKey(r.get(1))) {
                    return "-ERR Agent not found!\n";
                }
                tiers.removeIf(t -> t.queue.equals(r.get(0)) && t.agent.equals(r.get(1)));
                tiers.add(new Tier(r.get(0), r.get(1), r.size() > 2 ? parse(r.get(2), 1) : 1, r.size() > 3 ? parse(r.get(3), 1) : 1));
                dispatchSoon();
                return "+OK\n";
            }
            case "set" -> {
                if (r.size() < 4) {
                    return "-ERR Invalid!\n";
                }
                Tier t = tiers.stream().filter(x -> x.queue.equals(r.get(1)) && x.agent.equals(r.get(2))).findFirst().orElse(null);
                if (t == null) {
                    return "-ERR Tier not found!\n";
                }
                switch (r.get(0)) {
                    case "state" -> t.state = r.get(3);
                    case "level" -> t.level = parse(r.get(3), t.level);
                    case "position" -> t.position = parse(r.get(3), t.position);
                    default -> {
                        return "-ERR Unknown Command!\n";
                    }
                }
                return "+OK\n";
            }
            case "del" -> {
                if (r.size() < 2) {
                    return "-ERR Invalid!\n";
                }
                tiers.removeIf(t -> t.queue.equals(r.get(0)) && t.agent.equals(r.get(1)));
                return "+OK\n";
            }
            case "reload" -> {
                return "+OK\n";
            }
            default -> {
                return USAGE;
            }
        }
    }

    /** A caller enters a queue ({@code callcenter} application): member-queue-start, members-count. */
    void memberJoins(String queue, FsChannel c) {
        Member m = new Member(queue, model.uuid(), c, model.nowMicros() / 1_000_000L);
        members.add(m);
        FsEvent start = model.channelEvent("CUSTOM callcenter::info member-queue-start", c);
        start.replace("CC-Queue", queue);
        start.replace("CC-Member-UUID", m.uuid);
        start.replace("CC-Member-Session-UUID", c.uuid);
        start.replace("CC-Member-CID-Name", c.cidName);
        start.replace("CC-Member-CID-Number", c.cidNum);
        model.emit(start);
        membersCount(queue);
        dispatchSoon();
    }

    /**
     * mod_callcenter's dispatch: about 20 ms after a change (callcenter.txt: member-queue-start, then
     * the offer 20 ms later) each queue offers its longest-waiting caller to a free agent.
     */
    void dispatchSoon() {
        model.later(20, java.util.concurrent.TimeUnit.MILLISECONDS, this::dispatch);
    }

    private void dispatch() {
        for (Member m : List.copyOf(members)) {
            if (members.contains(m) && model.channel(m.session.uuid) == m.session) {
                Agent a = pickAgent(m.queue);
                if (a != null) {
                    offer(m, a);
                }
            }
        }
    }

    /**
     * A free agent of the queue: a callback agent with a contact, Available, Waiting, on a Ready
     * tier; tiers by level then position; round-robin starts after the agent offered last, the other
     * strategies take the first.
     */
    private Agent pickAgent(String queue) {
        List<Tier> list = new ArrayList<>();
        for (Tier t : tiers) {
            if (t.queue.equals(queue)) {
                list.add(t);
            }
        }
        list.sort(java.util.Comparator.comparingInt((Tier t) -> t.level).thenComparingInt(t -> t.position));
        String q = queues.get(queue);
        boolean roundRobin = q != null && q.split("\\|", -1)[1].equals("round-robin");
        int start = roundRobin ? lastOffered.getOrDefault(queue, -1) + 1 : 0;
        for (int i = 0; i < list.size(); i++) {
            int k = (start + i) % list.size();
            Tier t = list.get(k);
            Agent a = agents.get(t.agent);
            if (a != null && "Ready".equals(t.state) && "callback".equals(a.type) && !a.contact.isEmpty()
                    && a.status.startsWith("Available") && "Waiting".equals(a.state)) {
                lastOffered.put(queue, k);
                return a;
            }
        }
        return null;
    }

    /**
     * The recorded sequence (callcenter.txt): agent-state-change Receiving, agent-offering, the
     * agent's leg is called (its far end answers at once) and bridged to the caller,
     * bridge-agent-start on the agent's leg, agent-state-change In a queue call, members-count.
     */
    private void offer(Member m, Agent a) {
        long called = model.nowMicros() / 1_000_000L;
        a.state = "Receiving";
        agentEvent("agent-state-change", a.name, "CC-Agent-State", a.state);
        FsEvent o = event("agent-offering");
        o.replace("CC-Queue", m.queue);
        o.replace("CC-Agent", a.name);
        o.replace("CC-Agent-Type", a.type);
        memberFields(o, m);
        model.emit(o);
        FsChannel leg = model.dialAgent(a.contact, m.session);
        if (leg == null || model.channel(m.session.uuid) == null) {
            a.state = "Waiting";
            agentEvent("agent-state-change", a.name, "CC-Agent-State", a.state);
            return;
        }
        long answered = model.nowMicros() / 1_000_000L;
        members.remove(m);
        served.put(m.session.uuid, new Served(m, a, leg, called, answered));
        model.bridgeLegs(leg, m.session);
        FsEvent start = model.channelEvent("CUSTOM callcenter::info bridge-agent-start", leg);
        start.replace("CC-Queue", m.queue);
        start.replace("CC-Agent", a.name);
        start.replace("CC-Agent-UUID", leg.uuid);
        start.replace("CC-Agent-Called-Time", Long.toString(called));
        start.replace("CC-Agent-Answered-Time", Long.toString(answered));
        start.replace("CC-Member-Joined-Time", Long.toString(m.joinedEpoch));
        memberFields(start, m);
        model.emit(start);
        a.state = "In a queue call";
        agentEvent("agent-state-change", a.name, "CC-Agent-State", a.state);
        membersCount(m.queue);
    }

    private static void memberFields(FsEvent e, Member m) {
        e.replace("CC-Member-UUID", m.uuid);
        e.replace("CC-Member-Session-UUID", m.session.uuid);
        e.replace("CC-Member-CID-Name", m.session.cidName);
        e.replace("CC-Member-CID-Number", m.session.cidNum);
    }

    /**
     * Legs are hanging up: an agent bridge with the caller or the agent among them ends with
     * bridge-agent-end (agent's leg), member-queue-end Terminated (caller's leg), agent-state-change
     * Waiting, in callcenter.txt's order; the legs are still bridged at this point.
     */
    void bridgesEnding(List<FsChannel> legs) {
        for (Served s : List.copyOf(served.values())) {
            if (!legs.contains(s.member.session) && !legs.contains(s.agentLeg)) {
                continue;
            }
            served.remove(s.member.session.uuid);
            long now = model.nowMicros() / 1_000_000L;
            FsEvent end = model.channelEvent("CUSTOM callcenter::info bridge-agent-end", s.agentLeg);
            end.replace("CC-Queue", s.member.queue);
            end.replace("CC-Agent", s.agent.name);
            end.replace("CC-Agent-UUID", s.agentLeg.uuid);
            end.replace("CC-Agent-Called-Time", Long.toString(s.calledEpoch));
            end.replace("CC-Agent-Answered-Time", Long.toString(s.answeredEpoch));
            end.replace("CC-Member-Joined-Time", Long.toString(s.member.joinedEpoch));
            end.replace("CC-Bridge-Terminated-Time", Long.toString(now));
            memberFields(end, s.member);
            model.emit(end);
            FsEvent left = model.channelEvent("CUSTOM callcenter::info member-queue-end", s.member.session);
            left.replace("CC-Queue", s.member.queue);
            left.replace("CC-Cause", "Terminated");
            left.replace("CC-Agent", s.agent.name);
            left.replace("CC-Agent-UUID", s.agentLeg.uuid);
            left.replace("CC-Agent-Called-Time", Long.toString(s.calledEpoch));
            left.replace("CC-Agent-Answered-Time", Long.toString(s.answeredEpoch));
            left.replace("CC-Member-Leaving-Time", Long.toString(now));
            left.replace("CC-Member-Joined-Time", Long.toString(s.member.joinedEpoch));
            memberFields(left, s.member);
            model.emit(left);
            s.agent.state = "Waiting";
            agentEvent("agent-state-change", s.agent.name, "CC-Agent-State", s.agent.state);
            dispatchSoon();
        }
    }

    private void membersCount(String queue) {
        FsEvent count = event("members-count");
        count.replace("CC-Queue", queue);
        count.replace("CC-Count", Long.toString(members.stream().filter(x -> x.queue.equals(queue)).count()));
        model.emit(count);
    }

    /** A leg hangs up: a waiting member leaves its queue (member-queue-end, cause Cancel). */
    void legGone(FsChannel c) {
        for (Member m : List.copyOf(members)) {
            if (m.session == c) {
                members.remove(m);
                FsEvent end = model.channelEvent("CUSTOM callcenter::info member-queue-end", c);
                end.replace("CC-Queue", m.queue);
                end.replace("CC-Hangup-Cause", c.hangupCause);
                end.replace("CC-Cause", "Cancel");
                end.removePrefix("CC-Agent");
                end.replace("CC-Member-Leaving-Time", Long.toString(model.nowMicros() / 1_000_000L));
                end.replace("CC-Member-Joined-Time", Long.toString(m.joinedEpoch));
                end.replace("CC-Member-UUID", m.uuid);
                end.replace("CC-Member-Session-UUID", c.uuid);
                end.replace("CC-Member-CID-Name", c.cidName);
                end.replace("CC-Member-CID-Number", c.cidNum);
                model.emit(end);
                membersCount(m.queue);
            }
        }
    }
}
