package io.voipkit.spring.boot;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.LiveState;
import io.voipkit.core.Pbx;
import io.voipkit.routing.CallQueues;
import io.voipkit.routing.RouteAction;
import io.voipkit.routing.RoutingEngine;
import io.voipkit.routing.RuleFileException;
import io.voipkit.routing.RuleSet;
import io.voipkit.routing.RuleSetFiles;
import io.voipkit.spring.boot.internal.OverflowActions;
import io.voipkit.spring.boot.internal.RuleFileReloader;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link RoutingEngine} from the {@code voip.routing.*} properties
 * ({@link VoipRoutingProperties}), when {@code voip-routing} is on the classpath:
 *
 * <ul>
 *   <li>{@link RoutingEngine} ({@code voipRoutingEngine}) with the rules of
 *       {@code voip.routing.rules-file} (an empty rule set without one); a file that does not
 *       parse fails the start-up saying where. Members are available per the single PBX's
 *       {@link LiveState} when there is exactly one PBX ({@code use-live-state}).</li>
 *   <li>{@link RuleFileReloader} ({@code voipRoutingReloader}) when a rule file is set: with
 *       {@code reload-interval > 0} it reloads the file when it changes; a bad file keeps the good
 *       rule set and is logged.</li>
 *   <li>{@link CallQueues} ({@code voipCallQueues}): callers waiting for a group, with the
 *       {@code voip.routing.queue.*} maximum wait, check interval and overflow action per group.</li>
 * </ul>
 *
 * <p>Each backs off when the application defines a bean of the same type; turned off with
 * {@code voip.routing.enabled=false}.
 */
@AutoConfiguration(after = VoipAutoConfiguration.class)
@ConditionalOnClass(RoutingEngine.class)
@ConditionalOnProperty(prefix = "voip.routing", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(VoipRoutingProperties.class)
public final class VoipRoutingAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(VoipRoutingAutoConfiguration.class);

    /** For Spring. */
    VoipRoutingAutoConfiguration() {
    }

    /** The engine, with the rule file's rules and the single PBX's availability. */
    @Bean
    @ConditionalOnMissingBean
    static RoutingEngine voipRoutingEngine(VoipRoutingProperties properties, ObjectProvider<LiveState> liveState) {
        RoutingEngine.Builder b = RoutingEngine.builder();
        if (properties.rulesFile() != null) {
            try {
                RuleSet rules = RuleSetFiles.read(properties.rulesFile());
                b.rules(rules);
                log.info("voipkit routing: {} rules and {} groups from {}", rules.rules().size(), rules.groups().size(),
                        properties.rulesFile());
            } catch (RuleFileException e) {
                // The message says file, line, column and field; name the property that pointed there.
                throw new InvalidRequestException("voip.routing.rules-file", e.getMessage());
            }
        }
        LiveState state = properties.useLiveState() ? liveState.getIfUnique() : null;
        if (state != null) {
            b.liveState(state);
        }
        return b.build();
    }

    /**
     * Reloads the rule file when it changes: every {@code voip.routing.reload-interval}, or only
     * when asked ({@link RuleFileReloader#checkNow()}) with interval 0.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "voip.routing", name = "rules-file")
    @ConditionalOnBean(RoutingEngine.class)
    static RuleFileReloader voipRoutingReloader(RoutingEngine engine, VoipRoutingProperties properties) {
        return new RuleFileReloader(engine, properties.rulesFile(), properties.reloadInterval());
    }

    /**
     * Callers waiting for a group when none of its members is available. With a single PBX (and
     * {@code voip.routing.use-live-state}) the queues run themselves from its events: a freed
     * member is offered to the longest-waiting caller, waits expire, hung-up callers leave, and
     * the fairness strategies are seeded from the PBX's queue statistics. Closed with the context.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(RoutingEngine.class)
    @ConditionalOnProperty(prefix = "voip.routing.queue", name = "enabled", havingValue = "true", matchIfMissing = true)
    static CallQueues voipCallQueues(RoutingEngine engine, VoipRoutingProperties properties, ObjectProvider<Pbx> pbx) {
        VoipRoutingProperties.Queue q = properties.queue();
        CallQueues.Builder b = CallQueues.builder(engine).maxWait(q.maxWait());
        if (q.checkInterval() != null) {
            b.checkInterval(q.checkInterval());
        }
        Map<String, RouteAction> overflow = OverflowActions.of(q.overflow());
        RuleSet rules = engine.ruleSet();
        for (Map.Entry<String, RouteAction> e : overflow.entrySet()) {
            // Not an error: the rule file may gain the group at its next reload; but a typo must show.
            if (rules.group(e.getKey()).isEmpty()) {
                log.warn("voipkit routing: {}.{} names a group that the rule set in use does not have (groups: {}); "
                        + "it applies once a rule-file reload adds it", OverflowActions.PREFIX, e.getKey(), rules.groups().keySet());
            }
            b.overflow(e.getKey(), e.getValue());
        }
        Pbx single = properties.useLiveState() ? pbx.getIfUnique() : null;
        if (single != null) {
            b.watch(single);
        }
        return b.build();
    }
}
