package io.voipkit.spring.boot;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.voipkit.cdr.CdrImporter;
import io.voipkit.core.PbxRegistry;
import io.voipkit.routing.RoutingEngine;
import io.voipkit.spring.boot.internal.ActionLatencyMeters;
import io.voipkit.spring.boot.internal.CdrImportRunner;
import io.voipkit.spring.boot.internal.CdrMeterBinder;
import io.voipkit.spring.boot.internal.PbxMeterBinder;
import io.voipkit.spring.boot.internal.QueueMeterBinder;
import io.voipkit.spring.boot.internal.RoutingMeterBinder;
import io.voipkit.spring.boot.internal.RuleFileReloader;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters, when {@code micrometer-core} is on the classpath (see the README): for every
 * PBX ({@code voip.connection.*}, {@code voip.events.*}, {@code voip.endpoints},
 * {@code voip.calls.active}; {@code voip.queue.waiting} / {@code voip.queue.available} per queue;
 * the timer {@code voip.action.latency} per action and outcome),
 * for the routing engine ({@code voip.routing.decisions} per rule) and for the scheduled CDR
 * import ({@code voip.cdr.*}). Spring Boot's metrics support binds each {@link MeterBinder} to
 * every {@code MeterRegistry}. Each backs off when the application defines a bean of the same
 * name ({@code voipMeterBinder}, {@code voipQueueMeterBinder}, {@code voipRoutingMeterBinder},
 * {@code voipCdrMeterBinder}, {@code voipActionLatencyMeters}).
 *
 * <p>The action timer works differently from the others: it is an
 * {@link io.voipkit.core.ActionObserver} that {@link VoipAutoConfiguration} passes to every PBX it
 * builds (with any {@code ActionObserver} beans of the application), and a {@link MeterBinder}
 * that learns the registries when Spring Boot binds it.
 */
@AutoConfiguration(after = {VoipAutoConfiguration.class, VoipRoutingAutoConfiguration.class,
        VoipCdrAutoConfiguration.class})
@ConditionalOnClass(MeterBinder.class)
public final class VoipMetricsAutoConfiguration {

    /** For Spring. */
    VoipMetricsAutoConfiguration() {
    }

    /** The meters of the PBXs registered when the context starts. */
    @Bean
    @ConditionalOnBean(PbxRegistry.class)
    @ConditionalOnMissingBean(name = "voipMeterBinder")
    static MeterBinder voipMeterBinder(PbxRegistry registry) {
        return new PbxMeterBinder(registry);
    }

    /**
     * The timer {@code voip.action.latency}: the observer given to every PBX the starter builds.
     * Not conditional on the registry bean: the registry is built from it.
     */
    @Bean
    @ConditionalOnMissingBean(name = "voipActionLatencyMeters")
    static ActionLatencyMeters voipActionLatencyMeters() {
        return new ActionLatencyMeters();
    }

    /** Waiting callers and available members per PBX queue. */
    @Bean
    @ConditionalOnBean(PbxRegistry.class)
    @ConditionalOnMissingBean(name = "voipQueueMeterBinder")
    static MeterBinder voipQueueMeterBinder(PbxRegistry registry) {
        return new QueueMeterBinder(registry);
    }

    /** Routing decisions per rule. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RoutingEngine.class)
    static class RoutingMetrics {
        @Bean
        @ConditionalOnBean(RoutingEngine.class)
        @ConditionalOnMissingBean(name = "voipRoutingMeterBinder")
        static MeterBinder voipRoutingMeterBinder(RoutingEngine engine, ObjectProvider<RuleFileReloader> reloader) {
            return new RoutingMeterBinder(engine, reloader.getIfUnique());
        }
    }

    /** CDR import counts of the scheduled import. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(CdrImporter.class)
    static class CdrMetrics {
        @Bean
        @ConditionalOnBean(CdrImportRunner.class)
        @ConditionalOnMissingBean(name = "voipCdrMeterBinder")
        static MeterBinder voipCdrMeterBinder(CdrImportRunner runner) {
            return new CdrMeterBinder(runner);
        }
    }
}
