package io.voipkit.spring.boot.internal;

import io.voipkit.spring.boot.VoipProperties;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches when the properties describe exactly one PBX: one configured PBX, or none and the
 * embedded simulator enabled and on the classpath. Then the PBX's {@code CallControl},
 * {@code QueueMonitor}, {@code HealthCheck} and {@code LiveState} become beans of their own.
 */
public final class SinglePbxCondition extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        VoipProperties p;
        try {
            p = Binder.get(context.getEnvironment()).bindOrCreate("voip", VoipProperties.class);
        } catch (RuntimeException e) {
            // The properties bean reports the binding error with the property's name.
            return ConditionOutcome.noMatch("voip.* properties do not bind: " + e.getMessage());
        }
        int count = PbxFactory.configuredCount(p);
        if (count == 1) {
            return ConditionOutcome.match("exactly one PBX configured");
        }
        if (count == 0 && p.simulator().enabled()
                && ClassUtils.isPresent("io.voipkit.simulator.PbxSimulator", context.getClassLoader())) {
            return ConditionOutcome.match("no PBX configured and voip.simulator.enabled=true");
        }
        return ConditionOutcome.noMatch(count + " PBXs configured (single-PBX beans need exactly one)");
    }
}
