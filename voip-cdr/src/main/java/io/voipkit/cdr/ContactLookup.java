package io.voipkit.cdr;

import java.util.Optional;

/**
 * Finds the CRM contact of a phone number; the host application implements it (a query against
 * its contacts table, a REST call to the CRM). voipkit calls it through {@link ContactLinker},
 * which normalises numbers first and caches answers, "no contact" included.
 *
 * <p>Implementations must be thread-safe. An exception is counted as a failed lookup and the call
 * stays unlinked; it is not cached, so the next call with that number tries again.
 */
@FunctionalInterface
public interface ContactLookup {
    /**
     * The id of the contact with this number.
     *
     * @param e164 the number in E.164 form, for example {@code +4930123456}
     * @return the contact's id, or empty when no contact has the number
     */
    Optional<String> findContactId(String e164);
}
