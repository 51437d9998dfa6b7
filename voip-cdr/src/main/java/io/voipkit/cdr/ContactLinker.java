package io.voipkit.cdr;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.voipkit.cdr.internal.PhoneNumbers;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Links calls to CRM contacts: normalises the external party's number to E.164 and asks the
 * host's {@link ContactLookup}, through a cache (size and time-to-live configurable) that also
 * remembers "no contact".
 *
 * <pre>{@code
 * ContactLinker contacts = ContactLinker.builder(number -> crm.findContactIdByPhone(number))
 *         .countryCode("49")                          // 030 123456 is +4930123456
 *         .cacheSize(50_000).cacheTtl(Duration.ofMinutes(30))
 *         .build();
 * CdrImporter importer = CdrImporter.builder().sink(sink).contacts(contacts).build();
 * }</pre>
 *
 * <p>Normalisation (see {@link #normalize(String)}) is rule-based: formatting characters are
 * dropped, {@code +} and the international prefix ({@code 00} by default) mark international
 * numbers, the trunk prefix ({@code 0} by default) is replaced by the country code, and other
 * numbers longer than an internal extension get the country code. Validation of numbering plans
 * (libphonenumber) is planned, not done. Thread-safe.
 */
public final class ContactLinker {
    private final ContactLookup lookup;
    private final PhoneNumbers numbers;
    private final Cache<String, Optional<String>> cache;
    private final AtomicLong failures = new AtomicLong();

    private ContactLinker(Builder b) {
        lookup = b.lookup;
        numbers = new PhoneNumbers(b.countryCode, b.internationalPrefix, b.trunkPrefix, b.internalMaxLength);
        cache = Caffeine.newBuilder().maximumSize(b.cacheSize).expireAfterWrite(b.cacheTtl).recordStats().build();
    }

    /** A builder around the host's lookup. */
    public static Builder builder(ContactLookup lookup) {
        return new Builder(Checks.notNull(lookup, "lookup"));
    }

    /**
     * {@code number} in E.164 form ({@code +} and 8 to 15 digits), or {@code null} when it is an
     * internal extension, empty, or not a phone number.
     */
    public String normalize(String number) {
        return numbers.toE164(number);
    }

    /** The contact id of {@code number} (any format), or empty; cached. */
    public Optional<String> contactOf(String number) {
        String e164 = normalize(number);
        if (e164 == null) {
            return Optional.empty();
        }
        Optional<String> cached = cache.getIfPresent(e164);
        if (cached != null) {
            return cached;
        }
        Optional<String> found;
        try {
            found = Checks.notNull(lookup.findContactId(e164), "lookup result");
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            return Optional.empty();          // not cached: the next call tries again
        }
        cache.put(e164, found);
        return found;
    }

    /** Cache hits, misses and size, and failed lookups, since this linker was built. */
    public ContactCacheStats stats() {
        var s = cache.stats();
        return new ContactCacheStats(s.hitCount(), s.missCount(), cache.estimatedSize(), failures.get());
    }

    /**
     * Numbers of the contact cache.
     *
     * @param hits     lookups answered from the cache
     * @param misses   lookups that went to the {@link ContactLookup}
     * @param size     entries in the cache (approximate)
     * @param failures lookups that threw
     */
    public record ContactCacheStats(long hits, long misses, long size, long failures) {
    }

    /** Builds a {@link ContactLinker}; not thread-safe. */
    public static final class Builder {
        private final ContactLookup lookup;
        private String countryCode = "1";
        private String internationalPrefix = "00";
        private String trunkPrefix = "0";
        private int internalMaxLength = 6;
        private long cacheSize = 10_000;
        private Duration cacheTtl = Duration.ofMinutes(10);

        private Builder(ContactLookup lookup) {
            this.lookup = lookup;
        }

        /** The country calling code for national numbers, 1 to 3 digits; default {@code 1}. */
        public Builder countryCode(String v) { countryCode = digits(v, 1, 3, "countryCode"); return this; }

        /** The prefix that dials abroad, for example {@code 00} (default) or {@code 011}; {@code ""} for none. */
        public Builder internationalPrefix(String v) { internationalPrefix = digits(v, 0, 4, "internationalPrefix"); return this; }

        /** The national trunk prefix, for example {@code 0} (default); {@code ""} for none. */
        public Builder trunkPrefix(String v) { trunkPrefix = digits(v, 0, 2, "trunkPrefix"); return this; }

        /** Numbers of at most this many digits are internal extensions, never looked up; default 6. */
        public Builder internalMaxLength(int v) { internalMaxLength = Checks.inRange(v, 1, 15, "internalMaxLength"); return this; }

        /** The most numbers cached; default 10,000. */
        public Builder cacheSize(long v) {
            if (v < 0) {
                throw new InvalidRequestException("cacheSize", "must not be negative, was " + v);
            }
            cacheSize = v;
            return this;
        }

        /** How long an answer is cached; default 10 minutes. */
        public Builder cacheTtl(Duration v) { cacheTtl = Checks.positive(v, "cacheTtl"); return this; }

        /** The linker. */
        public ContactLinker build() {
            return new ContactLinker(this);
        }

        private static String digits(String v, int min, int max, String field) {
            Checks.notNull(v, field);
            if (v.length() < min || v.length() > max || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new InvalidRequestException(field, "must be " + min + " to " + max + " digits, was "
                        + Checks.abbreviate(v));
            }
            return v;
        }
    }
}
