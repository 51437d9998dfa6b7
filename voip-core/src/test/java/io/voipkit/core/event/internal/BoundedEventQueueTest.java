package io.voipkit.core.event.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BoundedEventQueueTest {

    private static List<Object> drainAll(BoundedEventQueue q) {
        List<Object> out = new ArrayList<>();
        Object[] batch = new Object[3];
        int n;
        while ((n = q.drainTo(batch)) > 0) {
            out.addAll(Arrays.asList(batch).subList(0, n));
            Arrays.fill(batch, null);
        }
        return out;
    }

    @Test
    void keepsFifoOrderAcrossTheRingsWrapAround() {
        BoundedEventQueue q = new BoundedEventQueue(4);
        List<Object> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            assertThat(q.offerOrDrop(i)).isTrue();
            if (i % 3 == 2) {
                seen.addAll(drainAll(q));
            }
        }
        seen.addAll(drainAll(q));
        assertThat(seen).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
        assertThat(q.dropped()).isZero();
    }

    @Test
    void dropOldestRemovesExactlyTheOldestAndCountsIt() {
        BoundedEventQueue q = new BoundedEventQueue(3);
        for (int i = 0; i < 10; i++) {
            q.offerDropOldest(i);
        }
        assertThat(q.dropped()).isEqualTo(7);
        assertThat(drainAll(q)).containsExactly(7, 8, 9);
    }

    @Test
    void failModeRefusesAndCountsTheEventThatDidNotFit() {
        BoundedEventQueue q = new BoundedEventQueue(2);
        assertThat(q.offerOrDrop("a")).isTrue();
        assertThat(q.offerOrDrop("b")).isTrue();
        assertThat(q.offerOrDrop("c")).isFalse();
        assertThat(q.dropped()).isEqualTo(1);
        assertThat(drainAll(q)).containsExactly("a", "b");
    }

    @Test
    void closeCountsQueuedEventsAndReleasesABlockedPut() throws Exception {
        BoundedEventQueue q = new BoundedEventQueue(1);
        assertThat(q.put("a")).isEqualTo(BoundedEventQueue.QUEUED);
        CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> q.put("b"));
        await().atMost(Duration.ofSeconds(30)).until(() -> q.waitingPublishers() == 1);
        assertThat(blocked).isNotDone();
        q.close();
        assertThat(blocked.get(30, TimeUnit.SECONDS)).isEqualTo(BoundedEventQueue.CLOSED);
        assertThat(q.dropped()).isEqualTo(1);
        assertThat(q.size()).isZero();
        assertThat(q.offerDropOldest("c")).isFalse();
        q.close();
        assertThat(q.dropped()).isEqualTo(1);
    }

    @Test
    void interruptedPutGivesUpCountsTheEventAndKeepsTheInterruptFlag() {
        BoundedEventQueue q = new BoundedEventQueue(1);
        q.put("a");
        Thread.currentThread().interrupt();
        try {
            assertThat(q.put("b")).isEqualTo(BoundedEventQueue.INTERRUPTED);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(q.dropped()).isEqualTo(1);
        assertThat(drainAll(q)).containsExactly("a");
    }

    @Test
    void drainWakesABlockedPut() throws Exception {
        BoundedEventQueue q = new BoundedEventQueue(1);
        q.put("a");
        CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> q.put("b"));
        await().atMost(Duration.ofSeconds(30)).until(() -> q.waitingPublishers() == 1);
        assertThat(blocked).isNotDone();
        Object[] one = new Object[1];
        assertThat(q.drainTo(one)).isEqualTo(1);
        assertThat(one[0]).isEqualTo("a");
        assertThat(blocked.get(30, TimeUnit.SECONDS)).isEqualTo(BoundedEventQueue.QUEUED);
        assertThat(drainAll(q)).containsExactly("b");
    }
}
