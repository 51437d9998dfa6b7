package io.voipkit.core.event;

import io.voipkit.core.EndpointStatus;
import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;

/**
 * A phone's reachability changed. Asterisk {@code ContactStatus}/{@code PeerStatus}, FreeSWITCH {@code sofia::register}/{@code unregister}/{@code expire}.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param endpoint the endpoint, for example {@code 101-ep} (Asterisk {@code EndpointName}) or {@code 1000@domain}
 * @param status the new status
 * @param detail the PBX's own word, for example {@code Reachable}, {@code Removed}, {@code Unreachable}, or {@code null}
 * @param contactUri the contact URI, for example {@code sip:101-ep@127.0.0.1:16071}, or {@code null}
 * @param roundtrip the qualify round trip time, or {@code null} if not measured
 */
public record EndpointStatusChanged(String pbxId, Instant timestamp, RawFields raw, String endpoint, EndpointStatus status,
        String detail, String contactUri, Duration roundtrip) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public EndpointStatusChanged {
        EventChecks.common(pbxId, timestamp, raw);
        EventChecks.text(endpoint, "endpoint");
        Checks.notNull(status, "status");
        detail = EventChecks.optional(detail);
        contactUri = EventChecks.optional(contactUri);
        EventChecks.optionalDuration(roundtrip, "roundtrip");
    }
}
