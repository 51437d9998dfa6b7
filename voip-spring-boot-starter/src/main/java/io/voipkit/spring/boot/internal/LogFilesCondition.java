package io.voipkit.spring.boot.internal;

import io.voipkit.spring.boot.VoipProperties;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when some PBX will tail log files ({@link VoipProperties#logFilesConfigured()}): then
 * a {@code LogBuffer} bean keeps the lines.
 */
public final class LogFilesCondition extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        VoipProperties p;
        try {
            p = Binder.get(context.getEnvironment()).bindOrCreate("voip", VoipProperties.class);
        } catch (RuntimeException e) {
            // The properties bean reports the binding error with the property's name.
            return ConditionOutcome.noMatch("voip.* properties do not bind: " + e.getMessage());
        }
        return p.logFilesConfigured() ? ConditionOutcome.match("a PBX has log files")
                : ConditionOutcome.noMatch("no voip.asterisk.log-files, voip.pbx.<id>.log-files or voip.simulator.log-file");
    }
}
