package io.voipkit.benchmarks;

import io.voipkit.routing.NumberGroup;
import io.voipkit.routing.RouteAction;
import io.voipkit.routing.RoutingEngine;
import io.voipkit.routing.RoutingRule;
import io.voipkit.routing.RuleSet;
import io.voipkit.routing.Strategy;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Heap retained per routing rule (issue #4: "memory per rule reported"), measured outside JMH
 * (JMH measures time, not retained size): the used heap after repeated full GCs, before and after
 * building the same rule sets {@link RoutingBenchmark} decides over, kept reachable while
 * measured. Two figures per shape and size: the {@link RoutingRule} objects alone (ids, patterns,
 * prefix lists, shared time window), and a whole {@link RoutingEngine} holding them (plus its
 * {@link RuleSet} copy, the compiled index and one statistics counter per rule).
 *
 * <p>Run (a serial collector and a fixed heap make the used-heap figure stable):
 * <pre>
 * java -Xms1g -Xmx1g -XX:+UseSerialGC -cp voip-benchmarks/target/benchmarks.jar \
 *      io.voipkit.benchmarks.RoutingMemoryBenchmark [rules...]
 * </pre>
 * Default sizes 1,000, 10,000 and 100,000. Each figure is the median of 5 rounds. No JOL:
 * this counts what a user's heap actually holds, alignment and all, with the running JVM's
 * object layout (compressed oops on a heap under 32 GB).
 */
public final class RoutingMemoryBenchmark {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final int ROUNDS = 5;

    private RoutingMemoryBenchmark() {
    }

    /** Prints bytes per rule for each size in {@code args} (default 1000 10000 100000). */
    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {1_000, 10_000, 100_000}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.printf(Locale.ROOT, "java %s, %s, max heap %d MB%n", System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "%-12s %9s %18s %18s%n", "shape", "rules", "rules B/rule", "engine B/rule");
        for (RoutingBenchmark.Shape shape : RoutingBenchmark.Shape.values()) {
            for (int n : sizes) {
                long rulesOnly = median(n, () -> RoutingBenchmark.generateRules(n, shape));
                long engine = median(n, () -> engine(RoutingBenchmark.generateRules(n, shape)));
                System.out.printf(Locale.ROOT, "%-12s %,9d %,18d %,18d%n", shape, n, rulesOnly, engine);
            }
        }
    }

    private static RoutingEngine engine(List<RoutingRule> rules) {
        RuleSet set = RuleSet.builder()
                .group(NumberGroup.builder("support").strategy(Strategy.ROUND_ROBIN)
                        .members("PJSIP/101", "PJSIP/102", "PJSIP/103").build())
                .rules(rules)
                .defaultAction(new RouteAction.ToVoicemail("100@default"))
                .build();
        RoutingEngine e = RoutingEngine.builder().rules(set)
                .clock(Clock.fixed(Instant.parse("2026-11-25T09:00:00Z"), ZoneOffset.UTC)).build();
        e.statistics(); // creates the per-rule counters a running engine has
        return e;
    }

    /** The median over {@link #ROUNDS} of the heap retained by one {@code build()} result, per rule. */
    private static long median(int rules, java.util.function.Supplier<Object> build) {
        List<Long> perRule = new ArrayList<>();
        build.get(); // warm up: classes loaded, constants interned, lazy JDK caches filled
        for (int r = 0; r < ROUNDS; r++) {
            long before = usedAfterGc();
            Object kept = build.get();
            long after = usedAfterGc();
            Reference.reachabilityFence(kept);
            perRule.add((after - before) / rules);
        }
        perRule.sort(null);
        return perRule.get(ROUNDS / 2);
    }

    /** Used heap after full GCs, repeated until two readings agree within 0.1 % (or 20 tries). */
    private static long usedAfterGc() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) <= used / 1000) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
