package io.voipkit.cdr;

import io.voipkit.core.CallRecord;
import io.voipkit.core.internal.Checks;

/**
 * One line of the call log: an imported {@link CallRecord} with what the importer derived from it.
 *
 * @param key       the dedup key: the same call record always gets the same key, whichever source
 *                  it came from, so a sink stores it once (see {@link CdrImporter})
 * @param source    the name of the source it was imported from
 * @param record    the call record as the PBX wrote it
 * @param direction inbound, outbound or internal
 * @param caller    the calling number ({@code src}), or {@code null}
 * @param called    the called number ({@code dst}), or {@code null}
 * @param operator  the internal endpoint that took or made the call (for example {@code PJSIP/101-ep}), or {@code null}
 * @param recording the recording's file name if the record names one, or {@code null}
 * @param contactId the linked CRM contact's id (see {@link ContactLinker}), or {@code null}
 */
public record CallLogEntry(String key, String source, CallRecord record, CallDirection direction, String caller,
                           String called, String operator, String recording, String contactId) {
    /** Validates: key, source, record and direction present. */
    public CallLogEntry {
        Checks.notNull(key, "key");
        Checks.notNull(source, "source");
        Checks.notNull(record, "record");
        Checks.notNull(direction, "direction");
    }
}
