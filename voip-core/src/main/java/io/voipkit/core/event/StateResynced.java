package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * After a reconnect, the live state was re-read from the PBX; this says what changed while voipkit was away. Raised by voipkit itself.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param endedCalls unique ids of calls that ended while disconnected
 * @param changedEndpoints endpoints whose status changed while disconnected
 * @param downtime how long the connection was down
 */
public record StateResynced(String pbxId, Instant timestamp, RawFields raw, List<String> endedCalls,
        List<String> changedEndpoints, Duration downtime) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public StateResynced {
        EventChecks.common(pbxId, timestamp, raw);
        endedCalls = Checks.copyOf(endedCalls, "endedCalls");
        changedEndpoints = Checks.copyOf(changedEndpoints, "changedEndpoints");
        Checks.nonNegative(downtime, "downtime");
    }
}
