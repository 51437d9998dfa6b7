package io.voipkit.simulator.esl;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import io.voipkit.simulator.internal.TrafficLoop;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Random but reproducible traffic for a {@link FreeSwitchSimulator}: phones register and
 * unregister, call each other with realistic ring and talk times, and outside callers enter the
 * callcenter queue ({@code loopback/9003}). The decisions come from one {@link Random} seeded with
 * {@link #seed()}, so the same seed gives the same {@link #plan(int) steps}; wall-clock timing may vary.
 *
 * <pre>{@code
 * FreeSwitchTraffic traffic = fs.traffic(42, 2.0, 10).start();   // seed 42, 2 steps/s, users 1000-1009
 * ...
 * traffic.stop();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class FreeSwitchTraffic {
    /** One planned step: what happens, between whom, and how long it lasts. */
    public record Step(Kind kind, String from, String to, Duration ring, Duration talk) {
        /** Kinds of traffic steps. */
        public enum Kind { REGISTER, UNREGISTER, CALL, QUEUE_CALL }
    }

    private final FreeSwitchSimulator sim;
    private final long seed;
    private final List<String> phones;
    private final TrafficLoop<Step> loop;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    FreeSwitchTraffic(FreeSwitchSimulator sim, long seed, double callsPerSecond, List<String> phones) {
        if (!(callsPerSecond > 0) || callsPerSecond > 1000) {
            throw new InvalidRequestException("callsPerSecond", "must be > 0 and <= 1000, was " + callsPerSecond);
        }
        this.sim = sim;
        this.seed = seed;
        this.phones = List.copyOf(phones);
        this.loop = new TrafficLoop<>("voipkit-sim-esl-traffic-" + seed, seed, callsPerSecond, this::nextStep, this::run);
    }

    /** The seed the decisions come from. */
    public long seed() {
        return seed;
    }

    /** The first {@code count} steps this seed produces, without running them. */
    public List<Step> plan(int count) {
        Checks.nonNegative(count, "count");
        return TrafficLoop.plan(seed, count, this::nextStep);
    }

    private Step nextStep(Random r) {
        TrafficLoop.Draw d = TrafficLoop.Draw.from(r, phones);
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
        if (roll < 85) {
            return new Step(Step.Kind.CALL, a, b, ring, talk);
        }
        return new Step(Step.Kind.QUEUE_CALL, "+1555" + (1_000_000 + r.nextInt(9_000_000)), "verify@default", ring, talk);
    }

    /** Starts generating; every phone registers first. Returns this. */
    public FreeSwitchTraffic start() {
        loop.start(() -> {
            for (String p : phones) {
                if (!sim.isRegistered(p)) {
                    sim.registerPhone(p);
                }
            }
        });
        return this;
    }

    /** Stops generating; calls in progress stay up (hang them up or close the simulator). */
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
            case UNREGISTER -> {
                if (sim.isRegistered(s.from()) && !busy.contains(s.from())) {
                    sim.unregisterPhone(s.from());
                }
            }
            case CALL -> {
                if (!sim.isRegistered(s.from()) || !sim.isRegistered(s.to()) || !busy.add(s.from())) {
                    return;
                }
                if (!busy.add(s.to())) {
                    busy.remove(s.from());
                    return;
                }
                FsCall call;
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
                        sim.hangup(call, "NORMAL_CLEARING");
                    } finally {
                        busy.remove(s.from());
                        busy.remove(s.to());
                    }
                }, s.ring().plus(s.talk()).toMillis(), TimeUnit.MILLISECONDS);
            }
            case QUEUE_CALL -> {
                String result = sim.api("originate {origination_caller_id_number=" + s.from() + "}loopback/9003/default &park()");
                if (result.startsWith("+OK ")) {
                    String uuid = result.substring(4).trim();
                    ex.schedule(() -> sim.api("uuid_kill " + uuid), s.ring().toMillis() * 2 + s.talk().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }
}
