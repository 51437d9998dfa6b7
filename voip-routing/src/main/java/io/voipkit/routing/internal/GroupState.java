package io.voipkit.routing.internal;

import io.voipkit.routing.Availability;
import io.voipkit.routing.GroupMember;
import io.voipkit.routing.NumberGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * The distribution state of one group name, kept by the engine across rule-set versions:
 * the round-robin call counter, the member used last (rrmemory), and per member the last use
 * and the number of calls given (least recent, fewest calls). Members are keyed by target, so a
 * group whose member list changes keeps the state of the members that stay.
 *
 * <p>Concurrency: round robin is one {@code getAndIncrement}; rrmemory is a compare-and-set loop
 * on the last member; least recent and fewest calls must pick the minimum and update it as one
 * step (otherwise two concurrent calls would pick the same idle member), so they hold this
 * object's monitor for one pass over the members. No other strategy locks.
 */
public final class GroupState {

    private static final class Usage {
        long lastMillis = Long.MIN_VALUE; // wall-clock time of the last call given or ended; MIN = never
        long lastSeq = Long.MIN_VALUE; // breaks ties between equal times (a coarse or fixed clock)
        long calls;

        /** Orders by idle time: the smaller, the longer idle. */
        int compareIdle(Usage o) {
            int c = Long.compare(lastMillis, o.lastMillis);
            return c != 0 ? c : Long.compare(lastSeq, o.lastSeq);
        }
    }

    private final AtomicLong roundRobin = new AtomicLong();
    private final AtomicReference<String> lastTarget = new AtomicReference<>();
    private final Map<String, Usage> usage = new HashMap<>();
    /** The newest time {@link #touch} recorded (guarded by this). */
    private long latestMillis = Long.MIN_VALUE;
    private long sequence;

    /** The members of {@code group} that are available, in the order the strategy tries them; empty if none. */
    public List<GroupMember> order(NumberGroup group, Availability availability, RandomGenerator random) {
        return order(group, availability, random, System.currentTimeMillis());
    }

    /**
     * The members of {@code group} that are available, in the order the strategy tries them; empty
     * if none. {@code nowMillis} is the engine clock's time, recorded as the chosen member's last
     * call for {@link io.voipkit.routing.Strategy#LEAST_RECENT}.
     */
    public List<GroupMember> order(NumberGroup group, Availability availability, RandomGenerator random,
                                   long nowMillis) {
        List<GroupMember> members = group.members();
        int n = members.size();
        boolean[] ok = new boolean[n];
        int available = 0;
        for (int i = 0; i < n; i++) {
            if (availability.isAvailable(members.get(i))) {
                ok[i] = true;
                available++;
            }
        }
        if (available == 0) {
            return List.of();
        }
        return switch (group.strategy()) {
            case LINEAR, RING_ALL -> filter(members, ok, 0, available);
            case ROUND_ROBIN -> filter(members, ok, (int) Math.floorMod(roundRobin.getAndIncrement(), (long) n), available);
            case RR_MEMORY -> rrMemory(members, ok, available);
            case PRIORITY -> priority(members, ok);
            case RANDOM -> shuffle(filter(members, ok, 0, available), random);
            case WEIGHTED_RANDOM -> weighted(filter(members, ok, 0, available), random);
            case LEAST_RECENT -> byUsage(members, ok, true, nowMillis);
            case FEWEST_CALLS -> byUsage(members, ok, false, nowMillis);
        };
    }

    /** Available members in circular order starting at index {@code start}. */
    private static List<GroupMember> filter(List<GroupMember> members, boolean[] ok, int start, int available) {
        int n = members.size();
        var out = new ArrayList<GroupMember>(available);
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            if (ok[i]) {
                out.add(members.get(i));
            }
        }
        return out;
    }

    private List<GroupMember> rrMemory(List<GroupMember> members, boolean[] ok, int available) {
        int n = members.size();
        while (true) {
            String last = lastTarget.get();
            int start = 0;
            if (last != null) {
                for (int i = 0; i < n; i++) {
                    if (members.get(i).target().equals(last)) {
                        start = i + 1;
                        break;
                    }
                }
            }
            List<GroupMember> order = filter(members, ok, start % n, available);
            // CAS against the exact reference read: a racing call that moved on makes us retry from its member
            if (lastTarget.compareAndSet(last, order.get(0).target())) {
                return order;
            }
        }
    }

    private static List<GroupMember> priority(List<GroupMember> members, boolean[] ok) {
        var out = new ArrayList<GroupMember>();
        for (int i = 0; i < members.size(); i++) {
            if (ok[i]) {
                out.add(members.get(i));
            }
        }
        // stable sort: equal priority and weight keep list order
        out.sort((a, b) -> a.priority() != b.priority() ? Integer.compare(a.priority(), b.priority())
                : Integer.compare(b.weight(), a.weight()));
        return out;
    }

    private static List<GroupMember> shuffle(List<GroupMember> list, RandomGenerator random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            GroupMember t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
        return list;
    }

    /** Weighted sampling without replacement: each next member is drawn with chance weight / remaining weight. */
    private static List<GroupMember> weighted(List<GroupMember> pool, RandomGenerator random) {
        var out = new ArrayList<GroupMember>(pool.size());
        long total = 0;
        for (GroupMember m : pool) {
            total += m.weight();
        }
        while (!pool.isEmpty()) {
            long r = random.nextLong(total);
            int pick = 0;
            for (int i = 0; i < pool.size(); i++) {
                r -= pool.get(i).weight();
                if (r < 0) {
                    pick = i;
                    break;
                }
            }
            GroupMember m = pool.remove(pick);
            total -= m.weight();
            out.add(m);
        }
        return out;
    }

    private record Candidate(GroupMember member, Usage usage) {
    }

    private synchronized List<GroupMember> byUsage(List<GroupMember> members, boolean[] ok, boolean leastRecent,
                                                   long nowMillis) {
        var candidates = new ArrayList<Candidate>();
        for (int i = 0; i < members.size(); i++) {
            if (ok[i]) {
                candidates.add(new Candidate(members.get(i), usage.computeIfAbsent(members.get(i).target(), t -> new Usage())));
            }
        }
        // List.sort is stable: list order breaks ties
        candidates.sort(leastRecent ? (a, b) -> a.usage.compareIdle(b.usage)
                : java.util.Comparator.comparingLong(c -> c.usage.calls));
        Usage chosen = candidates.get(0).usage;
        touch(chosen, nowMillis);
        chosen.calls++;
        var out = new ArrayList<GroupMember>(candidates.size());
        for (Candidate c : candidates) {
            out.add(c.member);
        }
        return out;
    }

    /**
     * Records that {@code target} finished a call now: for least recent, its idle time starts
     * now (app_queue counts from the hang-up, not from the offer).
     */
    public void callEnded(String target) {
        callEnded(target, System.currentTimeMillis());
    }

    /** Like {@link #callEnded(String)}, at the engine clock's {@code nowMillis}. */
    public synchronized void callEnded(String target, long nowMillis) {
        touch(usage.computeIfAbsent(target, t -> new Usage()), nowMillis);
    }

    /** Marks {@code u} used at {@code nowMillis}; time never moves backwards for one member (clock steps). */
    private void touch(Usage u, long nowMillis) {
        // Callers read the clock before they take this lock, so a later pick can carry an earlier
        // time than the pick before it; never record a time older than the newest one recorded,
        // or that later pick would look longer idle than it is.
        long t = Math.max(nowMillis, latestMillis);
        latestMillis = t;
        u.lastMillis = Math.max(u.lastMillis, t);
        u.lastSeq = ++sequence;
    }

    /**
     * Seeds one member's history from the PBX's queue statistics, so that a restarted application
     * keeps app_queue's fairness: the last call ({@code lastCallMillis}, {@link Long#MIN_VALUE} for
     * none) and the calls taken. Never moves the state backwards: the later time and the larger
     * count win, so a resync in the middle of the day does not undo calls this engine gave since.
     * A seeded time sorts before any call given by this engine at the same millisecond.
     */
    public synchronized void seed(String target, long lastCallMillis, long callsTaken) {
        Usage u = usage.computeIfAbsent(target, t -> new Usage());
        if (lastCallMillis > u.lastMillis) {
            u.lastMillis = lastCallMillis;
            u.lastSeq = Long.MIN_VALUE + 1;
        }
        u.calls = Math.max(u.calls, callsTaken);
    }

    /** Calls given to each target so far (fewest calls), for explanations and tests. */
    public synchronized long callsGiven(String target) {
        Usage u = usage.get(target);
        return u == null ? 0 : u.calls;
    }
}
