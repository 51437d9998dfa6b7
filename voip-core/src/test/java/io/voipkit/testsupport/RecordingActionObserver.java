package io.voipkit.testsupport;

import io.voipkit.core.ActionObserver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link ActionObserver} that keeps every timing it is told, in order, for the adapters'
 * action-timing tests. Thread-safe (adapters report from their own threads).
 *
 * <pre>{@code
 * RecordingActionObserver timings = new RecordingActionObserver();
 * PbxConfig config = PbxConfig.builder().actionObserver(timings).build();
 * ...
 * await().until(() -> !timings.of("Originate").isEmpty());
 * }</pre>
 */
public final class RecordingActionObserver implements ActionObserver {

    /** One reported action. */
    public record Timing(String pbx, String action, Duration latency, Outcome outcome) {
    }

    private final List<Timing> timings = new CopyOnWriteArrayList<>();

    @Override
    public void actionCompleted(String pbxId, String action, Duration latency, Outcome outcome) {
        timings.add(new Timing(pbxId, action, latency, outcome));
    }

    /** Every timing so far, oldest first; a live view (read it in an Awaitility condition). */
    public List<Timing> all() {
        return timings;
    }

    /** The timings of {@code action}, oldest first (a snapshot). */
    public List<Timing> of(String action) {
        return timings.stream().filter(t -> t.action().equals(action)).toList();
    }

    @Override
    public String toString() {
        return "RecordingActionObserver" + timings;
    }
}
