package io.voipkit.cdr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialHandoffTest {

    private static boolean workerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith(SerialHandoff.THREAD_NAME_PREFIX)
                        && t.getName().endsWith("-serial-test"));
    }

    @Test
    void jobsRunOneAtATimeInOrderOnOneThread() throws Exception {
        List<Integer> done = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        SerialHandoff<Integer> handoff = SerialHandoff.threaded(i -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            threads.add(Thread.currentThread().getName());
            done.add(i);
            running.decrementAndGet();
        }, "serial-test");

        for (int i = 0; i < 1000; i++) {
            handoff.submit(i);
        }
        handoff.finish();

        assertThat(done).hasSize(1000).isSorted();
        assertThat(maxRunning).hasValue(1);
        assertThat(threads).allMatch(n -> n.startsWith(SerialHandoff.THREAD_NAME_PREFIX)).containsOnly(threads.get(0));
        assertThat(workerAlive()).isFalse();
    }

    @Test
    void afterAFailureNothingMoreRunsAndTheFailureIsThrownOnce() throws Exception {
        List<Integer> done = Collections.synchronizedList(new ArrayList<>());
        SerialHandoff<Integer> handoff = SerialHandoff.threaded(i -> {
            if (i == 3) {
                throw new IllegalStateException("job 3 failed");
            }
            done.add(i);
        }, "serial-test");

        Throwable thrown = null;
        for (int i = 0; i < 100 && thrown == null; i++) {
            try {
                handoff.submit(i);
            } catch (SerialHandoff.Failed e) {
                thrown = e;
            }
        }
        if (thrown == null) {
            // job 3 may still be in flight after the last submit: finish reports it
            assertThatThrownBy(handoff::finish).isInstanceOf(SerialHandoff.Failed.class)
                    .hasRootCauseMessage("job 3 failed");
        } else {
            assertThat(thrown).hasRootCauseMessage("job 3 failed");
            handoff.finish();       // already reported: not thrown again
        }
        assertThat(done).containsExactly(0, 1, 2);
        assertThat(workerAlive()).isFalse();
    }

    @Test
    void finishWithoutJobsStartsNoThreadAndSubmitAfterFinishIsRefused() {
        SerialHandoff<Integer> handoff = SerialHandoff.threaded(i -> { }, "serial-test");
        handoff.finish();
        handoff.finish();

        assertThat(workerAlive()).isFalse();
        assertThatThrownBy(() -> handoff.submit(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void inlineRunsOnTheCallerAndFailsUnwrapped() throws Exception {
        List<String> threads = new ArrayList<>();
        SerialHandoff<Integer> handoff = SerialHandoff.inline(i -> {
            if (i < 0) {
                throw new IllegalArgumentException("negative");
            }
            threads.add(Thread.currentThread().getName());
        });

        handoff.submit(1);
        assertThatThrownBy(() -> handoff.submit(-1)).isInstanceOf(IllegalArgumentException.class);
        handoff.finish();

        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }
}
