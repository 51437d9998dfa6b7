package io.voipkit.core.event;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class LogLevelTest {
    @ParameterizedTest
    @CsvSource({
            // Asterisk, as in fixtures/logs/asterisk-full
            "ERROR, ERROR", "WARNING, WARNING", "NOTICE, NOTICE", "VERBOSE, VERBOSE", "DEBUG, DEBUG", "DTMF, DTMF",
            "SECURITY, SECURITY", "VERBOSE[10530], VERBOSE", "' warning ', WARNING",
            // FreeSWITCH
            "ERR, ERROR", "CRIT, ERROR", "ALERT, ERROR", "INFO, VERBOSE", "CONSOLE, DEBUG", "debug, DEBUG"})
    void parsesLeniently(String text, LogLevel expected) {
        assertThat(LogLevel.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"LOUD", "[", "  "})
    void unknownTextIsUnknown(String text) {
        assertThat(LogLevel.parse(text)).isEqualTo(LogLevel.UNKNOWN);
    }
}
