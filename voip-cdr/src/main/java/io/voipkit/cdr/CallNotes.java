package io.voipkit.cdr;

import io.voipkit.cdr.internal.InMemoryCallNotes;
import java.time.Clock;
import java.util.List;

/**
 * Free-text notes on the calls of the call log (product scope §7: "notes" on each call). A
 * note belongs to a call by its dedup key ({@link CallLogEntry#key()}, also in
 * {@link MissedCall#key()}); a call may have any number of notes, listed oldest first.
 *
 * <pre>{@code
 * CallNotes notes = crmDb.callNotes();                                // table voip_call_note
 * CallNote n = notes.add(missed.key(), "alice", "Called back, wants a quote for 20 seats.");
 * List<CallNote> all = notes.notesOf(missed.key());
 * }</pre>
 *
 * <p>Limits, checked before anything is stored ({@link io.voipkit.core.InvalidRequestException}
 * naming the field): the key is 1 to 255 characters without line breaks; the author, if given,
 * 1 to 255 characters without line breaks; the text 1 to {@value #MAX_TEXT} characters, not
 * blank, line breaks and tabs allowed but no other control characters (NUL included). Notes are
 * not checked against the call log: a note may be written before the call's record is imported.
 * Implementations are thread-safe.
 */
public interface CallNotes {
    /** The longest note text, in characters. */
    int MAX_TEXT = 4000;

    /**
     * Stores a note on the call with {@code callKey}.
     *
     * @param author who writes it, or {@code null}
     * @return the stored note with its id and time
     */
    CallNote add(String callKey, String author, String text);

    /** The notes of the call with {@code callKey}, oldest first; empty if none. */
    List<CallNote> notesOf(String callKey);

    /**
     * Deletes a note.
     *
     * @return whether a note with that id existed
     */
    boolean delete(long noteId);

    /** Notes in memory, timed by {@code clock}; for tests, demos and the in-memory call log. */
    static CallNotes inMemory(Clock clock) {
        return new InMemoryCallNotes(clock);
    }
}
