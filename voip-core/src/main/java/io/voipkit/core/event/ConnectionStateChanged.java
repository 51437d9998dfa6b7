package io.voipkit.core.event;

import io.voipkit.core.ConnectionState;
import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Instant;

/**
 * The session to the PBX changed state. Raised by voipkit itself, so {@link #raw()} is empty.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param previous the state before
 * @param current the state now
 * @param reason why, for example {@code connection reset by peer}, or {@code null}
 */
public record ConnectionStateChanged(String pbxId, Instant timestamp, RawFields raw, ConnectionState previous, ConnectionState current,
        String reason) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public ConnectionStateChanged {
        EventChecks.common(pbxId, timestamp, raw);
        Checks.notNull(previous, "previous");
        Checks.notNull(current, "current");
        reason = EventChecks.optional(reason);
    }
}
