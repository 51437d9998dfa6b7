package io.voipkit.cdr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class LocalTimestampsTest {
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Every 11 minutes through a year, both directions, in zones with DST, half-hour and 45-minute offsets. */
    @Test
    void theCachedOffsetsGiveWhatTheJdkGivesIncludingGapsAndOverlaps() throws RowRejected {
        for (String zone : new String[] {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu",
                "America/St_Johns", "UTC"}) {
            ZoneId z = ZoneId.of(zone);
            LocalTimestamps times = new LocalTimestamps(z);
            LocalDateTime t = LocalDateTime.of(2026, 1, 1, 0, 3, 17);
            int checked = 0;
            while (t.getYear() < 2027) {
                byte[] b = t.format(TEXT).getBytes(StandardCharsets.US_ASCII);
                Instant expected = t.atZone(z).toInstant();
                assertThat(times.parse(b, 0, b.length, 10)).as("%s %s", zone, t).isEqualTo(expected);
                t = t.plusMinutes(11);
                checked++;
            }
            assertThat(checked).isGreaterThan(40_000);
        }
    }

    @Test
    void theRememberedTextPerSlotGivesTheSameInstantsAsParsingAndSharesEqualOnes() throws RowRejected {
        LocalTimestamps memo = new LocalTimestamps(ZoneId.of("Europe/Berlin"));
        LocalTimestamps plain = new LocalTimestamps(ZoneId.of("Europe/Berlin"));
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        LocalDateTime t = LocalDateTime.of(2026, 3, 29, 1, 0, 0);    // across the spring gap
        for (int i = 0; i < 20_000; i++) {
            t = t.plusSeconds(random.nextInt(3));                       // repeats, as the rows of one call do
            String text = t.format(TEXT) + (random.nextInt(10) == 0 ? ".5" : "");
            byte[] b = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);
            int slot = random.nextInt(4);
            assertThat(memo.parse(b, 1, b.length - 1, 10, slot)).as("%s", text)
                    .isEqualTo(plain.parse(b, 1, b.length - 1, 10));
        }
        byte[] a = "2026-11-24 20:16:39".getBytes(StandardCharsets.US_ASCII);
        assertThat(memo.parse(a, 0, a.length, 10, 0)).isSameAs(memo.parse(a.clone(), 0, a.length, 11, 0));
        assertThat(plain.parse(a, 0, a.length, 10)).isSameAs(plain.parse(a, 0, a.length, 10));
    }

    @Test
    void aRememberedTextDoesNotHideAnInvalidOne() {
        LocalTimestamps memo = new LocalTimestamps(ZoneId.of("UTC"));
        byte[] bad = "2026-13-24 20:16:39".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 2; i++) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> memo.parse(bad, 0, bad.length, 12, 2))
                    .isInstanceOf(RowRejected.class).hasMessageContaining("not a valid date");
        }
    }

    @Test
    void epochDaysMatchTheJdk() {
        for (int y : new int[] {0, 1, 4, 100, 400, 1582, 1900, 1970, 2000, 2024, 2100, 9999}) {
            for (int m = 1; m <= 12; m++) {
                assertThat(LocalTimestamps.epochDay(y, m, 28)).isEqualTo(java.time.LocalDate.of(y, m, 28).toEpochDay());
            }
        }
    }
}
