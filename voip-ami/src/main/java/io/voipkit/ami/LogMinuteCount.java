package io.voipkit.ami;

import io.voipkit.core.internal.Checks;

import java.time.Instant;

/**
 * How many log lines carry a time within one minute: one point of a lines-per-minute chart
 * ({@link LogBuffer#linesPerMinute(int)}).
 *
 * @param minute the start of the minute (seconds and below zero), UTC instant
 * @param lines  the number of lines whose timestamp falls in that minute
 */
public record LogMinuteCount(Instant minute, long lines) {
    /** Validates: minute present, count not negative. */
    public LogMinuteCount {
        Checks.notNull(minute, "minute");
        Checks.nonNegative(lines, "lines");
    }
}
