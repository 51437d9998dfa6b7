package io.voipkit.simulator;

import io.voipkit.core.internal.Checks;
import io.voipkit.simulator.internal.TrafficLoop;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Random but reproducible traffic for a {@link PbxSimulator}: phones register and unregister, call
 * each other with realistic ring and talk times, and outside callers enter the queues. The decisions
 * come from one {@link Random} seeded with {@link #seed()}, so the same seed gives the same sequence
 * of {@link #plan(int) steps} (wall-clock timing of when each step runs may vary).
 *
 * <pre>{@code
 * try (PbxSimulator sim = PbxSimulator.builder().endpoints(10).build().start()) {
 *     TrafficGenerator traffic = sim.traffic(42, 2.0);   // seed 42, 2 calls per second
 *     traffic.start();
 *     ...
 *     traffic.stop();
 * }
 * }</pre>
 *
 * <p>Thread-safe; {@link #start()} and {@link #stop()} may be called from any thread.
 */
public final class TrafficGenerator {
    /** One planned step: what happens, between whom, and how long it lasts. */
    public record Step(Kind kind, String from, String to, Duration ring, Duration talk) {
        /** Kinds of traffic steps. */
        public enum Kind { REGISTER, UNREGISTER, CALL, QUEUE_CALL }
    }

    private final PbxSimulator sim;
    private final long seed;
    private final List<String> endpoints;
    private final TrafficLoop<Step> loop;
    /** Phones in a call this generator placed: a real phone with one line does not take a second one. */
    private final java.util.Set<String> busy = java.util.concurrent.ConcurrentHashMap.newKeySet();

    TrafficGenerator(PbxSimulator sim, long seed, double callsPerSecond, List<String> endpoints) {
        if (!(callsPerSecond > 0) || callsPerSecond > 1000) {
            throw new io.voipkit.core.InvalidRequestException("callsPerSecond", "must be > 0 and <= 1000, was " + callsPerSecond);
        }
        Checks.copyOf(endpoints, "endpoints");
        if (endpoints.size() < 2) {
            throw new io.voipkit.core.InvalidRequestException("endpoints", "traffic needs at least 2 endpoints, has " + endpoints.size());
        }
        this.sim = sim;
        this.seed = seed;
        this.endpoints = List.copyOf(endpoints);
        this.loop = new TrafficLoop<>("voipkit-sim-traffic-" + seed, seed, callsPerSecond, this::nextStep, this::run);
    }

    /** The seed the decisions come from. */
    public long seed() {
        return seed;
    }

    /**
     * The first {@code count} steps this seed produces, without running them: a fresh generator
     * with the same seed and endpoints runs exactly these steps in this order.
     */
    public List<Step> plan(int count) {
        Checks.nonNegative(count, "count");
        return TrafficLoop.plan(seed, count, this::nextStep);
    }

    private Step nextStep(Random r) {
        TrafficLoop.Draw d = TrafficLoop.Draw.from(r, endpoints);
        int roll = d.roll();
        String a = d.a();
        String b = d.b();
        Duration ring = d.ring();
        Duration talk = d.talk();
        if (roll < 8) {
            return new Step(Step.Kind.REGISTER, a, null, Duration.ZERO, Duration.ZERO);
        }
        if (roll < 10) {
            return new Step(Step.Kind.UNREGISTER, a, null, Duration.ZERO, Duration.ZERO);
        }
        if (roll < 80) {
            return new Step(Step.Kind.CALL, a, b, ring, talk);
        }
        String queue = r.nextBoolean() ? "support" : "sales";
        String number = "+1555" + (1_000_000 + r.nextInt(9_000_000));
        return new Step(Step.Kind.QUEUE_CALL, number, queue, ring, talk);
    }

    /** Starts generating at {@code callsPerSecond} steps per second; all endpoints register first. */
    public TrafficGenerator start() {
        loop.start(() -> {
            for (String e : endpoints) {
                sim.registerPhone(e);
            }
        });
        return this;
    }

    /** Stops generating; calls in progress end at their planned time unless the simulator closes. */
    public void stop() {
        loop.stop();
    }

    /** Number of steps run so far. */
    public long stepsExecuted() {
        return loop.stepsExecuted();
    }

    private void run(Step s, ScheduledExecutorService ex) {
        switch (s.kind()) {
            case REGISTER -> sim.registerPhone(s.from());
            case UNREGISTER -> sim.unregisterPhone(s.from());
            case CALL -> {
                if (!sim.isRegistered(s.from()) || !sim.isRegistered(s.to())) {
                    return;
                }
                if (!busy.add(s.from())) {
                    return;
                }
                if (!busy.add(s.to())) {
                    busy.remove(s.from());
                    return;
                }
                SimCall call;
                try {
                    call = sim.placeCall(s.from(), s.to());
                } catch (RuntimeException e) {
                    busy.remove(s.from());
                    busy.remove(s.to());
                    throw e;
                }
                ex.schedule(() -> sim.answer(call), s.ring().toMillis(), TimeUnit.MILLISECONDS);
                ex.schedule(() -> {
                    try {
                        sim.hangup(call, 16);
                    } finally {
                        busy.remove(s.from());
                        busy.remove(s.to());
                    }
                }, s.ring().plus(s.talk()).toMillis(), TimeUnit.MILLISECONDS);
            }
            case QUEUE_CALL -> {
                SimCall call = sim.queueCall(s.to(), s.from());
                if (call == null) {
                    return;
                }
                ex.schedule(() -> {
                    if (!sim.agentAnswers(call)) {
                        sim.abandon(call);
                    }
                }, s.ring().toMillis() * 2, TimeUnit.MILLISECONDS);
                ex.schedule(() -> sim.hangup(call, 16), s.ring().toMillis() * 2 + s.talk().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
