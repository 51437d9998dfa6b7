package io.voipkit.core.internal;

import io.voipkit.core.ActiveCall;
import io.voipkit.core.Channel;
import io.voipkit.core.ChannelState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.LiveState;
import io.voipkit.core.QueueStatus;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The {@link LiveState} of one PBX and the methods adapters use to keep it current.
 *
 * <p><b>Threading.</b> Reads are lock-free: all data lives in one immutable snapshot behind a
 * volatile reference, and every read method works on the snapshot it found, so a reader never sees
 * half an update and never blocks the writer. Writes replace the snapshot (copy-on-write). They are
 * meant to come from one thread per PBX, the adapter's event-mapping thread, which keeps them in
 * the PBX's event order; they are additionally serialised by a lock, so the resync after a
 * reconnect may run on another thread without corrupting anything. A write copies the maps it
 * changes (O(channels) per channel change, plus O(endpoints) when an endpoint's calls change); a
 * write that changes nothing publishes nothing and keeps the version.
 *
 * <p><b>Calls.</b> Every channel whose name maps to an endpoint ({@link EndpointNaming}) is one
 * {@link ActiveCall} on that endpoint. Its other party is the channel's connected line when the PBX
 * reported one, otherwise the caller id of another channel in the same bridge. Its answer time is
 * when the store first saw the channel {@link ChannelState#UP}. An endpoint seen only in a channel
 * is added with status {@link EndpointStatus#UNKNOWN}.
 */
public final class LiveStateStore implements LiveState {

    private static final Comparator<Channel> BY_CREATED =
            Comparator.comparing(Channel::created).thenComparing(Channel::uniqueId);
    private static final Comparator<ActiveCall> CALLS_BY_START =
            Comparator.comparing(ActiveCall::startedAt).thenComparing(ActiveCall::uniqueId);

    /** Everything a reader may see, replaced as a whole. */
    private record Snapshot(Map<String, Endpoint> endpoints, Map<String, Channel> channels,
                            Map<String, Instant> answeredAt, Map<String, QueueStatus> queues,
                            List<ActiveCall> calls, Instant lastUpdate, boolean current, long version) {
    }

    private final EndpointNaming naming;
    private final Clock clock;
    private final Object writeLock = new Object();
    private volatile Snapshot snapshot;
    // The open write batch (see beginBatch); all guarded by writeLock.
    private Thread batchOwner;
    private Snapshot working;
    /** The maps this batch copied and may still change in place (compared by identity). */
    private Map<String, Channel> ownChannels;
    private Map<String, Instant> ownAnswered;
    private boolean callsDirty;
    private boolean flushing;

    /** A store with the {@link EndpointNaming#standard() standard naming} and the system clock. */
    public LiveStateStore() {
        this(EndpointNaming.standard(), Clock.systemUTC());
    }

    /** A store deriving endpoints with {@code naming} and stamping changes with {@code clock}. */
    public LiveStateStore(EndpointNaming naming, Clock clock) {
        this.naming = Checks.notNull(naming, "naming");
        this.clock = Checks.notNull(clock, "clock");
        this.snapshot = new Snapshot(Map.of(), Map.of(), Map.of(), Map.of(), List.of(), clock.instant(), false, 0);
    }

    /** The naming rules this store derives endpoints with. */
    public EndpointNaming naming() {
        return naming;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Collection<Endpoint> endpoints() {
        return snapshot.endpoints.values();
    }

    @Override
    public Optional<Endpoint> endpoint(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(snapshot.endpoints.get(name));
    }

    @Override
    public Collection<Channel> channels() {
        return snapshot.channels.values();
    }

    /** One channel by unique id. */
    public Optional<Channel> channel(String uniqueId) {
        return uniqueId == null ? Optional.empty() : Optional.ofNullable(snapshot.channels.get(uniqueId));
    }

    @Override
    public Collection<ActiveCall> calls() {
        return snapshot.calls;
    }

    @Override
    public List<ActiveCall> callsOf(String endpoint) {
        Endpoint e = endpoint == null ? null : snapshot.endpoints.get(endpoint);
        return e == null ? List.of() : e.activeCalls();
    }

    @Override
    public Collection<QueueStatus> queues() {
        return snapshot.queues.values();
    }

    /** One queue by name. */
    public Optional<QueueStatus> queue(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(snapshot.queues.get(name));
    }

    @Override
    public Instant lastUpdate() {
        return snapshot.lastUpdate;
    }

    @Override
    public boolean isCurrent() {
        return snapshot.current;
    }

    @Override
    public long version() {
        return snapshot.version;
    }

    // ---------------------------------------------------------------- endpoints

    /**
     * Adds or replaces an endpoint's registration data (status, detail, contacts, device state,
     * last change). Its {@code activeCalls} are ignored: the store derives them from channels.
     */
    public void putEndpoint(Endpoint endpoint) {
        Checks.notNull(endpoint, "endpoint");
        synchronized (writeLock) {
            Snapshot s = begin();
            Endpoint old = s.endpoints.get(endpoint.name());
            Endpoint merged = endpoint.withActiveCalls(old == null ? callsFor(endpoint.name(), s.calls) : old.activeCalls());
            if (merged.equals(old)) {
                return;
            }
            TreeMap<String, Endpoint> endpoints = new TreeMap<>(s.endpoints);
            endpoints.put(merged.name(), merged);
            publish(s, endpoints, s.channels, s.answeredAt, s.queues, s.calls, s.current);
        }
    }

    /**
     * Sets an endpoint's status and detail, creating the endpoint if unknown; stamps
     * {@link Endpoint#lastChange()} with the clock. Returns whether anything changed.
     */
    public boolean updateEndpointStatus(String name, EndpointStatus status, String detail) {
        Checks.wireText(name, "name");
        Checks.notNull(status, "status");
        return updateEndpoint(name, e -> e.withStatus(status, detail, clock.instant()));
    }

    /**
     * Applies {@code change} to an endpoint (created as {@link Endpoint#unknown} first if needed).
     * The function must not change the name; the calls it returns are ignored. Returns whether
     * the registration data changed (a changed time stamp alone is no change).
     */
    public boolean updateEndpoint(String name, UnaryOperator<Endpoint> change) {
        Checks.wireText(name, "name");
        Checks.notNull(change, "change");
        synchronized (writeLock) {
            Snapshot s = begin();
            Endpoint old = s.endpoints.get(name);
            Endpoint base = old != null ? old : Endpoint.unknown(name, clock.instant());
            Endpoint changed = Checks.notNull(change.apply(base), "change result");
            if (!changed.name().equals(name)) {
                throw new IllegalArgumentException("an endpoint update must not rename " + name + " to " + changed.name());
            }
            if (old != null && changed.sameRegistration(old)) {
                return false;
            }
            TreeMap<String, Endpoint> endpoints = new TreeMap<>(s.endpoints);
            endpoints.put(name, changed.withActiveCalls(base.activeCalls()));
            publish(s, endpoints, s.channels, s.answeredAt, s.queues, s.calls, s.current);
            return true;
        }
    }

    /**
     * Removes an endpoint. If channels still belong to it, it stays, with status
     * {@link EndpointStatus#UNKNOWN}, until they end. Returns whether it was known.
     */
    public boolean removeEndpoint(String name) {
        Checks.notNull(name, "name");
        synchronized (writeLock) {
            Snapshot s = begin();
            Endpoint old = s.endpoints.get(name);
            if (old == null) {
                return false;
            }
            TreeMap<String, Endpoint> endpoints = new TreeMap<>(s.endpoints);
            if (old.activeCalls().isEmpty()) {
                endpoints.remove(name);
            } else {
                endpoints.put(name, Endpoint.unknown(name, clock.instant()).withActiveCalls(old.activeCalls()));
            }
            publish(s, endpoints, s.channels, s.answeredAt, s.queues, s.calls, s.current);
            return true;
        }
    }

    // ---------------------------------------------------------------- channels

    /**
     * Adds a channel (or replaces the one with the same unique id). When its endpoint is
     * {@code null} it is derived from the name with the naming rules.
     */
    public void channelCreated(Channel channel) {
        Checks.notNull(channel, "channel");
        synchronized (writeLock) {
            applyChannel(begin(), withEndpoint(channel));
        }
    }

    /** Replaces a channel by unique id; adds it when unknown (an update may overtake a create after a resync). */
    public void channelUpdated(Channel channel) {
        channelCreated(channel);
    }

    /**
     * Applies {@code change} to the channel with this unique id; returns false (and does nothing)
     * when there is none. The function must not change the unique id.
     */
    public boolean updateChannel(String uniqueId, UnaryOperator<Channel> change) {
        Checks.notNull(uniqueId, "uniqueId");
        Checks.notNull(change, "change");
        synchronized (writeLock) {
            Snapshot s = begin();
            Channel old = s.channels.get(uniqueId);
            if (old == null) {
                return false;
            }
            Channel changed = Checks.notNull(change.apply(old), "change result");
            if (!changed.uniqueId().equals(uniqueId)) {
                throw new IllegalArgumentException("a channel update must not change the unique id " + uniqueId);
            }
            applyChannel(s, withEndpoint(changed));
            return true;
        }
    }

    /** Sets a channel's state; false when the channel is unknown. */
    public boolean channelStateChanged(String uniqueId, ChannelState state) {
        Checks.notNull(state, "state");
        return updateChannel(uniqueId, c -> c.withState(state));
    }

    /** Removes a channel (hangup) and returns it, if it was known. */
    public Optional<Channel> channelRemoved(String uniqueId) {
        Checks.notNull(uniqueId, "uniqueId");
        synchronized (writeLock) {
            Snapshot s = begin();
            Channel old = s.channels.get(uniqueId);
            if (old == null) {
                return Optional.empty();
            }
            Map<String, Channel> channels = writableChannels(s);
            channels.remove(uniqueId);
            Map<String, Instant> answered = s.answeredAt;
            if (answered.containsKey(uniqueId)) {
                answered = writableAnswered(s);
                answered.remove(uniqueId);
            }
            publishChannels(s, old, null, channels, answered);
            return Optional.of(old);
        }
    }

    /** Records that a channel entered a bridge; false when the channel is unknown. */
    public boolean bridgeJoined(String bridgeId, String uniqueId) {
        Checks.wireText(bridgeId, "bridgeId");
        return updateChannel(uniqueId, c -> c.withBridgeId(bridgeId));
    }

    /**
     * Records that a channel left a bridge; false when the channel is unknown or in another bridge
     * (a late leave must not undo a newer join).
     */
    public boolean bridgeLeft(String bridgeId, String uniqueId) {
        Checks.wireText(bridgeId, "bridgeId");
        Checks.notNull(uniqueId, "uniqueId");
        synchronized (writeLock) {
            Channel c = begin().channels.get(uniqueId);
            if (c == null || !bridgeId.equals(c.bridgeId())) {
                return false;
            }
            return updateChannel(uniqueId, ch -> ch.withBridgeId(null));
        }
    }

    // ---------------------------------------------------------------- queues

    /** Replaces all queues. */
    public void replaceQueues(Collection<QueueStatus> queues) {
        List<QueueStatus> list = Checks.copyOf(queues, "queues");
        synchronized (writeLock) {
            Snapshot s = begin();
            publish(s, s.endpoints, s.channels, s.answeredAt, sortedQueues(list), s.calls, s.current);
        }
    }

    /** Adds or replaces one queue. */
    public void putQueue(QueueStatus queue) {
        Checks.notNull(queue, "queue");
        synchronized (writeLock) {
            Snapshot s = begin();
            if (queue.equals(s.queues.get(queue.name()))) {
                return;
            }
            TreeMap<String, QueueStatus> queues = new TreeMap<>(s.queues);
            queues.put(queue.name(), queue);
            publish(s, s.endpoints, s.channels, s.answeredAt, Collections.unmodifiableMap(queues), s.calls, s.current);
        }
    }

    /**
     * Applies {@code change} to a queue (created with {@link QueueStatus#empty} first if unknown).
     * The function must not rename the queue.
     */
    public void updateQueue(String name, UnaryOperator<QueueStatus> change) {
        Checks.wireText(name, "name");
        Checks.notNull(change, "change");
        synchronized (writeLock) {
            QueueStatus old = begin().queues.get(name);
            QueueStatus changed = Checks.notNull(change.apply(old != null ? old : QueueStatus.empty(name)), "change result");
            if (!changed.name().equals(name)) {
                throw new IllegalArgumentException("a queue update must not rename " + name + " to " + changed.name());
            }
            putQueue(changed);
        }
    }

    /** Removes a queue; returns whether it was known. */
    public boolean removeQueue(String name) {
        Checks.notNull(name, "name");
        synchronized (writeLock) {
            Snapshot s = begin();
            if (!s.queues.containsKey(name)) {
                return false;
            }
            TreeMap<String, QueueStatus> queues = new TreeMap<>(s.queues);
            queues.remove(name);
            publish(s, s.endpoints, s.channels, s.answeredAt, Collections.unmodifiableMap(queues), s.calls, s.current);
            return true;
        }
    }

    // ---------------------------------------------------------------- currency and resync

    /** Marks the state as not current (connection lost); the data is kept. */
    public void markStale() {
        synchronized (writeLock) {
            Snapshot s = begin();
            if (s.current) {
                publish(s, s.endpoints, s.channels, s.answeredAt, s.queues, s.calls, false);
            }
        }
    }

    /** Marks the state as current again. */
    public void markCurrent() {
        synchronized (writeLock) {
            Snapshot s = begin();
            if (!s.current) {
                publish(s, s.endpoints, s.channels, s.answeredAt, s.queues, s.calls, true);
            }
        }
    }

    /**
     * Replaces everything with what the PBX reports after a (re)connect, marks the state current
     * and returns what changed while away. Endpoints' calls are derived from {@code channels}
     * (the given ones are ignored); answer times of channels that survived are kept, channels
     * first seen {@link ChannelState#UP} count as answered now.
     */
    public ResyncResult resync(Collection<Endpoint> endpoints, Collection<Channel> channels,
                               Collection<QueueStatus> queues) {
        List<Endpoint> newEndpoints = Checks.copyOf(endpoints, "endpoints");
        List<Channel> newChannels = Checks.copyOf(channels, "channels");
        List<QueueStatus> newQueues = Checks.copyOf(queues, "queues");
        synchronized (writeLock) {
            Snapshot s = begin();
            Instant now = clock.instant();

            List<Channel> sorted = new ArrayList<>(newChannels.size());
            for (Channel c : newChannels) {
                sorted.add(withEndpoint(c));
            }
            sorted.sort(BY_CREATED);
            Map<String, Channel> channelMap = new LinkedHashMap<>();
            Map<String, Instant> answered = new HashMap<>();
            List<String> newCalls = new ArrayList<>();
            for (Channel c : sorted) {
                channelMap.put(c.uniqueId(), c);
                Instant before = s.answeredAt.get(c.uniqueId());
                if (before != null) {
                    answered.put(c.uniqueId(), before);
                } else if (c.state() == ChannelState.UP) {
                    answered.put(c.uniqueId(), now);
                }
                if (!s.channels.containsKey(c.uniqueId())) {
                    newCalls.add(c.uniqueId());
                }
            }
            List<String> endedCalls = new ArrayList<>();
            for (Channel old : s.channels.values()) {
                if (!channelMap.containsKey(old.uniqueId())) {
                    endedCalls.add(old.uniqueId());
                }
            }

            TreeMap<String, Endpoint> endpointMap = new TreeMap<>();
            for (Endpoint e : newEndpoints) {
                endpointMap.put(e.name(), e.withActiveCalls(List.of()));
            }
            TreeSet<String> changed = new TreeSet<>();
            for (Endpoint e : endpointMap.values()) {
                Endpoint old = s.endpoints.get(e.name());
                if (old == null || !old.sameRegistration(e)) {
                    changed.add(e.name());
                }
            }
            for (Endpoint old : s.endpoints.values()) {
                if (!endpointMap.containsKey(old.name())) {
                    changed.add(old.name());
                }
            }

            Snapshot base = new Snapshot(Collections.unmodifiableMap(endpointMap), s.channels, s.answeredAt, s.queues,
                    List.of(), s.lastUpdate, s.current, s.version);
            Snapshot after = rebuildCalls(base, channelMap, answered, sortedQueues(newQueues), true);
            // Endpoints that only appear because a channel names them were unknown before: not a change.
            return new ResyncResult(endedCalls, newCalls, List.copyOf(changed), after.version);
        }
    }

    // ---------------------------------------------------------------- internals (under writeLock)

    private Channel withEndpoint(Channel c) {
        if (c.endpoint() != null) {
            return c;
        }
        String endpoint = naming.endpointOf(c.name());
        return endpoint == null ? c : new Channel(c.name(), c.uniqueId(), c.linkedId(), c.state(), c.callerIdNum(),
                c.callerIdName(), c.connectedLineNum(), c.connectedLineName(), endpoint, c.created(), c.bridgeId());
    }

    private void applyChannel(Snapshot s, Channel channel) {
        Channel old = s.channels.get(channel.uniqueId());
        boolean answerNow = channel.state() == ChannelState.UP && !s.answeredAt.containsKey(channel.uniqueId());
        if (channel.equals(old) && !answerNow) {
            return;
        }
        Map<String, Channel> channels = writableChannels(s);
        channels.put(channel.uniqueId(), channel);
        Map<String, Instant> answered = s.answeredAt;
        if (answerNow) {
            answered = writableAnswered(s);
            answered.put(channel.uniqueId(), clock.instant());
        }
        publishChannels(s, old, channel, channels, answered);
    }

    /**
     * Publishes changed channels, re-deriving the calls only when the change can affect one: a
     * channel that belongs to no endpoint and is in no bridge (dialplan plumbing such as a
     * {@code Local} channel on its own) is no call and nobody's other party.
     */
    private void publishChannels(Snapshot s, Channel before, Channel after, Map<String, Channel> channels,
                                 Map<String, Instant> answered) {
        boolean callsChange = affectsCalls(before) || affectsCalls(after);
        if (batching()) {
            // Calls are derived once when the batch ends; the batch's own maps stay writable.
            callsDirty |= callsChange;
            publish(s, s.endpoints, channels, answered, s.queues, s.calls, s.current);
        } else if (callsChange) {
            rebuildCalls(s, channels, answered, s.queues, s.current);
        } else {
            publish(s, s.endpoints, Collections.unmodifiableMap(channels), Collections.unmodifiableMap(answered),
                    s.queues, s.calls, s.current);
        }
    }

    private static boolean affectsCalls(Channel c) {
        return c != null && (c.endpoint() != null || c.bridgeId() != null);
    }

    /** Derives every call from the channels and publishes; endpoints are copied only if their calls changed. */
    private Snapshot rebuildCalls(Snapshot s, Map<String, Channel> channels, Map<String, Instant> answered,
                                  Map<String, QueueStatus> queues, boolean current) {
        Map<String, List<Channel>> byBridge = new HashMap<>();
        for (Channel c : channels.values()) {
            if (c.bridgeId() != null) {
                byBridge.computeIfAbsent(c.bridgeId(), k -> new ArrayList<>(2)).add(c);
            }
        }
        List<ActiveCall> calls = new ArrayList<>();
        Map<String, List<ActiveCall>> byEndpoint = new HashMap<>();
        for (Channel c : channels.values()) {
            if (c.endpoint() == null) {
                continue;
            }
            ActiveCall call = toCall(c, byBridge, answered.get(c.uniqueId()));
            calls.add(call);
            byEndpoint.computeIfAbsent(c.endpoint(), k -> new ArrayList<>()).add(call);
        }
        calls.sort(CALLS_BY_START);

        TreeMap<String, Endpoint> endpoints = null;
        Instant now = null;
        for (Map.Entry<String, List<ActiveCall>> e : byEndpoint.entrySet()) {
            List<ActiveCall> list = e.getValue();
            list.sort(CALLS_BY_START);
            Endpoint old = s.endpoints.get(e.getKey());
            if (old == null || !old.activeCalls().equals(list)) {
                if (endpoints == null) {
                    endpoints = new TreeMap<>(s.endpoints);
                }
                if (old == null) {
                    now = now != null ? now : clock.instant();
                    old = Endpoint.unknown(e.getKey(), now);
                }
                endpoints.put(e.getKey(), old.withActiveCalls(list));
            }
        }
        for (Endpoint old : s.endpoints.values()) {
            if (!old.activeCalls().isEmpty() && !byEndpoint.containsKey(old.name())) {
                if (endpoints == null) {
                    endpoints = new TreeMap<>(s.endpoints);
                }
                endpoints.put(old.name(), old.withActiveCalls(List.of()));
            }
        }
        Map<String, Endpoint> endpointMap = endpoints == null ? s.endpoints : Collections.unmodifiableMap(endpoints);
        return publish(s, endpointMap, Collections.unmodifiableMap(channels), Collections.unmodifiableMap(answered),
                queues, List.copyOf(calls), current);
    }

    private static ActiveCall toCall(Channel c, Map<String, List<Channel>> byBridge, Instant answeredAt) {
        String number = meaningful(c.connectedLineNum());
        String name = number == null ? null : meaningful(c.connectedLineName());
        if (number == null && c.bridgeId() != null) {
            for (Channel peer : byBridge.getOrDefault(c.bridgeId(), List.of())) {
                if (!peer.uniqueId().equals(c.uniqueId())) {
                    number = meaningful(peer.callerIdNum());
                    name = meaningful(peer.callerIdName());
                    if (number != null) {
                        break;
                    }
                }
            }
        }
        Instant answered = answeredAt != null && answeredAt.isBefore(c.created()) ? c.created() : answeredAt;
        return new ActiveCall(c.uniqueId(), c.linkedId(), c.name(), c.endpoint(), number, name, c.created(), answered,
                c.state(), !c.isOriginator());
    }

    /** Asterisk writes {@code <unknown>} for "no caller id"; that is no party. */
    private static String meaningful(String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("<unknown>")) {
            return null;
        }
        return value;
    }

    private static List<ActiveCall> callsFor(String endpoint, List<ActiveCall> calls) {
        List<ActiveCall> list = new ArrayList<>();
        for (ActiveCall c : calls) {
            if (c.endpoint().equals(endpoint)) {
                list.add(c);
            }
        }
        return list;
    }

    private static Map<String, QueueStatus> sortedQueues(List<QueueStatus> list) {
        TreeMap<String, QueueStatus> queues = new TreeMap<>();
        for (QueueStatus q : list) {
            queues.put(q.name(), q);
        }
        return Collections.unmodifiableMap(queues);
    }

    private Snapshot publish(Snapshot s, Map<String, Endpoint> endpoints, Map<String, Channel> channels,
                             Map<String, Instant> answeredAt, Map<String, QueueStatus> queues, List<ActiveCall> calls,
                             boolean current) {
        Snapshot next = new Snapshot(endpoints instanceof TreeMap ? Collections.unmodifiableMap(endpoints) : endpoints,
                channels, answeredAt, queues, calls, clock.instant(), current, s.version + 1);
        if (batching()) {
            working = next; // seen by the batch's later writes only; published when the batch ends
        } else {
            snapshot = next;
        }
        return next;
    }

    // ---------------------------------------------------------------- batches (under writeLock)

    /**
     * The state writes build on: the open batch's unpublished state, else the published one. A
     * write from another thread than the batch's owner publishes the batch first, so no write is
     * based on a state that misses another write, and none waits for the batch to end.
     */
    private Snapshot begin() {
        if (working != null && !batching()) {
            flushBatch();
        }
        return working != null ? working : snapshot;
    }

    private boolean batching() {
        return batchOwner == Thread.currentThread() && !flushing;
    }

    /** The channel map to change: the batch's own copy (made once per batch), or a fresh copy. */
    private Map<String, Channel> writableChannels(Snapshot s) {
        if (batching() && s.channels == ownChannels) {
            return ownChannels;
        }
        Map<String, Channel> copy = new LinkedHashMap<>(s.channels);
        ownChannels = batching() ? copy : null;
        return copy;
    }

    /** Like {@link #writableChannels} for the answer times. */
    private Map<String, Instant> writableAnswered(Snapshot s) {
        if (batching() && s.answeredAt == ownAnswered) {
            return ownAnswered;
        }
        Map<String, Instant> copy = new HashMap<>(s.answeredAt);
        ownAnswered = batching() ? copy : null;
        return copy;
    }

    /** Publishes what the open batch wrote (calls derived once) and forgets the batch's own maps. */
    private void flushBatch() {
        Snapshot w = working;
        boolean rebuild = callsDirty;
        working = null;
        ownChannels = null;
        ownAnswered = null;
        callsDirty = false;
        if (w == null) {
            return;
        }
        flushing = true;
        try {
            Map<String, Channel> channels = Collections.unmodifiableMap(w.channels);
            Map<String, Instant> answered = Collections.unmodifiableMap(w.answeredAt);
            if (rebuild) {
                rebuildCalls(w, channels, answered, w.queues, w.current);
            } else {
                snapshot = new Snapshot(w.endpoints, channels, answered, w.queues, w.calls, w.lastUpdate, w.current,
                        w.version);
            }
        } finally {
            flushing = false;
        }
    }

    /**
     * Starts a batch of writes on the calling thread: until {@link #endBatch()}, this thread's
     * writes are collected and published as one snapshot, the calls derived once, instead of one
     * snapshot (and one derivation of every call) per write. Readers see the state from before
     * the batch until it ends; a write from another thread meanwhile publishes the batch first
     * and then applies its own. The AMI adapter's reader thread opens one per socket read and
     * ends it before that read's events reach subscribers, so they still find a state at least
     * as new as the event. Opening a batch the calling thread already has open does nothing.
     *
     * @return {@code true} when the calling thread has the batch open; {@code false} when another
     *         live thread has one open (then this thread's writes are published one by one)
     */
    public boolean beginBatch() {
        synchronized (writeLock) {
            Thread me = Thread.currentThread();
            if (batchOwner != null && batchOwner != me && batchOwner.isAlive()) {
                return false;
            }
            if (batchOwner != me) {
                flushBatch(); // a batch left open by a thread that died
            }
            batchOwner = me;
            return true;
        }
    }

    /** Publishes and ends the calling thread's batch; does nothing when it has none open. */
    public void endBatch() {
        synchronized (writeLock) {
            if (batchOwner == Thread.currentThread()) {
                flushBatch();
                batchOwner = null;
            }
        }
    }

    @Override
    public String toString() {
        Snapshot s = snapshot;
        return "LiveStateStore[version=" + s.version + ", current=" + s.current + ", endpoints=" + s.endpoints.size()
                + ", channels=" + s.channels.size() + ", calls=" + s.calls.size() + ", queues=" + s.queues.size() + "]";
    }
}
