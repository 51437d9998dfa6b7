package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.AddMemberRequest;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.QueueMonitor;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.QueueSummary;
import io.voipkit.core.internal.Checks;
import io.voipkit.core.internal.Requests;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link QueueMonitor} over mod_callcenter ({@code callcenter_config}); see {@link FsCallcenter}
 * for how agents and tiers become queue members.
 *
 * <ul>
 *   <li>{@code addMember}: {@code agent add <name> callback} (an existing agent is reused), then
 *       {@code agent set contact} when {@code stateInterface} (the agent's dial string) is given,
 *       {@code agent set status} ({@code Available}, or {@code On Break} when added paused), and
 *       {@code tier add <queue> <agent> <penalty as level> 1}. A member already in the queue is
 *       refused.</li>
 *   <li>{@code removeMember}: {@code tier del}; refused with {@code Not there} when the agent has
 *       no tier in the queue. The agent itself stays.</li>
 *   <li>{@code pauseMember}: {@code agent set status <agent> 'On Break'} / {@code Available}. The
 *       status belongs to the agent, so it applies to every queue; a queue, when given, must hold
 *       the agent. The reason is not stored by FreeSWITCH ({@code On Break} is reported).</li>
 *   <li>{@code setPenalty}: {@code tier set level}; for every tier of the agent when the queue is
 *       {@code null}.</li>
 *   <li>{@code reload}: {@code queue reload <queue>}; every queue when {@code null}.</li>
 * </ul>
 */
public final class FsQueueMonitor implements QueueMonitor {

    private final FsSupervisor gateway;
    private final Clock clock;

    /** A monitor sending through {@code gateway}. */
    public FsQueueMonitor(FsSupervisor gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    @Override
    public List<QueueStatus> queues() {
        return FsCallcenter.queues(gateway::api, clock.instant());
    }

    @Override
    public Optional<QueueStatus> queue(String name) {
        Requests.queue(name);
        return FsCallcenter.queue(gateway::api, name, clock.instant());
    }

    @Override
    public QueueSummary summary(String name) {
        Requests.queue(name);
        return QueueSummary.from(queue(name).orElseThrow(() -> new PbxActionFailedException("callcenter_config queue list",
                "No such queue: " + name)));
    }

    @Override
    public void addMember(AddMemberRequest request) {
        Checks.notNull(request, "request");
        String queue = arg(request.queue(), "queue");
        String agent = arg(request.interfaceName(), "interfaceName");
        requireQueue(queue);
        if (tier(queue, agent)) {
            throw new PbxActionFailedException("callcenter_config tier add", "Already there: " + agent + " is in " + queue);
        }
        try {
            cc("agent add " + agent + " callback");
        } catch (PbxActionFailedException e) {
            if (e.pbxMessage() == null || !e.pbxMessage().contains("already exist")) {
                throw e;
            }
        }
        if (request.stateInterface() != null) {
            cc("agent set contact " + agent + " " + arg(request.stateInterface(), "stateInterface"));
        }
        cc("agent set status " + agent + (request.paused() ? " 'On Break'" : " Available"));
        cc("tier add " + queue + " " + agent + " " + request.penalty() + " 1");
    }

    @Override
    public void removeMember(String queue, String interfaceName) {
        Requests.member(queue, interfaceName);
        arg(queue, "queue");
        arg(interfaceName, "interfaceName");
        if (!tier(queue, interfaceName)) {
            throw new PbxActionFailedException("callcenter_config tier del", "Unable to remove " + interfaceName
                    + " from " + queue + ": Not there");
        }
        cc("tier del " + queue + " " + interfaceName);
    }

    @Override
    public void pauseMember(String queue, String interfaceName, boolean paused, String reason) {
        Requests.pauseMember(queue, interfaceName, reason);
        arg(interfaceName, "interfaceName");
        if (queue != null && !tier(arg(queue, "queue"), interfaceName)) {
            throw new PbxActionFailedException("callcenter_config agent set status", interfaceName + " is not in " + queue
                    + ": Not there");
        }
        cc("agent set status " + interfaceName + (paused ? " 'On Break'" : " Available"));
    }

    @Override
    public void setPenalty(String queue, String interfaceName, int penalty) {
        Requests.setPenalty(queue, interfaceName, penalty);
        arg(interfaceName, "interfaceName");
        if (queue != null) {
            if (!tier(arg(queue, "queue"), interfaceName)) {
                throw new PbxActionFailedException("callcenter_config tier set level", interfaceName + " is not in "
                        + queue + ": Not there");
            }
            cc("tier set level " + queue + " " + interfaceName + " " + penalty);
            return;
        }
        boolean any = false;
        for (Map<String, String> t : tiers()) {
            if (interfaceName.equals(t.get("agent"))) {
                cc("tier set level " + t.get("queue") + " " + interfaceName + " " + penalty);
                any = true;
            }
        }
        if (!any) {
            throw new PbxActionFailedException("callcenter_config tier set level", interfaceName + " is in no queue");
        }
    }

    @Override
    public void reload(String queue) {
        Requests.reload(queue);
        if (queue != null) {
            cc("queue reload " + arg(queue, "queue"));
            return;
        }
        for (QueueStatus q : queues()) {
            cc("queue reload " + q.name());
        }
    }

    private void requireQueue(String queue) {
        boolean exists = FsReplies.table("callcenter_config queue list", cc("queue list")).stream()
                .anyMatch(q -> queue.equals(q.get("name")));
        if (!exists) {
            throw new PbxActionFailedException("callcenter_config queue list", "No such queue: " + queue);
        }
    }

    private boolean tier(String queue, String agent) {
        return tiers().stream().anyMatch(t -> queue.equals(t.get("queue")) && agent.equals(t.get("agent")));
    }

    private List<Map<String, String>> tiers() {
        return FsReplies.table("callcenter_config tier list", cc("tier list"));
    }

    private String cc(String args) {
        return gateway.api("callcenter_config", args);
    }

    /** One space-free argument of {@code callcenter_config}. */
    private static String arg(String v, String field) {
        Checks.wireText(v, field);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isWhitespace(c) || c == '\'' || c == '"') {
                throw new io.voipkit.core.InvalidRequestException(field, "must not contain spaces or quotes (one"
                        + " callcenter_config argument), was " + Checks.abbreviate(v));
            }
        }
        return v;
    }
}
