package io.voipkit.cdr;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * Which calls to count and how to group them: calls that started in {@code [from, to)}, grouped
 * by operator, by destination context (the queue or group the call was routed to), or not at all.
 *
 * <pre>{@code
 * StatisticsQuery q = StatisticsQuery.thisWeek(ZoneId.of("Europe/Berlin"), Clock.systemUTC())
 *         .groupBy(StatisticsQuery.Grouping.OPERATOR).serviceLevel(Duration.ofSeconds(20));
 * }</pre>
 *
 * @param from         the first instant counted
 * @param to           the first instant not counted; after {@code from}
 * @param grouping     how to group
 * @param serviceLevel answered within this wait counts towards the service level; default 20 s
 */
public record StatisticsQuery(Instant from, Instant to, Grouping grouping, Duration serviceLevel) {
    /** How calls are grouped. */
    public enum Grouping {
        /** One group of all calls (its name is {@code null}). */
        NONE,
        /** By {@link CallLogEntry#operator()}. */
        OPERATOR,
        /** By the destination context ({@code dcontext}), for example the queue's or group's context. */
        CONTEXT
    }

    /** Validates: all present, {@code to} after {@code from}, service level not negative. */
    public StatisticsQuery {
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
        if (!to.isAfter(from)) {
            throw new InvalidRequestException("to", "must be after from " + from + ", was " + to);
        }
        Checks.notNull(grouping, "grouping");
        Checks.nonNegative(serviceLevel, "serviceLevel");
    }

    /** Calls in {@code [from, to)}, not grouped, 20 s service level. */
    public static StatisticsQuery between(Instant from, Instant to) {
        return new StatisticsQuery(from, to, Grouping.NONE, Duration.ofSeconds(20));
    }

    /** Today, midnight to midnight in {@code zone}. */
    public static StatisticsQuery today(ZoneId zone, Clock clock) {
        LocalDate day = LocalDate.now(Checks.notNull(clock, "clock").withZone(Checks.notNull(zone, "zone")));
        return days(day, day.plusDays(1), zone);
    }

    /** This week, Monday to Monday in {@code zone}. */
    public static StatisticsQuery thisWeek(ZoneId zone, Clock clock) {
        LocalDate day = LocalDate.now(Checks.notNull(clock, "clock").withZone(Checks.notNull(zone, "zone")));
        LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return days(monday, monday.plusWeeks(1), zone);
    }

    /** This calendar month in {@code zone}. */
    public static StatisticsQuery thisMonth(ZoneId zone, Clock clock) {
        LocalDate day = LocalDate.now(Checks.notNull(clock, "clock").withZone(Checks.notNull(zone, "zone")));
        LocalDate first = day.withDayOfMonth(1);
        return days(first, first.plusMonths(1), zone);
    }

    private static StatisticsQuery days(LocalDate from, LocalDate to, ZoneId zone) {
        return between(from.atStartOfDay(zone).toInstant(), to.atStartOfDay(zone).toInstant());
    }

    /** The same query grouped by {@code v}. */
    public StatisticsQuery groupBy(Grouping v) {
        return new StatisticsQuery(from, to, v, serviceLevel);
    }

    /** The same query with service level threshold {@code v}. */
    public StatisticsQuery serviceLevel(Duration v) {
        return new StatisticsQuery(from, to, grouping, v);
    }
}
