package io.voipkit.core;

import io.voipkit.core.ActionObserver.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActionObserverTest {

    private static ActionObserver recording(List<String> calls, String name) {
        return (pbx, action, latency, outcome) -> calls.add(name + ":" + pbx + "/" + action + "/" + latency.toMillis()
                + "/" + outcome);
    }

    @Test
    void andThenTellsBothInOrder() {
        List<String> calls = new ArrayList<>();
        recording(calls, "a").andThen(recording(calls, "b"))
                .actionCompleted("office", "Hangup", Duration.ofMillis(7), Outcome.FAILED);
        assertThat(calls).containsExactly("a:office/Hangup/7/FAILED", "b:office/Hangup/7/FAILED");
    }

    @Test
    void whenTheFirstThrowsTheSecondIsStillToldAndTheFirstFailureRethrown() {
        List<String> calls = new ArrayList<>();
        IllegalStateException first = new IllegalStateException("first");
        ActionObserver throwing = (pbx, action, latency, outcome) -> {
            throw first;
        };
        ActionObserver alsoThrowing = (pbx, action, latency, outcome) -> {
            calls.add("second");
            throw new IllegalArgumentException("second");
        };
        assertThatThrownBy(() -> throwing.andThen(recording(calls, "b"))
                .actionCompleted("p", "Ping", Duration.ZERO, Outcome.SUCCESS)).isSameAs(first);
        assertThat(calls).containsExactly("b:p/Ping/0/SUCCESS");
        assertThatThrownBy(() -> throwing.andThen(alsoThrowing)
                .actionCompleted("p", "Ping", Duration.ZERO, Outcome.SUCCESS))
                .isSameAs(first).satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    }

    @Test
    void composingWithNoneReturnsTheOtherObserver() {
        ActionObserver a = (pbx, action, latency, outcome) -> { };
        assertThat(ActionObserver.NONE.andThen(a)).isSameAs(a);
        assertThat(a.andThen(ActionObserver.NONE)).isSameAs(a);
        assertThat(ActionObserver.NONE.andThen(ActionObserver.NONE)).isSameAs(ActionObserver.NONE);
        assertThatThrownBy(() -> a.andThen(null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("next:");
    }
}
