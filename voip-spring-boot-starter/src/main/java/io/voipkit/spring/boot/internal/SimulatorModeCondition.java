package io.voipkit.spring.boot.internal;

import io.voipkit.spring.boot.VoipProperties;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code voip.simulator.enabled=true} and no PBX is configured. */
public final class SimulatorModeCondition extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        VoipProperties p;
        try {
            p = Binder.get(context.getEnvironment()).bindOrCreate("voip", VoipProperties.class);
        } catch (RuntimeException e) {
            return ConditionOutcome.noMatch("voip.* properties do not bind: " + e.getMessage());
        }
        if (!p.simulator().enabled()) {
            return ConditionOutcome.noMatch("voip.simulator.enabled is false");
        }
        int count = PbxFactory.configuredCount(p);
        return count == 0 ? ConditionOutcome.match("simulator enabled and no PBX configured")
                : ConditionOutcome.noMatch(count + " PBX(s) configured; the simulator stands in only when none is");
    }
}
