package io.voipkit.spring.boot;

import io.voipkit.core.InvalidRequestException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code voip.routing.*} properties: where the {@code RoutingEngine}'s rules come from and
 * how they are kept current. Immutable; bound once at start-up.
 *
 * <pre>
 * voip.routing.rules-file=/etc/crm/routing.yaml
 * voip.routing.reload-interval=10s
 * voip.routing.queue.overflow.support.voicemail=100@default
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
            queue = new Queue(true, Duration.ofMinutes(2), null, null);
        }
    }

    /**
     * The {@code voip.routing.queue.*} properties.
     *
     * <pre>
     * voip.routing.queue.max-wait=90s
     * voip.routing.queue.overflow.support.voicemail=100@default
     * voip.routing.queue.overflow.sales.group=sales-backup
     * voip.routing.queue.overflow[night.shift].reject=USER_BUSY
     * </pre>
     *
     * @param enabled       Whether to create the {@code CallQueues} bean
     * @param maxWait       How long a caller may wait for a group before it overflows (1s to 1h)
     * @param checkInterval How often the queues' own timer expires callers who waited {@code max-wait} and
     *                      retries dispatching (10ms to 1m); the precision of {@code max-wait}. Empty
     *                      means 1s. Setting it runs the queues by themselves even without a single PBX
     *                      (with one PBX they always do)
     * @param overflow      What happens to a group's callers when its queue is full or they waited
     *                      {@code max-wait}, by group name (a name with a dot in brackets:
     *                      {@code overflow[night.shift]}); exactly one of the action's keys, as in the
     *                      rule file's {@code action}. A group without an entry has no overflow action
     */
    public record Queue(@DefaultValue("true") boolean enabled, @DefaultValue("2m") Duration maxWait,
                        Duration checkInterval, Map<String, Overflow> overflow) {
        /** Validates the wait and the interval; copies the map. */
        public Queue {
            if (maxWait == null || maxWait.compareTo(Duration.ofSeconds(1)) < 0 || maxWait.compareTo(Duration.ofHours(1)) > 0) {
                throw new InvalidRequestException("voip.routing.queue.max-wait", "must be 1s to 1h, was " + maxWait);
            }
            if (checkInterval != null && (checkInterval.compareTo(Duration.ofMillis(10)) < 0
                    || checkInterval.compareTo(Duration.ofMinutes(1)) > 0)) {
                throw new InvalidRequestException("voip.routing.queue.check-interval",
                        "must be 10ms to 1m, was " + checkInterval);
            }
            // Sorted: the start-up log and the errors come in a stable order.
            overflow = overflow == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(overflow));
        }
    }

    /**
     * One group's overflow action ({@code voip.routing.queue.overflow.<group>.*}): exactly one key,
     * the same actions as a rule's {@code action} in the rule file.
     *
     * @param group     Send the caller to another number group (its name)
     * @param number    Dial one target, for example {@code PJSIP/200} or {@code Local/200@internal}
     * @param queue     Hand the caller to a PBX queue (Asterisk {@code Queue(name)})
     * @param voicemail Send the caller to a voicemail box, for example {@code 100@default}
     * @param reject    Refuse the call with a hangup cause: a name such as {@code USER_BUSY} or
     *                  {@code CALL_REJECTED}, or a Q.850 code
     * @param hangup    {@code true}: hang up (normal clearing)
     */
    public record Overflow(String group, String number, String queue, String voicemail, String reject, Boolean hangup) {
    }
}
