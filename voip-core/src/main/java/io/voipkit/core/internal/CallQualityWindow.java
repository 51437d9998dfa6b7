package io.voipkit.core.internal;

import io.voipkit.core.CallQuality;
import io.voipkit.core.InvalidRequestException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The recent call outcomes of one PBX, from which {@code HealthCheck.callQuality(window)} is
 * computed. Adapters feed it one sample per ended call (from {@code CallEnded}/CDR events); samples
 * older than the retention are evicted, and the number kept is bounded so a call storm cannot
 * exhaust memory (the oldest samples go first; {@link #overflowed()} counts them).
 *
 * <p>Thread-safe: {@link #record} and {@link #snapshot} may be called from any threads. Both take
 * a short lock; {@code snapshot} scans the samples, so call it for health checks, not per event.
 */
public final class CallQualityWindow {

    /** Default retention: one day. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(1);
    /** Default short-call threshold: answered calls under 10 seconds count as short. */
    public static final Duration DEFAULT_SHORT_CALL_THRESHOLD = Duration.ofSeconds(10);
    /** Default bound on the samples kept (about 50 bytes each). */
    public static final int DEFAULT_MAX_SAMPLES = 200_000;

    /** How a call ended, as far as call quality is concerned. */
    public enum Outcome {
        /** Answered by the called party or an agent. */
        ANSWERED,
        /** Not answered: no answer, busy, rejected. */
        UNANSWERED,
        /** The caller gave up while waiting (queue or ringing). */
        ABANDONED,
        /** A technical failure: congestion, unreachable, errors. */
        FAILED
    }

    /**
     * One ended call.
     *
     * @param endedAt when it ended
     * @param outcome how it ended
     * @param waitTime ringing or queue time before answer (or before giving up)
     * @param talk    time after answer; zero when not answered
     */
    public record Sample(Instant endedAt, Outcome outcome, Duration waitTime, Duration talk) {
        /** Validates every value. */
        public Sample {
            Checks.notNull(endedAt, "endedAt");
            Checks.notNull(outcome, "outcome");
            Checks.nonNegative(waitTime, "waitTime");
            Checks.nonNegative(talk, "talk");
            if (outcome != Outcome.ANSWERED && !talk.isZero()) {
                throw new InvalidRequestException("talk", "must be zero for an unanswered call (" + outcome + "), was " + talk);
            }
        }
    }

    private final Duration retention;
    private final Duration shortCallThreshold;
    private final int maxSamples;
    private final Clock clock;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private long overflowed;

    /** A window with the default retention, short-call threshold and bound. */
    public CallQualityWindow(Clock clock) {
        this(DEFAULT_RETENTION, DEFAULT_SHORT_CALL_THRESHOLD, DEFAULT_MAX_SAMPLES, clock);
    }

    /**
     * A window keeping samples for {@code retention} (positive), counting answered calls shorter
     * than {@code shortCallThreshold} as short, keeping at most {@code maxSamples}.
     */
    public CallQualityWindow(Duration retention, Duration shortCallThreshold, int maxSamples, Clock clock) {
        this.retention = Checks.positive(retention, "retention");
        this.shortCallThreshold = Checks.nonNegative(shortCallThreshold, "shortCallThreshold");
        this.maxSamples = Checks.positive(maxSamples, "maxSamples");
        this.clock = Checks.notNull(clock, "clock");
    }

    /** Records a call that ended now. */
    public void record(Outcome outcome, Duration waitTime, Duration talk) {
        record(new Sample(clock.instant(), outcome, waitTime, talk));
    }

    /** Records a call that ended at {@link Sample#endedAt()} (samples older than the retention are ignored). */
    public void record(Sample sample) {
        Checks.notNull(sample, "sample");
        Instant now = clock.instant();
        synchronized (samples) {
            evict(now);
            if (sample.endedAt().isBefore(now.minus(retention))) {
                return;
            }
            if (samples.size() >= maxSamples) {
                samples.pollFirst();
                overflowed++;
            }
            samples.addLast(sample);
        }
    }

    /**
     * Statistics of the calls that ended within the last {@code window}.
     *
     * @throws InvalidRequestException when {@code window} is not positive or exceeds the retention
     */
    public CallQuality snapshot(Duration window) {
        Checks.positive(window, "window");
        if (window.compareTo(retention) > 0) {
            throw new InvalidRequestException("window", "must be at most the retention of " + retention + ", was " + window);
        }
        Instant to = clock.instant();
        Instant from = to.minus(window);
        int total = 0;
        int answered = 0;
        int unanswered = 0;
        int abandoned = 0;
        int failed = 0;
        int shortCalls = 0;
        long waitNanosAnswered = 0;
        long talkNanos = 0;
        long durationNanos = 0;
        synchronized (samples) {
            evict(to);
            for (Iterator<Sample> it = samples.descendingIterator(); it.hasNext(); ) {
                Sample s = it.next();
                if (s.endedAt().isBefore(from) || s.endedAt().isAfter(to)) {
                    continue;   // out-of-order samples are possible, so no early exit
                }
                total++;
                durationNanos += nanos(s.waitTime()) + nanos(s.talk());
                switch (s.outcome()) {
                    case ANSWERED -> {
                        answered++;
                        waitNanosAnswered += nanos(s.waitTime());
                        talkNanos += nanos(s.talk());
                        if (s.talk().compareTo(shortCallThreshold) < 0) {
                            shortCalls++;
                        }
                    }
                    case UNANSWERED -> unanswered++;
                    case ABANDONED -> abandoned++;
                    case FAILED -> failed++;
                }
            }
        }
        return new CallQuality(from, to, total, answered, unanswered, abandoned, failed, shortCalls,
                average(waitNanosAnswered, answered), average(talkNanos, answered), average(durationNanos, total));
    }

    /** How many samples are held now. */
    public int size() {
        synchronized (samples) {
            return samples.size();
        }
    }

    /** How many samples were discarded because the bound was reached. */
    public long overflowed() {
        synchronized (samples) {
            return overflowed;
        }
    }

    /** The retention: the longest window {@link #snapshot} accepts. */
    public Duration retention() {
        return retention;
    }

    private void evict(Instant now) {
        Instant oldest = now.minus(retention);
        while (!samples.isEmpty() && samples.peekFirst().endedAt().isBefore(oldest)) {
            samples.pollFirst();
        }
    }

    private static long nanos(Duration d) {
        // Saturate instead of overflowing: a single absurd sample must not break the statistics.
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    private static Duration average(long totalNanos, int count) {
        return count == 0 ? Duration.ZERO : Duration.ofNanos(Math.max(0, totalNanos) / count);
    }
}
