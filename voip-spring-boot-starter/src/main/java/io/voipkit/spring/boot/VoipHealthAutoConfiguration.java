package io.voipkit.spring.boot;

import io.voipkit.core.Pbx;
import io.voipkit.core.PbxRegistry;
import io.voipkit.spring.boot.internal.PbxHealthIndicator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * Actuator health for every PBX of the {@link PbxRegistry}, when {@code spring-boot-health}
 * (part of {@code spring-boot-starter-actuator}) is on the classpath: the contributor
 * {@code voip} with one member per PBX id ({@code /actuator/health/voip/asterisk}). Turned off
 * with {@code management.health.voip.enabled=false}; backs off when the application defines a
 * bean named {@code voipHealthContributor}.
 */
@AutoConfiguration(after = VoipAutoConfiguration.class)
@ConditionalOnClass(CompositeHealthContributor.class)
@ConditionalOnBean(PbxRegistry.class)
@ConditionalOnEnabledHealthIndicator("voip")
public final class VoipHealthAutoConfiguration {

    /** For Spring. */
    VoipHealthAutoConfiguration() {
    }

    /** One {@code PbxHealthIndicator} per PBX registered when the context starts. */
    @Bean
    @ConditionalOnMissingBean(name = "voipHealthContributor")
    static HealthContributor voipHealthContributor(PbxRegistry registry) {
        Map<String, PbxHealthIndicator> byId = new LinkedHashMap<>();
        for (Pbx pbx : registry.all()) {
            byId.put(pbx.id(), new PbxHealthIndicator(pbx));
        }
        return CompositeHealthContributor.fromMap(byId);
    }
}
