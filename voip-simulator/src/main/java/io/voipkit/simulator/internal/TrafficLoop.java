package io.voipkit.simulator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The scheduling half of the seeded traffic generators (AMI and FreeSWITCH): one daemon thread
 * draws the next step from a {@link Random} seeded once, at a fixed rate, and runs it. What a step
 * is and how it runs stays with each simulator's generator.
 *
 * <p>Thread-safe.
 *
 * @param <S> the generator's step type
 */
public final class TrafficLoop<S> {
    /**
     * The random parts every step starts from, drawn in this order so a seed gives the same
     * sequence in both simulators: a 0-99 roll, two distinct phones, ring and talk time.
     */
    public record Draw(int roll, String a, String b, Duration ring, Duration talk) {
        /** Draws from {@code r}; {@code phones} holds at least two distinct phones. */
        public static Draw from(Random r, List<String> phones) {
            int roll = r.nextInt(100);
            String a = phones.get(r.nextInt(phones.size()));
            String b = phones.get(r.nextInt(phones.size()));
            if (b.equals(a)) {
                b = phones.get((phones.indexOf(a) + 1) % phones.size());
            }
            // Ring 1-8 s; talk exponential around 90 s, capped at 10 min (short calls dominate).
            Duration ring = Duration.ofMillis(1000 + r.nextInt(7000));
            Duration talk = Duration.ofMillis((long) Math.min(600_000, -Math.log(1 - r.nextDouble()) * 90_000));
            return new Draw(roll, a, b, ring, talk);
        }
    }

    /** The first {@code count} steps a fresh random with {@code seed} yields, without running them. */
    public static <S> List<S> plan(long seed, int count, Function<Random, S> next) {
        Random r = new Random(seed);
        List<S> steps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            steps.add(next.apply(r));
        }
        return steps;
    }

    private final String threadName;
    private final double stepsPerSecond;
    private final Random random;
    private final Function<Random, S> next;
    private final BiConsumer<S, ScheduledExecutorService> runner;
    private ScheduledExecutorService executor;
    private long executed;

    /**
     * A stopped loop. {@code next} draws a step from the shared random; {@code runner} runs it (a
     * RuntimeException skips the step) and may schedule follow-ups (hangups) on the given executor.
     */
    public TrafficLoop(String threadName, long seed, double stepsPerSecond, Function<Random, S> next,
            BiConsumer<S, ScheduledExecutorService> runner) {
        this.threadName = threadName;
        this.stepsPerSecond = stepsPerSecond;
        this.random = new Random(seed);
        this.next = next;
        this.runner = runner;
    }

    /**
     * Starts the loop unless it runs already; {@code prepare} (registering phones) runs before the
     * first step. Returns whether this call started it.
     */
    public synchronized boolean start(Runnable prepare) {
        if (executor != null) {
            return false;
        }
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        executor = ex;
        prepare.run();
        long periodMicros = (long) (1_000_000 / stepsPerSecond);
        ex.scheduleAtFixedRate(this::tick, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
        return true;
    }

    /** Stops drawing steps and cancels scheduled follow-ups. */
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /** Number of steps run so far. */
    public synchronized long stepsExecuted() {
        return executed;
    }

    private void tick() {
        S s;
        ScheduledExecutorService ex;
        synchronized (this) {
            ex = executor;
            if (ex == null) {
                return;
            }
            s = next.apply(random);
            executed++;
        }
        try {
            runner.accept(s, ex);
        } catch (RuntimeException e) {
            // A step that does not fit the current state (phone offline, queue full, call gone) is skipped.
        }
    }
}
