package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Instant;

/**
 * A call was transferred. Asterisk {@code BlindTransfer}/{@code AttendedTransfer}, FreeSWITCH transfer events.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param kind blind or attended
 * @param channel the channel that was transferred (the transferee)
 * @param uniqueId the transferred channel's unique id
 * @param targetExten the extension transferred to, or {@code null} (attended transfers have none)
 * @param targetContext the context transferred to, or {@code null}
 * @param result the PBX's result, for example {@code Success}, or {@code null}
 */
public record CallTransferred(String pbxId, Instant timestamp, RawFields raw, Kind kind, String channel, String uniqueId,
        String targetExten, String targetContext, String result) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public CallTransferred {
        EventChecks.common(pbxId, timestamp, raw);
        Checks.notNull(kind, "kind");
        EventChecks.text(channel, "channel");
        EventChecks.text(uniqueId, "uniqueId");
        targetExten = EventChecks.optional(targetExten);
        targetContext = EventChecks.optional(targetContext);
        result = EventChecks.optional(result);
    }

    /** The kind of transfer. */
    public enum Kind {
        /** Sent to a destination without consulting it first. */
        BLIND,
        /** The transferer talked to the target first, then joined the two parties. */
        ATTENDED
    }

    /** Whether the PBX reported success ({@code Result: Success}, ignoring case). */
    public boolean succeeded() {
        return "Success".equalsIgnoreCase(result);
    }
}
