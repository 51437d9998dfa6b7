package io.voipkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.LiveState;
import io.voipkit.routing.CallQueues;
import io.voipkit.routing.RoutingEngine;
import io.voipkit.routing.RuleSet;
import io.voipkit.spring.boot.internal.RuleFileReloader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Conditions, back-off, rule files and reloading of {@link VoipRoutingAutoConfiguration}. */
class VoipRoutingAutoConfigurationTest {

    static final String RULES = """
            {"groups": [{"name": "support", "strategy": "linear", "members": ["PJSIP/101", "PJSIP/102"]}],
             "rules": [{"id": "sales", "priority": 10, "called": "100", "action": {"group": "support"}}]}
            """;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoipAutoConfiguration.class, VoipRoutingAutoConfiguration.class));

    @TempDir
    Path dir;

    Path rules(String json) throws IOException {
        Path f = dir.resolve("routing.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void withoutRulesFile_theEngineHasAnEmptyRuleSetAndAnswersNoDecision() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RoutingEngine.class).hasSingleBean(CallQueues.class)
                    .doesNotHaveBean(RuleFileReloader.class);
            RoutingEngine engine = context.getBean(RoutingEngine.class);
            assertThat(engine.ruleSet().rules()).isEmpty();
            assertThat(engine.decide("+4930123", "100").toPlainText()).isEmpty();
        });
    }

    @Test
    void rulesFile_isLoadedAtStartUp() throws IOException {
        Path f = rules(RULES);
        runner.withPropertyValues("voip.routing.rules-file=" + f).run(context -> {
            RoutingEngine engine = context.getBean(RoutingEngine.class);
            assertThat(engine.decide("+4930123", "100").toPlainText()).isEqualTo("PJSIP/101");
            assertThat(context).hasSingleBean(RuleFileReloader.class);
            assertThat(context.getBean(RuleFileReloader.class).isRunning()).isTrue();
        });
    }

    @Test
    void badRulesFile_failsTheStartUpNamingThePropertyAndThePlaceInTheFile() throws IOException {
        Path f = rules("{\"rules\": [{\"id\": \"x\", \"called\": \"(a+)+$\", \"action\": {\"hangup\": true}}]}");
        runner.withPropertyValues("voip.routing.rules-file=" + f).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("voip.routing.rules-file")
                    .hasMessageContaining("routing.json:1:").hasMessageContaining("rules[0].called");
        });
    }

    @Test
    void missingRulesFile_failsTheStartUp() {
        runner.withPropertyValues("voip.routing.rules-file=" + dir.resolve("absent.json")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("voip.routing.rules-file");
        });
    }

    @Test
    void reloadInterval_reloadsAChangedFile_andABadFileKeepsTheGoodRuleSet() throws IOException {
        Path f = rules(RULES);
        runner.withPropertyValues("voip.routing.rules-file=" + f, "voip.routing.reload-interval=100ms").run(context -> {
            RoutingEngine engine = context.getBean(RoutingEngine.class);
            RuleFileReloader reloader = context.getBean(RuleFileReloader.class);
            assertThat(engine.version()).isEqualTo(1);

            Files.writeString(f, RULES.replace("\"PJSIP/101\", ", ""));
            touch(f);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.version() == 2);
            assertThat(engine.decide("+4930123", "100").toPlainText()).isEqualTo("PJSIP/102");

            Files.writeString(f, "{\"rules\": [ broken");
            touch(f);
            await().atMost(Duration.ofSeconds(10)).until(() -> reloader.lastError() != null);
            assertThat(reloader.lastError()).contains("routing.json");
            assertThat(engine.version()).isEqualTo(2);
            assertThat(engine.decide("+4930123", "100").toPlainText()).isEqualTo("PJSIP/102");
        });
    }

    @Test
    void reloadIntervalZero_checksOnlyWhenAsked() throws IOException {
        Path f = rules(RULES);
        runner.withPropertyValues("voip.routing.rules-file=" + f).run(context -> {
            RoutingEngine engine = context.getBean(RoutingEngine.class);
            RuleFileReloader reloader = context.getBean(RuleFileReloader.class);
            assertThat(reloader.checkNow()).isFalse();
            Files.writeString(f, RULES.replace("\"PJSIP/101\", ", ""));
            touch(f);
            assertThat(reloader.checkNow()).isTrue();
            assertThat(engine.version()).isEqualTo(2);
            assertThat(reloader.reloads()).isEqualTo(1);
        });
    }

    /** Some file systems keep whole seconds: make sure the change is visible. */
    static void touch(Path f) throws IOException {
        Files.setLastModifiedTime(f, FileTime.from(Files.getLastModifiedTime(f).toInstant().plusSeconds(2)));
    }

    @Test
    void invalidReloadInterval_failsNamingTheProperty() {
        runner.withPropertyValues("voip.routing.reload-interval=-1s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("voip.routing.reload-interval");
        });
    }

    @Test
    void userEngine_backsOffOurs_andTheQueuesUseIt() {
        runner.withUserConfiguration(UserEngine.class).run(context -> {
            assertThat(context).hasSingleBean(RoutingEngine.class);
            assertThat(context.getBean(RoutingEngine.class)).isSameAs(context.getBean("myEngine"));
            assertThat(context).hasSingleBean(CallQueues.class);
        });
    }

    @Test
    void disabled_createsNothing() {
        runner.withPropertyValues("voip.routing.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(RoutingEngine.class).doesNotHaveBean(CallQueues.class));
    }

    @Test
    void queuesDisabled_keepsTheEngine() {
        runner.withPropertyValues("voip.routing.queue.enabled=false").run(context ->
                assertThat(context).hasSingleBean(RoutingEngine.class).doesNotHaveBean(CallQueues.class));
    }

    @Test
    void withoutVoipRoutingOnTheClasspath_createsNothing() {
        runner.withClassLoader(new FilteredClassLoader(RoutingEngine.class)).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean("voipRoutingEngine"));
    }

    @Test
    void liveStateBean_decidesAvailability() throws IOException {
        Path f = rules(RULES.replace("\"PJSIP/101\", \"PJSIP/102\"",
                "{\"target\": \"PJSIP/101\", \"endpoint\": \"101\"}, {\"target\": \"PJSIP/102\", \"endpoint\": \"102\"}"));
        runner.withPropertyValues("voip.routing.rules-file=" + f).withUserConfiguration(OnlyPhone102Online.class)
                .run(context -> assertThat(context.getBean(RoutingEngine.class).decide("1", "100").toPlainText())
                        .isEqualTo("PJSIP/102"));
        runner.withPropertyValues("voip.routing.rules-file=" + f, "voip.routing.use-live-state=false")
                .withUserConfiguration(OnlyPhone102Online.class)
                .run(context -> assertThat(context.getBean(RoutingEngine.class).decide("1", "100").toPlainText())
                        .isEqualTo("PJSIP/101"));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserEngine {
        @Bean
        RoutingEngine myEngine() {
            return RoutingEngine.builder().rules(RuleSet.empty()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OnlyPhone102Online {
        @Bean
        LiveState liveState() {
            LiveState state = Mockito.mock(LiveState.class);
            Endpoint online = new Endpoint("102", EndpointStatus.ONLINE, "Reachable", List.of(), "Not in use",
                    Instant.now(), List.of());
            Mockito.when(state.endpoint("101")).thenReturn(Optional.empty());
            Mockito.when(state.endpoint("102")).thenReturn(Optional.of(online));
            Mockito.when(state.queues()).thenReturn(List.of());
            return state;
        }
    }
}
