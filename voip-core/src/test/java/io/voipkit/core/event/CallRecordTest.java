package io.voipkit.core.event;

import io.voipkit.core.CallDisposition;
import io.voipkit.core.CallRecord;
import io.voipkit.core.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CallRecord} and {@link CallDisposition}, with values from fixtures/ami/cdr-cel-events.txt and cdr/*.csv. */
class CallRecordTest {
    private static final Instant START = Instant.parse("2026-11-24T20:20:39Z");

    private static CallRecord.Builder amiCdr() {
        // Event: Cdr from cdr-cel-events.txt
        return CallRecord.builder()
                .uniqueId("1795551639.188").accountCode("acct-9").source("+15557778888").destination("201")
                .destinationContext("test").callerId("\"CDR\" <+15557778888>").channel("Local/201@test-0000005b;2")
                .destinationChannel("").lastApplication("Hangup").lastData("17")
                .start(START).answer(START).end(START.plusSeconds(1))
                .duration(Duration.ofSeconds(1)).billableSeconds(Duration.ofSeconds(1))
                .disposition(CallDisposition.parse("ANSWERED")).amaFlags("DOCUMENTATION").userField("");
    }

    @Test
    void buildsFromAnAsteriskCdrEvent() {
        CallRecord r = amiCdr().build();
        assertThat(r.uniqueId()).isEqualTo("1795551639.188");
        assertThat(r.disposition()).isEqualTo(CallDisposition.ANSWERED);
        assertThat(r.answered()).isTrue();
        assertThat(r.destinationChannel()).as("blank is normalised to null").isNull();
        assertThat(r.userField()).isNull();
        assertThat(r.linkedId()).isNull();
        assertThat(r.extra()).isEmpty();
    }

    /**
     * Blank texts become null, whatever the first character: the constructor answers most values
     * from their first character alone, which must agree with {@link String#isBlank} for every one.
     */
    @Test
    void aTextIsNullExactlyWhenItIsBlankForEveryFirstCharacter() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            for (String text : new String[] {String.valueOf(c), c + " ", c + "x"}) {
                CallRecord r = amiCdr().accountCode(text).build();
                assertThat(r.accountCode()).as("U+%04X in \"%s\"", (int) c, text).isEqualTo(text.isBlank() ? null : text);
            }
        }
        assertThat(amiCdr().accountCode("").build().accountCode()).isNull();
        assertThat(amiCdr().accountCode(" \t\u2003").build().accountCode()).isNull();
    }

    @Test
    void derivesDurationsFromTheTimesWhenNotGiven() {
        CallRecord r = CallRecord.builder().uniqueId("u").start(START).answer(START.plusSeconds(10))
                .end(START.plusSeconds(31)).build();
        assertThat(r.duration()).isEqualTo(Duration.ofSeconds(31));
        assertThat(r.billableSeconds()).isEqualTo(Duration.ofSeconds(21));
        assertThat(r.disposition()).isEqualTo(CallDisposition.UNKNOWN);

        CallRecord unanswered = CallRecord.builder().uniqueId("u").start(START).end(START.plusSeconds(10))
                .disposition(CallDisposition.NO_ANSWER).build();
        assertThat(unanswered.billableSeconds()).isZero();
        assertThat(unanswered.answered()).isFalse();
    }

    @Test
    void extraColumnsAreCopiedInOrder() {
        Map<String, String> codecs = new LinkedHashMap<>();
        codecs.put("read_codec", "L16");
        codecs.put("write_codec", "L16");
        CallRecord r = amiCdr().extra(codecs).build();
        codecs.put("later", "x");
        assertThat(r.extra().keySet()).containsExactly("read_codec", "write_codec");
        assertThatThrownBy(() -> r.extra().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(r.toBuilder().build()).isEqualTo(r);
    }

    @Test
    void rejectsInvalidRecordsNamingTheField() {
        assertField(() -> amiCdr().uniqueId(null).build(), "uniqueId");
        assertField(() -> amiCdr().uniqueId(" ").build(), "uniqueId");
        assertField(() -> amiCdr().start(null).build(), "start");
        assertField(() -> amiCdr().end(null).build(), "end");
        assertField(() -> amiCdr().end(START.minusSeconds(1)).build(), "end");
        assertField(() -> amiCdr().answer(START.minusSeconds(1)).build(), "answer");
        assertField(() -> amiCdr().answer(START.plusSeconds(2)).build(), "answer");
        assertField(() -> amiCdr().duration(Duration.ofSeconds(-1)).build(), "duration");
        assertField(() -> amiCdr().billableSeconds(Duration.ofSeconds(-1)).build(), "billableSeconds");
        assertField(() -> amiCdr().billableSeconds(Duration.ofSeconds(2)).build(), "billableSeconds");
        assertField(() -> amiCdr().disposition(null).build(), "disposition");
        assertField(() -> amiCdr().extra("", "x"), "extra");
        assertField(() -> amiCdr().extra("x", null), "extra[x]");
    }

    @ParameterizedTest
    @CsvSource({
            "ANSWERED, ANSWERED", "NO ANSWER, NO_ANSWER", "no answer, NO_ANSWER", "NO_ANSWER, NO_ANSWER",
            "BUSY, BUSY", "FAILED, FAILED", "CONGESTION, CONGESTED", "' busy ', BUSY",
            "NORMAL_CLEARING, UNKNOWN", "'', UNKNOWN"})
    void parsesAsteriskDispositions(String text, CallDisposition expected) {
        assertThat(CallDisposition.parse(text)).isEqualTo(expected);
    }

    @Test
    void parsesNullDispositionAsUnknown() {
        assertThat(CallDisposition.parse(null)).isEqualTo(CallDisposition.UNKNOWN);
    }

    private static void assertField(Runnable r, String field) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }
}
