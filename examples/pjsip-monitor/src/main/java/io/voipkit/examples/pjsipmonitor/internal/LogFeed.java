package io.voipkit.examples.pjsipmonitor.internal;

import io.voipkit.core.event.LogLineReceived;
import io.voipkit.core.event.OverflowPolicy;
import io.voipkit.core.event.Subscription;
import io.voipkit.core.event.SubscriptionOptions;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Forwards each tailed log line as {@code logUpdate} to the sessions whose log subscription
 * matches it (its section's endpoints and optional text, level and source filters).
 *
 * <p>Lines come from the PBX's event bus on a subscription with its own bounded queue and the
 * {@link OverflowPolicy#DROP_OLDEST} policy: a log storm loses old lines on the way to the page
 * (they stay in the {@code LogBuffer}) but never slows the AMI connection or the status cards.
 * The JSON of a line is built once, and only when some session wants it.
 */
public final class LogFeed implements SmartLifecycle {
    static final int QUEUE_CAPACITY = 8192;

    private final MonitoredPbx runtime;
    private final Clients clients;
    private final JsonMapper json;
    private volatile Subscription subscription;

    /** A feed, not subscribed until {@link #start()}. */
    public LogFeed(MonitoredPbx runtime, Clients clients, JsonMapper json) {
        this.runtime = runtime;
        this.clients = clients;
        this.json = json;
    }

    private void deliver(LogLineReceived line) {
        String message = null;
        for (Clients.Client c : clients.all()) {
            var query = c.logQuery;
            if (query != null && query.matches(line)) {
                if (message == null) {
                    message = json.writeValueAsString(Views.LogUpdate.of(line));
                }
                c.send(message);
            }
        }
    }

    /** Lines dropped on the way to the page because the feed could not keep up. */
    public long dropped() {
        Subscription s = subscription;
        return s == null ? 0 : s.stats().dropped();
    }

    @Override
    public synchronized void start() {
        subscription = runtime.pbx().events().subscribe(LogLineReceived.class, line -> true, this::deliver,
                SubscriptionOptions.builder().queueCapacity(QUEUE_CAPACITY).overflowPolicy(OverflowPolicy.DROP_OLDEST)
                        .name("pjsip-monitor-logs").build());
    }

    @Override
    public synchronized void stop() {
        Subscription s = subscription;
        if (s != null) {
            s.close();
            subscription = null;
        }
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }

    @Override
    public String toString() {
        return "LogFeed[subscribed=" + isRunning() + "]";
    }
}
