package io.voipkit.cdr;

import java.time.Instant;

/**
 * A call that was not answered, for call-back lists.
 *
 * @param key       the call log entry's key
 * @param start     when it started
 * @param caller    who called, or {@code null}
 * @param called    the number dialled, or {@code null}
 * @param operator  the operator it was for, or {@code null}
 * @param contactId the linked contact, or {@code null}
 */
public record MissedCall(String key, Instant start, String caller, String called, String operator, String contactId) {
}
