package io.voipkit.cdr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CdrValuesTest {

    private static Instant ts(String text, ZoneId zone) throws RowRejected {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return CdrValues.timestamp(b, 0, b.length, zone.normalized(), 10);
    }

    private static long secs(String text) throws RowRejected {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return CdrValues.seconds(b, 0, b.length, 13);
    }

    @Test
    void timestampsAreReadInTheGivenZone() throws RowRejected {
        assertThat(ts("2026-11-24 20:16:39", ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-11-24T20:16:39Z"));
        assertThat(ts("2026-11-24 20:16:39", ZoneId.of("UTC"))).isEqualTo(Instant.parse("2026-11-24T20:16:39Z"));
        assertThat(ts("2026-07-01 12:00:00", ZoneId.of("Europe/Berlin"))).isEqualTo(Instant.parse("2026-07-01T10:00:00Z"));
        assertThat(ts("2026-11-24T20:16:39.25", ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-11-24T20:16:39.250Z"));
    }

    @Test
    void invalidTimestampsAreRejectedNamingTheColumn() {
        for (String bad : new String[] {"2026-13-01 00:00:00", "2026-02-30 00:00:00", "2026-11-24 24:00:00",
                "2026-11-24", "24/11/2026 20:16:39", "2026-11-24 20:16:3x", "2026-11-24 20:16:39.", "-026-11-24 20:16:39"}) {
            assertThatThrownBy(() -> ts(bad, ZoneOffset.UTC)).as(bad).isInstanceOf(RowRejected.class)
                    .satisfies(e -> assertThat(((RowRejected) e).column()).isEqualTo(10));
        }
    }

    @Test
    void secondsMustBeNonNegativeWholeNumbers() throws RowRejected {
        assertThat(secs("0")).isZero();
        assertThat(secs("3600")).isEqualTo(3600);
        assertThatThrownBy(() -> secs("-5")).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> secs("1.5")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> secs("")).hasMessageContaining("was empty");
        assertThatThrownBy(() -> secs("99999999999999999999")).hasMessageContaining("plausible");
    }
}
