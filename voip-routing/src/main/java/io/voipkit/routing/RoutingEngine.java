package io.voipkit.routing;

import io.voipkit.core.LiveState;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.internal.Checks;
import io.voipkit.routing.internal.CompiledRuleSet;
import io.voipkit.routing.internal.GroupState;
import io.voipkit.routing.internal.Reservations;
import io.voipkit.routing.internal.RuleCounter;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Decides where an incoming call goes: the first {@link RoutingRule} (by priority) whose
 * conditions hold picks an action; a group action spreads the call over the group's available
 * members with its {@link Strategy}; no match takes the default route, if any.
 *
 * <pre>{@code
 * RoutingEngine engine = RoutingEngine.builder()
 *         .rules(RuleSetFiles.read(Path.of("/etc/crm/routing.json")))
 *         .liveState(pbx.state())                 // only online, idle, unpaused members get calls
 *         .build();
 * RouteDecision d = engine.decide(RouteRequest.of("+74951234567", "88001234567"));
 * String dial = d.toPlainText();                  // "PJSIP/102", or "" for "no decision"
 * engine.explain(RouteRequest.of("+74951234567", "88001234567")).checks();   // every rule, and why
 * engine.reload(Path.of("/etc/crm/routing.json"));                          // a bad file changes nothing
 * }</pre>
 *
 * <p><b>Threading.</b> Thread-safe; {@link #decide} may be called from any number of threads.
 * The rule set is an immutable compiled snapshot read once per decision, so a decision finishes
 * with the version it started with while {@link #install} swaps in a new one. Strategy state
 * (round-robin position, last member, idle times, call counts) is kept per group name across
 * versions and updated atomically (see {@link Strategy}).
 *
 * <p><b>Speed.</b> Rules are indexed by the literal prefix of their called-number pattern, so a
 * decision tries only the rules that can match; patterns are matched in linear time
 * ({@link NumberPattern}); the match path allocates nothing, the explanation text is built only
 * when asked for.
 */
public final class RoutingEngine {

    private final Availability availability;
    private final Clock clock;
    private final RandomGenerator random;
    private final ConcurrentHashMap<String, RuleCounter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, GroupState> groupStates = new ConcurrentHashMap<>();
    private final Object installLock = new Object();
    /** Members offered to a queued caller a moment ago; see {@link CallQueues}. */
    private final Reservations reservations = new Reservations();
    private volatile CompiledRuleSet current;

    private RoutingEngine(Builder b) {
        this.availability = b.availability;
        this.clock = b.clock;
        this.random = b.random;
        this.current = new CompiledRuleSet(b.rules, 1, this::counter);
        if (b.seedFrom != null) {
            seed(b.seedFrom.queues());
        }
    }

    /** Starts an engine: empty rule set, every member available, system clock. */
    public static Builder builder() {
        return new Builder();
    }

    private RuleCounter counter(String ruleId) {
        return counters.computeIfAbsent(ruleId, RuleCounter::new);
    }

    /** Decides for a call from {@code caller} to {@code called}, now. */
    public RouteDecision decide(String caller, String called) {
        return decide(RouteRequest.of(caller, called));
    }

    /** Decides where the call goes. Never blocks; never talks to the PBX. */
    public RouteDecision decide(RouteRequest request) {
        return decide(request, false);
    }

    /**
     * Decides like {@link #decide} and also checks every rule, so that
     * {@link RouteDecision#checks()} says for each why it did or did not match. Slower (every
     * rule is tried and described): for testing rule sets and for support, not for every call.
     * Counts in the statistics and moves strategy state like a real decision.
     */
    public RouteDecision explain(RouteRequest request) {
        return decide(request, true);
    }

    private RouteDecision decide(RouteRequest request, boolean explain) {
        Checks.notNull(request, "request");
        CompiledRuleSet set = current; // one read: the whole decision uses this version
        Instant at = request.at() != null ? request.at() : clock.instant();
        String caller = request.caller();
        String called = request.called();
        int index = set.findBest(caller, called, at);
        List<RuleCheck> checks = explain ? set.checkAll(caller, called, at) : null;
        long now = clock.millis();
        RoutingRule rule;
        RouteAction action;
        java.util.function.Supplier<String> why;
        if (index >= 0) {
            rule = set.rule(index);
            action = rule.action();
            set.counter(index).record(now);
            why = () -> "rule " + rule.id() + " (priority " + rule.priority() + ") matched: "
                    + set.why(index, caller, called, at);
        } else {
            rule = null;
            action = set.source().defaultAction().orElse(null);
            if (action != null) {
                set.defaultCounter().record(now);
            }
            why = () -> "no rule matched" + (set.source().rules().isEmpty() ? " (the rule set has no rules)" : "")
                    + (set.source().defaultAction().isPresent() ? "; default route" : "; no default route: no decision");
        }
        NumberGroup group = null;
        List<GroupMember> members = List.of();
        if (action instanceof RouteAction.ToGroup g) {
            group = set.group(g.group());
            members = orderMembers(group, now);
        } else if (action instanceof RouteAction.ToNumber) {
            members = List.of(set.directMember(index));
        }
        NumberGroup g = group;
        List<GroupMember> m = members;
        RouteAction a = action;
        java.util.function.Supplier<String> reason = () -> why.get() + outcome(a, g, m);
        return new RouteDecision(request, at, set.version(), rule, rule == null && action != null, action, group,
                members, reason, checks);
    }

    /**
     * The available members of {@code group} in its strategy's order, moving the strategy state
     * like a decision does; used by {@link CallQueues} when a waiting caller is served.
     */
    List<GroupMember> orderMembers(NumberGroup group) {
        return orderMembers(group, clock.millis());
    }

    private List<GroupMember> orderMembers(NumberGroup group, long now) {
        GroupState state = groupStates.computeIfAbsent(group.name(), n -> new GroupState());
        // Members just offered to a queued caller are not offered again until their hold ends.
        Availability a = reservations.isEmpty() ? availability
                : m -> !reservations.isHeld(m.target(), now) && availability.isAvailable(m);
        return state.order(group, a, random != null ? random : ThreadLocalRandom.current(), now);
    }

    /** The holds on members offered to queued callers (shared with {@link CallQueues}). */
    Reservations reservations() {
        return reservations;
    }

    /** The engine's clock. */
    Clock clock() {
        return clock;
    }

    private static String outcome(RouteAction action, NumberGroup group, List<GroupMember> members) {
        if (action == null) {
            return "";
        }
        if (group != null) {
            if (members.isEmpty()) {
                return "; group " + group.name() + ": none of its " + group.members().size()
                        + " members is available, nothing to dial";
            }
            return "; group " + group.name() + " (" + group.strategy() + "): " + members.size() + " of "
                    + group.members().size() + " members available, "
                    + (group.strategy() == Strategy.RING_ALL ? "ringing all" : members.get(0).target() + " first");
        }
        return "; action " + action;
    }

    /**
     * Installs a new rule set atomically and returns its version (one more than the previous).
     * Decisions already running finish with the old set. Statistics and strategy state carry
     * over by rule id and group name.
     */
    public long install(RuleSet rules) {
        Checks.notNull(rules, "rules");
        synchronized (installLock) {
            long version = current.version() + 1;
            current = new CompiledRuleSet(rules, version, this::counter);
            return version;
        }
    }

    /**
     * Reads a rule file ({@link RuleSetFiles#read(Path)}) and installs it. When the file is
     * unreadable or invalid a {@link RuleFileException} says where, and the current rule set
     * stays in place.
     */
    public long reload(Path file) {
        return install(RuleSetFiles.read(file));
    }

    /** The rule set in use. */
    public RuleSet ruleSet() {
        return current.source();
    }

    /** The version of the rule set in use: 1 for the one the engine was built with, +1 per install. */
    public long version() {
        return current.version();
    }

    /**
     * Tells the engine that a member finished a call, so {@link Strategy#LEAST_RECENT} counts its
     * idle time from now (engine clock). Unknown groups or targets are remembered for when they
     * appear. A {@link CallQueues} watching the PBX calls this itself when a member's channel ends.
     */
    public void callEnded(String group, String target) {
        Checks.identifier(group, "group");
        Checks.wireText(target, "target");
        groupStates.computeIfAbsent(group, n -> new GroupState()).callEnded(target, clock.millis());
    }

    /**
     * Seeds {@link Strategy#LEAST_RECENT} and {@link Strategy#FEWEST_CALLS} from the PBX's own
     * queue statistics, so that restarting the application does not reset fairness: for every
     * member of every group of the current rule set, the queue members that are the same
     * interface (the member's target as {@link QueueMember#interfaceName()} or
     * {@link QueueMember#stateInterface()}, as {@link Availability#fromLiveState} matches them)
     * give the last call (the latest over all queues) and the calls taken (the sum over all
     * queues). State never moves backwards: a later last call and a larger count already known to
     * the engine are kept, so calling this again after a resync is safe. Typically
     * {@code engine.seed(pbx.state().queues())} after connecting ({@link Builder#liveState} does it
     * at build time, and a {@link CallQueues} watching the PBX after every resync).
     *
     * @return how many group members were seeded (found in at least one queue)
     */
    public int seed(Collection<QueueStatus> queues) {
        Checks.notNull(queues, "queues");
        record Stats(long lastCall, long calls) {
        }
        Map<String, Stats> byInterface = new HashMap<>();
        for (QueueStatus q : queues) {
            Checks.notNull(q, "queues[]");
            for (QueueMember m : q.members()) {
                long last = m.lastCall() == null ? Long.MIN_VALUE : m.lastCall().toEpochMilli();
                Stats s = new Stats(last, m.callsTaken());
                byInterface.merge(m.interfaceName(), s,
                        (a, b) -> new Stats(Math.max(a.lastCall, b.lastCall), a.calls + b.calls));
                if (m.stateInterface() != null && !m.stateInterface().equals(m.interfaceName())) {
                    byInterface.merge(m.stateInterface(), s,
                            (a, b) -> new Stats(Math.max(a.lastCall, b.lastCall), a.calls + b.calls));
                }
            }
        }
        int seeded = 0;
        for (NumberGroup g : current.source().groups().values()) {
            GroupState state = null;
            for (GroupMember m : g.members()) {
                Stats s = byInterface.get(m.target());
                if (s != null) {
                    if (state == null) {
                        state = groupStates.computeIfAbsent(g.name(), n -> new GroupState());
                    }
                    state.seed(m.target(), s.lastCall, s.calls);
                    seeded++;
                }
            }
        }
        return seeded;
    }

    /** Statistics of every rule of the current set, in rule order, then the default route. */
    public List<RuleStatistics> statistics() {
        var out = new ArrayList<RuleStatistics>();
        for (RoutingRule r : current.source().rules()) {
            out.add(counter(r.id()).snapshot());
        }
        out.add(counter(RuleStatistics.DEFAULT_ROUTE_ID).snapshot());
        return out;
    }

    /** Statistics of one rule id (or {@link RuleStatistics#DEFAULT_ROUTE_ID}), if it was ever installed. */
    public Optional<RuleStatistics> statistics(String ruleId) {
        Checks.notNull(ruleId, "ruleId");
        RuleCounter c = counters.get(ruleId);
        return c == null ? Optional.empty() : Optional.of(c.snapshot());
    }

    /** Builds a {@link RoutingEngine}; not thread-safe. */
    public static final class Builder {
        private RuleSet rules = RuleSet.empty();
        private Availability availability = Availability.always();
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random;
        private LiveState seedFrom;

        private Builder() {
        }

        /** The initial rule set (default: empty, every call gets "no decision"). */
        public Builder rules(RuleSet value) {
            this.rules = Checks.notNull(value, "rules");
            return this;
        }

        /** Who may take calls (default: everybody, {@link Availability#always()}). */
        public Builder availability(Availability value) {
            this.availability = Checks.notNull(value, "availability");
            return this;
        }

        /**
         * Shortcut for {@code availability(Availability.fromLiveState(state))}; also
         * {@link RoutingEngine#seed seeds} least-recent and fewest-calls from the state's queues
         * when the engine is built (nothing to seed if the state is not synchronised yet: seed
         * again after connecting, or let a watching {@link CallQueues} do it on every resync).
         */
        public Builder liveState(LiveState state) {
            availability(Availability.fromLiveState(state));
            this.seedFrom = state;
            return this;
        }

        /** The clock for time conditions and statistics (default: system UTC clock). */
        public Builder clock(Clock value) {
            this.clock = Checks.notNull(value, "clock");
            return this;
        }

        /**
         * The random source of {@link Strategy#RANDOM} and {@link Strategy#WEIGHTED_RANDOM}; must be
         * thread-safe (for example {@code new java.util.Random(seed)} in tests). Default: the
         * calling thread's {@link ThreadLocalRandom}.
         */
        public Builder random(RandomGenerator value) {
            this.random = Checks.notNull(value, "random");
            return this;
        }

        /** Builds the engine. */
        public RoutingEngine build() {
            return new RoutingEngine(this);
        }
    }
}
