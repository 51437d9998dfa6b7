package io.voipkit.spring.boot.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.voipkit.core.internal.Checks;
import io.voipkit.routing.RoutingEngine;
import io.voipkit.routing.RuleStatistics;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Routing meters: {@code voip.routing.decisions} (counter, tag {@code rule}: decisions made by
 * each rule, {@code (default)} for the default route; from {@link RoutingEngine#statistics()}),
 * {@code voip.routing.rule-set.version} (gauge). Counters of rules added by a reload are
 * registered when the {@link RuleFileReloader} reports the reload (or on {@link #refresh()}).
 */
public final class RoutingMeterBinder implements MeterBinder {
    private final RoutingEngine engine;
    private final List<MeterRegistry> bound = new CopyOnWriteArrayList<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    /**
     * @param engine   the engine to measure
     * @param reloader its rule-file reloader, or {@code null}
     */
    public RoutingMeterBinder(RoutingEngine engine, RuleFileReloader reloader) {
        this.engine = Checks.notNull(engine, "engine");
        if (reloader != null) {
            reloader.addListener(this::refresh);
        }
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        bound.add(meters);
        Gauge.builder("voip.routing.rule-set.version", engine, RoutingEngine::version)
                .description("version of the routing rule set in use (1 + reloads)").register(meters);
        for (RuleStatistics s : engine.statistics()) {
            counter(meters, s.ruleId());
        }
    }

    /** Registers the counters of rules that appeared since the last call. */
    public void refresh() {
        for (RuleStatistics s : engine.statistics()) {
            if (registered.add(s.ruleId())) {
                for (MeterRegistry m : bound) {
                    counter(m, s.ruleId());
                }
            }
        }
    }

    private void counter(MeterRegistry meters, String ruleId) {
        registered.add(ruleId);
        FunctionCounter.builder("voip.routing.decisions", engine,
                        e -> e.statistics(ruleId).map(RuleStatistics::matches).orElse(0L))
                .tag("rule", ruleId).description("routing decisions made by the rule").register(meters);
    }

    @Override
    public String toString() {
        return "RoutingMeterBinder";
    }
}
