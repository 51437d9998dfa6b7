package io.voipkit.ami.internal.mapping;

import io.voipkit.ami.internal.AmiMessage;
import io.voipkit.core.Channel;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.QueueCaller;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.event.AgentCompleted;
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
import io.voipkit.core.event.QueueMemberStatusChanged;
import io.voipkit.core.event.RawFields;
import io.voipkit.core.event.StateResynced;
import io.voipkit.core.event.UnknownEvent;
import io.voipkit.core.internal.Checks;
import io.voipkit.core.internal.LiveStateStore;
import io.voipkit.core.internal.ResyncResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a {@link LiveStateStore} current from the events an {@link AmiEventMapper} produced, and
 * rebuilds it from list-action answers after every (re)connect.
 *
 * <pre>{@code
 * PbxEvent e = mapper.map(message, pbxId, receivedAt);
 * feed.apply(e);                 // then publish e to subscribers
 * }</pre>
 *
 * <h2>What each event does</h2>
 * <ul>
 *   <li><b>Endpoints.</b> {@code ContactStatus} updates that contact (Removed deletes it) and the
 *       endpoint's status becomes what its contacts add up to (online while any contact is);
 *       {@code PeerStatus} sets the endpoint's status directly (Asterisk's own aggregate);
 *       {@code DeviceStateChange} sets the device-state text ({@code Not in use}, ...) and, when it
 *       implies ONLINE or OFFLINE, the status. The endpoint's last change is the event's time.</li>
 *   <li><b>Channels.</b> {@code Newchannel} adds, {@code Newstate} updates state, caller id and
 *       connected line (and adds a channel the feed missed, since it carries the full channel),
 *       {@code NewCallerid} / {@code NewConnectedLine} (UnknownEvents with raw fields) update the
 *       numbers, {@code Hangup} removes. Calls per endpoint follow from the channels (the store's
 *       naming rules).</li>
 *   <li><b>Bridges.</b> {@code BridgeEnter} / {@code BridgeLeave} set a channel's bridge, so a call
 *       whose connected line is unknown shows its bridge peer's number as the other party.</li>
 *   <li><b>Queues.</b> Callers join and leave (positions behind a leaver move up; a joiner's wait is
 *       zero when it joins, since QueueCaller holds a duration, not a join time);
 *       {@code QueueCallerAbandon} counts an abandoned call, {@code AgentComplete} a completed one;
 *       {@code QueueMember*} events replace the member ({@code QueueMemberRemoved} removes it).</li>
 * </ul>
 * Everything else is ignored. Events of a channel or queue the store does not know (the feed
 * started mid-call) change nothing except where noted; the next resync fills the gap.
 *
 * <p><b>Threads.</b> Not thread-safe: call {@link #apply} and {@link #resync} from one thread, the
 * adapter's event thread, in the PBX's event order. The store itself may be read from anywhere.
 */
public final class AmiStateFeed {
    private final LiveStateStore store;
    private final ContactBook contacts = new ContactBook();

    /**
     * A feed writing into {@code store}.
     *
     * @throws io.voipkit.core.InvalidRequestException when {@code store} is {@code null}
     */
    public AmiStateFeed(LiveStateStore store) {
        this.store = Checks.notNull(store, "store");
    }

    /** The store this feed writes into. */
    public LiveStateStore store() {
        return store;
    }

    /**
     * Applies one mapped event to the store. Events that say nothing about live state are ignored.
     *
     * @throws io.voipkit.core.InvalidRequestException when {@code event} is {@code null}
     */
    public void apply(PbxEvent event) {
        Checks.notNull(event, "event");
        // An instanceof chain, not a pattern switch: the library targets Java 17.
        if (event instanceof ChannelCreated e) {
            store.channelCreated(new Channel(e.channel(), e.uniqueId(), e.linkedId(), e.state(), e.callerIdNum(),
                    e.callerIdName(), raw(e.raw(), "ConnectedLineNum"), raw(e.raw(), "ConnectedLineName"), null,
                    e.timestamp(), null));
        } else if (event instanceof ChannelStateChanged e) {
            newState(e);
        } else if (event instanceof CallEnded e) {
            store.channelRemoved(e.uniqueId());
        } else if (event instanceof CallBridged e) {
            store.bridgeJoined(e.bridgeId(), e.uniqueId());
        } else if (event instanceof CallUnbridged e) {
            store.bridgeLeft(e.bridgeId(), e.uniqueId());
        } else if (event instanceof EndpointStatusChanged e) {
            endpointStatus(e);
        } else if (event instanceof QueueCallerJoined e) {
            store.updateQueue(e.queue(), q -> callerJoined(q, e));
        } else if (event instanceof QueueCallerLeft e) {
            store.updateQueue(e.queue(), q -> callerLeft(q, e.uniqueId(), e.channel()));
        } else if (event instanceof QueueCallerAbandoned e) {
            store.updateQueue(e.queue(), q -> counted(q, 0, 1));
        } else if (event instanceof AgentCompleted e) {
            store.updateQueue(e.queue(), q -> counted(q, 1, 0));
        } else if (event instanceof QueueMemberStatusChanged e) {
            memberChanged(e);
        } else if (event instanceof UnknownEvent e) {
            unknown(e);
        }
        // Anything else (dialing, answers, transfers, DTMF, CDRs, ...) has no live state to change.
    }

    // ---------------------------------------------------------------- channels

    private void newState(ChannelStateChanged e) {
        RawFields r = e.raw();
        String callerName = raw(r, "CallerIDName");
        String connectedName = raw(r, "ConnectedLineName");
        boolean known = store.updateChannel(e.uniqueId(), c -> c.withState(e.state())
                .withCallerId(e.callerIdNum(), callerName)
                .withConnectedLine(e.connectedLineNum(), connectedName));
        if (!known) {
            // Newstate carries the whole channel: add the one we missed (its creation time is unknown).
            store.channelCreated(new Channel(e.channel(), e.uniqueId(), raw(r, "Linkedid"), e.state(), e.callerIdNum(),
                    callerName, e.connectedLineNum(), connectedName, null, e.timestamp(), null));
        }
    }

    private void unknown(UnknownEvent e) {
        RawFields r = e.raw();
        switch (e.name()) {
            case "NewCallerid" -> {
                String uid = raw(r, "Uniqueid");
                if (uid != null) {
                    store.updateChannel(uid, c -> c.withCallerId(raw(r, "CallerIDNum"), raw(r, "CallerIDName")));
                }
            }
            case "NewConnectedLine" -> {
                String uid = raw(r, "Uniqueid");
                if (uid != null) {
                    store.updateChannel(uid, c -> c.withConnectedLine(raw(r, "ConnectedLineNum"),
                            raw(r, "ConnectedLineName")));
                }
            }
            default -> {
                // no live state in it
            }
        }
    }

    /** A raw value as live state keeps it: blank and Asterisk's {@code <unknown>} are {@code null}. */
    private static String raw(RawFields r, String name) {
        return AmiValues.callerId(r.firstOrNull(name));
    }

    // ---------------------------------------------------------------- endpoints

    private void endpointStatus(EndpointStatusChanged e) {
        String name = e.endpoint();
        Instant at = e.timestamp();
        switch (e.name()) {
            case "ContactStatus" -> {
                contacts.update(name, e.contactUri(), e.detail());
                EndpointStatus status = contacts.status(name);
                String detail = contacts.detail(name, e.detail());
                List<String> uris = contacts.uris(name);
                store.updateEndpoint(name, old -> new Endpoint(name, status, detail, uris, old.deviceState(), at,
                        old.activeCalls()));
            }
            case "DeviceStateChange" -> {
                String device = AmiValues.deviceStateText(e.detail());
                store.updateEndpoint(name, old -> {
                    boolean decisive = e.status() != EndpointStatus.UNKNOWN && e.status() != old.status();
                    return new Endpoint(name, decisive ? e.status() : old.status(), decisive ? device : old.detail(),
                            old.contacts(), device, at, old.activeCalls());
                });
            }
            default -> // PeerStatus, and any future source: the PBX's aggregate, taken as it is
                    store.updateEndpoint(name, old -> new Endpoint(name, e.status(), e.detail(), old.contacts(),
                            old.deviceState(), at, old.activeCalls()));
        }
    }

    // ---------------------------------------------------------------- queues

    private static QueueStatus callerJoined(QueueStatus q, QueueCallerJoined e) {
        List<QueueCaller> callers = new ArrayList<>(q.callers().size() + 1);
        int position = Math.max(1, e.position());
        for (QueueCaller c : q.callers()) {
            if (e.uniqueId().equals(c.uniqueId())) {
                continue; // a repeated join replaces the old entry
            }
            // A caller joining ahead (higher priority) pushes those at and behind its position back.
            callers.add(c.position() >= position ? moved(c, c.position() + 1) : c);
        }
        callers.add(new QueueCaller(position, e.channel(), e.uniqueId(), e.callerIdNum(),
                raw(e.raw(), "CallerIDName"), Duration.ZERO));
        callers.sort(java.util.Comparator.comparingInt(QueueCaller::position));
        return q.withCallers(renumber(callers));
    }

    private static QueueStatus callerLeft(QueueStatus q, String uniqueId, String channel) {
        List<QueueCaller> callers = new ArrayList<>(q.callers().size());
        boolean removed = false;
        for (QueueCaller c : q.callers()) {
            boolean same = c.uniqueId() != null ? c.uniqueId().equals(uniqueId) : c.channel().equals(channel);
            if (same) {
                removed = true;
            } else {
                callers.add(c);
            }
        }
        return removed ? q.withCallers(renumber(callers)) : q;
    }

    /** Positions 1..n in list order: those behind a leaver move up, as in Asterisk. */
    private static List<QueueCaller> renumber(List<QueueCaller> callers) {
        List<QueueCaller> out = new ArrayList<>(callers.size());
        for (int i = 0; i < callers.size(); i++) {
            QueueCaller c = callers.get(i);
            out.add(c.position() == i + 1 ? c : moved(c, i + 1));
        }
        return out;
    }

    private static QueueCaller moved(QueueCaller c, int position) {
        return new QueueCaller(position, c.channel(), c.uniqueId(), c.callerIdNum(), c.callerIdName(), c.waitTime());
    }

    private static QueueStatus counted(QueueStatus q, int completed, int abandoned) {
        return new QueueStatus(q.name(), q.strategy(), q.max(), q.calls(), q.holdTime(), q.talkTime(),
                q.completed() + completed, q.abandoned() + abandoned, q.serviceLevel(), q.serviceLevelPerf(), q.weight(),
                q.members(), q.callers());
    }

    private void memberChanged(QueueMemberStatusChanged e) {
        boolean removed = e.name().equals("QueueMemberRemoved");
        QueueMember member = removed ? null : toMember(e);
        store.updateQueue(e.queue(), q -> {
            List<QueueMember> members = new ArrayList<>(q.members().size() + 1);
            boolean replaced = false;
            for (QueueMember m : q.members()) {
                if (m.interfaceName().equals(e.interfaceName())) {
                    if (member != null) {
                        members.add(member);
                    }
                    replaced = true;
                } else {
                    members.add(m);
                }
            }
            if (!replaced && member != null) {
                members.add(member);
            }
            return q.withMembers(members);
        });
    }

    private static QueueMember toMember(QueueMemberStatusChanged e) {
        RawFields r = e.raw();
        String stateInterface = r.firstOrNull("StateInterface");
        if (stateInterface != null && (stateInterface.isBlank() || stateInterface.equals(e.interfaceName()))) {
            stateInterface = null;
        }
        long lastCall = AmiValues.nonNegativeLong(r.firstOrNull("LastCall"));
        String membership = r.firstOrNull("Membership");
        return new QueueMember(e.memberName(), e.interfaceName(), stateInterface,
                membership == null || membership.isBlank() ? null : membership, e.penalty(), e.callsTaken(),
                lastCall > 0 ? Instant.ofEpochSecond(lastCall) : null, e.state(), e.paused(), e.pausedReason(),
                e.inCall());
    }

    // ---------------------------------------------------------------- resync

    /**
     * Replaces the store's content with what the PBX reports now (after a connect or reconnect)
     * and returns what changed while away; the store is marked current. The inputs are the items
     * of the four list actions (see {@link AmiResyncParser}); pass an empty contact list when
     * {@code PJSIPShowContacts} answered {@code No Contacts found}.
     *
     * <p>An endpoint whose status and contacts did not change keeps the detail word it had (the
     * events and the lists word the same status differently, for example {@code Removed} versus
     * {@code Unavailable}), so the result does not report it as changed.
     *
     * @throws io.voipkit.core.InvalidRequestException when a list or {@code now} is {@code null}
     */
    public ResyncResult resync(List<AmiMessage> endpointItems, List<AmiMessage> contactItems,
                               List<AmiMessage> channelItems, List<AmiMessage> queueItems, Instant now) {
        List<Endpoint> endpoints = AmiResyncParser.endpoints(endpointItems, contactItems, now);
        List<Channel> channels = AmiResyncParser.channels(channelItems, now);
        List<QueueStatus> queues = AmiResyncParser.queues(queueItems, now);
        AmiResyncParser.fillContactBook(contacts, Checks.copyOf(contactItems, "contactItems"));
        List<Endpoint> kept = new ArrayList<>(endpoints.size());
        for (Endpoint e : endpoints) {
            Endpoint old = store.endpoint(e.name()).orElse(null);
            boolean sameState = old != null && old.status() == e.status() && old.contacts().equals(e.contacts())
                    && java.util.Objects.equals(old.deviceState(), e.deviceState());
            kept.add(sameState ? new Endpoint(e.name(), e.status(), old.detail(), e.contacts(), e.deviceState(),
                    old.lastChange(), List.of()) : e);
        }
        return store.resync(kept, channels, queues);
    }

    /**
     * Tells {@code mapper} when each channel in the store started, so that a {@code Hangup} of a
     * channel that existed before the connection still gets a duration. Call after {@link #resync}.
     *
     * @throws io.voipkit.core.InvalidRequestException when {@code mapper} is {@code null}
     */
    public void seedChannelStarts(AmiEventMapper mapper) {
        Checks.notNull(mapper, "mapper");
        mapper.forgetChannelStarts();
        for (Channel c : store.channels()) {
            mapper.rememberChannelStart(c.uniqueId(), c.created());
        }
    }

    /**
     * The {@link StateResynced} event for a resync's result, for the adapter to publish.
     *
     * @param result   what {@link #resync} returned
     * @param pbxId    the PBX's id
     * @param now      the event's time
     * @param downtime how long the connection was down (zero for the first connect)
     * @throws io.voipkit.core.InvalidRequestException when an argument is {@code null} or invalid
     */
    public static StateResynced resyncedEvent(ResyncResult result, String pbxId, Instant now, Duration downtime) {
        Checks.notNull(result, "result");
        return new StateResynced(pbxId, now, RawFields.empty(), result.endedCalls(), result.changedEndpoints(),
                downtime);
    }
}
