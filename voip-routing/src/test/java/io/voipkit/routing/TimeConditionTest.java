package io.voipkit.routing;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TimeConditionTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    @Test
    void officeHoursOnWeekdays() {
        TimeCondition c = TimeCondition.builder(BERLIN).days(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)
                .between(LocalTime.of(9, 0), LocalTime.of(18, 0)).build();
        assertThat(c.test(berlin("2026-11-25T09:00"))).isTrue();   // Wednesday, start inclusive
        assertThat(c.test(berlin("2026-11-25T17:59:59"))).isTrue();
        assertThat(c.test(berlin("2026-11-25T18:00"))).isFalse();  // end exclusive
        assertThat(c.test(berlin("2026-11-25T08:59"))).isFalse();
        assertThat(c.test(berlin("2026-11-28T10:00"))).isFalse();  // Saturday
        assertThat(c.summary()).isEqualTo("MON,TUE,WED,THU,FRI 09:00-18:00 Europe/Berlin");
    }

    @Test
    void nightWindowAcrossMidnightBelongsToTheDayItStarts() {
        TimeCondition fridayNight = TimeCondition.builder(BERLIN).onDays(java.util.Set.of(DayOfWeek.FRIDAY))
                .between(LocalTime.of(22, 0), LocalTime.of(6, 0)).build();
        assertThat(fridayNight.test(berlin("2026-11-27T23:00"))).isTrue();  // Friday night
        assertThat(fridayNight.test(berlin("2026-11-28T05:59"))).isTrue();  // Saturday early: still Friday's night
        assertThat(fridayNight.test(berlin("2026-11-28T06:00"))).isFalse();
        assertThat(fridayNight.test(berlin("2026-11-27T05:00"))).isFalse(); // Friday early belongs to Thursday
        assertThat(fridayNight.test(berlin("2026-11-27T12:00"))).isFalse();
    }

    @Test
    void holidaysExcludedOnlyOrIgnored() {
        LocalDate xmas = LocalDate.of(2026, 12, 25);
        Instant xmasNoon = berlin("2026-12-25T12:00");
        assertThat(TimeCondition.builder(BERLIN).holiday(xmas).build().test(xmasNoon)).isFalse();
        assertThat(TimeCondition.builder(BERLIN).holiday(xmas).onHolidays(TimeCondition.HolidayMode.ONLY).build()
                .test(xmasNoon)).isTrue();
        assertThat(TimeCondition.builder(BERLIN).holiday(xmas).onHolidays(TimeCondition.HolidayMode.ONLY).build()
                .test(berlin("2026-12-24T12:00"))).isFalse();
        assertThat(TimeCondition.builder(BERLIN).holiday(xmas).onHolidays(TimeCondition.HolidayMode.IGNORED).build()
                .test(xmasNoon)).isTrue();
    }

    @Test
    void daylightSavingTimeIsFollowed() {
        TimeCondition nine = TimeCondition.builder(BERLIN).between(LocalTime.of(9, 0), LocalTime.of(10, 0)).build();
        assertThat(nine.test(Instant.parse("2026-07-01T07:30:00Z"))).isTrue();  // CEST, UTC+2
        assertThat(nine.test(Instant.parse("2026-12-01T08:30:00Z"))).isTrue();  // CET, UTC+1
        assertThat(nine.test(Instant.parse("2026-12-01T07:30:00Z"))).isFalse();
    }

    @Test
    void compiledArithmeticAgreesWithJavaTimeEverywhere() {
        ZoneId[] zones = {BERLIN, ZoneId.of("America/New_York"), ZoneId.of("Asia/Kathmandu"), ZoneId.of("UTC")};
        Random r = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            ZoneId zone = zones[r.nextInt(zones.length)];
            LocalTime from = LocalTime.of(r.nextInt(24), r.nextInt(4) * 15);
            LocalTime to = LocalTime.of(r.nextInt(24), r.nextInt(4) * 15);
            DayOfWeek first = DayOfWeek.of(1 + r.nextInt(7));
            DayOfWeek last = DayOfWeek.of(1 + r.nextInt(7));
            LocalDate holiday = LocalDate.of(2026, 1 + r.nextInt(12), 1 + r.nextInt(28));
            TimeCondition c = TimeCondition.builder(zone).days(first, last).between(from, to).holiday(holiday).build();
            Instant at = Instant.ofEpochSecond(1_767_225_600L + r.nextInt(365 * 86_400)); // during 2026
            assertThat(c.test(at)).as(c + " at " + at).isEqualTo(reference(c, at));
        }
    }

    /** The obvious java.time formulation. */
    private static boolean reference(TimeCondition c, Instant at) {
        LocalDateTime local = LocalDateTime.ofInstant(at, c.zone());
        LocalDate day = local.toLocalDate();
        LocalTime t = local.toLocalTime();
        if (!c.from().equals(c.to())) {
            if (c.from().isBefore(c.to())) {
                if (t.isBefore(c.from()) || !t.isBefore(c.to())) {
                    return false;
                }
            } else if (t.isBefore(c.to())) {
                day = day.minusDays(1);
            } else if (t.isBefore(c.from())) {
                return false;
            }
        }
        if (!c.days().contains(day.getDayOfWeek())) {
            return false;
        }
        boolean holiday = c.holidays().contains(day);
        return switch (c.onHolidays()) {
            case EXCLUDED -> !holiday;
            case ONLY -> holiday;
            case IGNORED -> true;
        };
    }
}
