package io.voipkit.core.event;

import io.voipkit.core.CallRecord;
import io.voipkit.core.event.internal.EventChecks;
import io.voipkit.core.internal.Checks;
import java.time.Instant;

/**
 * A finished call's record (CDR): Asterisk {@code Cdr}, FreeSWITCH {@code CHANNEL_HANGUP_COMPLETE}. The same {@link CallRecord} type {@code voip-cdr} imports from files and databases.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param record the call record
 */
public record CallRecordCreated(String pbxId, Instant timestamp, RawFields raw, CallRecord record) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public CallRecordCreated {
        EventChecks.common(pbxId, timestamp, raw);
        Checks.notNull(record, "record");
    }
}
