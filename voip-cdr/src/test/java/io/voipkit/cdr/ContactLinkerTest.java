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
    private final Map<String, String> crm = Map.of("+79161234567", "contact-7", "+12015550123", "contact-1");
    private final ContactLookup lookup = number -> {
        asked.add(number);
        return Optional.ofNullable(crm.get(number));
    };

    @Test
    void numbersAreNormalisedToE164InTheDefaultRegion() {
        ContactLinker de = ContactLinker.builder(lookup).defaultRegion("DE").build();

        assertThat(de.normalize("+49 30 1234567")).isEqualTo("+49301234567");
        assertThat(de.normalize("0049 (30) 123-4567")).isEqualTo("+49301234567");   // Germany's international prefix
        assertThat(de.normalize("030 1234567")).isEqualTo("+49301234567");          // and its trunk prefix
        assertThat(de.normalize("+7 916 123-45-67")).isEqualTo("+79161234567");

        ContactLinker us = ContactLinker.builder(lookup).countryCode("1").build();
        assertThat(us.normalize("(201) 555-0123")).isEqualTo("+12015550123");
        assertThat(us.normalize("1 201 555 0123")).isEqualTo("+12015550123");
        assertThat(us.normalize("011 49 30 1234567")).isEqualTo("+49301234567");    // the US international prefix
        assertThat(us.toString()).isEqualTo("ContactLinker[region=US]");
    }

    @Test
    void internalExtensionsAreLeftAsTheyAre() {
        ContactLinker de = ContactLinker.builder(lookup).defaultRegion("de").internalMaxLength(4).build();

        assertThat(de.check("101")).isEqualTo(new PhoneNumber("101", PhoneNumber.Kind.INTERNAL, "101", null));
        assertThat(de.check("2001").kind()).isEqualTo(PhoneNumber.Kind.INTERNAL);
        assertThat(de.normalize("101")).isNull();
        assertThat(de.contactOf("101")).isEmpty();
        assertThat(asked).isEmpty();
    }

    @Test
    void invalidNumbersAreNotLinkedAndSayWhy() {
        ContactLinker de = ContactLinker.builder(lookup).defaultRegion("DE").build();

        assertThat(de.check("agent1").reason()).contains("letters");
        assertThat(de.check("anonymous").reason()).contains("letters");
        assertThat(de.check("*97").reason()).contains("feature code");
        assertThat(de.check("+1234567890123456").reason()).contains("too long");
        assertThat(de.check("+999 1234567").reason()).contains("country calling code");
        assertThat(de.check("+1 555 123 4567").reason()).contains("not in the numbering plan"); // 555 is no US area code
        assertThat(de.check("12;34").reason()).contains("';'");
        assertThat(de.check("").reason()).isEqualTo("empty");
        assertThat(de.check(null).kind()).isEqualTo(PhoneNumber.Kind.INVALID);
        assertThat(de.check("9".repeat(100)).reason()).contains("longer than 64");

        assertThat(de.contactOf("+1 555 123 4567")).isEmpty();
        assertThat(de.contactOf("agent1")).isEmpty();
        assertThat(asked).isEmpty();
        assertThat(de.stats().invalid()).isEqualTo(2);
    }

    @Test
    void answersAreCachedIncludingNoContact() {
        ContactLinker linker = ContactLinker.builder(lookup).build();

        assertThat(linker.contactOf("+79161234567")).contains("contact-7");
        assertThat(linker.contactOf("+7 916 123-45-67")).contains("contact-7");
        assertThat(linker.contactOf("+12015550199")).isEmpty();
        assertThat(linker.contactOf("+1 (201) 555-0199")).isEmpty();

        assertThat(asked).containsExactly("+79161234567", "+12015550199");
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

        assertThat(linker.contactOf("+12015550123")).isEmpty();
        assertThat(linker.contactOf("+12015550123")).contains("c");
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
        assertThat(asked).doesNotHaveDuplicates().contains("+79161234567");
        assertThat(linker.stats().hits()).isGreaterThan(5);
        // the fixture's other callers are +1 555 numbers: fictional, not in the US plan, never looked up
        assertThat(sink.entries()).filteredOn(e -> e.caller() != null && e.caller().startsWith("+1555"))
                .isNotEmpty().allSatisfy(e -> assertThat(e.contactId()).isNull());
        assertThat(asked).noneMatch(n -> n.startsWith("+1555"));
        assertThat(linker.stats().invalid()).isGreaterThan(50);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> ContactLinker.builder(null)).hasMessageStartingWith("lookup:");
        assertThatThrownBy(() -> ContactLinker.builder(lookup).countryCode("+49")).hasMessageStartingWith("countryCode:");
        assertThatThrownBy(() -> ContactLinker.builder(lookup).countryCode("999")).hasMessageStartingWith("countryCode:");
        assertThatThrownBy(() -> ContactLinker.builder(lookup).defaultRegion("XX")).hasMessageStartingWith("defaultRegion:");
        assertThatThrownBy(() -> ContactLinker.builder(lookup).defaultRegion(null)).hasMessageStartingWith("defaultRegion:");
        assertThatThrownBy(() -> ContactLinker.builder(lookup).cacheTtl(java.time.Duration.ZERO))
                .hasMessageStartingWith("cacheTtl:");
    }
}
