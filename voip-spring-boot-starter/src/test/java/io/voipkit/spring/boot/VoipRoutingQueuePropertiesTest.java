package io.voipkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.voipkit.core.HangupCause;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.routing.CallQueues;
import io.voipkit.routing.RouteAction;
import io.voipkit.routing.RoutingEngine;
import io.voipkit.routing.RuleSetFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code voip.routing.queue.*} beyond {@code max-wait}: the overflow action per group
 * ({@code overflow.<group>.<kind>}) and {@code check-interval}, bound into the {@link CallQueues}
 * bean, and their errors naming the property.
 */
class VoipRoutingQueuePropertiesTest {

    /** Two groups whose queues hold one caller each. */
    static final String RULES = """
            {"groups": [{"name": "support", "maxQueueSize": 1, "members": ["PJSIP/101"]},
                        {"name": "night.shift", "maxQueueSize": 1, "members": ["PJSIP/102"]}],
             "rules": [{"id": "support", "called": "100", "action": {"group": "support"}}]}
            """;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoipAutoConfiguration.class, VoipRoutingAutoConfiguration.class));

    @TempDir
    Path dir;

    private String rulesFile() throws IOException {
        Path f = dir.resolve("routing.json");
        Files.writeString(f, RULES);
        return "voip.routing.rules-file=" + f;
    }

    /** An engine whose members are all busy, so that callers wait (the application's own bean). */
    @Configuration(proxyBeanMethods = false)
    static class NobodyFree {
        @Bean
        RoutingEngine routingEngine() throws Exception {
            Path f = Files.createTempFile("voipkit-queue-test", ".json");
            try {
                Files.writeString(f, RULES);
                return RoutingEngine.builder().rules(RuleSetFiles.read(f)).availability(member -> false).build();
            } finally {
                Files.delete(f);
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "voicemail=100@default   | voicemail",
        "number=PJSIP/200        | number",
        "queue=sales             | queue",
        "group=night.shift       | group",
        "reject=user_busy        | reject",
        "reject=17               | reject",
        "hangup=true             | hangup"})
    void eachActionKind_isTheGroupsOverflowAction(String setting, String kind) throws IOException {
        runner.withPropertyValues(rulesFile(), "voip.routing.queue.overflow.support." + setting).run(context -> {
            assertThat(context).hasNotFailed();
            CallQueues queues = context.getBean(CallQueues.class);
            assertThat(queues.overflowAction("support")).get().extracting(RouteAction::kind).isEqualTo(kind);
            assertThat(queues.overflowAction("night.shift")).isEmpty();
        });
    }

    @Test
    void theValuesAreReadLikeTheRuleFilesActions() throws IOException {
        runner.withPropertyValues(rulesFile(), "voip.routing.queue.overflow.support.reject=17",
                "voip.routing.queue.overflow[night.shift].voicemail= 200@night ").run(context -> {
                    CallQueues queues = context.getBean(CallQueues.class);
                    assertThat(queues.overflowAction("support")).contains(new RouteAction.Reject(HangupCause.USER_BUSY));
                    assertThat(queues.overflowAction("night.shift")).contains(new RouteAction.ToVoicemail("200@night"));
                });
    }

    @Test
    void aFullQueue_answersTheJoinWithTheOverflowAction() {
        runner.withUserConfiguration(NobodyFree.class)
                .withPropertyValues("voip.routing.queue.overflow.support.voicemail=100@default").run(context -> {
                    CallQueues queues = context.getBean(CallQueues.class);
                    assertThat(queues.join("support", "call-1", "+4930111").joined()).isTrue();
                    CallQueues.JoinResult full = queues.join("support", "call-2", "+4930222");
                    assertThat(full.joined()).isFalse();
                    assertThat(full.overflow()).contains(new RouteAction.ToVoicemail("100@default"));
                });
    }

    @Test
    void checkInterval_runsTheQueuesByThemselves_soAWaitingCallerOverflowsAfterMaxWait() {
        runner.withUserConfiguration(NobodyFree.class)
                .withPropertyValues("voip.routing.queue.max-wait=1s", "voip.routing.queue.check-interval=50ms",
                        "voip.routing.queue.overflow.support.number=PJSIP/200").run(context -> {
                    CallQueues queues = context.getBean(CallQueues.class);
                    assertThat(queues.isAutomatic()).isTrue();
                    assertThat(queues.join("support", "call-1", "+4930111").joined()).isTrue();
                    // Nobody calls expire(): the queues' own timer does, after max-wait.
                    CallQueues.Outcome outcome = queues.outcome("call-1").orElseThrow().get(20, TimeUnit.SECONDS);
                    assertThat(outcome).isInstanceOfSatisfying(CallQueues.Overflow.class, o -> {
                        assertThat(o.action()).contains(new RouteAction.ToNumber("PJSIP/200"));
                        assertThat(o.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
                    });
                });
    }

    @Test
    void withoutCheckIntervalAndWithoutASinglePbx_theQueuesAreDrivenByHand() {
        runner.withUserConfiguration(NobodyFree.class).run(context ->
                assertThat(context.getBean(CallQueues.class).isAutomatic()).isFalse());
    }

    @Test
    void anOverflowForAGroupTheRulesDoNotHave_isKept_forAReloadThatAddsIt() throws IOException {
        runner.withPropertyValues(rulesFile(), "voip.routing.queue.overflow.later.hangup=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(CallQueues.class).overflowAction("later")).contains(new RouteAction.Hangup());
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "voip.routing.queue.overflow.support.voicemail=1@x,voip.routing.queue.overflow.support.hangup=true"
                + " | voip.routing.queue.overflow.support | [voicemail, hangup]",
        "voip.routing.queue.overflow.support.queue=   | voip.routing.queue.overflow.support | found none",
        "voip.routing.queue.overflow.support.reject=NO_SUCH_CAUSE | voip.routing.queue.overflow.support.reject | NO_SUCH_CAUSE",
        "voip.routing.queue.overflow.support.reject=999 | voip.routing.queue.overflow.support.reject | 999",
        "voip.routing.queue.overflow.support.hangup=false | voip.routing.queue.overflow.support.hangup | must be true",
        "voip.routing.queue.overflow.support.voicemail=100 default | voip.routing.queue.overflow.support.voicemail | letters",
        "voip.routing.queue.overflow.support.group=a/b | voip.routing.queue.overflow.support.group | letters",
        "voip.routing.queue.overflow[a/b].hangup=true | voip.routing.queue.overflow.a/b | group name"})
    void badOverflow_failsTheStartUpNamingTheProperty(String settings, String property, String problem) {
        runner.withPropertyValues(settings.split(",")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(property))
                    .hasMessageContaining(problem);
        });
    }

    @ParameterizedTest
    @CsvSource({"5ms", "2m", "0s"})
    void checkIntervalOutOfRange_failsNamingTheProperty(String interval) {
        runner.withPropertyValues("voip.routing.queue.check-interval=" + interval).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("voip.routing.queue.check-interval")
                    .hasMessageContaining("10ms to 1m");
        });
    }
}
