package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.MemberState;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.QueueCaller;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads mod_callcenter's queues into voip-core {@link QueueStatus} values with
 * {@code callcenter_config queue list}, {@code queue list agents}, {@code queue list tiers} and
 * {@code queue list members}.
 *
 * <p>Vocabulary: a voipkit queue member is a callcenter <em>agent</em> with a <em>tier</em> in the
 * queue; its {@code interfaceName} and {@code name} are the agent's name (for example
 * {@code agent9100@default}), its {@code stateInterface} the agent's contact (dial string), its
 * {@code penalty} the tier's level (lower levels are offered calls first, as with Asterisk's
 * penalty). Agent status {@code On Break} is "paused" (reason {@code On Break}); {@code Logged Out}
 * is {@link MemberState#UNAVAILABLE}. Agent states: {@code Waiting} → NOT_IN_USE,
 * {@code Receiving}/{@code Reserved} → RINGING, {@code In a queue call} → IN_USE (in call),
 * {@code Idle} → BUSY (an idle agent is offered no calls). Queue callers are the queue's members
 * in state {@code Waiting} or {@code Trying}, oldest first.
 */
final class FsCallcenter {

    private FsCallcenter() {
    }

    /** Every queue, or an empty list when mod_callcenter is not loaded. */
    static List<QueueStatus> queues(FsApi api, Instant now) {
        String list;
        try {
            list = api.call("callcenter_config", "queue list");
        } catch (PbxActionFailedException e) {
            if (e.pbxMessage() != null && e.pbxMessage().contains("no_such_command")) {
                return List.of();
            }
            throw e;
        }
        List<QueueStatus> result = new ArrayList<>();
        List<Map<String, String>> tiersAll = FsReplies.table("callcenter_config tier list",
                api.call("callcenter_config", "tier list"));
        List<Map<String, String>> agentsAll = FsReplies.table("callcenter_config agent list",
                api.call("callcenter_config", "agent list"));
        for (Map<String, String> q : FsReplies.table("callcenter_config queue list", list)) {
            String name = q.get("name");
            if (name == null || name.isBlank()) {
                continue;
            }
            List<Map<String, String>> members = FsReplies.table("callcenter_config queue list members",
                    api.call("callcenter_config", "queue list members " + name));
            result.add(status(q, tiersAll, agentsAll, members, now));
        }
        return result;
    }

    /** One queue, or empty when mod_callcenter has none of that name (or is not loaded). */
    static Optional<QueueStatus> queue(FsApi api, String name, Instant now) {
        return queues(api, now).stream().filter(q -> q.name().equals(name)).findFirst();
    }

    static QueueStatus status(Map<String, String> q, List<Map<String, String>> tiers, List<Map<String, String>> agents,
                              List<Map<String, String>> members, Instant now) {
        String name = q.get("name");
        Map<String, Map<String, String>> agentByName = new HashMap<>();
        for (Map<String, String> a : agents) {
            agentByName.put(a.get("name"), a);
        }
        List<QueueMember> list = new ArrayList<>();
        for (Map<String, String> t : tiers) {
            if (!name.equals(t.get("queue"))) {
                continue;
            }
            Map<String, String> a = agentByName.getOrDefault(t.get("agent"), Map.of());
            list.add(member(t.get("agent"), a, integer(t.get("level"))));
        }
        List<QueueCaller> callers = new ArrayList<>();
        List<Map<String, String>> waiting = new ArrayList<>();
        for (Map<String, String> m : members) {
            String st = m.get("state");
            if ("Waiting".equals(st) || "Trying".equals(st)) {
                waiting.add(m);
            }
        }
        waiting.sort((x, y) -> Long.compare(epoch(x.get("joined_epoch")), epoch(y.get("joined_epoch"))));
        for (Map<String, String> m : waiting) {
            String session = m.get("session_uuid");
            long joined = epoch(m.get("joined_epoch"));
            Duration wait = joined > 0 ? Duration.ofSeconds(Math.max(0, now.getEpochSecond() - joined)) : Duration.ZERO;
            callers.add(new QueueCaller(callers.size() + 1, session == null || session.isBlank() ? m.get("uuid") : session,
                    session, m.get("cid_number"), m.get("cid_name"), wait));
        }
        int answered = integer(q.get("calls_answered"));
        int abandoned = integer(q.get("calls_abandoned"));
        return new QueueStatus(name, q.get("strategy"), 0, callers.size(), Duration.ZERO, Duration.ZERO, answered,
                abandoned, Duration.ZERO, 0.0, 0, list, callers);
    }

    /** A queue member from an agent row ({@code agent list}) and its tier level. */
    static QueueMember member(String agent, Map<String, String> a, int level) {
        String status = a.get("status");
        String st = a.get("state");
        MemberState state = memberState(status, st);
        boolean paused = "On Break".equals(status);
        return new QueueMember(agent, agent, a.get("contact"), a.get("type"), Math.max(0, level),
                integer(a.get("calls_answered")), lastCall(a.get("last_bridge_end")), state, paused,
                paused ? "On Break" : null, "In a queue call".equals(st));
    }

    /** The voip-core state of an agent with this callcenter status and state. */
    static MemberState memberState(String status, String state) {
        if (status == null || "Logged Out".equals(status)) {
            return MemberState.UNAVAILABLE;
        }
        if (state == null) {
            return MemberState.UNKNOWN;
        }
        return switch (state) {
            case "Waiting" -> MemberState.NOT_IN_USE;
            case "Receiving", "Reserved" -> MemberState.RINGING;
            case "In a queue call" -> MemberState.IN_USE;
            case "Idle" -> MemberState.BUSY;
            default -> MemberState.UNKNOWN;
        };
    }

    private static Instant lastCall(String epoch) {
        long e = epoch(epoch);
        return e > 0 ? Instant.ofEpochSecond(e) : null;
    }

    static long epoch(String v) {
        try {
            return v == null || v.isBlank() ? 0 : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static int integer(String v) {
        try {
            return v == null || v.isBlank() ? 0 : Math.max(0, Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
