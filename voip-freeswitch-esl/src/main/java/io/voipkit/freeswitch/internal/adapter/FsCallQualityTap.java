package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.HangupCause;
import io.voipkit.core.event.CallAnswered;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.ChannelCreated;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.internal.CallQualityWindow;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Feeds the call-quality window from the event path: one sample per call, taken when the leg that
 * started it (its uuid is the call's {@code Channel-Call-UUID}) ends. Answered: the leg saw
 * {@code CHANNEL_ANSWER}; otherwise {@code ORIGINATOR_CANCEL} is abandoned, busy / no answer /
 * rejected are unanswered, everything else failed. Runs on the reader thread only.
 */
public final class FsCallQualityTap implements Consumer<PbxEvent> {

    private static final int MAX_TRACKED = 100_000;

    private final CallQualityWindow window;
    private final Map<String, Instant> created = new HashMap<>();
    private final Map<String, Instant> answered = new HashMap<>();

    /** A tap filling {@code window}. */
    public FsCallQualityTap(CallQualityWindow window) {
        this.window = window;
    }

    @Override
    public synchronized void accept(PbxEvent e) {
        if (e instanceof ChannelCreated c) {
            if (created.size() >= MAX_TRACKED) {
                created.clear(); // a leak guard: hangups were missed; lose some samples, never memory
                answered.clear();
            }
            created.put(c.uniqueId(), c.timestamp());
        } else if (e instanceof CallAnswered a) {
            answered.putIfAbsent(a.destUniqueId(), a.timestamp()); // the channel that answered
        } else if (e instanceof CallEnded end && end.uniqueId() != null) {
            Instant start = created.remove(end.uniqueId());
            Instant answer = answered.remove(end.uniqueId());
            if (end.linkedId() != null && !end.linkedId().equals(end.uniqueId())) {
                return; // a leg the PBX created for the call: the call is counted once, at its first leg
            }
            Instant begin = start != null ? start : end.timestamp();
            CallQualityWindow.Outcome outcome;
            Duration wait;
            Duration talk;
            if (answer != null) {
                outcome = CallQualityWindow.Outcome.ANSWERED;
                wait = nonNegative(Duration.between(begin, answer));
                talk = nonNegative(Duration.between(answer, end.timestamp()));
            } else {
                HangupCause cause = HangupCause.fromName(end.causeText());
                outcome = switch (cause) {
                    case ORIGINATOR_CANCEL -> CallQualityWindow.Outcome.ABANDONED;
                    case USER_BUSY, NO_ANSWER, NO_USER_RESPONSE, CALL_REJECTED, NORMAL_CLEARING ->
                            CallQualityWindow.Outcome.UNANSWERED;
                    default -> CallQualityWindow.Outcome.FAILED;
                };
                wait = nonNegative(Duration.between(begin, end.timestamp()));
                talk = Duration.ZERO;
            }
            window.record(outcome, wait, talk);
        }
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
