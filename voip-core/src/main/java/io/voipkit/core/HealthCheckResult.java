package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Duration;
import java.time.Instant;

/**
 * The result of {@link HealthCheck#checkConnection()}: is the PBX reachable, and how fast does it
 * answer a no-op action (AMI {@code Ping}, ESL {@code api status})?
 *
 * @param status          {@link HealthStatus#UP} when the PBX answered, {@link HealthStatus#DOWN} otherwise
 * @param connectionState the session state at the time of the check
 * @param responseTime    the round trip of the no-op action, or {@code null} when it was not answered
 * @param message         what went wrong when down (for example {@code not connected: reconnecting}),
 *                        or {@code null}
 * @param checkedAt       when the check ran
 */
public record HealthCheckResult(HealthStatus status, ConnectionState connectionState, Duration responseTime,
                                String message, Instant checkedAt) {

    /** Validates every value. */
    public HealthCheckResult {
        Checks.notNull(status, "status");
        Checks.notNull(connectionState, "connectionState");
        if (responseTime != null) {
            Checks.nonNegative(responseTime, "responseTime");
        }
        message = Checks.blankToNull(message);
        Checks.notNull(checkedAt, "checkedAt");
        if (status == HealthStatus.UP && responseTime == null) {
            throw new InvalidRequestException("responseTime", "is required when the status is UP");
        }
    }

    /** The PBX answered in {@code responseTime}. */
    public static HealthCheckResult up(Duration responseTime, Instant checkedAt) {
        return new HealthCheckResult(HealthStatus.UP, ConnectionState.CONNECTED, responseTime, null, checkedAt);
    }

    /** The PBX is not reachable, for the given reason. */
    public static HealthCheckResult down(ConnectionState state, String message, Instant checkedAt) {
        return new HealthCheckResult(HealthStatus.DOWN, state, null, message, checkedAt);
    }
}
