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
 * Links calls to CRM contacts: normalises the external party's number to E.164 with Google's
 * libphonenumber (the numbering plans of every country, kept up to date) and asks the host's
 * {@link ContactLookup}, through a Caffeine cache (size and time-to-live configurable) that also
 * remembers "no contact".
 *
 * <pre>{@code
 * ContactLinker contacts = ContactLinker.builder(number -> crm.findContactIdByPhone(number))
 *         .defaultRegion("DE")                        // 030 1234567 is +49301234567
 *         .cacheSize(50_000).cacheTtl(Duration.ofMinutes(30))
 *         .build();
 * CdrImporter importer = CdrImporter.builder().sink(sink).contacts(contacts).build();
 * }</pre>
 *
 * <p>Numbers ({@link #check(String)}): formatting ({@code spaces - . ( ) /}) is ignored; digits
 * only, without {@code +}, and at most {@link Builder#internalMaxLength(int)} long is an internal
 * extension, left as it is and never looked up; anything else is parsed in the default region
 * (its trunk prefix {@code 0} and international prefix {@code 00}/{@code 011} are understood)
 * and must be a <em>valid</em> number of its country's numbering plan, or it is invalid with a
 * reason (letters, {@code *}/{@code #} feature codes, too short, too long, unknown country code,
 * not in the plan) and never looked up: a lookup of garbage can only find the wrong contact.
 * Thread-safe.
 */
public final class ContactLinker {
    private final ContactLookup lookup;
    private final PhoneNumbers numbers;
    private final Cache<String, Optional<String>> cache;
    private final Cache<String, PhoneNumber> parsed;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();

    private ContactLinker(Builder b) {
        lookup = b.lookup;
        numbers = new PhoneNumbers(b.region, b.internalMaxLength);
        cache = Caffeine.newBuilder().maximumSize(b.cacheSize).expireAfterWrite(b.cacheTtl).recordStats().build();
        // parsing with libphonenumber costs microseconds; a call log repeats the same numbers
        parsed = Caffeine.newBuilder().maximumSize(b.cacheSize).build();
    }

    /** A builder around the host's lookup. */
    public static Builder builder(ContactLookup lookup) {
        return new Builder(Checks.notNull(lookup, "lookup"));
    }

    /**
     * What {@code number} is: E.164, internal, or invalid with a reason (see the class comment).
     *
     * @param number a number as the PBX wrote it; {@code null} or blank is invalid
     */
    public PhoneNumber check(String number) {
        if (number == null || number.isBlank()) {
            return new PhoneNumber(number, PhoneNumber.Kind.INVALID, null, "empty");
        }
        if (number.length() > 64) {
            return new PhoneNumber(Checks.abbreviate(number), PhoneNumber.Kind.INVALID, null,
                    "longer than 64 characters");
        }
        return parsed.get(number, numbers::check);
    }

    /**
     * {@code number} in E.164 form ({@code +4930123456}), or {@code null} when it is an internal
     * extension, empty, or not a valid phone number.
     */
    public String normalize(String number) {
        PhoneNumber n = check(number);
        return n.kind() == PhoneNumber.Kind.E164 ? n.value() : null;
    }

    /** The contact id of {@code number} (any format), or empty; cached. Internal and invalid numbers are never looked up. */
    public Optional<String> contactOf(String number) {
        PhoneNumber n = check(number);
        if (n.kind() != PhoneNumber.Kind.E164) {
            if (n.kind() == PhoneNumber.Kind.INVALID) {
                invalid.incrementAndGet();
            }
            return Optional.empty();
        }
        String e164 = n.value();
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

    /** Cache hits, misses and size, failed lookups and invalid numbers, since this linker was built. */
    public ContactCacheStats stats() {
        var s = cache.stats();
        return new ContactCacheStats(s.hitCount(), s.missCount(), cache.estimatedSize(), failures.get(), invalid.get());
    }

    @Override
    public String toString() {
        return "ContactLinker[region=" + numbers.region() + "]";
    }

    /**
     * Numbers of the contact cache.
     *
     * @param hits     lookups answered from the cache
     * @param misses   lookups that went to the {@link ContactLookup}
     * @param size     entries in the cache (approximate)
     * @param failures lookups that threw
     * @param invalid  numbers given to {@link #contactOf} that were not valid, so not looked up
     */
    public record ContactCacheStats(long hits, long misses, long size, long failures, long invalid) {
    }

    /** Builds a {@link ContactLinker}; not thread-safe. */
    public static final class Builder {
        private final ContactLookup lookup;
        private String region = "US";
        private int internalMaxLength = 6;
        private long cacheSize = 10_000;
        private Duration cacheTtl = Duration.ofMinutes(10);

        private Builder(ContactLookup lookup) {
            this.lookup = lookup;
        }

        /**
         * The region whose national numbers the PBX writes, as an ISO 3166 two-letter code
         * ({@code DE}, {@code GB}, {@code US}); default {@code US}.
         */
        public Builder defaultRegion(String v) {
            region = PhoneNumbers.region(v, "defaultRegion");
            return this;
        }

        /**
         * The default region given by its country calling code, 1 to 3 digits ({@code 49} is
         * {@code DE}; {@code 1} is {@code US}); for a calling code shared by several regions the
         * main one. Prefer {@link #defaultRegion(String)}.
         */
        public Builder countryCode(String v) {
            region = PhoneNumbers.regionOfCallingCode(v, "countryCode");
            return this;
        }

        /** Numbers of at most this many digits are internal extensions, never looked up; default 6. */
        public Builder internalMaxLength(int v) { internalMaxLength = Checks.inRange(v, 1, 15, "internalMaxLength"); return this; }

        /** The most numbers cached (answers, and parsed numbers); default 10,000. */
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
    }
}
