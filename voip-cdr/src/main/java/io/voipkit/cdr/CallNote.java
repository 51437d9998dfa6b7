package io.voipkit.cdr;

import io.voipkit.core.internal.Checks;
import java.time.Instant;

/**
 * A free-text note on a call of the call log, written by a person (an agent's summary, a
 * follow-up) and kept with the call.
 *
 * @param id        the note's id, given by the store
 * @param callKey   the {@link CallLogEntry#key()} of the call it belongs to
 * @param author    who wrote it, or {@code null}
 * @param text      the note; may span several lines
 * @param createdAt when it was stored
 */
public record CallNote(long id, String callKey, String author, String text, Instant createdAt) {
    /** Validates: key, text and time present. */
    public CallNote {
        Checks.notNull(callKey, "callKey");
        Checks.notNull(text, "text");
        Checks.notNull(createdAt, "createdAt");
    }
}
