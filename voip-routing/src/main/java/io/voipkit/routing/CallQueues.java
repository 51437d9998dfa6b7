package io.voipkit.routing;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.LiveState;
import io.voipkit.core.Pbx;
import io.voipkit.core.event.AgentCompleted;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.ChannelCreated;
import io.voipkit.core.event.EndpointStatusChanged;
import io.voipkit.core.event.EventBus;
import io.voipkit.core.event.EventDispatcher;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.QueueCallerAbandoned;
import io.voipkit.core.event.QueueCallerJoined;
import io.voipkit.core.event.QueueCallerLeft;
import io.voipkit.core.event.QueueMemberStatusChanged;
import io.voipkit.core.event.RawFields;
import io.voipkit.core.event.StateResynced;
import io.voipkit.core.event.Subscription;
import io.voipkit.core.event.SubscriptionOptions;
import io.voipkit.core.internal.Checks;
import io.voipkit.routing.internal.Reservations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Callers waiting for a {@link NumberGroup} when none of its members is available: a FIFO per
 * group with positions, the group's {@link NumberGroup#maxQueueSize()}, a maximum wait and an
 * overflow action, and abandoned-call handling. Queue events ({@link QueueCallerJoined},
 * {@link QueueCallerLeft}, {@link QueueCallerAbandoned}; {@code queue} = group name,
 * {@code channel} and {@code uniqueId} = the call id) go to an optional voip-core
 * {@link EventDispatcher}.
 *
 * <p><b>Wired to a PBX</b> ({@link Builder#watch(Pbx)}), the queues run themselves: when a member
 * may have become free (an endpoint comes online, a queue member is unpaused or completes a call,
 * a call ends, the state is re-synchronised) the longest-waiting caller of the groups that can use
 * it is offered to it, in the group's strategy order and only if the engine's {@link Availability}
 * says the member is free; callers who waited {@link Builder#maxWait maxWait} overflow; a caller
 * whose channel ends ({@link CallEnded} with the call id as unique id or channel name) is
 * abandoned. This runs on the queues' own scheduler thread, which also re-checks every
 * {@link Builder#checkInterval checkInterval} (1 s) in case an event was missed; the application
 * learns the outcome from {@link Builder#onDispatch} / {@link Builder#onOverflow} or from the
 * caller's {@link #outcome(String) future}. The engine must read the same PBX's state
 * ({@code RoutingEngine.builder().liveState(pbx.state())}).
 *
 * <pre>{@code
 * RoutingEngine engine = RoutingEngine.builder().rules(rules).liveState(pbx.state()).build();
 * try (CallQueues queues = CallQueues.builder(engine)
 *         .maxWait(Duration.ofMinutes(2))
 *         .overflow("support", new RouteAction.ToVoicemail("100@default"))
 *         .watch(pbx)                                  // dispatch, expire and abandon by themselves
 *         .onDispatch(a -> redirect(a.callId(), a.members().get(0).target()))
 *         .onOverflow(o -> route(o.callId(), o.action()))
 *         .events(dispatcher)
 *         .build()) {
 *     RouteDecision d = engine.decide(request);
 *     if (d.group().isPresent() && !d.isRouted()) {
 *         queues.join(d.group().get().name(), uniqueId, request.caller());   // or j.overflow() when full
 *     }
 * }
 * }</pre>
 *
 * <p>Without {@code watch}, {@code onDispatch}, {@code onOverflow} or {@code checkInterval} the
 * queues are driven by hand: {@link #dispatch}, {@link #dispatchAll}, {@link #expire} and
 * {@link #abandon} (for example from the application's own timer and listeners).
 *
 * <p><b>Offers hold the member</b> (automatic mode). A member offered to a waiting caller is held
 * for the group's ring time (all members for {@link Strategy#RING_ALL}, the first otherwise): the
 * engine does not offer it to another queued caller or to a new
 * {@link RoutingEngine#decide decision} until the hold ends, the PBX reports a new channel of the
 * member (the call reached it: the live state says busy from then on), or {@link #release(String)};
 * the gap between the offer and the PBX reporting the member busy would
 * otherwise hand one free phone to several callers. Queues driven by hand hold nothing: their
 * application decides when a member counts as free.
 *
 * <p><b>Threading.</b> Thread-safe: each group's queue is guarded by its own lock, held only to
 * change the queue; choosing and holding a member is one step under a lock shared by all groups
 * (so two groups sharing a member never both get it). Events are published and futures completed
 * after the locks are released. Callbacks run on the scheduler thread, one at a time; they must
 * not block for long and should not throw (a throwing callback is logged).
 */
public final class CallQueues implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallQueues.class);

    /** A caller waiting in a group's queue. */
    public record Waiting(String group, String callId, String caller, Instant joinedAt, int position) {
    }

    /**
     * The result of {@link #join}: either the caller waits at {@code position} (1 = next), or the
     * queue was full and {@code overflow} says what to do instead.
     */
    public record JoinResult(boolean joined, int position, Optional<RouteAction> overflow) {
    }

    /** How a caller's wait ended: served ({@link Assignment}), too long ({@link Overflow}) or hung up ({@link Abandoned}). */
    public sealed interface Outcome permits Assignment, Overflow, Abandoned {
        /** The group the caller waited for. */
        String group();

        /** The caller's call id. */
        String callId();

        /** How long the caller waited. */
        Duration waited();
    }

    /** A waiting caller who can be served now: dial {@code members} in order. */
    public record Assignment(String group, String callId, String caller, Duration waited, List<GroupMember> members,
                             Strategy strategy, Duration ringTime) implements Outcome {
    }

    /** A caller who waited too long: route it with {@code action} (empty = no decision). */
    public record Overflow(String group, String callId, String caller, Duration waited, Optional<RouteAction> action)
            implements Outcome {
    }

    /** A caller who hung up while waiting ({@link #abandon}), at {@code position}. */
    public record Abandoned(String group, String callId, String caller, Duration waited, int position)
            implements Outcome {
    }

    private static final class Entry {
        final String callId;
        final String caller;
        final Instant joinedAt;
        final int originalPosition;
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

        Entry(String callId, String caller, Instant joinedAt, int originalPosition) {
            this.callId = callId;
            this.caller = caller;
            this.joinedAt = joinedAt;
            this.originalPosition = originalPosition;
        }
    }

    private final RoutingEngine engine;
    private final Clock clock;
    private final Duration maxWait;
    private final Map<String, RouteAction> overflow;
    private final EventDispatcher events;
    private final ConcurrentHashMap<String, List<Entry>> queues = new ConcurrentHashMap<>();
    /** callId → group, so abandon() finds the caller without scanning every queue. */
    private final ConcurrentHashMap<String, String> groupOf = new ConcurrentHashMap<>();
    /** callId → entry, for outcome(): the future outlives the entry's place in the queue until it completes. */
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    /** Choosing and holding members is one step across all groups (groups may share members). */
    private final Object dispatchLock = new Object();

    // automatic mode
    private final boolean automatic;
    private final LiveState watchedState;
    private final Consumer<Assignment> onDispatch;
    private final Consumer<Overflow> onOverflow;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final AtomicBoolean pumpPending = new AtomicBoolean();
    private final Subscription subscription;
    private volatile boolean closed;

    private CallQueues(Builder b) {
        this.engine = b.engine;
        this.clock = b.clock != null ? b.clock : engine.clock();
        this.maxWait = b.maxWait;
        this.overflow = Map.copyOf(b.overflow);
        this.events = b.events;
        this.automatic = b.bus != null || b.onDispatch != null || b.onOverflow != null || b.checkInterval != null
                || b.scheduler != null;
        this.watchedState = b.state;
        this.onDispatch = b.onDispatch;
        this.onOverflow = b.onOverflow;
        if (automatic) {
            this.ownScheduler = b.scheduler == null;
            this.scheduler = ownScheduler ? Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "voipkit-callqueues");
                t.setDaemon(true);
                return t;
            }) : b.scheduler;
            long every = (b.checkInterval != null ? b.checkInterval : Duration.ofSeconds(1)).toMillis();
            scheduler.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
            if (watchedState != null) {
                scheduler.execute(() -> engine.seed(watchedState.queues()));
            }
            this.subscription = b.bus == null ? null : b.bus.subscribe(PbxEvent.class, CallQueues::relevant,
                    this::onEvent, SubscriptionOptions.builder().name("voipkit-callqueues").build());
        } else {
            this.ownScheduler = false;
            this.scheduler = null;
            this.subscription = null;
        }
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
     * overflow action (if any) is returned. In automatic mode a dispatch is attempted at once
     * (a member may be free while others wait: first come, first served).
     *
     * @param callId the call's id; to be abandoned automatically, the channel's unique id (or name)
     * @throws InvalidRequestException for an unknown group, or a call id that already waits
     */
    public JoinResult join(String groupName, String callId, String caller) {
        return joinWatched(groupName, callId, caller).result();
    }

    /** A join's result and, when the caller joined, the future of its outcome (taken before any dispatch can run). */
    record Joined(JoinResult result, CompletableFuture<Outcome> outcome) {
    }

    Joined joinWatched(String groupName, String callId, String caller) {
        NumberGroup g = group(groupName);
        Checks.wireText(callId, "callId");
        Checks.notNull(caller, "caller");
        Checks.noLineBreaks(caller, "caller");
        List<Entry> q = queues.computeIfAbsent(g.name(), n -> new ArrayList<>());
        int position;
        Entry entry;
        Instant now = clock.instant();
        synchronized (q) {
            // registered under the queue's lock, so an abandon() that sees the call id also finds the entry
            if (groupOf.putIfAbsent(callId, g.name()) != null) {
                throw new InvalidRequestException("callId", "call " + Checks.abbreviate(callId) + " is already waiting");
            }
            if (q.size() >= g.maxQueueSize()) {
                groupOf.remove(callId);
                return new Joined(new JoinResult(false, 0, Optional.ofNullable(overflow.get(g.name()))), null);
            }
            entry = new Entry(callId, caller, now, q.size() + 1);
            q.add(entry);
            entries.put(callId, entry);
            waitingCount.incrementAndGet();
            position = q.size();
        }
        publish(new QueueCallerJoined(pbxId(), now, RawFields.empty(), g.name(), callId, callId,
                caller.isEmpty() ? null : caller, position, position));
        requestDispatch();
        return new Joined(new JoinResult(true, position, Optional.empty()), entry.outcome);
    }

    /**
     * How the wait of {@code callId} ends: a future completed with its {@link Assignment},
     * {@link Overflow} or {@link Abandoned}; empty when the call is not waiting. Dependent actions
     * attached to it run on the thread that completes it (the scheduler, or the caller of
     * {@link #dispatch} / {@link #expire} / {@link #abandon}): keep them short, or use the
     * {@code *Async} variants.
     */
    public Optional<CompletableFuture<Outcome>> outcome(String callId) {
        Checks.wireText(callId, "callId");
        Entry e = entries.get(callId);
        return e == null ? Optional.empty() : Optional.of(e.outcome);
    }

    /**
     * Serves the caller at the head of a group's queue if a member is available now: removes it
     * and returns the members to dial in the strategy's order (the strategy state moves as for a
     * decision; in automatic mode the member is held: see the class comment). Empty when nobody
     * waits or nobody is available.
     */
    public Optional<Assignment> dispatch(String groupName) {
        NumberGroup g = group(groupName);
        return dispatch(g);
    }

    private Optional<Assignment> dispatch(NumberGroup g) {
        List<Entry> q = queues.get(g.name());
        if (q == null) {
            return Optional.empty();
        }
        Entry head;
        int remaining;
        List<GroupMember> members;
        Instant now;
        synchronized (dispatchLock) {
            synchronized (q) {
                if (q.isEmpty()) {
                    return Optional.empty();
                }
                members = engine.orderMembers(g);
                if (members.isEmpty()) {
                    return Optional.empty();
                }
                now = clock.instant();
                if (automatic) {
                    hold(g, members, now);
                }
                head = q.remove(0);
                remaining = q.size();
                groupOf.remove(head.callId);
                entries.remove(head.callId);
                waitingCount.decrementAndGet();
            }
        }
        publish(new QueueCallerLeft(pbxId(), now, RawFields.empty(), g.name(), head.callId, head.callId, 1, remaining));
        Assignment a = new Assignment(g.name(), head.callId, head.caller, Duration.between(head.joinedAt, now),
                members, g.strategy(), g.ringTime());
        head.outcome.complete(a);
        return Optional.of(a);
    }

    private void hold(NumberGroup g, List<GroupMember> members, Instant now) {
        Reservations r = engine.reservations();
        long until = now.plus(g.ringTime()).toEpochMilli();
        if (g.strategy() == Strategy.RING_ALL) {
            for (GroupMember m : members) {
                r.hold(m.target(), until);
            }
        } else {
            r.hold(members.get(0).target(), until);
        }
    }

    /**
     * Ends the hold on a member offered to a queued caller (the offer was declined or failed), so
     * that it can be offered again at once. Returns whether it was held.
     */
    public boolean release(String target) {
        Checks.wireText(target, "target");
        boolean released = engine.reservations().release(target);
        if (released) {
            requestDispatch();
        }
        return released;
    }

    /**
     * Serves as many waiting callers as there are available members: repeatedly offers a free
     * member to the longest-waiting caller of the groups that can use one (groups tried in order of
     * their head caller's wait, longest first). Returns the assignments made, in order.
     */
    public List<Assignment> dispatchAll() {
        List<Assignment> out = new ArrayList<>();
        if (waitingCount.get() == 0) {
            return out;
        }
        boolean served = true;
        while (served) {
            served = false;
            record Head(String group, Instant joinedAt) {
            }
            List<Head> heads = new ArrayList<>();
            for (var e : queues.entrySet()) {
                List<Entry> q = e.getValue();
                synchronized (q) {
                    if (!q.isEmpty()) {
                        heads.add(new Head(e.getKey(), q.get(0).joinedAt));
                    }
                }
            }
            heads.sort(Comparator.comparing(Head::joinedAt));
            RuleSet rules = engine.ruleSet();
            for (Head h : heads) {
                NumberGroup g = rules.group(h.group).orElse(null);
                if (g == null) {
                    continue; // the group left the rule set: its callers wait for expire()
                }
                Optional<Assignment> a = dispatch(g);
                if (a.isPresent()) {
                    out.add(a.get());
                    served = true;
                    break; // the heads changed: look again, longest wait first
                }
            }
        }
        return out;
    }

    /** Removes every caller who has waited at least the maximum wait and returns them with their overflow action. */
    public List<Overflow> expire() {
        Instant now = clock.instant();
        List<Overflow> out = new ArrayList<>();
        List<Entry> done = new ArrayList<>();
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
                        entries.remove(entry.callId);
                        waitingCount.decrementAndGet();
                        out.add(new Overflow(group, entry.callId, entry.caller, waited,
                                Optional.ofNullable(overflow.get(group))));
                        done.add(entry);
                        left.add(new QueueCallerLeft(pbxId(), now, RawFields.empty(), group, entry.callId,
                                entry.callId, position, q.size()));
                        position--; // the next caller moved up into this position
                    }
                }
            }
        }
        left.forEach(this::publish);
        for (int i = 0; i < out.size(); i++) {
            done.get(i).outcome.complete(out.get(i));
        }
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
                    entries.remove(callId);
                    waitingCount.decrementAndGet();
                    break;
                }
            }
        }
        if (found == null) {
            return false;
        }
        Instant now = clock.instant();
        Duration waited = Duration.between(found.joinedAt, now);
        publish(new QueueCallerAbandoned(pbxId(), now, RawFields.empty(), group, callId, callId, position,
                found.originalPosition, waited));
        found.outcome.complete(new Abandoned(group, callId, found.caller, waited, position));
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

    /** How many callers wait for a group now. */
    public int waitingCount(String groupName) {
        Checks.identifier(groupName, "group");
        List<Entry> q = queues.get(groupName);
        if (q == null) {
            return 0;
        }
        synchronized (q) {
            return q.size();
        }
    }

    /** The position (1 = next) of a waiting call. */
    public Optional<Integer> position(String callId) {
        Checks.wireText(callId, "callId");
        String group = groupOf.get(callId);
        return group == null ? Optional.empty() : waiting(group).stream()
                .filter(w -> w.callId.equals(callId)).map(Waiting::position).findFirst();
    }

    /** The engine these queues serve. */
    public RoutingEngine engine() {
        return engine;
    }

    /**
     * Whether the queues run themselves (a scheduler dispatches and expires): built with
     * {@code watch}, {@code onDispatch}, {@code onOverflow}, {@code checkInterval} or
     * {@code scheduler}, and not closed.
     */
    public boolean isAutomatic() {
        return automatic && !closed;
    }

    /** The maximum wait before a caller overflows. */
    public Duration maxWait() {
        return maxWait;
    }

    /** The overflow action of a group, if one is configured. */
    public Optional<RouteAction> overflowAction(String groupName) {
        Checks.identifier(groupName, "group");
        return Optional.ofNullable(overflow.get(groupName));
    }

    /**
     * Stops the automatic mode: ends the event subscription and the scheduler (unless it was
     * supplied by the application). Callers still waiting stay in the queues, which keep working
     * by hand. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (subscription != null) {
            subscription.close();
        }
        if (ownScheduler) {
            scheduler.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ automatic mode

    private static boolean relevant(PbxEvent e) {
        return e instanceof CallEnded || e instanceof ChannelCreated || e instanceof EndpointStatusChanged
                || e instanceof QueueMemberStatusChanged || e instanceof AgentCompleted || e instanceof StateResynced;
    }

    /** On the subscription's delivery thread: cheap bookkeeping only, the dispatch runs on the scheduler. */
    private void onEvent(PbxEvent e) {
        if (closed) {
            return;
        }
        if (e instanceof ChannelCreated created) {
            // The offered call reached the member: the live state (updated before the event) now
            // says busy, so the hold has done its job. Released here and not on the call's end, where
            // a late Hangup of the member's previous call would free a member that is being dialled.
            Reservations r = engine.reservations();
            for (String target : r.heldFor(created.channel())) {
                r.release(target);
            }
            return; // a new channel frees nobody
        }
        if (e instanceof CallEnded ended) {
            if (waitingCount.get() > 0 && !abandonIfWaiting(ended.uniqueId())) {
                abandonIfWaiting(ended.channel());
            }
            memberCallEnded(ended.channel());
        } else if (e instanceof StateResynced resynced) {
            for (String uniqueId : resynced.endedCalls()) {
                abandonIfWaiting(uniqueId);
            }
            if (watchedState != null) {
                runOnScheduler(() -> engine.seed(watchedState.queues()));
            }
        }
        requestDispatch();
    }

    /** Abandons {@code id} if it is a waiting call id (only valid ids are registered, so PBX text needs no check). */
    private boolean abandonIfWaiting(String id) {
        return id != null && groupOf.containsKey(id) && abandon(id);
    }

    /** A member's channel ended: its idle time starts now (least recent). */
    private void memberCallEnded(String channel) {
        for (NumberGroup g : engine.ruleSet().groups().values()) {
            if (g.strategy() != Strategy.LEAST_RECENT) {
                continue;
            }
            for (GroupMember m : g.members()) {
                String t = m.target();
                if (channel.startsWith(t) && (channel.length() == t.length() || channel.charAt(t.length()) == '-'
                        || channel.charAt(t.length()) == ';')) {
                    engine.callEnded(g.name(), t);
                }
            }
        }
    }

    /** Asks the scheduler for one dispatch round; coalesced, so a burst of events costs one round. */
    private void requestDispatch() {
        if (!automatic || closed || waitingCount.get() == 0) {
            return;
        }
        if (pumpPending.compareAndSet(false, true)) {
            runOnScheduler(() -> {
                pumpPending.set(false);
                deliverDispatches();
            });
        }
    }

    private void runOnScheduler(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException ex) {
            pumpPending.set(false); // closed or shut down: nothing more to run
        }
    }

    private void deliverDispatches() {
        for (Assignment a : dispatchAll()) {
            if (onDispatch != null) {
                try {
                    onDispatch.accept(a);
                } catch (RuntimeException ex) {
                    log.warn("CallQueues onDispatch failed for call {} of group {}", Checks.abbreviate(a.callId()),
                            a.group(), ex);
                }
            }
        }
    }

    /** The scheduler's periodic round: overflow callers who waited too long, then dispatch (a safety net for missed events). */
    private void tick() {
        if (closed) {
            return;
        }
        try {
            for (Overflow o : expire()) {
                if (onOverflow != null) {
                    try {
                        onOverflow.accept(o);
                    } catch (RuntimeException ex) {
                        log.warn("CallQueues onOverflow failed for call {} of group {}", Checks.abbreviate(o.callId()),
                                o.group(), ex);
                    }
                }
            }
            deliverDispatches();
        } catch (RuntimeException ex) {
            // never let one bad round cancel the periodic task (a ScheduledExecutorService would stop it)
            log.warn("CallQueues check failed", ex);
        }
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
        private LiveState state;
        private EventBus bus;
        private Consumer<Assignment> onDispatch;
        private Consumer<Overflow> onOverflow;
        private Duration checkInterval;
        private ScheduledExecutorService scheduler;

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

        /** Shortcut for {@code watch(pbx.state(), pbx.events())}. */
        public Builder watch(Pbx pbx) {
            Checks.notNull(pbx, "pbx");
            return watch(pbx.state(), pbx.events());
        }

        /**
         * Runs the queues from a PBX's events (automatic mode): a member that may have become
         * free triggers a dispatch, a waiting caller's {@link CallEnded} abandons it, a member's
         * new channel ends its hold, a member's ended call (least recent) starts its idle time; the engine's
         * least-recent and fewest-calls state is {@link RoutingEngine#seed seeded} from
         * {@code state}'s queues now and after every {@link StateResynced}.
         */
        public Builder watch(LiveState state, EventBus bus) {
            this.state = Checks.notNull(state, "state");
            this.bus = Checks.notNull(bus, "bus");
            return this;
        }

        /** Called (on the scheduler thread) with every assignment the automatic mode makes; turns automatic mode on. */
        public Builder onDispatch(Consumer<Assignment> value) {
            this.onDispatch = Checks.notNull(value, "onDispatch");
            return this;
        }

        /** Called (on the scheduler thread) with every caller who waited too long; turns automatic mode on. */
        public Builder onOverflow(Consumer<Overflow> value) {
            this.onOverflow = Checks.notNull(value, "onOverflow");
            return this;
        }

        /**
         * How often the scheduler expires callers and re-tries dispatching (default 1 s, 10 ms to
         * 1 min); the precision of {@link #maxWait}. Turns automatic mode on.
         */
        public Builder checkInterval(Duration value) {
            Checks.positive(value, "checkInterval");
            Checks.atMost(value, Duration.ofMinutes(1), "checkInterval");
            if (value.compareTo(Duration.ofMillis(10)) < 0) {
                throw new InvalidRequestException("checkInterval", "must be at least 10ms, was " + value);
            }
            this.checkInterval = value;
            return this;
        }

        /**
         * Runs the automatic mode on this scheduler instead of an own daemon thread (not shut down
         * by {@link CallQueues#close()}); turns automatic mode on.
         */
        public Builder scheduler(ScheduledExecutorService value) {
            this.scheduler = Checks.notNull(value, "scheduler");
            return this;
        }

        /** Builds, and in automatic mode starts the scheduler and the subscription. */
        public CallQueues build() {
            return new CallQueues(this);
        }
    }
}
