package io.voipkit.spring.boot.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxRegistry;
import io.voipkit.core.event.OverflowPolicy;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.SubscriptionOptions;
import io.voipkit.core.internal.Checks;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Micrometer meters for every PBX of the registry (those registered when the meters are bound),
 * each tagged {@code pbx=<id>}:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>meaning</th></tr>
 *   <tr><td>voip.connection.connected</td><td>gauge</td><td>1 while connected, else 0</td></tr>
 *   <tr><td>voip.connection.state</td><td>gauge, tag {@code state}</td><td>1 for the current {@link ConnectionState}, 0 for the others</td></tr>
 *   <tr><td>voip.events.received</td><td>counter</td><td>events the PBX sent (its rate is events/s); counted by a
 *       subscription of its own, named {@code voipkit-metrics}, that drops rather than blocks</td></tr>
 *   <tr><td>voip.events.delivered</td><td>counter</td><td>events handed to the application's listeners</td></tr>
 *   <tr><td>voip.events.dropped</td><td>counter</td><td>events discarded by a full DROP_OLDEST/FAIL queue or on close</td></tr>
 *   <tr><td>voip.events.failed</td><td>counter</td><td>events whose listener threw</td></tr>
 *   <tr><td>voip.events.queued</td><td>gauge</td><td>events waiting in subscription queues</td></tr>
 *   <tr><td>voip.events.subscriptions</td><td>gauge</td><td>live subscriptions</td></tr>
 *   <tr><td>voip.endpoints</td><td>gauge, tag {@code status}</td><td>endpoints ONLINE / OFFLINE / UNKNOWN in the live state</td></tr>
 *   <tr><td>voip.calls.active</td><td>gauge</td><td>calls in the live state</td></tr>
 * </table>
 *
 * <p>The delivered / dropped / failed totals are sums over the subscriptions seen at each
 * scrape; a subscription that opens and closes between two scrapes is not counted (the event
 * bus has no cumulative totals yet).
 */
public final class PbxMeterBinder implements MeterBinder {
    /** The name of the subscription that counts {@code voip.events.received}. */
    public static final String METRICS_SUBSCRIPTION = "voipkit-metrics";
    private final PbxRegistry registry;
    /**
     * Micrometer holds the state objects of gauges and function counters only weakly: without
     * this strong reference the totals were collected and the meters read NaN after a GC
     * (found by StarterRealAsteriskIT).
     */
    private final List<EventTotals> totals = new CopyOnWriteArrayList<>();

    /** @param registry whose PBXs to measure */
    public PbxMeterBinder(PbxRegistry registry) {
        this.registry = Checks.notNull(registry, "registry");
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        for (Pbx pbx : registry.all()) {
            String id = pbx.id();
            Gauge.builder("voip.connection.connected", pbx, p -> p.connectionState() == ConnectionState.CONNECTED ? 1 : 0)
                    .tag("pbx", id).description("1 while the PBX is connected, else 0").register(meters);
            for (ConnectionState state : ConnectionState.values()) {
                Gauge.builder("voip.connection.state", pbx, p -> p.connectionState() == state ? 1 : 0)
                        .tags("pbx", id, "state", state.name()).description("1 for the PBX's current connection state")
                        .register(meters);
            }
            Counter received = Counter.builder("voip.events.received").tag("pbx", id)
                    .description("events the PBX sent").register(meters);
            try {
                // A queue of its own that drops, so that counting never slows the PBX's dispatch.
                pbx.events().subscribe(PbxEvent.class, e -> true, e -> received.increment(),
                        SubscriptionOptions.builder().name(METRICS_SUBSCRIPTION).queueCapacity(1024)
                                .overflowPolicy(OverflowPolicy.DROP_OLDEST).build());
            } catch (IllegalStateException e) {
                // Closed already (shutdown race): nothing to count.
            }
            EventTotals totals = new EventTotals(pbx);
            this.totals.add(totals);
            FunctionCounter.builder("voip.events.delivered", totals, EventTotals::delivered)
                    .tag("pbx", id).description("events handed to listeners").register(meters);
            FunctionCounter.builder("voip.events.dropped", totals, EventTotals::dropped)
                    .tag("pbx", id).description("events discarded by a full subscription queue or on close").register(meters);
            FunctionCounter.builder("voip.events.failed", totals, EventTotals::failed)
                    .tag("pbx", id).description("events whose listener threw").register(meters);
            Gauge.builder("voip.events.queued", totals, EventTotals::queued)
                    .tag("pbx", id).description("events waiting in subscription queues").register(meters);
            Gauge.builder("voip.events.subscriptions", totals, EventTotals::subscriptions)
                    .tag("pbx", id).description("live event subscriptions").register(meters);
            for (EndpointStatus status : EndpointStatus.values()) {
                Gauge.builder("voip.endpoints", pbx, p -> countEndpoints(p, status))
                        .tags("pbx", id, "status", status.name()).description("endpoints by registration status")
                        .register(meters);
            }
            Gauge.builder("voip.calls.active", pbx, p -> p.state().calls().size())
                    .tag("pbx", id).description("calls in progress").register(meters);
        }
    }

    private static long countEndpoints(Pbx pbx, EndpointStatus status) {
        long n = 0;
        for (Endpoint e : pbx.state().endpoints()) {
            if (e.status() == status) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "PbxMeterBinder[" + registry.ids() + "]";
    }
}
