package io.voipkit.routing;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a {@link RoutingRule} applies: days of the week, a time-of-day window and holidays, in a
 * time zone.
 *
 * <pre>{@code
 * TimeCondition office = TimeCondition.builder(ZoneId.of("Europe/Berlin"))
 *         .days(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)          // Monday to Friday
 *         .between(LocalTime.of(9, 0), LocalTime.of(18, 0))  // 09:00 inclusive to 18:00 exclusive
 *         .holiday(LocalDate.of(2026, 12, 25))               // not on Christmas
 *         .build();
 * }</pre>
 *
 * @param zone     the time zone the days, hours and holidays are read in
 * @param days     the days of the week the rule applies on (non-empty; all seven for every day)
 * @param from     start of the daily window, inclusive
 * @param to       end of the daily window, exclusive; {@code from == to} means the whole day,
 *                 {@code to < from} a window across midnight (22:00-06:00) that belongs to the day
 *                 it starts on
 * @param holidays dates with special treatment, see {@code onHolidays}
 * @param onHolidays whether the rule is {@link HolidayMode#EXCLUDED excluded} on holidays (office
 *                 hours), applies {@link HolidayMode#ONLY only} on holidays (holiday greeting), or
 *                 {@link HolidayMode#IGNORED ignores} them
 */
public record TimeCondition(ZoneId zone, Set<DayOfWeek> days, LocalTime from, LocalTime to, Set<LocalDate> holidays,
                            HolidayMode onHolidays) {

    /** What a rule does on a holiday. */
    public enum HolidayMode {
        /** The rule never applies on a holiday (the usual case: office hours). */
        EXCLUDED,
        /** The rule applies only on holidays (a holiday announcement). */
        ONLY,
        /** Holidays are ordinary days. */
        IGNORED
    }

    /** Validates every value and copies the sets. */
    public TimeCondition {
        Checks.notNull(zone, "zone");
        Checks.copyOf(days, "days");
        if (days.isEmpty()) {
            throw new InvalidRequestException("days", "must name at least one day of the week");
        }
        days = java.util.Collections.unmodifiableSet(EnumSet.copyOf(days));
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
        Checks.copyOf(holidays, "holidays");
        if (holidays.size() > 10_000) {
            throw new InvalidRequestException("holidays", "more than 10000 dates");
        }
        holidays = java.util.Collections.unmodifiableSet(new TreeSet<>(holidays));
        Checks.notNull(onHolidays, "onHolidays");
    }

    /** Starts a condition in this zone: every day, all day, holidays excluded (none listed yet). */
    public static Builder builder(ZoneId zone) {
        return new Builder(zone);
    }

    /**
     * Whether {@code instant} falls inside this condition. For speed on the decision path use
     * the compiled form the engine builds; this method is the reference it is tested against.
     */
    public boolean test(Instant instant) {
        return compile().test(instant);
    }

    /** The condition in a form that tests an instant without allocating; used by the engine. */
    public Compiled compile() {
        return new Compiled(this);
    }

    /** Why the condition does or does not hold at {@code instant}, in words (for explanations). */
    public String describe(Instant instant) {
        var local = instant.atZone(zone);
        return local.getDayOfWeek().toString().substring(0, 3) + " " + local.toLocalDate() + " "
                + local.toLocalTime().withNano(0) + " " + zone + " vs " + this.summary();
    }

    /** A one-line summary such as {@code MON-FRI 09:00-18:00 Europe/Berlin, 3 holidays excluded}. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        if (days.size() == 7) {
            sb.append("every day");
        } else {
            StringBuilder d = new StringBuilder();
            for (DayOfWeek day : days) {
                if (d.length() > 0) {
                    d.append(',');
                }
                d.append(day.toString(), 0, 3);
            }
            sb.append(d);
        }
        sb.append(' ').append(from.equals(to) ? "all day" : from + "-" + to).append(' ').append(zone);
        if (!holidays.isEmpty() && onHolidays != HolidayMode.IGNORED) {
            sb.append(", ").append(holidays.size()).append(holidays.size() == 1 ? " holiday " : " holidays ")
                    .append(onHolidays == HolidayMode.ONLY ? "only" : "excluded");
        }
        return sb.toString();
    }

    /** A {@link TimeCondition} ready to test epoch seconds with plain arithmetic. Immutable, thread-safe. */
    public static final class Compiled {
        private final ZoneRules rules;
        private final int dayMask;
        private final int fromSec;
        private final int toSec;
        private final long[] holidayDays;
        private final HolidayMode mode;

        private Compiled(TimeCondition c) {
            this.rules = c.zone.getRules();
            int mask = 0;
            for (DayOfWeek d : c.days) {
                mask |= 1 << (d.getValue() - 1);
            }
            this.dayMask = mask;
            this.fromSec = c.from.toSecondOfDay();
            this.toSec = c.to.toSecondOfDay();
            this.holidayDays = c.holidays.stream().mapToLong(LocalDate::toEpochDay).sorted().toArray();
            this.mode = c.onHolidays;
        }

        /** Whether {@code instant} falls inside the condition; allocates nothing. */
        public boolean test(Instant instant) {
            // ZoneRules.getOffset returns cached ZoneOffset instances: no allocation per call.
            long local = instant.getEpochSecond() + rules.getOffset(instant).getTotalSeconds();
            long day = Math.floorDiv(local, 86_400L);
            int second = (int) Math.floorMod(local, 86_400L);
            long windowDay = day;
            if (fromSec != toSec) {
                if (fromSec < toSec) {
                    if (second < fromSec || second >= toSec) {
                        return false;
                    }
                } else if (second < toSec) {
                    windowDay = day - 1; // early-morning part of a window that started the evening before
                } else if (second < fromSec) {
                    return false;
                }
            }
            int dow = (int) Math.floorMod(windowDay + 3, 7L); // 1970-01-01 was a Thursday (Monday = 0)
            if ((dayMask & (1 << dow)) == 0) {
                return false;
            }
            boolean holiday = holidayDays.length > 0 && Arrays.binarySearch(holidayDays, windowDay) >= 0;
            return switch (mode) {
                case EXCLUDED -> !holiday;
                case ONLY -> holiday;
                case IGNORED -> true;
            };
        }
    }

    /** Builds a {@link TimeCondition}; not thread-safe. */
    public static final class Builder {
        private final ZoneId zone;
        private final Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
        private LocalTime from = LocalTime.MIDNIGHT;
        private LocalTime to = LocalTime.MIDNIGHT;
        private final Set<LocalDate> holidays = new TreeSet<>();
        private HolidayMode onHolidays = HolidayMode.EXCLUDED;

        private Builder(ZoneId zone) {
            this.zone = zone;
        }

        /** The days from {@code first} to {@code last} inclusive, wrapping over Sunday (SATURDAY..MONDAY works). */
        public Builder days(DayOfWeek first, DayOfWeek last) {
            Checks.notNull(first, "first");
            Checks.notNull(last, "last");
            days.clear();
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                days.add(d);
                if (d == last) {
                    break;
                }
            }
            return this;
        }

        /** Exactly these days. */
        public Builder onDays(Set<DayOfWeek> value) {
            Checks.copyOf(value, "days");
            days.clear();
            days.addAll(value);
            return this;
        }

        /** The daily window: {@code from} inclusive to {@code to} exclusive. */
        public Builder between(LocalTime fromTime, LocalTime toTime) {
            this.from = Checks.notNull(fromTime, "from");
            this.to = Checks.notNull(toTime, "to");
            return this;
        }

        /** Adds a holiday. */
        public Builder holiday(LocalDate date) {
            holidays.add(Checks.notNull(date, "holiday"));
            return this;
        }

        /** What the rule does on holidays (default {@link HolidayMode#EXCLUDED}). */
        public Builder onHolidays(HolidayMode value) {
            this.onHolidays = value;
            return this;
        }

        /** Validates and builds. */
        public TimeCondition build() {
            return new TimeCondition(zone, days, from, to, holidays, onHolidays);
        }
    }
}
