package io.voipkit.benchmarks;

import io.voipkit.routing.NumberGroup;
import io.voipkit.routing.NumberPattern;
import io.voipkit.routing.RouteAction;
import io.voipkit.routing.RouteRequest;
import io.voipkit.routing.RoutingEngine;
import io.voipkit.routing.RoutingRule;
import io.voipkit.routing.RuleSet;
import io.voipkit.routing.Strategy;
import io.voipkit.routing.TimeCondition;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Routing decisions per second on one thread (issue #4: at least 2,000,000/s with 10,000 rules,
 * and at least 100 times a naive first-match {@code java.util.regex} scan measured in the same run).
 *
 * <p>The rule set is generated deterministically and looks like a real one: per-rule called
 * number conditions in the three {@link NumberPattern} forms (Asterisk pattern, prefix, literal),
 * some with a caller prefix list or an office-hours time window, plus two broad low-priority
 * catch-alls ({@code _8.}, {@code _NXXXXXX}) and a default route. 85 % of the 1,024 calls hit a
 * specific rule, 15 % match nothing and fall to the default route (the worst case for a scan).
 * {@code shape=CALLER_ONLY} uses rules that have only a caller condition: the engine's index is
 * keyed on the called number, so these all sit at its root and are tried one by one; that case
 * shows what the index does not cover.
 *
 * <p>Three ways to decide over exactly the same rules, in one run:
 * <ul>
 *   <li>{@code engine}: {@link RoutingEngine#decide(RouteRequest)}, including the group
 *       strategy (round robin) and the per-rule statistics;</li>
 *   <li>{@code naiveRegexScan}: the baseline the issue names, rules sorted by priority, each
 *       pattern a precompiled {@link Pattern}, first match wins;</li>
 *   <li>{@code linearScan}: the same scan with voipkit's own linear-time {@link NumberPattern}
 *       matchers, so that the gain of the index and of the matcher can be told apart.</li>
 * </ul>
 * The setup checks that all three pick the same rule for every call, so a faster number cannot
 * come from a wrong answer. It also prints an estimate of the heap retained per rule (rule
 * objects and the compiled index, measured around a full GC; approximate).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class RoutingBenchmark {

    /** Calls decided per benchmark invocation. */
    static final int CALLS = 1024;

    /** Which conditions the generated rules have. */
    public enum Shape {
        /** Called-number patterns (indexed by the engine), some with caller prefixes or time windows. */
        CALLED,
        /** Caller-number patterns only (not covered by the engine's called-number index). */
        CALLER_ONLY
    }

    @Param({"10", "1000", "10000"})
    public int rules;

    @Param({"CALLED", "CALLER_ONLY"})
    public Shape shape;

    /** A Wednesday, 12:00 in Moscow: inside the office-hours windows of the generated rules. */
    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
    private static final ZoneId OFFICE_ZONE = ZoneId.of("Europe/Moscow");

    private RoutingEngine engine;
    private NaiveRule[] regexScan;
    private NaiveRule[] linearScan;
    private RouteRequest[] calls;

    @Setup
    public void setUp() {
        long before = usedHeapAfterGc();
        List<RoutingRule> generated = generateRules(rules, shape);
        RuleSet set = RuleSet.builder()
                .group(NumberGroup.builder("support").strategy(Strategy.ROUND_ROBIN)
                        .members("PJSIP/101", "PJSIP/102", "PJSIP/103").build())
                .rules(generated)
                .defaultAction(new RouteAction.ToVoicemail("100@default"))
                .build();
        engine = RoutingEngine.builder().rules(set).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        long after = usedHeapAfterGc();
        if (rules >= 1000) {
            // Only meaningful with many rules: the fixed cost of the engine and GC noise dominate at 10.
            System.out.printf(Locale.ROOT, "%n[routing] %s, %d rules: about %d bytes of heap per rule "
                    + "(rules + compiled index, measured around a full GC)%n", shape, rules, (after - before) / rules);
        }

        // The baselines scan the same rules in priority order; a stable sort keeps list order for ties.
        List<RoutingRule> ordered = new ArrayList<>(set.rules());
        ordered.sort(Comparator.comparingInt(RoutingRule::priority));
        regexScan = ordered.stream().map(r -> NaiveRule.regex(r, generatedRegex(r))).toArray(NaiveRule[]::new);
        linearScan = ordered.stream().map(NaiveRule::numberPattern).toArray(NaiveRule[]::new);

        calls = generateCalls(generated, shape);
        verifySameAnswers();
    }

    /** voipkit's engine: index lookup, first match, group strategy, statistics. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void engine(Blackhole bh) {
        for (RouteRequest call : calls) {
            bh.consume(engine.decide(call));
        }
    }

    /** The baseline: first match over {@link Pattern}s, rule after rule. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void naiveRegexScan(Blackhole bh) {
        for (RouteRequest call : calls) {
            bh.consume(firstMatch(regexScan, call));
        }
    }

    /** First match over voipkit's {@link NumberPattern}s, rule after rule, no index. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void linearScan(Blackhole bh) {
        for (RouteRequest call : calls) {
            bh.consume(firstMatch(linearScan, call));
        }
    }

    private static NaiveRule firstMatch(NaiveRule[] scan, RouteRequest call) {
        for (NaiveRule r : scan) {
            if (r.matches(call.caller(), call.called(), NOW)) {
                return r;
            }
        }
        return null;
    }

    /** All three must agree on every call, or the comparison means nothing. */
    private void verifySameAnswers() {
        for (RouteRequest call : calls) {
            String byEngine = engine.decide(call).matchedRule().orElse(null);
            NaiveRule byRegex = firstMatch(regexScan, call);
            NaiveRule byLinear = firstMatch(linearScan, call);
            String regexId = byRegex == null ? null : byRegex.id;
            String linearId = byLinear == null ? null : byLinear.id;
            if (!Objects.equals(byEngine, regexId) || !Objects.equals(byEngine, linearId)) {
                throw new IllegalStateException("the engine and the baselines disagree for " + call + ": engine "
                        + byEngine + ", regex scan " + regexId + ", linear scan " + linearId);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Rule and call generation (deterministic: fixed seeds).

    /** The {@code java.util.regex} equivalent of a generated rule's one number pattern. */
    private static String generatedRegex(RoutingRule r) {
        // Rebuilt from the voipkit pattern source: the generator only writes the forms toRegex handles.
        NumberPattern p = r.called() != null ? r.called() : r.caller();
        return toRegex(p.source());
    }

    /** Translates the subset of Asterisk / prefix / literal patterns the generator writes. */
    static String toRegex(String source) {
        if (source.startsWith("^")) {
            return Pattern.quote(source.substring(1)) + ".*";
        }
        if (!source.startsWith("_")) {
            return Pattern.quote(source);
        }
        StringBuilder re = new StringBuilder();
        String body = source.substring(1);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            switch (c) {
                case 'X' -> re.append("[0-9]");
                case 'Z' -> re.append("[1-9]");
                case 'N' -> re.append("[2-9]");
                case '.' -> re.append(".+");
                case '[' -> {
                    int end = body.indexOf(']', i);
                    re.append(body, i, end + 1);
                    i = end;
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    static List<RoutingRule> generateRules(int count, Shape shape) {
        SplittableRandom random = new SplittableRandom(42);
        List<RoutingRule> out = new ArrayList<>(count + 2);
        TimeCondition officeHours = TimeCondition.builder(OFFICE_ZONE).days(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)
                .between(LocalTime.of(9, 0), LocalTime.of(18, 0)).build();
        for (int i = 0; i < count; i++) {
            String p = prefixOf(i, shape);
            RoutingRule.Builder b = RoutingRule.builder("r" + i).priority(random.nextInt(100)).toGroup("support");
            String pattern = switch (i % 4) {
                case 0 -> "_" + p + "XXXXX";
                case 1 -> "^" + p;
                case 2 -> "_" + p + "[1-5]XXXX";
                default -> p + "0000";
            };
            if (shape == Shape.CALLED) {
                b.called(pattern);
                if (i % 10 == 3) {
                    b.callerPrefixes("+7495", "+7499");
                }
            } else {
                b.caller(pattern);
            }
            if (i % 8 == 5) {
                b.time(officeHours);
            }
            out.add(b.build());
        }
        if (shape == Shape.CALLED) {
            // Broad catch-alls below every specific rule, as real dialplans have them.
            out.add(RoutingRule.builder("any-8").priority(1000).called("_8.").toGroup("support").build());
            out.add(RoutingRule.builder("local").priority(1001).called("_NXXXXXX").toGroup("support").build());
        }
        return out;
    }

    /** A unique digit prefix per rule: no two specific rules overlap, so first match is well defined. */
    private static String prefixOf(int i, Shape shape) {
        String digits = String.format(Locale.ROOT, "%05d", i);
        return shape == Shape.CALLED ? "8" + digits : "+7" + digits;
    }

    /** A number that the rule's own pattern matches. */
    private static String numberFor(int i, Shape shape, SplittableRandom random) {
        String p = prefixOf(i, shape);
        return switch (i % 4) {
            case 0, 1 -> p + digits(random, 5);
            case 2 -> p + (1 + random.nextInt(5)) + digits(random, 4);
            default -> p + "0000";
        };
    }

    private static String digits(SplittableRandom random, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int k = 0; k < n; k++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    static RouteRequest[] generateCalls(List<RoutingRule> generated, Shape shape) {
        SplittableRandom random = new SplittableRandom(7);
        int specific = shape == Shape.CALLED ? generated.size() - 2 : generated.size();
        RouteRequest[] out = new RouteRequest[CALLS];
        for (int c = 0; c < CALLS; c++) {
            boolean hit = random.nextInt(100) < 85;
            int rule = random.nextInt(specific);
            if (shape == Shape.CALLED) {
                String caller = (random.nextBoolean() ? "+7495" : "+1555") + digits(random, 7);
                String called = hit ? numberFor(rule, shape, random) : "9" + digits(random, 10);
                out[c] = RouteRequest.of(caller, called);
            } else {
                String caller = hit ? numberFor(rule, shape, random) : "+1555" + digits(random, 7);
                out[c] = RouteRequest.of(caller, "100");
            }
        }
        return out;
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** One rule as a naive scan sees it: number tests, prefix lists, time window. */
    private static final class NaiveRule {
        final String id;
        final Predicate<String> caller;
        final Predicate<String> called;
        final String[] callerPrefixes;
        final String[] calledPrefixes;
        final TimeCondition time;

        private NaiveRule(RoutingRule r, Predicate<String> caller, Predicate<String> called) {
            this.id = r.id();
            this.caller = caller;
            this.called = called;
            this.callerPrefixes = r.callerPrefixes().toArray(String[]::new);
            this.calledPrefixes = r.calledPrefixes().toArray(String[]::new);
            this.time = r.time();
        }

        static NaiveRule regex(RoutingRule r, String regex) {
            Pattern p = Pattern.compile(regex);
            Predicate<String> test = s -> p.matcher(s).matches();
            return new NaiveRule(r, r.caller() == null ? null : test, r.called() == null ? null : test);
        }

        static NaiveRule numberPattern(RoutingRule r) {
            NumberPattern caller = r.caller();
            NumberPattern called = r.called();
            return new NaiveRule(r, caller == null ? null : caller::matches, called == null ? null : called::matches);
        }

        boolean matches(String callerNumber, String calledNumber, Instant at) {
            return (called == null || called.test(calledNumber))
                    && (caller == null || caller.test(callerNumber))
                    && startsWithAny(callerNumber, callerPrefixes)
                    && startsWithAny(calledNumber, calledPrefixes)
                    && (time == null || time.test(at));
        }

        private static boolean startsWithAny(String number, String[] prefixes) {
            if (prefixes.length == 0) {
                return true;
            }
            for (String p : prefixes) {
                if (number.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }
    }
}
