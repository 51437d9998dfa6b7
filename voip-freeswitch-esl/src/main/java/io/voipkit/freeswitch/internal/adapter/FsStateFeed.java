package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.Channel;
import io.voipkit.core.ChannelState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.QueueCaller;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.event.AgentCompleted;
import io.voipkit.core.event.AgentConnected;
import io.voipkit.core.event.CallAnswered;
import io.voipkit.core.event.CallBridged;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.CallUnbridged;
import io.voipkit.core.event.ChannelCreated;
import io.voipkit.core.event.ChannelStateChanged;
import io.voipkit.core.event.EndpointStatusChanged;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.QueueCallerAbandoned;
import io.voipkit.core.event.QueueCallerJoined;
import io.voipkit.core.event.QueueCallerLeft;
import io.voipkit.core.event.RawFields;
import io.voipkit.core.event.UnknownEvent;
import io.voipkit.core.internal.LiveStateStore;
import io.voipkit.core.internal.ResyncResult;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a {@link LiveStateStore} current from mapped FreeSWITCH events, and replaces it with a
 * resync's reading. Channels: created, state (progress, answer, {@code CHANNEL_CALLSTATE}), bridged
 * (both legs: FreeSWITCH sends one {@code CHANNEL_BRIDGE} naming the other leg), removed at
 * {@code CHANNEL_HANGUP_COMPLETE}. Endpoints: sofia register/unregister/expire. Queues: callers
 * joining and leaving, agents' status and state ({@code callcenter::info} agent-status-change and
 * agent-state-change, which have no voip-core record and arrive as {@link UnknownEvent}).
 *
 * <p>Called on the ESL reader thread (events) and on the resync thread; the store serialises writes.
 */
public final class FsStateFeed {

    private final LiveStateStore store;
    private final Clock clock;

    /** A feed writing into {@code store}. */
    public FsStateFeed(LiveStateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    ResyncResult resync(FsResync.Items items) {
        return store.resync(items.endpoints(), items.channels(), items.queues());
    }

    /** Applies one event. */
    public void apply(PbxEvent e) {
        if (e instanceof ChannelCreated c) {
            store.channelCreated(new Channel(c.channel(), c.uniqueId(), c.linkedId(), c.state(), c.callerIdNum(),
                    c.callerIdName(), null, null, null, c.timestamp(), null));
        } else if (e instanceof ChannelStateChanged s) {
            store.channelStateChanged(s.uniqueId(), s.state());
        } else if (e instanceof CallAnswered a) {
            // the answering channel is the "dest" side (the mapper puts FreeSWITCH's Other-Leg first)
            store.channelStateChanged(a.destUniqueId(), ChannelState.UP);
        } else if (e instanceof CallBridged b) {
            store.bridgeJoined(b.bridgeId(), b.uniqueId());
            String other = otherLeg(b.raw());
            if (other != null) {
                store.bridgeJoined(b.bridgeId(), other);
            }
        } else if (e instanceof CallUnbridged u) {
            store.bridgeLeft(u.bridgeId(), u.uniqueId());
            String other = otherLeg(u.raw());
            if (other != null) {
                store.bridgeLeft(u.bridgeId(), other);
            }
        } else if (e instanceof CallEnded c) {
            if (c.uniqueId() != null) {
                store.channelRemoved(c.uniqueId());
            }
        } else if (e instanceof EndpointStatusChanged s) {
            String contact = s.contactUri();
            store.updateEndpoint(s.endpoint(), old -> new Endpoint(s.endpoint(), s.status(), s.detail(),
                    s.status() == EndpointStatus.ONLINE && contact != null ? List.of(contact) : List.of(),
                    old.deviceState(), clock.instant(), List.of()));
        } else if (e instanceof QueueCallerJoined j) {
            store.updateQueue(j.queue(), q -> {
                List<QueueCaller> callers = new ArrayList<>(q.callers());
                callers.removeIf(c -> j.uniqueId().equals(c.uniqueId()));
                callers.add(new QueueCaller(callers.size() + 1, j.channel(), j.uniqueId(), j.callerIdNum(),
                        null, Duration.ZERO));
                return q.withCallers(callers);
            });
        } else if (e instanceof QueueCallerLeft l) {
            removeCaller(l.queue(), l.uniqueId());
        } else if (e instanceof QueueCallerAbandoned a) {
            removeCaller(a.queue(), a.uniqueId());
        } else if (e instanceof AgentConnected a) {
            removeCaller(a.queue(), a.uniqueId());
            agent(a.interfaceName(), m -> withCall(m, true, 0));
        } else if (e instanceof AgentCompleted a) {
            agent(a.interfaceName(), m -> withCall(m, false, 1));
        } else if (e instanceof UnknownEvent u && "CUSTOM callcenter::info".equals(u.name())) {
            agentChange(u.raw());
        } else if (e instanceof UnknownEvent u && "CHANNEL_CALLSTATE".equals(u.name())) {
            String uuid = u.raw().firstOrNull("Unique-ID");
            ChannelState s = FsResync.callState(u.raw().firstOrNull("Channel-Call-State"));
            if (uuid != null && s != ChannelState.UNKNOWN && s != ChannelState.DOWN) {
                store.channelStateChanged(uuid, s);
            }
        }
    }

    private static String otherLeg(RawFields raw) {
        String b = raw.firstOrNull("Bridge-B-Unique-ID");
        return b != null ? b : raw.firstOrNull("Other-Leg-Unique-ID");
    }

    private void removeCaller(String queue, String uniqueId) {
        if (store.queue(queue).isEmpty()) {
            return;
        }
        store.updateQueue(queue, q -> {
            List<QueueCaller> callers = new ArrayList<>();
            for (QueueCaller c : q.callers()) {
                if (!uniqueId.equals(c.uniqueId()) && !uniqueId.equals(c.channel())) {
                    callers.add(new QueueCaller(callers.size() + 1, c.channel(), c.uniqueId(), c.callerIdNum(),
                            c.callerIdName(), c.waitTime()));
                }
            }
            return q.withCallers(callers);
        });
    }

    /** agent-status-change / agent-state-change: the agent's members in every queue. */
    private void agentChange(RawFields raw) {
        String action = raw.firstOrNull("CC-Action");
        String agent = raw.firstOrNull("CC-Agent");
        if (agent == null) {
            return;
        }
        if ("agent-status-change".equals(action)) {
            String status = raw.firstOrNull("CC-Agent-Status");
            agent(agent, m -> {
                boolean paused = "On Break".equals(status);
                String state = m.status() == io.voipkit.core.MemberState.UNAVAILABLE ? "Waiting" : stateText(m);
                return new QueueMember(m.name(), m.interfaceName(), m.stateInterface(), m.membership(), m.penalty(),
                        m.callsTaken(), m.lastCall(), FsCallcenter.memberState(status, state), paused,
                        paused ? "On Break" : null, m.inCall());
            });
        } else if ("agent-state-change".equals(action)) {
            String state = raw.firstOrNull("CC-Agent-State");
            agent(agent, m -> new QueueMember(m.name(), m.interfaceName(), m.stateInterface(), m.membership(),
                    m.penalty(), m.callsTaken(), m.lastCall(),
                    m.status() == io.voipkit.core.MemberState.UNAVAILABLE ? m.status()
                            : FsCallcenter.memberState("Available", state),
                    m.paused(), m.pausedReason(), "In a queue call".equals(state)));
        }
    }

    private static String stateText(QueueMember m) {
        return switch (m.status()) {
            case RINGING -> "Receiving";
            case IN_USE -> "In a queue call";
            case BUSY -> "Idle";
            default -> "Waiting";
        };
    }

    private static QueueMember withCall(QueueMember m, boolean inCall, int more) {
        return new QueueMember(m.name(), m.interfaceName(), m.stateInterface(), m.membership(), m.penalty(),
                m.callsTaken() + more, m.lastCall(), m.status(), m.paused(), m.pausedReason(), inCall);
    }

    private void agent(String agent, java.util.function.UnaryOperator<QueueMember> change) {
        for (QueueStatus q : store.queues()) {
            if (q.member(agent).isPresent()) {
                store.updateQueue(q.name(), qs -> {
                    List<QueueMember> members = new ArrayList<>();
                    for (QueueMember m : qs.members()) {
                        members.add(m.interfaceName().equals(agent) ? change.apply(m) : m);
                    }
                    return qs.withMembers(members);
                });
            }
        }
    }
}
