package io.voipkit.routing;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;

import java.time.Instant;

/**
 * An incoming call to route.
 *
 * @param caller the caller's number (caller id), empty when withheld; at most
 *               {@link #MAX_NUMBER_LENGTH} characters, no line breaks
 * @param called the number that was dialled; non-blank, at most {@link #MAX_NUMBER_LENGTH} characters
 * @param at     the moment to decide for (time conditions), or {@code null} for "now" by the
 *               engine's clock; set it to test a rule set ("what happens on Sunday at 3 am?")
 */
public record RouteRequest(String caller, String called, Instant at) {

    /** The longest number accepted: real numbers are short, anything longer is garbage or an attack. */
    public static final int MAX_NUMBER_LENGTH = 256;

    /** Validates both numbers. */
    public RouteRequest {
        Checks.notNull(caller, "caller");
        check(caller, "caller");
        Checks.wireText(called, "called");
        check(called, "called");
    }

    /** A call from {@code caller} to {@code called}, decided now. */
    public static RouteRequest of(String caller, String called) {
        return new RouteRequest(caller, called, null);
    }

    private static void check(String number, String field) {
        if (number.length() > MAX_NUMBER_LENGTH) {
            throw new InvalidRequestException(field, "must be at most " + MAX_NUMBER_LENGTH + " characters, was "
                    + Checks.abbreviate(number));
        }
        Checks.noLineBreaks(number, field);
    }
}
