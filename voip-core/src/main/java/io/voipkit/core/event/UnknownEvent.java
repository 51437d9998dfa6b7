package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import java.time.Instant;

/**
 * An event voipkit has no type for. Nothing the PBX sends is dropped: every field is in {@link #raw()}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param name the PBX's event name, for example {@code DeviceStateChange}
 */
public record UnknownEvent(String pbxId, Instant timestamp, RawFields raw, String name) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public UnknownEvent {
        EventChecks.common(pbxId, timestamp, raw);
        EventChecks.text(name, "name");
    }
}
