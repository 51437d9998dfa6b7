package io.voipkit.spring.boot;

import io.voipkit.core.InvalidRequestException;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code voip.routing.*} properties: where the {@code RoutingEngine}'s rules come from and
 * how they are kept current. Immutable; bound once at start-up.
 *
 * <pre>
 * voip.routing.rules-file=/etc/crm/routing.yaml
 * voip.routing.reload-interval=10s
 * </pre>
 *
 * @param enabled        Whether to create the {@code RoutingEngine} (and {@code CallQueues}) beans when
 *                       {@code voip-routing} is on the classpath
 * @param rulesFile      The JSON or YAML rule file ({@code .json}, {@code .yaml}, {@code .yml}); without it
 *                       the engine starts with an empty rule set (every call gets "no decision")
 * @param reloadInterval How often the rule file is checked for a change (modification time, size) and
 *                       reloaded; a file that does not parse keeps the rule set in use and is logged.
 *                       0 turns reloading off
 * @param useLiveState   Whether group members must be available in the single PBX's live state
 *                       (online, idle, not paused) to get a call; without a single PBX everybody is
 *                       available
 * @param queue          The callers waiting for a group ({@code CallQueues})
 */
@ConfigurationProperties("voip.routing")
public record VoipRoutingProperties(@DefaultValue("true") boolean enabled, Path rulesFile,
                                    @DefaultValue("0s") Duration reloadInterval,
                                    @DefaultValue("true") boolean useLiveState, @DefaultValue Queue queue) {

    /** Validates the interval. */
    public VoipRoutingProperties {
        if (reloadInterval == null) {
            reloadInterval = Duration.ZERO;
        }
        if (reloadInterval.isNegative() || (!reloadInterval.isZero() && reloadInterval.toMillis() < 100)) {
            throw new InvalidRequestException("voip.routing.reload-interval",
                    "must be 0 (off) or at least 100ms, was " + reloadInterval);
        }
        if (queue == null) {
            queue = new Queue(true, Duration.ofMinutes(2));
        }
    }

    /**
     * The {@code voip.routing.queue.*} properties.
     *
     * @param enabled Whether to create the {@code CallQueues} bean
     * @param maxWait How long a caller may wait for a group before {@code expire()} overflows it (1s to 1h)
     */
    public record Queue(@DefaultValue("true") boolean enabled, @DefaultValue("2m") Duration maxWait) {
        /** Validates the wait. */
        public Queue {
            if (maxWait == null || maxWait.compareTo(Duration.ofSeconds(1)) < 0 || maxWait.compareTo(Duration.ofHours(1)) > 0) {
                throw new InvalidRequestException("voip.routing.queue.max-wait", "must be 1s to 1h, was " + maxWait);
            }
        }
    }
}
