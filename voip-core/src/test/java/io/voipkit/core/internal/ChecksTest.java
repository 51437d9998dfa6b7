package io.voipkit.core.internal;

import io.voipkit.core.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks added for the API records (identifier, blankToNull, ranges, DTMF). */
class ChecksTest {

    @ParameterizedTest
    @ValueSource(strings = {"office", "pbx-1", "a.b_c", "A9"})
    void identifiersAccepted(String id) {
        assertThat(Checks.identifier(id, "id")).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "a/b", "ä", "x\r\n", "12345678901234567890123456789012345678901234567890123456789012345"})
    void identifiersRejected(String id) {
        assertThatThrownBy(() -> Checks.identifier(id, "id"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("id"));
    }

    @Test
    void blankToNull() {
        assertThat(Checks.blankToNull(null)).isNull();
        assertThat(Checks.blankToNull(" \t")).isNull();
        assertThat(Checks.blankToNull(" x ")).isEqualTo(" x ");
    }

    @Test
    void ranges() {
        assertThat(Checks.inRange(5, 1, 5, "n")).isEqualTo(5);
        assertThatThrownBy(() -> Checks.inRange(6, 1, 5, "n")).hasMessageContaining("between 1 and 5, was 6");
        assertThat(Checks.inRange(0.5, 0, 1, "d")).isEqualTo(0.5);
        assertThatThrownBy(() -> Checks.inRange(Double.NaN, 0, 1, "d")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Checks.inRange(Double.POSITIVE_INFINITY, 0, 1, "d")).isInstanceOf(InvalidRequestException.class);
        assertThat(Checks.atMost(Duration.ofSeconds(1), Duration.ofSeconds(1), "t")).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> Checks.atMost(Duration.ofSeconds(2), Duration.ofSeconds(1), "t"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("t"));
    }

    @Test
    void dtmfDigitsAreUpperCased() {
        assertThat(Checks.dtmfDigits("0123456789*#abcdABCD", "digits")).isEqualTo("0123456789*#ABCDABCD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12e", "1 2", "1\r\n", "w1", "+1"})
    void invalidDtmfIsRejectedWithItsPosition(String digits) {
        assertThatThrownBy(() -> Checks.dtmfDigits(digits, "digits"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("digits"));
    }

    @Test
    void dtmfErrorShowsControlCharactersEscaped() {
        assertThatThrownBy(() -> Checks.dtmfDigits("1\n", "digits")).hasMessageContaining("\\u000a").hasMessageContaining("index 1");
        assertThatThrownBy(() -> Checks.dtmfDigits("1".repeat(65), "digits")).hasMessageContaining("1 to 64");
    }
}
