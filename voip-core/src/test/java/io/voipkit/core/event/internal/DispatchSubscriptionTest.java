package io.voipkit.core.event.internal;

import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.RawFields;
import io.voipkit.core.event.SubscriptionOptions;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery task, driven step by step on the test thread. */
class DispatchSubscriptionTest {
    private static final Instant T = Instant.parse("2026-11-24T20:16:39Z");

    private static CallEnded ended(int seq) {
        return new CallEnded("pbx1", T, RawFields.empty(), "c", "u", null, null, null, seq, null, null);
    }

    /** Runs submitted tasks only when the test says so. */
    private static final class ManualExecutor implements java.util.concurrent.Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        int submitted;

        @Override
        public void execute(Runnable task) {
            submitted++;
            tasks.add(task);
        }

        void runAll() {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
            }
        }
    }

    @Test
    void anEventQueuedWhileTheTaskFindsTheQueueEmptyIsStillDelivered() {
        ManualExecutor executor = new ManualExecutor();
        List<Integer> seen = new ArrayList<>();
        DispatchSubscription<?>[] self = new DispatchSubscription<?>[1];
        // The publisher strikes exactly between "queue is empty" and "no task pending any more":
        // it sees a task pending and does not submit one, so the task itself must notice the event.
        BoundedEventQueue racingQueue = new BoundedEventQueue(8) {
            private boolean struck;

            @Override
            public int drainTo(Object[] batch) {
                int n = super.drainTo(batch);
                if (n == 0 && !struck) {
                    struck = true;
                    self[0].enqueue(ended(2));
                }
                return n;
            }
        };
        DispatchSubscription<CallEnded> sub = new DispatchSubscription<>("pbx1-1", CallEnded.class, null,
                e -> seen.add(e.cause()), SubscriptionOptions.builder().executor(executor).build(), "unused",
                s -> { }, racingQueue);
        self[0] = sub;

        sub.enqueue(ended(1));
        assertThat(executor.submitted).isEqualTo(1);
        executor.runAll();

        assertThat(seen).containsExactly(1, 2);
        assertThat(executor.submitted).as("the racing publisher did not submit a second task").isEqualTo(1);
        assertThat(sub.stats().queueDepth()).isZero();
    }

    @Test
    void onASharedExecutorTheTaskGivesTheThreadBackAfterABoundedTurnAndResubmits() {
        ManualExecutor executor = new ManualExecutor();
        List<Integer> seen = new ArrayList<>();
        DispatchSubscription<CallEnded> sub = new DispatchSubscription<>("pbx1-1", CallEnded.class, null,
                e -> seen.add(e.cause()),
                SubscriptionOptions.builder().executor(executor).queueCapacity(100_000).build(), "unused", s -> { });
        int n = 40_000; // more than 64 batches of 256
        for (int i = 0; i < n; i++) {
            sub.enqueue(ended(i));
        }
        assertThat(executor.submitted).isEqualTo(1);
        executor.tasks.poll().run(); // one turn
        assertThat(seen).hasSize(64 * 256);
        assertThat(executor.tasks).hasSize(1);
        executor.runAll();
        assertThat(seen).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
        assertThat(sub.stats().delivered()).isEqualTo(n);
    }
}
