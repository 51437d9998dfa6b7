package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Duration;
import java.time.Instant;

/**
 * Call statistics over a recent window ({@link HealthCheck#callQuality(Duration)}), computed from
 * the calls that ended in it.
 *
 * @param from            the start of the window
 * @param to              the end of the window (the time of the computation)
 * @param totalCalls      calls that ended in the window
 * @param answered        of those, answered
 * @param unanswered      not answered: no answer, busy, rejected
 * @param abandoned       callers who hung up while waiting (in a queue or ringing)
 * @param failed          failed for technical reasons (congestion, errors)
 * @param shortCalls      answered calls shorter than the short-call threshold (often a sign of
 *                        audio problems or misrouted calls)
 * @param averageWait     the average time to answer of answered calls
 * @param averageTalk     the average talk time of answered calls (ACD)
 * @param averageDuration the average total duration of all calls
 */
public record CallQuality(Instant from, Instant to, int totalCalls, int answered, int unanswered, int abandoned,
                          int failed, int shortCalls, Duration averageWait, Duration averageTalk,
                          Duration averageDuration) {

    /** Validates every value. */
    public CallQuality {
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
        if (to.isBefore(from)) {
            throw new InvalidRequestException("to", "must not be before from (" + from + "), was " + to);
        }
        Checks.nonNegative(totalCalls, "totalCalls");
        Checks.nonNegative(answered, "answered");
        Checks.nonNegative(unanswered, "unanswered");
        Checks.nonNegative(abandoned, "abandoned");
        Checks.nonNegative(failed, "failed");
        Checks.nonNegative(shortCalls, "shortCalls");
        Checks.nonNegative(averageWait, "averageWait");
        Checks.nonNegative(averageTalk, "averageTalk");
        Checks.nonNegative(averageDuration, "averageDuration");
        if (answered + unanswered + abandoned + failed != totalCalls) {
            throw new InvalidRequestException("totalCalls", "must equal answered + unanswered + abandoned + failed ("
                    + (answered + unanswered + abandoned + failed) + "), was " + totalCalls);
        }
        if (shortCalls > answered) {
            throw new InvalidRequestException("shortCalls", "must not exceed answered (" + answered + "), was " + shortCalls);
        }
    }

    /** The window's length. */
    public Duration window() {
        return Duration.between(from, to);
    }

    /** Answered calls as a share of all calls, 0..1 (the answer-seizure ratio, ASR); 0 with no calls. */
    public double answerRate() {
        return totalCalls == 0 ? 0.0 : (double) answered / totalCalls;
    }

    /** Abandoned calls as a share of all calls, 0..1; 0 with no calls. */
    public double abandonRate() {
        return totalCalls == 0 ? 0.0 : (double) abandoned / totalCalls;
    }

    /** Short calls as a share of answered calls, 0..1; 0 with no answered calls. */
    public double shortCallRatio() {
        return answered == 0 ? 0.0 : (double) shortCalls / answered;
    }
}
