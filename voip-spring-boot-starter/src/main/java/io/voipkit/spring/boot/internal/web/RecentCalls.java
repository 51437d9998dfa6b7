package io.voipkit.spring.boot.internal.web;

import io.voipkit.core.CallRecord;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxRegistry;
import io.voipkit.core.event.CallRecordCreated;
import io.voipkit.core.event.OverflowPolicy;
import io.voipkit.core.event.Subscription;
import io.voipkit.core.event.SubscriptionOptions;
import io.voipkit.core.internal.Checks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * The last finished calls of every PBX, newest first, for the dashboard: each
 * {@link CallRecordCreated} event (Asterisk's {@code Cdr} event) is kept in a ring buffer of
 * fixed size. Calls that ended while the application was not running are not here (they are in
 * the imported call log).
 *
 * <p>Thread-safe. Subscribes in {@link #start()} (phase before the PBXs connect) and
 * unsubscribes in {@link #stop()}.
 */
public final class RecentCalls implements SmartLifecycle {
    /** One finished call and the PBX it came from. */
    public record Entry(String pbx, CallRecord record) {
    }

    private final PbxRegistry registry;
    private final int capacity;
    private final ArrayDeque<Entry> entries;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private boolean running;

    /**
     * @param registry the PBXs to listen to
     * @param capacity how many calls to keep (1 to 10000)
     */
    public RecentCalls(PbxRegistry registry, int capacity) {
        this.registry = Checks.notNull(registry, "registry");
        this.capacity = Checks.inRange(capacity, 1, 10_000, "capacity");
        this.entries = new ArrayDeque<>(capacity);
    }

    /** Remembers a finished call (called by the subscriptions; public for tests and custom feeds). */
    public void add(String pbx, CallRecord record) {
        Entry e = new Entry(Checks.notNull(pbx, "pbx"), Checks.notNull(record, "record"));
        synchronized (entries) {
            if (entries.size() == capacity) {
                entries.removeLast();
            }
            entries.addFirst(e);
        }
    }

    /** Up to {@code limit} calls, newest first. */
    public List<Entry> latest(int limit) {
        synchronized (entries) {
            List<Entry> out = new ArrayList<>(Math.min(limit, entries.size()));
            for (Entry e : entries) {
                if (out.size() >= limit) {
                    break;
                }
                out.add(e);
            }
            return out;
        }
    }

    /** How many calls it keeps at most. */
    public int capacity() {
        return capacity;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        for (Pbx pbx : registry.all()) {
            String id = pbx.id();
            try {
                // A queue of its own that drops the oldest: the dashboard list must never slow the PBX's events.
                subscriptions.add(pbx.events().subscribe(CallRecordCreated.class, e -> true, e -> add(id, e.record()),
                        SubscriptionOptions.builder().name("voipkit-recent-calls").queueCapacity(256)
                                .overflowPolicy(OverflowPolicy.DROP_OLDEST).build()));
            } catch (IllegalStateException e) {
                // That PBX is closed already: nothing to listen to.
            }
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        for (Subscription s : subscriptions) {
            s.close();
        }
        subscriptions.clear();
        running = false;
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    /** Before the PBX connector (which starts at {@code Integer.MIN_VALUE + 1000}): no event is missed. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 500;
    }

    @Override
    public String toString() {
        return "RecentCalls[capacity " + capacity + "]";
    }
}
