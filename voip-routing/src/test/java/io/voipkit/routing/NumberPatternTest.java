package io.voipkit.routing;

import io.voipkit.core.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NumberPatternTest {

    @Test
    void asteriskClassesMatchTheirDigits() {
        NumberPattern p = NumberPattern.compile("_NXX.");
        assertThat(p.matches("2125550100")).isTrue();
        assertThat(p.matches("212")).as("'.' needs at least one more character").isFalse();
        assertThat(p.matches("1125550100")).as("N is 2-9").isFalse();
        assertThat(NumberPattern.compile("_Z!").matches("1")).isTrue();
        assertThat(NumberPattern.compile("_Z!").matches("0")).isFalse();
        assertThat(NumberPattern.compile("_x").matches("7")).isTrue();
    }

    @Test
    void withoutWildcardTheLengthMustBeExact() {
        NumberPattern p = NumberPattern.compile("_8800XXXXXXX");
        assertThat(p.matches("88001234567")).isTrue();
        assertThat(p.matches("880012345678")).isFalse();
        assertThat(p.matches("8800123456")).isFalse();
        assertThat(p.literalPrefix()).isEqualTo("8800");
        assertThat(p.minLength()).isEqualTo(11);
        assertThat(p.maxLength()).isEqualTo(11);
    }

    @Test
    void bracketSetsAndRangesAndIgnoredDashes() {
        NumberPattern p = NumberPattern.compile("_[15-7+]-XX");
        assertThat(p.matches("100")).isTrue();
        assertThat(p.matches("600")).isTrue();
        assertThat(p.matches("+00")).isTrue();
        assertThat(p.matches("200")).isFalse();
        assertThat(p.matches("8")).isFalse();
    }

    @Test
    void prefixFormsAcceptRegexStyleEscapes() {
        assertThat(NumberPattern.compile("^\\+79").matches("+79001234567")).isTrue();
        assertThat(NumberPattern.compile("^+79").matches("+79001234567")).isTrue();
        assertThat(NumberPattern.compile("^+79").matches("+78001234567")).isFalse();
        assertThat(NumberPattern.compile("^100$").matches("100")).isTrue();
        assertThat(NumberPattern.compile("^100$").matches("1001")).isFalse();
        assertThat(NumberPattern.compile("^+79").literalPrefix()).isEqualTo("+79");
    }

    @Test
    void literalsMatchExactly() {
        NumberPattern p = NumberPattern.compile("alice");
        assertThat(p.matches("alice")).isTrue();
        assertThat(p.matches("alice2")).isFalse();
        assertThat(NumberPattern.exactly("[x]").matches("[x]")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a+)+$", "^(a|aa)+$", "^\\d+", "_X(1)", "_X.1", "_[12", "_[]", "_[9-1]", "_", "a b",
            "^7.*", "_X!X", "(.*a){20}", "x{1,3}"})
    void rejectsWhatItCannotMatchSafely(String pattern) {
        assertThatThrownBy(() -> NumberPattern.compile(pattern, "rules[0].called"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("rules[0].called: ");
    }

    @Test
    void errorsNameThePosition() {
        assertThatThrownBy(() -> NumberPattern.compile("_XX(1)"))
                .hasMessageContaining("'(' at position 3");
        assertThatThrownBy(() -> NumberPattern.compile("x".repeat(300)))
                .hasMessageContaining("longer than 256");
        assertThatThrownBy(() -> NumberPattern.compile("_X\u00e9"))
                .hasMessageContaining("U+00E9");
    }

    @Test
    void hostileInputsOfTenKilobytesAreAnsweredInOnePass() {
        // The matcher looks at most at the pattern's fixed length: a 10 kB number costs what a 10-digit one does.
        String tenKb = "a".repeat(10_240);
        String tenKbDigits = "9".repeat(10_239) + "!";
        NumberPattern[] patterns = {
                NumberPattern.compile("_" + "X".repeat(200) + "."),
                NumberPattern.compile("_[a-z]!"),
                NumberPattern.compile("^" + "a".repeat(255)),
                NumberPattern.compile("a".repeat(256)),
        };
        int matches = 0;
        for (int round = 0; round < 10_000; round++) {
            for (NumberPattern p : patterns) {
                if (p.matches(tenKb)) {
                    matches++;
                }
                if (p.matches(tenKbDigits)) {
                    matches++;
                }
            }
        }
        // _[a-z]! and ^a{255} match the letters; _X{200}. matches the digits
        assertThat(matches).isEqualTo(3 * 10_000);
    }

    @Test
    void nonAsciiInputNeverMatchesAClassButMatchesAWildcardTail() {
        assertThat(NumberPattern.compile("_X").matches("\u0663")).isFalse(); // Arabic-Indic digit three
        assertThat(NumberPattern.compile("_1.").matches("1\u0663")).isTrue();
    }
}
