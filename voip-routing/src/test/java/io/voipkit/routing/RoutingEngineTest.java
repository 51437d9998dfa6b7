package io.voipkit.routing;

import io.voipkit.core.HangupCause;
import io.voipkit.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingEngineTest {

    // Wednesday 2026-11-25 10:00 in Berlin
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T09:00:00Z"));

    private static final TimeCondition OFFICE = TimeCondition.builder(ZoneId.of("Europe/Berlin"))
            .days(DayOfWeek.MONDAY, DayOfWeek.FRIDAY).between(LocalTime.of(9, 0), LocalTime.of(18, 0)).build();

    private RuleSet rules() {
        return RuleSet.builder()
                .group(NumberGroup.builder("support").strategy(Strategy.ROUND_ROBIN)
                        .members("PJSIP/101", "PJSIP/102").ringTime(Duration.ofSeconds(20)).build())
                .group(NumberGroup.builder("sales").strategy(Strategy.RING_ALL).members("PJSIP/201", "PJSIP/202").build())
                .rule(RoutingRule.builder("blocked").priority(0).caller("_666.")
                        .action(new RouteAction.Reject(HangupCause.CALL_REJECTED)).build())
                .rule(RoutingRule.builder("sales-hours").priority(10).called("_8800XXXXXXX").time(OFFICE)
                        .toGroup("sales").build())
                .rule(RoutingRule.builder("sales-night").priority(10).called("_8800XXXXXXX")
                        .action(new RouteAction.ToVoicemail("200@default")).build())
                .rule(RoutingRule.builder("moscow").priority(5).caller("^+7495").toGroup("support").build())
                .rule(RoutingRule.builder("direct").priority(20).called("_1XX")
                        .action(new RouteAction.ToNumber("PJSIP/100")).build())
                .defaultAction(new RouteAction.ToQueue("general"))
                .build();
    }

    private RoutingEngine engine() {
        return RoutingEngine.builder().rules(rules()).clock(clock).build();
    }

    @Test
    void firstMatchByPriorityWins() {
        RoutingEngine e = engine();
        // "moscow" (priority 5) beats "sales-hours" (10) for a Moscow caller on the sales number
        RouteDecision d = e.decide("+74951234567", "88001234567");
        assertThat(d.matchedRule()).contains("moscow");
        assertThat(d.toPlainText()).isEqualTo("PJSIP/101");
        assertThat(d.strategy()).contains(Strategy.ROUND_ROBIN);
        assertThat(d.ringTime()).contains(Duration.ofSeconds(20));
        assertThat(e.decide("+74951234567", "88001234567").toPlainText()).isEqualTo("PJSIP/102");
    }

    @Test
    void equalPrioritiesKeepTheOrderRulesWereAddedIn() {
        RoutingEngine e = engine();
        assertThat(e.decide("+4930123", "88001234567").matchedRule()).contains("sales-hours");
        clock.set(Instant.parse("2026-11-25T20:00:00Z")); // 21:00 in Berlin: outside office hours
        RouteDecision night = e.decide("+4930123", "88001234567");
        assertThat(night.matchedRule()).contains("sales-night");
        assertThat(night.action()).contains(new RouteAction.ToVoicemail("200@default"));
        assertThat(night.toPlainText()).isEmpty();
        assertThat(night.channelVariables()).containsEntry("VOIPKIT_ROUTE_ACTION", "voicemail")
                .containsEntry("VOIPKIT_ROUTE_MAILBOX", "200@default");
    }

    @Test
    void ringAllJoinsTargetsForTheDialplan() {
        RouteDecision d = engine().decide("+4930123", "88001234567");
        assertThat(d.toPlainText()).isEqualTo("PJSIP/201&PJSIP/202");
        assertThat(d.channelVariables()).containsEntry("VOIPKIT_ROUTE_TARGET", "PJSIP/201&PJSIP/202")
                .containsEntry("VOIPKIT_ROUTE_STRATEGY", "RING_ALL").containsEntry("VOIPKIT_ROUTE_RINGTIME", "30");
    }

    @Test
    void rejectAndDirectNumberAndDefaultRoute() {
        RoutingEngine e = engine();
        RouteDecision rejected = e.decide("6661234", "100");
        assertThat(rejected.action()).contains(new RouteAction.Reject(HangupCause.CALL_REJECTED));
        assertThat(rejected.channelVariables()).containsEntry("VOIPKIT_ROUTE_CAUSE", "21");
        assertThat(e.decide("+4930", "123").toPlainText()).isEqualTo("PJSIP/100");
        RouteDecision fallback = e.decide("+4930", "5555");
        assertThat(fallback.isDefaultRoute()).isTrue();
        assertThat(fallback.matchedRule()).isEmpty();
        assertThat(fallback.action()).contains(new RouteAction.ToQueue("general"));
        assertThat(fallback.channelVariables()).containsEntry("VOIPKIT_ROUTE_QUEUE", "general")
                .containsEntry("VOIPKIT_ROUTE_RULE", RuleStatistics.DEFAULT_ROUTE_ID);
    }

    @Test
    void noRuleAndNoDefaultMeansNoDecisionAndAnEmptyAnswer() {
        RouteDecision d = RoutingEngine.builder().build().decide("1", "2");
        assertThat(d.action()).isEmpty();
        assertThat(d.toPlainText()).isEmpty();
        assertThat(d.explanation()).contains("no default route");
        assertThat(d.channelVariables()).containsEntry("VOIPKIT_ROUTE_ACTION", "none");
    }

    @Test
    void unavailableMembersAreSkippedAndNoneAvailableGivesNothingToDial() {
        RoutingEngine e = RoutingEngine.builder().rules(rules()).clock(clock)
                .availability(m -> !m.target().equals("PJSIP/201")).build();
        assertThat(e.decide("+4930", "88001234567").toPlainText()).isEqualTo("PJSIP/202");
        RoutingEngine nobody = RoutingEngine.builder().rules(rules()).clock(clock).availability(m -> false).build();
        RouteDecision d = nobody.decide("+4930", "88001234567");
        assertThat(d.action()).contains(new RouteAction.ToGroup("sales"));
        assertThat(d.isRouted()).isFalse();
        assertThat(d.toPlainText()).isEmpty();
        assertThat(d.explanation()).contains("none of its 2 members is available");
    }

    @Test
    void explainListsEveryRuleWithItsReason() {
        RouteDecision d = engine().explain(RouteRequest.of("+4930123", "88001234567"));
        assertThat(d.matchedRule()).contains("sales-hours");
        assertThat(d.explanation()).startsWith("rule sales-hours (priority 10) matched: called 88001234567 matches"
                + " _8800XXXXXXX");
        assertThat(d.checks()).extracting(RuleCheck::ruleId)
                .containsExactly("blocked", "moscow", "sales-hours", "sales-night", "direct");
        assertThat(d.checks()).extracting(RuleCheck::matched).containsExactly(false, false, true, true, false);
        assertThat(d.checks().get(0).reason()).isEqualTo("caller +4930123 does not match _666.");
        assertThat(d.checks().get(4).reason()).isEqualTo("called number 88001234567 does not match _1XX");
        assertThat(d.toJson()).contains("\"rule\":\"sales-hours\"", "\"checks\":[", "\"matched\":true");
        RouteDecision night = engine().explain(new RouteRequest("+4930", "88001234567",
                Instant.parse("2026-11-28T10:00:00Z"))); // a Saturday
        assertThat(night.checks().get(2).reason()).startsWith("outside its time: SAT 2026-11-28 11:00");
    }

    @Test
    void plainDecisionsCarryNoChecksAndExplainLazily() {
        RouteDecision d = engine().decide("+4930123", "88001234567");
        assertThat(d.checks()).isEmpty();
        assertThat(d.explanation()).contains("group sales (RING_ALL): 2 of 2 members available, ringing all");
    }

    @Test
    void statisticsCountMatchesPerRuleAndFollowTheIdAcrossSwaps() {
        RoutingEngine e = engine();
        e.decide("+74951", "1");
        e.decide("+74952", "1");
        clock.advance(Duration.ofMinutes(1));
        e.decide("+4930", "9999");
        assertThat(e.statistics("moscow")).get().extracting(RuleStatistics::matches).isEqualTo(2L);
        assertThat(e.statistics("moscow").get().lastMatch()).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(e.statistics(RuleStatistics.DEFAULT_ROUTE_ID).get().matches()).isEqualTo(1);
        e.install(rules());
        e.decide("+74951", "1");
        assertThat(e.statistics("moscow").get().matches()).isEqualTo(3);
        assertThat(e.statistics()).extracting(RuleStatistics::ruleId)
                .containsExactly("blocked", "moscow", "sales-hours", "sales-night", "direct", "(default)");
    }

    @Test
    void installSwapsAtomicallyAndNumbersVersions() {
        RoutingEngine e = engine();
        assertThat(e.version()).isEqualTo(1);
        assertThat(e.decide("+74951", "1").ruleSetVersion()).isEqualTo(1);
        long v = e.install(RuleSet.builder().defaultAction(new RouteAction.Hangup()).build());
        assertThat(v).isEqualTo(2);
        RouteDecision d = e.decide("+74951", "1");
        assertThat(d.ruleSetVersion()).isEqualTo(2);
        assertThat(d.action()).contains(new RouteAction.Hangup());
    }

    @Test
    void decisionsDuringSwapsAlwaysComeFromOneWholeVersion() throws Exception {
        // Version A routes everything to PJSIP/1 by rule "a"; version B to PJSIP/2 by rule "b".
        RuleSet a = RuleSet.builder().rule(RoutingRule.builder("a").action(new RouteAction.ToNumber("PJSIP/1")).build())
                .build();
        RuleSet b = RuleSet.builder().rule(RoutingRule.builder("b").action(new RouteAction.ToNumber("PJSIP/2")).build())
                .build();
        RoutingEngine e = RoutingEngine.builder().rules(a).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            results.add(pool.submit(() -> {
                go.await();
                int inconsistent = 0;
                for (int i = 0; i < 20_000; i++) {
                    RouteDecision d = e.decide("1", "2");
                    boolean odd = d.ruleSetVersion() % 2 == 1;
                    String expected = odd ? "PJSIP/1" : "PJSIP/2";
                    if (!d.toPlainText().equals(expected) || !d.matchedRule().get().equals(odd ? "a" : "b")) {
                        inconsistent++;
                    }
                }
                return inconsistent;
            }));
        }
        results.add(pool.submit(() -> {
            go.await();
            for (int i = 0; i < 2_000; i++) {
                e.install(i % 2 == 0 ? b : a); // versions 2, 3, 4... alternate b, a: odd versions are a
            }
            return 0;
        }));
        go.countDown();
        for (Future<Integer> f : results) {
            assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
        }
        pool.shutdown();
        assertThat(e.version()).isEqualTo(2_001);
    }

    @Test
    void theIndexAgreesWithANaiveFirstMatchScan() {
        // Random rules over a small alphabet so that prefixes collide (called-number rules, caller-only
        // rules, rules with neither); compare with a straight scan.
        Random r = new Random(3);
        RuleSet.Builder b = RuleSet.builder();
        List<RoutingRule> list = new ArrayList<>();
        String[] shapes = {"_%sX.", "_%s!", "%s", "^%s", "_%sN", "_[1-3]%s!"};
        for (int i = 0; i < 400; i++) {
            RoutingRule.Builder rb = RoutingRule.builder("r" + i).priority(r.nextInt(20))
                    .action(new RouteAction.ToNumber("PJSIP/" + i));
            int kind = r.nextInt(6);
            if (kind == 4) { // caller-only rules: filed in the caller-number trie
                rb.caller(String.format(shapes[r.nextInt(shapes.length)], digits(r, 1 + r.nextInt(3))));
            }
            if (kind == 5) {
                rb.callerPrefixes(digits(r, 2), digits(r, 1));
            }
            if (kind != 0 && kind < 4) {
                rb.called(String.format(shapes[r.nextInt(shapes.length)], digits(r, 1 + r.nextInt(4))));
            }
            if (kind == 2) {
                rb.caller("^" + digits(r, 1));
            }
            if (kind == 3) {
                rb.calledPrefixes(digits(r, 2), digits(r, 1));
            }
            RoutingRule rule = rb.build();
            list.add(rule);
            b.rule(rule);
        }
        RuleSet set = b.build();
        RoutingEngine e = RoutingEngine.builder().rules(set).build();
        for (int i = 0; i < 5_000; i++) {
            String caller = digits(r, 1 + r.nextInt(6));
            String called = digits(r, 1 + r.nextInt(7));
            String expected = set.rules().stream()
                    .filter(rule -> naive(rule, caller, called)).map(RoutingRule::id).findFirst().orElse(null);
            assertThat(e.decide(caller, called).matchedRule().orElse(null)).as(caller + " -> " + called)
                    .isEqualTo(expected);
        }
    }

    private static boolean naive(RoutingRule rule, String caller, String called) {
        return (rule.called() == null || rule.called().matches(called))
                && (rule.caller() == null || rule.caller().matches(caller))
                && (rule.calledPrefixes().isEmpty() || rule.calledPrefixes().stream().anyMatch(called::startsWith))
                && (rule.callerPrefixes().isEmpty() || rule.callerPrefixes().stream().anyMatch(caller::startsWith));
    }

    private static String digits(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('1' + r.nextInt(3)));
        }
        return sb.toString();
    }

    @Test
    void ruleSetsRejectDanglingGroupsAndDuplicateIds() {
        assertThatThrownBy(() -> RuleSet.builder().rule(RoutingRule.builder("x").toGroup("nope").build()).build())
                .hasMessageContaining("rules[0].action: routes to group nope, which is not defined");
        assertThatThrownBy(() -> RuleSet.builder()
                .rule(RoutingRule.builder("x").action(new RouteAction.Hangup()).build())
                .rule(RoutingRule.builder("x").action(new RouteAction.Hangup()).build()).build())
                .hasMessageContaining("rules[1].id: rule id x is used twice");
    }

    @Test
    void requestsRejectOversizedAndInjectedNumbers() {
        RoutingEngine e = engine();
        assertThatThrownBy(() -> e.decide("1", "9".repeat(10_240))).hasMessageStartingWith("called: must be at most 256");
        assertThatThrownBy(() -> e.decide("1\r\nAction: Originate", "100")).hasMessageStartingWith("caller: must not"
                + " contain CR or LF");
        assertThatThrownBy(() -> e.decide("1", " ")).hasMessageStartingWith("called: must not be blank");
        assertThat(e.decide("", "123").matchedRule()).contains("direct"); // a withheld caller is fine
    }

    @Test
    void jsonRenderingEscapesAndIsComplete() {
        RouteDecision d = engine().decide("\"quoted\\", "88001234567");
        assertThat(d.toJson()).startsWith("{\"action\":\"group\",\"target\":\"PJSIP/201&PJSIP/202\","
                + "\"targets\":[\"PJSIP/201\",\"PJSIP/202\"],\"strategy\":\"RING_ALL\",\"ringTimeSeconds\":30,"
                + "\"group\":\"sales\",\"rule\":\"sales-hours\",\"defaultRoute\":false,\"ruleSetVersion\":1,"
                + "\"caller\":\"\\\"quoted\\\\\",\"called\":\"88001234567\",\"explanation\":\"rule sales-hours");
    }

    @Test
    void leastRecentInTheEngineUsesCallEndedReports() {
        RuleSet set = RuleSet.builder()
                .group(NumberGroup.builder("g").strategy(Strategy.LEAST_RECENT).members("A", "B").build())
                .defaultAction(new RouteAction.ToGroup("g")).build();
        RoutingEngine e = RoutingEngine.builder().rules(set).build();
        assertThat(e.decide("1", "2").toPlainText()).isEqualTo("A");
        e.callEnded("g", "B"); // B never got a call from us but just finished one anyway
        assertThat(e.decide("1", "2").toPlainText()).isEqualTo("A"); // A was offered before B's hang-up
        assertThat(e.decide("1", "2").toPlainText()).isEqualTo("B");
    }
}
