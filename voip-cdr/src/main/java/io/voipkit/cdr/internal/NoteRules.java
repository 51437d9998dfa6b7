package io.voipkit.cdr.internal;

import io.voipkit.cdr.CallNotes;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;

/** The validation of {@link CallNotes}, shared by its implementations. */
public final class NoteRules {
    private NoteRules() {
    }

    /** A call key: 1 to 255 characters, no line breaks. */
    public static String key(String v) {
        Checks.wireText(v, "callKey");
        if (v.length() > 255) {
            throw new InvalidRequestException("callKey", "must be at most 255 characters, was " + v.length());
        }
        return v;
    }

    /** An author: {@code null}, or 1 to 255 characters without line breaks. */
    public static String author(String v) {
        if (v == null) {
            return null;
        }
        Checks.wireText(v, "author");
        if (v.length() > 255) {
            throw new InvalidRequestException("author", "must be at most 255 characters, was " + v.length());
        }
        return v;
    }

    /** A note text: 1 to {@link CallNotes#MAX_TEXT} characters, not blank, no control characters but CR, LF and tab. */
    public static String text(String v) {
        Checks.notNull(v, "text");
        if (v.isBlank()) {
            throw new InvalidRequestException("text", "must not be blank");
        }
        if (v.length() > CallNotes.MAX_TEXT) {
            throw new InvalidRequestException("text", "must be at most " + CallNotes.MAX_TEXT + " characters, was "
                    + v.length());
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) {
                throw new InvalidRequestException("text", String.format(
                        "must not contain control character U+%04X (at %d)", (int) c, i));
            }
        }
        return v;
    }
}
