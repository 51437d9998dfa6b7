package io.voipkit.core.event.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.RawFields;
import io.voipkit.core.internal.Checks;

import java.time.Duration;
import java.time.Instant;

/**
 * Validation shared by the compact constructors of the event records.
 *
 * <p>Event values come from the PBX, not from the application, so the rules differ from
 * {@link Checks#wireText}: identifiers must be present and non-blank, optional text is
 * normalised so that "absent" has exactly one representation ({@code null}), and CR/LF is not
 * rejected (nothing here goes back onto the wire). Not part of the API.
 */
public final class EventChecks {
    private EventChecks() {
    }

    /** Checks the three components every event starts with. */
    public static void common(String pbxId, Instant timestamp, RawFields raw) {
        text(pbxId, "pbxId");
        Checks.notNull(timestamp, "timestamp");
        Checks.notNull(raw, "raw");
    }

    /** A required identifier: not {@code null}, not blank. Returned unchanged. */
    public static String text(String value, String field) {
        Checks.notNull(value, field);
        if (value.isBlank()) {
            throw new InvalidRequestException(field, "must not be blank");
        }
        return value;
    }

    /**
     * Optional text: {@code null} and blank both mean "the PBX did not say" and become
     * {@code null}, so that listeners need one check, not two.
     */
    public static String optional(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** An optional duration: {@code null} means unknown; a negative one is rejected. */
    public static Duration optionalDuration(Duration value, String field) {
        return value == null ? null : Checks.nonNegative(value, field);
    }
}
