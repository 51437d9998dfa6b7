package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Instant;

/**
 * A channel or global variable was set. Asterisk {@code VarSet}.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param channel the channel, or {@code null} for a global variable (Asterisk sends {@code Channel: none})
 * @param uniqueId the channel's unique id, or {@code null} for a global variable
 * @param variable the variable name
 * @param value the new value; empty when the variable was unset
 */
public record VariableSet(String pbxId, Instant timestamp, RawFields raw, String channel, String uniqueId, String variable,
        String value) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public VariableSet {
        EventChecks.common(pbxId, timestamp, raw);
        channel = EventChecks.optional(channel);
        uniqueId = EventChecks.optional(uniqueId);
        EventChecks.text(variable, "variable");
        Checks.notNull(value, "value");
    }

    /** Whether this is a global (not channel) variable. */
    public boolean global() {
        return channel == null;
    }
}
