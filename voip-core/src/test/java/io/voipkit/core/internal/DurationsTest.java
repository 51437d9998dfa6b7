package io.voipkit.core.internal;

import io.voipkit.core.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"250,PT0.25S", "250ms,PT0.25S", "5s,PT5S", "2m,PT2M", "1h,PT1H", "1d,PT24H", "PT5S,PT5S", "pt1m30s,PT1M30S",
            "' 7S ',PT7S", "1500us,PT0.0015S", "-5s,PT-5S"})
    void parsesSpringStyleDurations(String text, Duration expected) {
        assertThat(Durations.parse(text, "t")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "5 parsecs", "5x", "P", "1.5s", "99999999999999999999s", "--5s"})
    void rejectsEverythingElseNamingTheField(String text) {
        assertThatThrownBy(() -> Durations.parse(text, "action-timeout"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("action-timeout"));
    }
}
