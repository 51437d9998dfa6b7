package io.voipkit.spring.boot.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxRegistry;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.event.OverflowPolicy;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.QueueCallerJoined;
import io.voipkit.core.event.QueueMemberStatusChanged;
import io.voipkit.core.event.StateResynced;
import io.voipkit.core.event.SubscriptionOptions;
import io.voipkit.core.internal.Checks;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauges per PBX queue from the live state, tagged {@code pbx} and {@code queue}:
 * {@code voip.queue.waiting} (callers waiting) and {@code voip.queue.available} (members whose
 * device can take a call, not paused, not on a queue call). Queues appear after the PBX connects,
 * so the gauges of a queue are registered when it is first seen: at bind time, after a state
 * resync, or on its first caller or member event (a subscription of its own, named
 * {@code voipkit-queue-metrics}, that drops rather than blocks).
 */
public final class QueueMeterBinder implements MeterBinder {
    private final PbxRegistry registry;

    /** @param registry whose PBXs' queues to measure */
    public QueueMeterBinder(PbxRegistry registry) {
        this.registry = Checks.notNull(registry, "registry");
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        for (Pbx pbx : registry.all()) {
            Set<String> seen = ConcurrentHashMap.newKeySet();
            register(pbx, meters, seen);
            try {
                pbx.events().subscribe(PbxEvent.class,
                        e -> e instanceof StateResynced || e instanceof QueueCallerJoined
                                || e instanceof QueueMemberStatusChanged,
                        e -> register(pbx, meters, seen),
                        SubscriptionOptions.builder().name("voipkit-queue-metrics").queueCapacity(64)
                                .overflowPolicy(OverflowPolicy.DROP_OLDEST).build());
            } catch (IllegalStateException e) {
                // Closed already (shutdown race): nothing to watch.
            }
        }
    }

    /** Registers the gauges of queues not seen before; cheap when there is none. */
    static void register(Pbx pbx, MeterRegistry meters, Set<String> seen) {
        for (QueueStatus q : pbx.state().queues()) {
            String name = q.name();
            if (!seen.add(name)) {
                continue;
            }
            Gauge.builder("voip.queue.waiting", pbx, p -> queue(p, name) == null ? 0 : queue(p, name).calls())
                    .tags("pbx", pbx.id(), "queue", name).description("callers waiting in the queue")
                    .register(meters);
            Gauge.builder("voip.queue.available", pbx, p -> available(queue(p, name)))
                    .tags("pbx", pbx.id(), "queue", name).description("queue members who can take a call now")
                    .register(meters);
        }
    }

    private static QueueStatus queue(Pbx pbx, String name) {
        for (QueueStatus q : pbx.state().queues()) {
            if (q.name().equals(name)) {
                return q;
            }
        }
        return null;
    }

    static int available(QueueStatus q) {
        if (q == null) {
            return 0;
        }
        int n = 0;
        for (QueueMember m : q.members()) {
            if (m.status() != null && m.status().canTakeCall() && !m.paused() && !m.inCall()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "QueueMeterBinder[" + registry.ids() + "]";
    }
}
