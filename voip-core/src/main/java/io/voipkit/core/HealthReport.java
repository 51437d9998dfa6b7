package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Instant;
import java.util.List;

/**
 * Every health check of one PBX and the overall verdict ({@link HealthCheck#fullReport()}).
 *
 * @param status     the worst status of the checks that ran; {@link HealthStatus#DOWN} when the
 *                   connection is down
 * @param connection the connection check; always present
 * @param system     the system facts, or {@code null} when they could not be read (see {@code problems})
 * @param channels   the channel check, or {@code null} when it could not run
 * @param queues     the queue check, or {@code null} when it could not run
 * @param problems   human-readable findings, one line each (empty when all is well)
 * @param checkedAt  when the report was made
 */
public record HealthReport(HealthStatus status, HealthCheckResult connection, SystemInfo system,
                           ChannelsCheck channels, QueuesCheck queues, List<String> problems, Instant checkedAt) {

    /** Validates every value and copies the list. */
    public HealthReport {
        Checks.notNull(status, "status");
        Checks.notNull(connection, "connection");
        problems = Checks.copyOf(problems, "problems");
        Checks.notNull(checkedAt, "checkedAt");
        if (status.ordinal() < connection.status().ordinal()) {
            throw new InvalidRequestException("status", "must be at least as bad as the connection check ("
                    + connection.status() + "), was " + status);
        }
    }
}
