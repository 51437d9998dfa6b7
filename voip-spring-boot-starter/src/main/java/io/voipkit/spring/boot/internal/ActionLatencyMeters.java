package io.voipkit.spring.boot.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.voipkit.core.ActionObserver;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link ActionObserver} the starter gives every PBX it builds, recording each action into the
 * Micrometer timer {@value #NAME} with the tags {@code pbx}, {@code action} (the AMI action or
 * FreeSWITCH command, never its arguments) and {@code outcome} ({@code success}, {@code failed},
 * {@code timeout}, {@code not_connected}).
 *
 * <p>The PBXs are built before Spring Boot binds the meter binders, so this observer exists first
 * and learns its registries when {@link #bindTo(MeterRegistry)} is called; actions completed
 * before that are not recorded. An action's four outcome timers are registered together on its
 * first use (so a rate of timeouts reads 0, not "no data") and then looked up without
 * allocating: the tag values are bounded (the PBX ids, the few dozen actions the API sends, four
 * outcomes).
 *
 * <p>Histogram buckets and percentiles are off, as for every Micrometer timer; Spring Boot's
 * {@code management.metrics.distribution.percentiles-histogram.voip.action.latency=true} (or
 * {@code ...percentiles...}, {@code ...slo...}) switches them on.
 *
 * <p>Thread-safe: called concurrently from callers' threads and the adapters' threads.
 */
public final class ActionLatencyMeters implements ActionObserver, MeterBinder {
    /** The timer's name. */
    public static final String NAME = "voip.action.latency";
    private static final Outcome[] OUTCOMES = Outcome.values();

    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    /** pbx → action → timers, {@code [outcome ordinal * registries + registry index]}. */
    private final Map<String, Map<String, Timer[]>> timers = new ConcurrentHashMap<>();

    /** Records nothing until bound to a registry. */
    public ActionLatencyMeters() {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (registries.contains(registry)) {
            return;
        }
        registries.add(registry);
        // Timers cached so far lack the new registry: register them again on their next use.
        timers.clear();
    }

    @Override
    public void actionCompleted(String pbxId, String action, Duration latency, Outcome outcome) {
        if (registries.isEmpty()) {
            return;
        }
        Timer[] forAction = timers.computeIfAbsent(pbxId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(action, a -> register(pbxId, a));
        int n = forAction.length / OUTCOMES.length;
        for (int i = outcome.ordinal() * n, end = i + n; i < end; i++) {
            forAction[i].record(latency);
        }
    }

    private Timer[] register(String pbxId, String action) {
        List<MeterRegistry> regs = List.copyOf(registries);
        Timer[] t = new Timer[OUTCOMES.length * regs.size()];
        for (Outcome o : OUTCOMES) {
            for (int r = 0; r < regs.size(); r++) {
                t[o.ordinal() * regs.size() + r] = Timer.builder(NAME)
                        .description("time from sending an action to the PBX's answer, by outcome")
                        .tags("pbx", pbxId, "action", action, "outcome", o.name().toLowerCase(Locale.ROOT))
                        .register(regs.get(r));
            }
        }
        return t;
    }

    @Override
    public String toString() {
        return "ActionLatencyMeters[" + registries.size() + " registr" + (registries.size() == 1 ? "y" : "ies") + "]";
    }
}
