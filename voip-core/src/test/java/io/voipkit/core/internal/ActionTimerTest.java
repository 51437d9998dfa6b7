package io.voipkit.core.internal;

import io.voipkit.core.ActionObserver;
import io.voipkit.core.ActionObserver.Outcome;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.PbxTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActionTimerTest {

    record Call(String pbx, String action, Duration latency, Outcome outcome) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final ActionTimer timer = new ActionTimer("office", (p, a, l, o) -> calls.add(new Call(p, a, l, o)));

    @Test
    void withNoneNothingIsTimedOrReported() {
        ActionTimer off = new ActionTimer("office", ActionObserver.NONE);
        assertThat(off.enabled()).isFalse();
        assertThat(off.start()).isZero();
        CompletableFuture<String> f = new CompletableFuture<>();
        assertThat(off.track(f, "Ping", 0, s -> true)).isSameAs(f);
        // no dependent was attached: nothing can run when it completes
        assertThat(f.getNumberOfDependents()).isZero();
    }

    @Test
    void recordReportsThePbxTheActionANonNegativeLatencyAndTheOutcome() {
        long start = timer.start();
        timer.record("Hangup", start, Outcome.FAILED);
        // a start "in the future" (a caller's bug) must still give a latency a timer accepts
        timer.record("Ping", System.nanoTime() + 1_000_000_000L, Outcome.SUCCESS);

        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).pbx()).isEqualTo("office");
        assertThat(calls.get(0).action()).isEqualTo("Hangup");
        assertThat(calls.get(0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(calls.get(0).latency()).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(calls.get(1).latency()).isEqualTo(Duration.ZERO);
    }

    @Test
    void theLatencyCoversTheTimeBetweenStartAndRecord() throws InterruptedException {
        long start = timer.start();
        Thread.sleep(30);
        timer.record("Ping", start, Outcome.SUCCESS);
        assertThat(calls.get(0).latency()).isGreaterThanOrEqualTo(Duration.ofMillis(30));
    }

    @Test
    void aThrowingObserverNeverReachesTheAction() {
        AtomicInteger told = new AtomicInteger();
        ActionTimer t = new ActionTimer("office", (p, a, l, o) -> {
            told.incrementAndGet();
            throw new IllegalStateException("broken observer");
        });
        t.record("Ping", t.start(), Outcome.SUCCESS);
        t.failed("Ping", t.start(), new PbxTimeoutException("Ping", Duration.ofSeconds(1)));
        CompletableFuture<String> f = t.track(new CompletableFuture<>(), "Ping", t.start(), s -> true);
        f.complete("ok");
        assertThat(f).isCompletedWithValue("ok");
        assertThat(told).hasValue(3);
    }

    @Test
    void trackReportsOnceWhenTheFutureCompletes() {
        CompletableFuture<String> ok = timer.track(new CompletableFuture<>(), "Originate", timer.start(), "Success"::equals);
        CompletableFuture<String> error = timer.track(new CompletableFuture<>(), "Hangup", timer.start(), "Success"::equals);
        CompletableFuture<String> lost = timer.track(new CompletableFuture<>(), "Redirect", timer.start(), s -> true);
        CompletableFuture<String> cancelled = timer.track(new CompletableFuture<>(), "Ping", timer.start(), s -> true);
        assertThat(calls).isEmpty();

        ok.complete("Success");
        error.complete("Error");
        lost.completeExceptionally(new CompletionException(new PbxNotConnectedException("gone")));
        cancelled.cancel(false);
        ok.complete("again"); // a second completion is ignored by the future, so nothing more is reported

        assertThat(calls).extracting(Call::action, Call::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Originate", Outcome.SUCCESS),
                org.assertj.core.groups.Tuple.tuple("Hangup", Outcome.FAILED),
                org.assertj.core.groups.Tuple.tuple("Redirect", Outcome.NOT_CONNECTED),
                org.assertj.core.groups.Tuple.tuple("Ping", Outcome.TIMEOUT));
    }

    @Test
    void aSuccessTestThatThrowsCountsAsFailed() {
        CompletableFuture<String> f = timer.track(new CompletableFuture<>(), "Getvar", timer.start(), s -> {
            throw new IllegalStateException("unreadable answer");
        });
        f.complete("x");
        assertThat(calls).extracting(Call::outcome).containsExactly(Outcome.FAILED);
    }

    @Test
    void failuresAreClassifiedThroughWrappers() {
        assertThat(ActionTimer.outcomeOf(new PbxTimeoutException("Ping", Duration.ofSeconds(1)))).isEqualTo(Outcome.TIMEOUT);
        assertThat(ActionTimer.outcomeOf(new TimeoutException())).isEqualTo(Outcome.TIMEOUT);
        assertThat(ActionTimer.outcomeOf(new CancellationException())).isEqualTo(Outcome.TIMEOUT);
        assertThat(ActionTimer.outcomeOf(new ExecutionException(new CompletionException(new PbxNotConnectedException("x")))))
                .isEqualTo(Outcome.NOT_CONNECTED);
        assertThat(ActionTimer.outcomeOf(new PbxActionFailedException("Hangup", "No such channel"))).isEqualTo(Outcome.FAILED);
        assertThat(ActionTimer.outcomeOf(new IllegalStateException())).isEqualTo(Outcome.FAILED);
        assertThat(ActionTimer.outcomeOf(new CompletionException(null))).isEqualTo(Outcome.FAILED);
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> new ActionTimer(null, ActionObserver.NONE)).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("pbxId:");
        assertThatThrownBy(() -> new ActionTimer("p", null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("observer:");
    }
}
