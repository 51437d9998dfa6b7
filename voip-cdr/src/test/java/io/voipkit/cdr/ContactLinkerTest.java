package io.voipkit.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voipkit.testsupport.ItServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContactLinkerTest {
    private final List<String> asked = new ArrayList<>();
    private final Map<String, String> crm = Map.of("+79161234567", "contact-7", "+15551234567", "contact-1");
    private final ContactLookup lookup = number -> {
        asked.add(number);
        return Optional.ofNullable(crm.get(number));
    };

    @Test
    void numbersAreNormalisedToE164ByTheCountryRules() {
        ContactLinker de = ContactLinker.builder(lookup).countryCode("49").build();

        assertThat(de.normalize("+49 30 123456")).isEqualTo("+4930123456");
        assertThat(de.normalize("0049 (30) 123-456")).isEqualTo("+4930123456");
        assertThat(de.normalize("030 123456")).isEqualTo("+4930123456");
        assertThat(de.normalize("30123456")).isEqualTo("+4930123456");
        assertThat(de.normalize("101")).isNull();                  // an extension
        assertThat(de.normalize("agent1")).isNull();
        assertThat(de.normalize("+1234567890123456")).isNull();    // 16 digits: longer than E.164 allows
        assertThat(de.normalize(null)).isNull();

        ContactLinker us = ContactLinker.builder(lookup).countryCode("1").internationalPrefix("011").trunkPrefix("1")
                .build();
        assertThat(us.normalize("(555) 123-4567")).isEqualTo("+15551234567");
        assertThat(us.normalize("1 555 123 4567")).isEqualTo("+15551234567");
        assertThat(us.normalize("011 49 30 123456")).isEqualTo("+4930123456");
    }

    @Test
    void answersAreCachedIncludingNoContact() {
        ContactLinker linker = ContactLinker.builder(lookup).build();

        assertThat(linker.contactOf("+79161234567")).contains("contact-7");
        assertThat(linker.contactOf("+7 916 123-45-67")).contains("contact-7");
        assertThat(linker.contactOf("+15550001111")).isEmpty();
        assertThat(linker.contactOf("+15550001111")).isEmpty();

        assertThat(asked).containsExactly("+79161234567", "+15550001111");
        assertThat(linker.stats().hits()).isEqualTo(2);
        assertThat(linker.stats().misses()).isEqualTo(2);
    }

    @Test
    void aFailingLookupLeavesTheCallUnlinkedAndIsRetried() {
        int[] calls = {0};
        ContactLinker linker = ContactLinker.builder(n -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("CRM down");
            }
            return Optional.of("c");
        }).build();

        assertThat(linker.contactOf("+15551234567")).isEmpty();
        assertThat(linker.contactOf("+15551234567")).contains("c");
        assertThat(linker.stats().failures()).isEqualTo(1);
    }

    @Test
    void theImporterLinksTheExternalPartyOfEachCall() {
        InMemoryCallRecordSink sink = new InMemoryCallRecordSink();
        ContactLinker linker = ContactLinker.builder(lookup).build();

        CdrImporter.builder().sink(sink).contacts(linker).build()
                .importFrom(CdrSource.asteriskCsv(ItServices.fixtures().resolve("cdr/asterisk-Master.csv")));

        assertThat(sink.entries()).filteredOn(e -> "+79161234567".equals(e.caller()))
                .isNotEmpty().allSatisfy(e -> assertThat(e.contactId()).isEqualTo("contact-7"));
        assertThat(sink.entries()).filteredOn(e -> e.direction() == CallDirection.INTERNAL)
                .isNotEmpty().allSatisfy(e -> assertThat(e.contactId()).isNull());
        assertThat(asked).doesNotHaveDuplicates();
        assertThat(linker.stats().hits()).isGreaterThan(100);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> ContactLinker.builder(null)).hasMessageStartingWith("lookup:");
        assertThatThrownBy(() -> ContactLinker.builder(lookup).countryCode("+49")).hasMessageStartingWith("countryCode:");
        assertThatThrownBy(() -> ContactLinker.builder(lookup).cacheTtl(java.time.Duration.ZERO))
                .hasMessageStartingWith("cacheTtl:");
    }
}
