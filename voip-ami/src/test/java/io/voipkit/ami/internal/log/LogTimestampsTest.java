package io.voipkit.ami.internal.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LogTimestampsTest {
    private static final Instant REFERENCE = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void isoWithMillisInTheGivenZone() {
        assertThat(LogTimestamps.parse("2026-11-24 20:12:57.774", ZoneOffset.UTC, REFERENCE))
                .isEqualTo(Instant.parse("2026-11-24T20:12:57.774Z"));
        assertThat(LogTimestamps.parse("2026-11-24 20:12:57.774", ZoneId.of("America/New_York"), REFERENCE))
                .isEqualTo(Instant.parse("2026-11-25T01:12:57.774Z"));
    }

    @Test
    void isoVariants() {
        assertThat(LogTimestamps.parse("2026-11-24 20:12:57", ZoneOffset.UTC, REFERENCE)).isEqualTo(Instant.parse("2026-11-24T20:12:57Z"));
        assertThat(LogTimestamps.parse("2026-11-24T20:12:57.123456", ZoneOffset.UTC, REFERENCE))
                .isEqualTo(Instant.parse("2026-11-24T20:12:57.123456Z"));
        assertThat(LogTimestamps.parse("2026-11-24 20:12:57+0100", ZoneOffset.UTC, REFERENCE)).isEqualTo(Instant.parse("2026-11-24T19:12:57Z"));
        assertThat(LogTimestamps.parse("2026-11-24T20:12:57Z", ZoneId.of("Asia/Tokyo"), REFERENCE)).isEqualTo(Instant.parse("2026-11-24T20:12:57Z"));
    }

    @Test
    void syslogStyleWithSpacePaddedDay() {
        assertThat(LogTimestamps.parse("Nov 24 20:16:39", ZoneOffset.UTC, REFERENCE)).isEqualTo(Instant.parse("2026-11-24T20:16:39Z"));
        assertThat(LogTimestamps.parse("Nov  4 20:16:39", ZoneOffset.UTC, REFERENCE)).isEqualTo(Instant.parse("2026-11-04T20:16:39Z"));
        assertThat(LogTimestamps.parse("Nov  4 20:16:39.250", ZoneOffset.UTC, REFERENCE)).isEqualTo(Instant.parse("2026-11-04T20:16:39.250Z"));
    }

    @Test
    void yearlessDateAfterTheReferenceBelongsToThePreviousYear() {
        Instant newYear = Instant.parse("2027-01-01T00:00:30Z");

        assertThat(LogTimestamps.parse("Dec 31 23:59:59", ZoneOffset.UTC, newYear)).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
        assertThat(LogTimestamps.parse("Jan  1 00:00:10", ZoneOffset.UTC, newYear)).isEqualTo(Instant.parse("2027-01-01T00:00:10Z"));
        // A day of slack: the reference (file time) may lag behind a line by a poll, or a zone may be off.
        assertThat(LogTimestamps.parse("Jan  1 00:00:10", ZoneOffset.UTC, Instant.parse("2026-12-31T23:59:59Z")))
                .isEqualTo(Instant.parse("2027-01-01T00:00:10Z"));
    }

    @Test
    void february29thGoesToTheLatestLeapYear() {
        assertThat(LogTimestamps.parse("Feb 29 10:00:00", ZoneOffset.UTC, Instant.parse("2029-03-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2028-02-29T10:00:00Z"));
        assertThat(LogTimestamps.parse("Feb 29 10:00:00", ZoneOffset.UTC, REFERENCE))
                .isEqualTo(Instant.parse("2024-02-29T10:00:00Z"));
    }

    @Test
    void epochSeconds() {
        assertThat(LogTimestamps.parse("1795551562", ZoneOffset.UTC, REFERENCE)).isEqualTo(Instant.ofEpochSecond(1795551562));
        assertThat(LogTimestamps.parse("1795551562.5", ZoneOffset.UTC, REFERENCE)).isEqualTo(Instant.ofEpochSecond(1795551562, 500_000_000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Foo 24 20:16:39", "Feb 30 10:00:00", "Apr 31 10:00:00", "2026-13-01 00:00:00", "2026-11-24 25:00:00",
            "Nov 24 20:16", "24/11/2026 20:16:39", "2026-11-24  20:12:57", "Nov 24 20:16:39 2026 and much more text than a date"})
    void unsupportedOrImpossibleIsNull(String text) {
        assertThat(LogTimestamps.parse(text, ZoneOffset.UTC, REFERENCE)).isNull();
    }

    @Test
    void nullIsNull() {
        assertThat(LogTimestamps.parse(null, ZoneOffset.UTC, REFERENCE)).isNull();
    }
}
