package io.voipkit.ami.internal.adapter;

import io.voipkit.core.ChannelState;
import io.voipkit.core.event.CallAnswered;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.ChannelStateChanged;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.QueueCallerAbandoned;
import io.voipkit.core.internal.CallQualityWindow;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Feeds a {@link CallQualityWindow} from the event path: one sample per call, taken when the
 * call's first channel (the one whose Uniqueid is the Linkedid) ends.
 *
 * <ul>
 *   <li>answered: a channel of the call went {@code Up} ({@code Newstate}) or a dial was
 *       answered ({@code DialEnd ANSWER}); the first such time counts;</li>
 *   <li>abandoned: the caller left a queue by hanging up ({@code QueueCallerAbandon});</li>
 *   <li>otherwise by hang-up cause: normal clearing, busy, no answer, rejected and the like are
 *       unanswered; anything else (congestion, unreachable, failures) is failed.</li>
 * </ul>
 *
 * <p>Runs on the reader thread only (not thread-safe); its memory is bounded to the last
 * {@value #MAX_TRACKED} calls, so calls that never end cannot make it grow.
 */
final class CallQualityTap implements Consumer<PbxEvent> {
    static final int MAX_TRACKED = 50_000;

    private final CallQualityWindow window;
    private final Map<String, Instant> answeredAt = bounded();
    private final Map<String, Duration> abandoned = bounded();

    CallQualityTap(CallQualityWindow window) {
        this.window = window;
    }

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_TRACKED;
            }
        };
    }

    @Override
    public void accept(PbxEvent e) {
        if (e instanceof ChannelStateChanged c) {
            if (c.state() == ChannelState.UP) {
                String linked = c.raw().firstOrNull("Linkedid");
                answeredAt.putIfAbsent(linked != null && !linked.isEmpty() ? linked : c.uniqueId(), c.timestamp());
            }
        } else if (e instanceof CallAnswered a) {
            String linked = a.raw().firstOrNull("Linkedid");
            if (linked == null || linked.isEmpty()) {
                linked = a.raw().firstOrNull("DestLinkedid");
            }
            if (linked != null && !linked.isEmpty()) {
                answeredAt.putIfAbsent(linked, a.timestamp());
            }
        } else if (e instanceof QueueCallerAbandoned q) {
            abandoned.put(q.uniqueId(), q.holdTime());
        } else if (e instanceof CallEnded c) {
            ended(c);
        }
    }

    private void ended(CallEnded c) {
        // isEmpty first: most calls are never abandoned, and a remove on an empty map still hashes
        // and probes its table (a removeNode per Hangup showed up in the reader's profile).
        Duration hold = abandoned.isEmpty() ? null : abandoned.remove(c.uniqueId());
        String linked = c.linkedId() == null ? c.uniqueId() : c.linkedId();
        if (!linked.equals(c.uniqueId())) {
            return; // a later leg of the call; the call is counted when its first channel ends
        }
        Instant answer = answeredAt.isEmpty() ? null : answeredAt.remove(linked);
        Instant end = c.timestamp();
        Instant start = c.duration() == null ? null : end.minus(c.duration());
        if (hold != null) {
            window.record(new CallQualityWindow.Sample(end, CallQualityWindow.Outcome.ABANDONED, hold, Duration.ZERO));
        } else if (answer != null) {
            Duration wait = start == null || answer.isBefore(start) ? Duration.ZERO : Duration.between(start, answer);
            Duration talk = answer.isAfter(end) ? Duration.ZERO : Duration.between(answer, end);
            window.record(new CallQualityWindow.Sample(end, CallQualityWindow.Outcome.ANSWERED, wait, talk));
        } else {
            Duration wait = c.duration() == null ? Duration.ZERO : c.duration();
            window.record(new CallQualityWindow.Sample(end, unansweredOutcome(c.cause()), wait, Duration.ZERO));
        }
    }

    /** Causes a person produces (hung up, busy, no answer, declined) are unanswered; the rest failed. */
    static CallQualityWindow.Outcome unansweredOutcome(int cause) {
        return switch (cause) {
            case 0, 16, 17, 18, 19, 20, 21, 31 -> CallQualityWindow.Outcome.UNANSWERED;
            default -> CallQualityWindow.Outcome.FAILED;
        };
    }
}
