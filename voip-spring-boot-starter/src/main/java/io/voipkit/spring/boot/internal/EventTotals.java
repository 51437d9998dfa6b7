package io.voipkit.spring.boot.internal;

import io.voipkit.core.Pbx;
import io.voipkit.core.event.Subscription;
import io.voipkit.core.event.SubscriptionStats;
import io.voipkit.core.internal.Checks;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Monotonic totals of one PBX's subscription counters. The event bus lists only live
 * subscriptions, so a plain sum would fall when one closes; this keeps the last value of every
 * subscription that went away, so the totals only grow and a counter's rate (events per second)
 * stays right.
 *
 * <p>Thread-safe (synchronized; read only when metrics are scraped).
 */
public final class EventTotals {
    private final Pbx pbx;
    private final Map<String, SubscriptionStats> last = new HashMap<>();
    private long retiredDelivered;
    private long retiredDropped;
    private long retiredFailed;

    /** @param pbx whose subscriptions to count */
    public EventTotals(Pbx pbx) {
        this.pbx = Checks.notNull(pbx, "pbx");
    }

    /** Events handed to listeners, ever. */
    public synchronized long delivered() {
        return total(SubscriptionStats::delivered) + retiredDelivered;
    }

    /** Events discarded by overflow or close, ever. */
    public synchronized long dropped() {
        return total(SubscriptionStats::dropped) + retiredDropped;
    }

    /** Events whose listener threw, ever. */
    public synchronized long failed() {
        return total(SubscriptionStats::failed) + retiredFailed;
    }

    /** Events waiting in the live subscriptions' queues now. */
    public synchronized long queued() {
        long sum = 0;
        for (Subscription s : pbx.events().subscriptions()) {
            sum += s.stats().queueDepth();
        }
        return sum;
    }

    /** How many subscriptions are live now. */
    public int subscriptions() {
        return pbx.events().subscriptions().size();
    }

    private long total(ToLongFunction<SubscriptionStats> counter) {
        refresh();
        long sum = 0;
        for (SubscriptionStats s : last.values()) {
            sum += counter.applyAsLong(s);
        }
        return sum;
    }

    private void refresh() {
        Set<String> seen = new HashSet<>();
        for (Subscription s : pbx.events().subscriptions()) {
            seen.add(s.id());
            last.put(s.id(), s.stats());
        }
        last.entrySet().removeIf(e -> {
            if (seen.contains(e.getKey())) {
                return false;
            }
            retiredDelivered += e.getValue().delivered();
            retiredDropped += e.getValue().dropped();
            retiredFailed += e.getValue().failed();
            return true;
        });
    }
}
