package io.voipkit.core.internal;

import io.voipkit.core.Channel;
import io.voipkit.core.ChannelState;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.EventDispatcher;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.RawFields;
import io.voipkit.core.event.UnknownEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ReadBatchTest {
    private static final Instant T = Instant.parse("2026-11-26T02:00:00Z");

    private final LiveStateStore store = new LiveStateStore();
    private final EventDispatcher dispatcher = new EventDispatcher("pbx1");
    private final ReadBatch batch = new ReadBatch("pbx1", store, dispatcher);
    /** Per delivered event: its name and how many channels the state held when it was delivered. */
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        dispatcher.close();
    }

    private static PbxEvent event(String name) {
        return new UnknownEvent("pbx1", T, RawFields.empty(), name);
    }

    private void created(String uniqueId) {
        batch.beforeStateWrite();
        store.channelCreated(new Channel("PJSIP/101-ep-" + uniqueId, uniqueId, uniqueId, ChannelState.UP, null, null,
                null, null, null, T, null));
    }

    @Test
    void stateWrittenDuringAReadIsHiddenUntilPublishAndEveryEventSeesAllOfIt() {
        dispatcher.subscribe(PbxEvent.class, e -> delivered.add(e.name() + "@" + store.channels().size()));
        created("1.1");
        batch.add(event("a"));
        created("1.2");
        batch.add(event("b"));
        // one snapshot per read: readers on other threads do not see the read's writes yet
        assertThat(onOtherThread()).isZero();
        batch.publish();
        assertThat(store.channels()).hasSize(2);
        await().atMost(5, TimeUnit.SECONDS).until(() -> delivered.size() == 2);
        // in order, and each subscriber sees the state of the whole read, never older than its event
        assertThat(delivered).containsExactly("a@2", "b@2");
    }

    @Test
    void publishStateShowsTheStateButKeepsTheEventsForTheBatchEnd() throws InterruptedException {
        dispatcher.subscribe(PbxEvent.class, e -> delivered.add(e.name() + "@" + store.channels().size()));
        created("3.1");
        batch.add(event("a"));
        batch.publishState();                // before a reply wakes a caller
        assertThat(onOtherThread()).isEqualTo(1);
        created("3.2");                      // later writes of the same read: a new state batch
        batch.add(event("b"));
        assertThat(onOtherThread()).isEqualTo(1);
        Thread.sleep(50);
        assertThat(delivered).isEmpty();     // no event was handed on yet
        batch.publish();
        await().atMost(5, TimeUnit.SECONDS).until(() -> delivered.size() == 2);
        assertThat(delivered).containsExactly("a@2", "b@2");
    }

    @Test
    void publishWithNothingAddedDoesNothingAndTheBatchIsReusable() {
        dispatcher.subscribe(PbxEvent.class, e -> delivered.add(e.name()));
        batch.publish();
        for (int i = 0; i < 200; i++) {      // past the initial capacity of 64
            batch.add(event("e" + i));
        }
        batch.publish();
        batch.add(event("next"));
        batch.publish();
        await().atMost(5, TimeUnit.SECONDS).until(() -> delivered.size() == 201);
        assertThat(delivered.get(0)).isEqualTo("e0");
        assertThat(delivered.get(199)).isEqualTo("e199");
        assertThat(delivered.get(200)).isEqualTo("next");
    }

    @Test
    void aBatchTheDispatcherRefusesIsLoggedAndTheNextOneGoesThrough() {
        dispatcher.subscribe(PbxEvent.class, e -> delivered.add(e.name()));
        batch.add(event("before"));
        batch.add(new UnknownEvent("another-pbx", T, RawFields.empty(), "refused")); // publishAll throws here
        batch.add(event("after"));
        created("2.1");
        batch.publish();                     // must not throw on the reader thread
        assertThat(store.channels()).hasSize(1);  // the state went out first
        batch.add(event("next"));
        batch.publish();
        await().atMost(5, TimeUnit.SECONDS).until(() -> delivered.contains("next"));
        // the events before the refused one were published (publishAll's contract), the rest of that
        // batch is lost with a log line, and nothing of it is published again with the next batch
        assertThat(delivered).containsExactly("before", "next");
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> new ReadBatch(null, store, dispatcher)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new ReadBatch("pbx1", null, dispatcher)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new ReadBatch("pbx1", store, null)).isInstanceOf(InvalidRequestException.class);
    }

    private int onOtherThread() {
        int[] n = new int[1];
        Thread t = new Thread(() -> n[0] = store.channels().size());
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return n[0];
    }
}
