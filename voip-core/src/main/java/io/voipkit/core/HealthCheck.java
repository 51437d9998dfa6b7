package io.voipkit.core;

import java.time.Duration;

/**
 * Health of one PBX: the connection, the system, channels and endpoints, queues, and call quality.
 * Obtained from {@link Pbx#health()}.
 *
 * <pre>{@code
 * HealthReport report = pbx.health().fullReport();
 * if (report.status() != HealthStatus.UP) {
 *     report.problems().forEach(log::warn);
 * }
 * }</pre>
 *
 * <p>{@link #checkConnection()} and {@link #fullReport()} never throw {@link PbxException}: a PBX
 * that cannot be reached is a {@link HealthStatus#DOWN} result, which is what a health endpoint
 * wants. The other methods throw like any action. Implementations are thread-safe.
 */
public interface HealthCheck {

    /**
     * Sends a no-op action and measures the round trip. Waits at most the action timeout; a missing
     * connection or answer gives a {@link HealthStatus#DOWN} result instead of an exception.
     */
    HealthCheckResult checkConnection();

    /**
     * Reads the PBX's version, uptime, reload time and call counts.
     *
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     * @throws PbxActionFailedException when the PBX refuses (for example a user without the
     *                                  {@code system} read permission)
     */
    SystemInfo systemInfo();

    /**
     * Counts channels, calls and endpoints by status from the live state; never blocks. Degraded
     * when the live state is not current or no known endpoint is online.
     */
    ChannelsCheck checkChannels();

    /**
     * Checks every queue for callers without an available agent and for long waits, from the
     * live state; never blocks.
     */
    QueuesCheck checkQueues();

    /**
     * Runs every check and combines them: {@link HealthStatus#DOWN} when the connection is down
     * (the other checks are then skipped), otherwise the worst of the checks. A check that fails
     * is reported as a problem and makes the report {@link HealthStatus#DEGRADED}. Never throws
     * {@link PbxException}.
     */
    HealthReport fullReport();

    /**
     * Statistics of the calls that ended within the last {@code window}.
     *
     * @param window how far back to look; positive, at most the retention the adapter keeps
     *               (one day by default)
     * @throws InvalidRequestException when the window is not positive or longer than the retention
     */
    CallQuality callQuality(Duration window);
}
