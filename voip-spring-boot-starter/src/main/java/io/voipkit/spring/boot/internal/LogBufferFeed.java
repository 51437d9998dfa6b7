package io.voipkit.spring.boot.internal;

import io.voipkit.ami.LogBuffer;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxRegistry;
import io.voipkit.core.event.LogLineReceived;
import io.voipkit.core.event.OverflowPolicy;
import io.voipkit.core.event.Subscription;
import io.voipkit.core.event.SubscriptionOptions;
import io.voipkit.core.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * Fills the {@link LogBuffer} bean with the {@link LogLineReceived} events of every PBX of the
 * registry (those with log files publish them; the others never do), so one buffer serves a log
 * viewer for all PBXs ({@link LogLineReceived#pbxId()} tells them apart).
 *
 * <p>Subscribes before the PBXs connect (a phase below {@link PbxConnector#PHASE}), so no line
 * tailed after the connect is missed. Each subscription is named {@link #SUBSCRIPTION} and has a
 * queue of its own that drops the oldest line when full: a log storm may lose lines on the way
 * to the buffer (counted in the subscription's statistics and {@code voip.events.dropped}) but
 * never slows the PBX's event dispatch. Thread-safe.
 */
public final class LogBufferFeed implements SmartLifecycle {
    /** The name of each PBX's subscription. */
    public static final String SUBSCRIPTION = "voipkit-log-buffer";
    /** Starts before the connector, stops after it. */
    public static final int PHASE = PbxConnector.PHASE - 10;

    private final PbxRegistry registry;
    private final LogBuffer buffer;
    private final int queueCapacity;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private boolean running;

    /**
     * @param registry      whose PBXs' log lines to keep
     * @param buffer        where to keep them
     * @param queueCapacity the bound of each subscription's queue
     */
    public LogBufferFeed(PbxRegistry registry, LogBuffer buffer, int queueCapacity) {
        this.registry = Checks.notNull(registry, "registry");
        this.buffer = Checks.notNull(buffer, "buffer");
        this.queueCapacity = Checks.positive(queueCapacity, "queueCapacity");
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (Pbx pbx : registry.all()) {
            try {
                subscriptions.add(pbx.events().subscribe(LogLineReceived.class, line -> true, buffer::add,
                        SubscriptionOptions.builder().name(SUBSCRIPTION).queueCapacity(queueCapacity)
                                .overflowPolicy(OverflowPolicy.DROP_OLDEST).build()));
            } catch (IllegalStateException e) {
                // Closed already (shutdown race): no lines will come.
            }
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (Subscription s : subscriptions) {
            s.close();
        }
        subscriptions.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Lines lost on the way to the buffer because a subscription's queue was full. */
    public synchronized long dropped() {
        long sum = 0;
        for (Subscription s : subscriptions) {
            sum += s.stats().dropped();
        }
        return sum;
    }

    @Override
    public synchronized String toString() {
        return "LogBufferFeed[pbx=" + registry.ids() + ", capacity=" + buffer.capacity() + ", running=" + running + "]";
    }
}
