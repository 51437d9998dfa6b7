package io.voipkit.core.internal;

import io.voipkit.core.CallQuality;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.CallQualityWindow.Outcome;
import io.voipkit.core.internal.CallQualityWindow.Sample;
import io.voipkit.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallQualityWindowTest {
    private final MutableClock clock = new MutableClock();

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void computesCountsRatesAndAverages() {
        CallQualityWindow w = new CallQualityWindow(clock);
        w.record(Outcome.ANSWERED, s(10), s(120));
        w.record(Outcome.ANSWERED, s(20), s(5));      // short
        w.record(Outcome.UNANSWERED, s(30), Duration.ZERO);
        w.record(Outcome.ABANDONED, s(40), Duration.ZERO);
        w.record(Outcome.FAILED, Duration.ZERO, Duration.ZERO);

        CallQuality q = w.snapshot(Duration.ofHours(1));

        assertThat(q.totalCalls()).isEqualTo(5);
        assertThat(q.answered()).isEqualTo(2);
        assertThat(q.unanswered()).isEqualTo(1);
        assertThat(q.abandoned()).isEqualTo(1);
        assertThat(q.failed()).isEqualTo(1);
        assertThat(q.shortCalls()).isEqualTo(1);
        assertThat(q.answerRate()).isEqualTo(0.4);
        assertThat(q.shortCallRatio()).isEqualTo(0.5);
        assertThat(q.averageWait()).isEqualTo(s(15));
        assertThat(q.averageTalk()).isEqualTo(Duration.ofMillis(62_500));
        assertThat(q.averageDuration()).isEqualTo(s(45));   // (130 + 25 + 30 + 40 + 0) / 5
        assertThat(q.to()).isEqualTo(clock.instant());
        assertThat(q.window()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void onlyCallsThatEndedInTheWindowCount() {
        CallQualityWindow w = new CallQualityWindow(clock);
        w.record(Outcome.ANSWERED, s(1), s(60));
        clock.advance(Duration.ofMinutes(30));
        w.record(Outcome.FAILED, Duration.ZERO, Duration.ZERO);

        assertThat(w.snapshot(Duration.ofMinutes(10)).totalCalls()).isEqualTo(1);
        assertThat(w.snapshot(Duration.ofMinutes(30)).totalCalls()).isEqualTo(2);
    }

    @Test
    void samplesOlderThanTheRetentionAreEvicted() {
        CallQualityWindow w = new CallQualityWindow(Duration.ofHours(1), s(10), 100, clock);
        w.record(Outcome.ANSWERED, s(1), s(60));
        clock.advance(Duration.ofMinutes(61));
        w.record(Outcome.ANSWERED, s(1), s(60));

        assertThat(w.size()).isEqualTo(1);
        w.record(new Sample(clock.instant().minus(Duration.ofHours(2)), Outcome.FAILED, Duration.ZERO, Duration.ZERO));
        assertThat(w.size()).as("a sample already past the retention is ignored").isEqualTo(1);
    }

    @Test
    void outOfOrderSamplesAreCountedByTheirEndTime() {
        CallQualityWindow w = new CallQualityWindow(clock);
        clock.advance(Duration.ofMinutes(30));
        w.record(Outcome.ANSWERED, s(1), s(60));
        w.record(new Sample(clock.instant().minus(Duration.ofMinutes(20)), Outcome.FAILED, Duration.ZERO, Duration.ZERO));

        assertThat(w.snapshot(Duration.ofMinutes(10)).totalCalls()).isEqualTo(1);
        assertThat(w.snapshot(Duration.ofMinutes(25)).totalCalls()).isEqualTo(2);
    }

    @Test
    void theBoundDropsTheOldestAndCountsThem() {
        CallQualityWindow w = new CallQualityWindow(Duration.ofHours(1), s(10), 3, clock);
        for (int i = 0; i < 5; i++) {
            w.record(i == 0 ? Outcome.FAILED : Outcome.ANSWERED, s(1), i == 0 ? Duration.ZERO : s(60));
        }
        assertThat(w.size()).isEqualTo(3);
        assertThat(w.overflowed()).isEqualTo(2);
        assertThat(w.snapshot(Duration.ofHours(1)).failed()).isZero();
    }

    @Test
    void emptyWindowIsAllZero() {
        CallQuality q = new CallQualityWindow(clock).snapshot(Duration.ofMinutes(5));
        assertThat(q.totalCalls()).isZero();
        assertThat(q.averageWait()).isZero();
        assertThat(q.answerRate()).isZero();
    }

    @Test
    void invalidArgumentsAreRejected() {
        CallQualityWindow w = new CallQualityWindow(Duration.ofHours(1), s(10), 3, clock);
        assertField(() -> w.snapshot(Duration.ZERO), "window");
        assertField(() -> w.snapshot(Duration.ofHours(2)), "window");
        assertField(() -> w.record(Outcome.UNANSWERED, s(1), s(1)), "talk");
        assertField(() -> w.record(Outcome.ANSWERED, s(-1), s(1)), "waitTime");
        assertField(() -> w.record(null, s(1), s(1)), "outcome");
        assertField(() -> new CallQualityWindow(Duration.ZERO, s(1), 1, clock), "retention");
        assertField(() -> new CallQualityWindow(s(1), s(1), 0, clock), "maxSamples");
    }

    @Test
    void concurrentRecordingLosesNothing() throws Exception {
        CallQualityWindow w = new CallQualityWindow(clock);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        w.record(Outcome.ANSWERED, s(1), s(30));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(w.snapshot(Duration.ofMinutes(1)).answered()).isEqualTo(40_000);
    }

    private static void assertField(Runnable r, String field) {
        assertThatThrownBy(r::run)
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
