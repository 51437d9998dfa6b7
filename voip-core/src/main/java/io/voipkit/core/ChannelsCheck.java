package io.voipkit.core;

import io.voipkit.core.internal.Checks;

/**
 * Channel and endpoint availability ({@link HealthCheck#checkChannels()}).
 *
 * @param status           {@link HealthStatus#DEGRADED} when the data is stale (not connected) or
 *                         endpoints are known but none is online; {@link HealthStatus#UP} otherwise
 * @param activeChannels   live channels
 * @param activeCalls      call legs that involve an endpoint
 * @param endpointsOnline  endpoints that are {@link EndpointStatus#ONLINE}
 * @param endpointsOffline endpoints that are {@link EndpointStatus#OFFLINE}
 * @param endpointsUnknown endpoints that are {@link EndpointStatus#UNKNOWN}
 */
public record ChannelsCheck(HealthStatus status, int activeChannels, int activeCalls, int endpointsOnline,
                            int endpointsOffline, int endpointsUnknown) {

    /** Validates every value. */
    public ChannelsCheck {
        Checks.notNull(status, "status");
        Checks.nonNegative(activeChannels, "activeChannels");
        Checks.nonNegative(activeCalls, "activeCalls");
        Checks.nonNegative(endpointsOnline, "endpointsOnline");
        Checks.nonNegative(endpointsOffline, "endpointsOffline");
        Checks.nonNegative(endpointsUnknown, "endpointsUnknown");
    }

    /** All endpoints, whatever their status. */
    public int endpointsTotal() {
        return endpointsOnline + endpointsOffline + endpointsUnknown;
    }
}
