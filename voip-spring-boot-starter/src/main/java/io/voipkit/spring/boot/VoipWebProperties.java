package io.voipkit.spring.boot;

import io.voipkit.core.InvalidRequestException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code voip.web.*} properties: the opt-in HTTP endpoints (the dialplan's routing
 * endpoint and the REST API). Immutable; bound once at start-up.
 *
 * <pre>
 * voip.web.enabled=true
 * voip.web.route-allowed-addresses=127.0.0.1,::1,10.0.0.0/24
 * </pre>
 *
 * @param enabled               Whether to serve the endpoints (a servlet web application with Spring MVC is needed)
 * @param routePath             The path of the routing endpoint; the caller and called numbers follow as two path segments
 * @param basePath              The path under which the REST API is served ({@code /incoming/}, {@code /status/},
 *                              {@code /queue/}, {@code /stats/}, {@code /api/dashboard/...}, {@code /api/system/status/})
 * @param routeAllowedAddresses Addresses (or CIDR ranges) allowed to call the routing endpoint without
 *                              authentication when Spring Security protects the endpoints: Asterisk's
 *                              {@code CURL()} sends no credentials
 * @param zone                  The zone of "today" and of periods in days for the statistics; empty means this JVM's zone
 * @param serviceLevel          Calls answered within this wait count towards the service level in the statistics
 * @param recentCalls           How many finished calls the dashboard's recent-calls list keeps (1 to 10000)
 * @param security              How the endpoints are protected when Spring Security is on the classpath
 */
@ConfigurationProperties("voip.web")
public record VoipWebProperties(@DefaultValue("false") boolean enabled,
                                @DefaultValue("/api/voip/route") String routePath,
                                @DefaultValue("/voip") String basePath,
                                @DefaultValue({"127.0.0.1", "::1"}) List<String> routeAllowedAddresses,
                                String zone,
                                @DefaultValue("20s") Duration serviceLevel,
                                @DefaultValue("100") int recentCalls,
                                @DefaultValue Security security) {

    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    /** Validates the paths and limits; copies the list. */
    public VoipWebProperties {
        checkPath(routePath, "voip.web.route-path");
        checkPath(basePath, "voip.web.base-path");
        routeAllowedAddresses = routeAllowedAddresses == null ? List.of() : List.copyOf(routeAllowedAddresses);
        if (serviceLevel == null || serviceLevel.isNegative()) {
            throw new InvalidRequestException("voip.web.service-level", "must not be negative, was " + serviceLevel);
        }
        if (recentCalls < 1 || recentCalls > 10_000) {
            throw new InvalidRequestException("voip.web.recent-calls", "must be 1 to 10000, was " + recentCalls);
        }
        if (security == null) {
            security = new Security(true, null);
        }
    }

    private static void checkPath(String path, String property) {
        if (path == null || !PATH.matcher(path).matches()) {
            throw new InvalidRequestException(property, "must be a path like /api/voip/route (segments of letters, "
                    + "digits, . _ ~ -; no trailing slash), was " + path);
        }
    }

    /**
     * The {@code voip.web.security.*} properties.
     *
     * @param enabled Whether to add the {@code SecurityFilterChain} for the voip paths (HTTP basic, stateless)
     *                when Spring Security is on the classpath
     * @param role    The role a user needs for the endpoints (for example {@code VOIP}); empty means any
     *                authenticated user
     */
    public record Security(@DefaultValue("true") boolean enabled, String role) {
    }
}
