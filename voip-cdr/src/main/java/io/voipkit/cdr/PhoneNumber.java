package io.voipkit.cdr;

import io.voipkit.core.internal.Checks;

/**
 * What {@link ContactLinker} made of a number from a call record.
 *
 * @param input  the number as the PBX wrote it
 * @param kind   E.164, an internal extension, or invalid
 * @param value  the E.164 form ({@code +4930123456}) for {@link Kind#E164}, the extension as
 *               written for {@link Kind#INTERNAL}, {@code null} for {@link Kind#INVALID}
 * @param reason why the number is invalid, {@code null} otherwise
 */
public record PhoneNumber(String input, Kind kind, String value, String reason) {
    /** What kind of number it is. */
    public enum Kind {
        /** A valid public number, normalised to E.164: it is looked up. */
        E164,
        /** A short internal extension ({@code 101}): left as it is, never looked up. */
        INTERNAL,
        /** Not a valid number (letters, a feature code, too short or long, not in the numbering plan): never looked up. */
        INVALID
    }

    /** Validates: kind present; value present unless invalid; reason present only when invalid. */
    public PhoneNumber {
        Checks.notNull(kind, "kind");
        if ((kind == Kind.INVALID) != (value == null)) {
            throw new io.voipkit.core.InvalidRequestException("value", "must be null exactly when the number is invalid");
        }
        if ((kind == Kind.INVALID) != (reason != null)) {
            throw new io.voipkit.core.InvalidRequestException("reason", "must be given exactly when the number is invalid");
        }
    }
}
