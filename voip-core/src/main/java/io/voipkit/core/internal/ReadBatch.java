package io.voipkit.core.internal;

import io.voipkit.core.event.EventDispatcher;
import io.voipkit.core.event.PbxEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * The events of one socket read of a PBX connection, on their way from the adapter's reader
 * thread to the subscribers: the adapters (Asterisk and FreeSWITCH alike) add each mapped event
 * here and write its live-state change inside one {@link LiveStateStore} batch per read, and
 * {@link #publish()} at the end of the read makes the state visible first and then hands the
 * events to the dispatcher as one batch ({@link #publishState()} publishes only the state, before
 * a reply wakes a caller). So each
 * subscriber's thread is woken once per read rather than once per event, the state is written
 * as one snapshot rather than one per event, and no subscriber sees an event before its state.
 * Under {@code BLOCK} {@link #publish()} is where the reader waits for a full queue, which stops
 * it reading (TCP backpressure). Reader thread only.
 */
public final class ReadBatch {
    private static final Logger LOG = LoggerFactory.getLogger(ReadBatch.class);

    private final String pbxId;
    private final LiveStateStore store;
    private final EventDispatcher dispatcher;
    private PbxEvent[] events = new PbxEvent[64];
    private int size;
    /** Whether a LiveStateStore write batch is open (until {@link #publish()}). */
    private boolean stateOpen;

    /**
     * @param pbxId      for log lines
     * @param store      the live state the reader writes
     * @param dispatcher where the events go
     */
    public ReadBatch(String pbxId, LiveStateStore store, EventDispatcher dispatcher) {
        this.pbxId = Checks.notNull(pbxId, "pbxId");
        this.store = Checks.notNull(store, "store");
        this.dispatcher = Checks.notNull(dispatcher, "dispatcher");
    }

    /** Call before writing an event's state change: the first call of a read opens the state batch. */
    public void beforeStateWrite() {
        if (!stateOpen) {
            stateOpen = store.beginBatch();
        }
    }

    /** Adds an event to publish with this read. */
    public void add(PbxEvent event) {
        if (size == events.length) {
            events = Arrays.copyOf(events, size * 2);
        }
        events[size++] = event;
    }

    /**
     * Publishes the state written so far, not the events: before a reply or an event waiter wakes
     * a caller, who must find that state. Never blocks (the events, which may, wait for
     * {@link #publish()}); later writes of the same read open a new state batch.
     */
    public void publishState() {
        if (stateOpen) {
            stateOpen = false;
            store.endBatch();
        }
    }

    /** Publishes the state written since the last call, then the events added since (in order). */
    public void publish() {
        publishState(); // the state first: subscribers must not see an event before its state
        int n = size;
        if (n == 0) {
            return;
        }
        size = 0;
        try {
            dispatcher.publishAll(events, 0, n);
        } catch (RuntimeException ex) {
            LOG.error("PBX {}: publishing {} event(s) failed", pbxId, n, ex);
        } finally {
            Arrays.fill(events, 0, n, null); // do not keep delivered events alive
        }
    }
}
