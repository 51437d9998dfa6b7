package io.voipkit.routing.internal;

import io.voipkit.routing.NumberGroup;
import io.voipkit.routing.RoutingRule;
import io.voipkit.routing.RuleSet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A {@link RuleSet} compiled for fast first-match lookups. Rules are filed in a character trie
 * under the literal prefix of their called-number condition; a lookup walks the called number
 * down the trie (at most its length in steps) and tries only the rules filed on that path, each
 * bucket in rule order, stopping a bucket as soon as its rules come after the best match found.
 * Rules without a called-number prefix but with a caller prefix are filed the same way in a
 * second trie walked with the caller's number; only rules with neither sit at the root and are
 * tried for every call. The best match is the lowest rule index found on either path.
 *
 * <p>Immutable after construction and safe to share between threads; lookups allocate nothing.
 */
public final class CompiledRuleSet {

    private static final class Node {
        char[] keys = new char[0];
        Node[] children = new Node[0];
        int[] bucket = new int[0];
        private List<Integer> pending;

        Node child(char c, boolean create) {
            int i = Arrays.binarySearch(keys, c);
            if (i >= 0) {
                return children[i];
            }
            if (!create) {
                return null;
            }
            int at = -i - 1;
            Node n = new Node();
            keys = insert(keys, at, c);
            Node[] nc = new Node[children.length + 1];
            System.arraycopy(children, 0, nc, 0, at);
            nc[at] = n;
            System.arraycopy(children, at, nc, at + 1, children.length - at);
            children = nc;
            return n;
        }

        private static char[] insert(char[] a, int at, char c) {
            char[] r = new char[a.length + 1];
            System.arraycopy(a, 0, r, 0, at);
            r[at] = c;
            System.arraycopy(a, at, r, at + 1, a.length - at);
            return r;
        }

        void add(int order) {
            if (pending == null) {
                pending = new ArrayList<>();
            }
            pending.add(order);
        }

        void freeze() {
            if (pending != null) {
                bucket = pending.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
                pending = null;
            }
            for (Node c : children) {
                c.freeze();
            }
        }
    }

    private final RuleSet source;
    private final long version;
    private final CompiledRule[] rules;
    private final Node root = new Node();
    private final Node callerRoot = new Node();
    private final RuleCounter defaultCounter;
    private final io.voipkit.routing.GroupMember defaultDirect;

    /**
     * Compiles {@code source} as version {@code version}; {@code counters} supplies the statistics
     * slot of a rule id (so statistics survive swaps).
     */
    public CompiledRuleSet(RuleSet source, long version, Function<String, RuleCounter> counters) {
        this.source = source;
        this.version = version;
        List<RoutingRule> list = source.rules();
        this.rules = new CompiledRule[list.size()];
        for (int i = 0; i < rules.length; i++) {
            RoutingRule r = list.get(i);
            rules[i] = new CompiledRule(r, i, counters.apply(r.id()));
            String[] keys = rules[i].indexKeys();
            Node trie = root;
            if (keys.length == 1 && keys[0].isEmpty() && rules[i].callerIndexKeys() != null) {
                keys = rules[i].callerIndexKeys();
                trie = callerRoot;
            }
            for (String key : keys) {
                Node n = trie;
                for (int k = 0; k < key.length(); k++) {
                    n = n.child(key.charAt(k), true);
                }
                n.add(i);
            }
        }
        root.freeze();
        callerRoot.freeze();
        this.defaultCounter = counters.apply(io.voipkit.routing.RuleStatistics.DEFAULT_ROUTE_ID);
        this.defaultDirect = CompiledRule.directMember(source.defaultAction().orElse(null));
    }

    /** The source rule set. */
    public RuleSet source() {
        return source;
    }

    /** The version number the engine gave this set. */
    public long version() {
        return version;
    }

    /** The statistics slot of the default route. */
    public RuleCounter defaultCounter() {
        return defaultCounter;
    }

    /** A group by name, or null. */
    public NumberGroup group(String name) {
        return source.groups().get(name);
    }

    /** The groups by name. */
    public Map<String, NumberGroup> groups() {
        return source.groups();
    }

    /** The first rule (by order) matching the call, or {@code null}; allocation-free. */
    public RoutingRule firstMatch(String caller, String called, Instant at) {
        int best = findBest(caller, called, at);
        return best < 0 ? null : rules[best].rule;
    }

    /** Index of the first matching rule, or -1. */
    public int findBest(String caller, String called, Instant at) {
        int best = walk(root, called, Integer.MAX_VALUE, caller, called, at);
        best = walk(callerRoot, caller, best, caller, called, at);
        return best == Integer.MAX_VALUE ? -1 : best;
    }

    /** Walks {@code trie} along {@code key}, returning the lowest matching rule index below {@code best}. */
    private int walk(Node trie, String key, int best, String caller, String called, Instant at) {
        Node n = trie;
        int depth = 0;
        while (n != null) {
            for (int idx : n.bucket) {
                if (idx >= best) {
                    break;
                }
                if (rules[idx].matches(caller, called, at)) {
                    best = idx;
                    break;
                }
            }
            if (depth >= key.length()) {
                break;
            }
            n = n.child(key.charAt(depth++), false);
        }
        return best;
    }

    /**
     * The member to dial for a {@link io.voipkit.routing.RouteAction.ToNumber} action of the rule
     * at {@code index} (or of the default route for -1); null for other actions.
     */
    public io.voipkit.routing.GroupMember directMember(int index) {
        return index < 0 ? defaultDirect : rules[index].direct;
    }

    /** The statistics slot of the rule at this index. */
    public RuleCounter counter(int index) {
        return rules[index].counter;
    }

    /** The rule at this index. */
    public RoutingRule rule(int index) {
        return rules[index].rule;
    }

    /** Why the matched rule matched. */
    public String why(int index, String caller, String called, Instant at) {
        return rules[index].why(caller, called, at);
    }

    /** Every rule in order with whether it matched and why (or why not); the slow explain path. */
    public List<io.voipkit.routing.RuleCheck> checkAll(String caller, String called, Instant at) {
        var out = new ArrayList<io.voipkit.routing.RuleCheck>(rules.length);
        for (CompiledRule r : rules) {
            String whyNot = r.whyNot(caller, called, at);
            out.add(new io.voipkit.routing.RuleCheck(r.rule.id(), r.rule.priority(), whyNot == null,
                    whyNot == null ? r.why(caller, called, at) : whyNot));
        }
        return out;
    }

    /** Number of trie nodes (for memory reports). */
    public int indexNodes() {
        return count(root) + count(callerRoot);
    }

    private static int count(Node n) {
        int c = 1;
        for (Node ch : n.children) {
            c += count(ch);
        }
        return c;
    }

}
