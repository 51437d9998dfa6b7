package io.voipkit.routing;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.EventDispatcher;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.QueueCallerAbandoned;
import io.voipkit.core.event.QueueCallerJoined;
import io.voipkit.core.event.QueueCallerLeft;
import io.voipkit.core.event.RawFields;
import io.voipkit.core.internal.Checks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Callers waiting for a {@link NumberGroup} when none of its members is available: a FIFO per
 * group with positions, the group's {@link NumberGroup#maxQueueSize()}, a maximum wait and an
 * overflow action, and abandoned-call handling. Queue events ({@link QueueCallerJoined},
 * {@link QueueCallerLeft}, {@link QueueCallerAbandoned}; {@code queue} = group name,
 * {@code channel} and {@code uniqueId} = the call id) go to an optional voip-core
 * {@link EventDispatcher}.
 *
 * <pre>{@code
 * CallQueues queues = CallQueues.builder(engine)
 *         .maxWait(Duration.ofMinutes(2))
 *         .overflow("support", new RouteAction.ToGroup("backup"))
 *         .events(dispatcher)
 *         .build();
 * RouteDecision d = engine.decide(request);
 * if (d.group().isPresent() && !d.isRouted()) {
 *     CallQueues.JoinResult j = queues.join(d.group().get().name(), callId, request.caller());
 *     ...                                  // j.position(), or j.overflow() when the queue is full
 * }
 * // on a timer, or when a member becomes free:
 * queues.dispatch("support").ifPresent(a -> dial(a.callId(), a.members()));
 * queues.expire().forEach(o -> route(o.callId(), o.action()));
 * queues.abandon(callId);                  // the caller hung up
 * }</pre>
 *
 * <p>Thread-safe: each group's queue is guarded by its own lock, held only to change the queue;
 * events are published after the lock is released, so a slow subscriber never blocks a queue.
 * The engine is not told about the queue: it decides, the application composes.
 */
public final class CallQueues {

    /** A caller waiting in a group's queue. */
    public record Waiting(String group, String callId, String caller, Instant joinedAt, int position) {
    }

    /**
     * The result of {@link #join}: either the caller waits at {@code position} (1 = next), or the
     * queue was full and {@code overflow} says what to do instead.
     */
    public record JoinResult(boolean joined, int position, Optional<RouteAction> overflow) {
    }

    /** A waiting caller who can be served now: dial {@code members} in order. */
    public record Assignment(String group, String callId, String caller, Duration waited, List<GroupMember> members,
                             Strategy strategy, Duration ringTime) {
    }

    /** A caller who waited too long: route it with {@code action} (empty = no decision). */
    public record Overflow(String group, String callId, String caller, Duration waited, Optional<RouteAction> action) {
    }

    private record Entry(String callId, String caller, Instant joinedAt, int originalPosition) {
    }

    private final RoutingEngine engine;
    private final Clock clock;
    private final Duration maxWait;
    private final Map<String, RouteAction> overflow;
    private final EventDispatcher events;
    private final ConcurrentHashMap<String, List<Entry>> queues = new ConcurrentHashMap<>();
    /** callId → group, so abandon() finds the caller without scanning every queue. */
    private final ConcurrentHashMap<String, String> groupOf = new ConcurrentHashMap<>();

    private CallQueues(Builder b) {
        this.engine = b.engine;
        this.clock = b.clock != null ? b.clock : engine.clock();
        this.maxWait = b.maxWait;
        this.overflow = Map.copyOf(b.overflow);
        this.events = b.events;
    }

    /** Starts queues for {@code engine}: max wait 2 min, no overflow actions, no events, the engine's clock. */
    public static Builder builder(RoutingEngine engine) {
        return new Builder(engine);
    }

    private NumberGroup group(String name) {
        Checks.identifier(name, "group");
        return engine.ruleSet().group(name).orElseThrow(() -> new InvalidRequestException("group",
                "no group " + name + " in the engine's rule set (version " + engine.version() + ")"));
    }

    /**
     * Puts a caller at the end of a group's queue. When the queue already holds
     * {@link NumberGroup#maxQueueSize()} callers the caller does not join and the group's
     * overflow action (if any) is returned.
     *
     * @throws InvalidRequestException for an unknown group, or a call id that already waits
     */
    public JoinResult join(String groupName, String callId, String caller) {
        NumberGroup g = group(groupName);
        Checks.wireText(callId, "callId");
        Checks.notNull(caller, "caller");
        Checks.noLineBreaks(caller, "caller");
        List<Entry> q = queues.computeIfAbsent(g.name(), n -> new ArrayList<>());
        int position;
        Instant now = clock.instant();
        synchronized (q) {
            // registered under the queue's lock, so an abandon() that sees the call id also finds the entry
            if (groupOf.putIfAbsent(callId, g.name()) != null) {
                throw new InvalidRequestException("callId", "call " + Checks.abbreviate(callId) + " is already waiting");
            }
            if (q.size() >= g.maxQueueSize()) {
                groupOf.remove(callId);
                return new JoinResult(false, 0, Optional.ofNullable(overflow.get(g.name())));
            }
            q.add(new Entry(callId, caller, now, q.size() + 1));
            position = q.size();
        }
        publish(new QueueCallerJoined(pbxId(), now, RawFields.empty(), g.name(), callId, callId,
                caller.isEmpty() ? null : caller, position, position));
        return new JoinResult(true, position, Optional.empty());
    }

    /**
     * Serves the caller at the head of a group's queue if a member is available now: removes it
     * and returns the members to dial in the strategy's order (the strategy state moves as for a
     * decision). Empty when nobody waits or nobody is available.
     */
    public Optional<Assignment> dispatch(String groupName) {
        NumberGroup g = group(groupName);
        List<Entry> q = queues.get(g.name());
        if (q == null) {
            return Optional.empty();
        }
        Entry head;
        int remaining;
        List<GroupMember> members;
        synchronized (q) {
            if (q.isEmpty()) {
                return Optional.empty();
            }
            members = engine.orderMembers(g);
            if (members.isEmpty()) {
                return Optional.empty();
            }
            head = q.remove(0);
            remaining = q.size();
            groupOf.remove(head.callId);
        }
        Instant now = clock.instant();
        publish(new QueueCallerLeft(pbxId(), now, RawFields.empty(), g.name(), head.callId, head.callId, 1, remaining));
        return Optional.of(new Assignment(g.name(), head.callId, head.caller, Duration.between(head.joinedAt, now),
                members, g.strategy(), g.ringTime()));
    }

    /** Removes every caller who has waited at least the maximum wait and returns them with their overflow action. */
    public List<Overflow> expire() {
        Instant now = clock.instant();
        List<Overflow> out = new ArrayList<>();
        List<PbxEvent> left = new ArrayList<>();
        for (var e : queues.entrySet()) {
            String group = e.getKey();
            List<Entry> q = e.getValue();
            synchronized (q) {
                int position = 1;
                for (Iterator<Entry> it = q.iterator(); it.hasNext(); position++) {
                    Entry entry = it.next();
                    Duration waited = Duration.between(entry.joinedAt, now);
                    if (waited.compareTo(maxWait) >= 0) {
                        it.remove();
                        groupOf.remove(entry.callId);
                        out.add(new Overflow(group, entry.callId, entry.caller, waited,
                                Optional.ofNullable(overflow.get(group))));
                        left.add(new QueueCallerLeft(pbxId(), now, RawFields.empty(), group, entry.callId,
                                entry.callId, position, q.size()));
                    }
                }
            }
        }
        left.forEach(this::publish);
        return out;
    }

    /**
     * The caller hung up while waiting: removes it and reports a {@link QueueCallerAbandoned}.
     * Returns false when the call was not waiting (already served, expired or unknown).
     */
    public boolean abandon(String callId) {
        Checks.wireText(callId, "callId");
        String group = groupOf.get(callId);
        if (group == null) {
            return false;
        }
        List<Entry> q = queues.get(group);
        Entry found = null;
        int position = 0;
        synchronized (q) {
            for (int i = 0; i < q.size(); i++) {
                if (q.get(i).callId.equals(callId)) {
                    found = q.remove(i);
                    position = i + 1;
                    groupOf.remove(callId);
                    break;
                }
            }
        }
        if (found == null) {
            return false;
        }
        Instant now = clock.instant();
        publish(new QueueCallerAbandoned(pbxId(), now, RawFields.empty(), group, callId, callId, position,
                found.originalPosition, Duration.between(found.joinedAt, now)));
        return true;
    }

    /** The callers waiting for a group, by position (a snapshot). */
    public List<Waiting> waiting(String groupName) {
        Checks.identifier(groupName, "group");
        List<Entry> q = queues.get(groupName);
        if (q == null) {
            return List.of();
        }
        List<Waiting> out = new ArrayList<>();
        synchronized (q) {
            for (int i = 0; i < q.size(); i++) {
                Entry e = q.get(i);
                out.add(new Waiting(groupName, e.callId, e.caller, e.joinedAt, i + 1));
            }
        }
        return out;
    }

    /** The position (1 = next) of a waiting call. */
    public Optional<Integer> position(String callId) {
        Checks.wireText(callId, "callId");
        String group = groupOf.get(callId);
        return group == null ? Optional.empty() : waiting(group).stream()
                .filter(w -> w.callId.equals(callId)).map(Waiting::position).findFirst();
    }

    private String pbxId() {
        return events == null ? "routing" : events.pbxId();
    }

    private void publish(PbxEvent event) {
        if (events != null) {
            events.publish(event);
        }
    }

    /** Builds {@link CallQueues}; not thread-safe. */
    public static final class Builder {
        private final RoutingEngine engine;
        private Clock clock;
        private Duration maxWait = Duration.ofMinutes(2);
        private final Map<String, RouteAction> overflow = new LinkedHashMap<>();
        private EventDispatcher events;

        private Builder(RoutingEngine engine) {
            this.engine = Checks.notNull(engine, "engine");
        }

        /** How long a caller may wait before overflowing (default 2 min, 1 s to 1 h). */
        public Builder maxWait(Duration value) {
            Checks.positive(value, "maxWait");
            Checks.atMost(value, Duration.ofHours(1), "maxWait");
            if (value.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new InvalidRequestException("maxWait", "must be at least 1s, was " + value);
            }
            this.maxWait = value;
            return this;
        }

        /** What happens to callers of {@code group} when its queue is full or they waited too long. */
        public Builder overflow(String group, RouteAction action) {
            overflow.put(Checks.identifier(group, "group"), Checks.notNull(action, "action"));
            return this;
        }

        /** Where queue events go (the PBX's dispatcher, so they carry its id), or none. */
        public Builder events(EventDispatcher value) {
            this.events = Checks.notNull(value, "events");
            return this;
        }

        /** The clock for waits (default: the engine's). */
        public Builder clock(Clock value) {
            this.clock = Checks.notNull(value, "clock");
            return this;
        }

        /** Builds. */
        public CallQueues build() {
            return new CallQueues(this);
        }
    }
}
