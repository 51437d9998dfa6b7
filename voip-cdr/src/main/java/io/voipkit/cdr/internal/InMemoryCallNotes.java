package io.voipkit.cdr.internal;

import io.voipkit.cdr.CallNote;
import io.voipkit.cdr.CallNotes;
import io.voipkit.core.internal.Checks;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link CallNotes} in memory; thread-safe (one lock: notes are written by people, not at import rates). */
public final class InMemoryCallNotes implements CallNotes {
    private final Clock clock;
    private final Map<Long, CallNote> notes = new LinkedHashMap<>();
    private long nextId = 1;

    /** Notes timed by {@code clock}. */
    public InMemoryCallNotes(Clock clock) {
        this.clock = Checks.notNull(clock, "clock");
    }

    @Override
    public synchronized CallNote add(String callKey, String author, String text) {
        CallNote n = new CallNote(nextId, NoteRules.key(callKey), NoteRules.author(author), NoteRules.text(text),
                clock.instant());
        notes.put(nextId++, n);
        return n;
    }

    @Override
    public synchronized List<CallNote> notesOf(String callKey) {
        NoteRules.key(callKey);
        List<CallNote> out = new ArrayList<>();
        for (CallNote n : notes.values()) {
            if (n.callKey().equals(callKey)) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public synchronized boolean delete(long noteId) {
        return notes.remove(noteId) != null;
    }

    @Override
    public String toString() {
        return "InMemoryCallNotes";
    }
}
