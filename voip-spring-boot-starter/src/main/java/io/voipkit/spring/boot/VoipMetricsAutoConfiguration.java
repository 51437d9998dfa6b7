package io.voipkit.spring.boot;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.voipkit.core.PbxRegistry;
import io.voipkit.spring.boot.internal.PbxMeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for every PBX ({@code voip.connection.*}, {@code voip.events.*},
 * {@code voip.endpoints}, {@code voip.calls.active}; see the README), when
 * {@code micrometer-core} is on the classpath. Spring Boot's metrics support binds the
 * {@link MeterBinder} to every {@code MeterRegistry}. Backs off when the application defines a
 * bean named {@code voipMeterBinder}.
 */
@AutoConfiguration(after = VoipAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(PbxRegistry.class)
public final class VoipMetricsAutoConfiguration {

    /** For Spring. */
    VoipMetricsAutoConfiguration() {
    }

    /** The meters of the PBXs registered when the context starts. */
    @Bean
    @ConditionalOnMissingBean(name = "voipMeterBinder")
    static MeterBinder voipMeterBinder(PbxRegistry registry) {
        return new PbxMeterBinder(registry);
    }
}
