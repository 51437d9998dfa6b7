package io.voipkit.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voipkit.core.CallDisposition;
import io.voipkit.core.CallRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallStatisticsTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private final InMemoryCallRecordSink sink = new InMemoryCallRecordSink();

    /** A call starting {@code offset} s after T0, ringing {@code wait} s, talking {@code talk} s (0: not answered). */
    private void call(String id, long offset, long wait, long talk, String operator, String context) {
        Instant start = T0.plusSeconds(offset);
        CallRecord r = CallRecord.builder().uniqueId(id).source("+15551234567").destination("100")
                .destinationContext(context).start(start).answer(talk > 0 ? start.plusSeconds(wait) : null)
                .end(start.plusSeconds(wait + talk))
                .disposition(talk > 0 ? CallDisposition.ANSWERED : CallDisposition.NO_ANSWER).build();
        sink.write(List.of(new CallLogEntry(id, "test", r, CallDirection.INBOUND, r.source(), r.destination(),
                operator, null, null)));
    }

    @Test
    void figuresFollowTheDocumentedDefinitions() {
        call("a", 0, 5, 60, "101-ep", "support");
        call("b", 10, 30, 120, "101-ep", "support");
        call("c", 20, 40, 0, "102-ep", "support");
        call("d", 30, 10, 30, "102-ep", "sales");
        call("late", 7200, 1, 1, "101-ep", "support");                    // outside the period

        StatisticsQuery q = StatisticsQuery.between(T0, T0.plusSeconds(3600));
        CallStatistics all = sink.statistics(q).get(0);

        assertThat(all.group()).isNull();
        assertThat(all.total()).isEqualTo(4);
        assertThat(all.answered()).isEqualTo(3);
        assertThat(all.missed()).isEqualTo(1);
        assertThat(all.averageWait()).isEqualTo(Duration.ofMillis(15_000));         // (5 + 30 + 10) / 3
        assertThat(all.averageDuration()).isEqualTo(Duration.ofMillis(70_000));     // (60 + 120 + 30) / 3
        assertThat(all.answeredInTime()).isEqualTo(2);                               // 5 s and 10 s <= 20 s
        assertThat(all.serviceLevel()).isEqualTo(0.5);

        assertThat(sink.statistics(q.groupBy(StatisticsQuery.Grouping.OPERATOR)))
                .extracting(CallStatistics::group, CallStatistics::total, CallStatistics::answered)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("101-ep", 2L, 2L),
                        org.assertj.core.groups.Tuple.tuple("102-ep", 2L, 1L));
        assertThat(sink.statistics(q.groupBy(StatisticsQuery.Grouping.CONTEXT).serviceLevel(Duration.ofSeconds(30))))
                .extracting(CallStatistics::group, CallStatistics::answeredInTime)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sales", 1L),
                        org.assertj.core.groups.Tuple.tuple("support", 2L));
        assertThat(sink.missedCalls(q, 10)).extracting(MissedCall::key).containsExactly("c");
    }

    @Test
    void anEmptyPeriodHasNoGroups() {
        call("a", 0, 5, 60, "101-ep", "support");
        assertThat(sink.statistics(StatisticsQuery.between(T0.minusSeconds(60), T0))).isEmpty();
    }

    @Test
    void periodsAreCalendarDaysWeeksAndMonthsInTheZone() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T23:30:00Z"), ZoneOffset.UTC);   // Thursday 00:30 in Berlin
        ZoneId berlin = ZoneId.of("Europe/Berlin");

        assertThat(StatisticsQuery.today(berlin, clock).from()).isEqualTo(Instant.parse("2026-11-25T23:00:00Z"));
        assertThat(StatisticsQuery.thisWeek(berlin, clock).from()).isEqualTo(Instant.parse("2026-11-22T23:00:00Z"));
        assertThat(StatisticsQuery.thisWeek(berlin, clock).to()).isEqualTo(Instant.parse("2026-11-29T23:00:00Z"));
        assertThat(StatisticsQuery.thisMonth(berlin, clock).to()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
        assertThatThrownBy(() -> StatisticsQuery.between(T0, T0)).hasMessageStartingWith("to:");
    }
}
