package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Instant;

/**
 * One line of the PBX's log file, from the log tailer. {@link #timestamp()} is the line's own time.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param level the line's level
 * @param thread the PBX thread id, for example {@code 10530}, or {@code null}
 * @param callId the call id (Asterisk {@code [C-00000001]}, FreeSWITCH uuid), or {@code null}
 * @param source where it was logged, for example {@code res_pjsip.c:123 func}, or {@code null}
 * @param message the message text (may be empty)
 * @param file the log file's name, for example {@code full}, or {@code null}
 */
public record LogLineReceived(String pbxId, Instant timestamp, RawFields raw, LogLevel level, String thread, String callId,
        String source, String message, String file) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public LogLineReceived {
        EventChecks.common(pbxId, timestamp, raw);
        Checks.notNull(level, "level");
        thread = EventChecks.optional(thread);
        callId = EventChecks.optional(callId);
        source = EventChecks.optional(source);
        Checks.notNull(message, "message");
        file = EventChecks.optional(file);
    }
}
