package io.voipkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voipkit.core.ConnectionState;
import io.voipkit.core.Pbx;
import io.voipkit.core.event.EndpointStatusChanged;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.simulator.PbxSimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@link PbxEventListener} methods receive typed events from the configured PBXs. */
class PbxEventListenerTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoipAutoConfiguration.class))
            .withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=3", "voip.simulator.registered=1");

    @Test
    void annotatedMethod_receivesItsEventType() {
        runner.withUserConfiguration(ListenerConfig.class).run(context -> {
            assertThat(context).hasNotFailed();
            Listener listener = context.getBean(Listener.class);
            PbxSimulator simulator = context.getBean(PbxSimulator.class);
            String phone = simulator.endpoints().get(2);
            Pbx pbx = context.getBean(Pbx.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
            assertThat(simulator.registerPhone(phone)).isTrue();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(listener.statusChanges).anyMatch(e -> e.endpoint().contains(phone)));
            assertThat(listener.all).isNotEmpty();
            assertThat(listener.all).allMatch(e -> e.pbxId().equals("simulator"));
        });
    }

    @Test
    void wrongSignature_failsNamingBeanAndMethod() {
        runner.withUserConfiguration(BadListenerConfig.class)
                .run(context -> assertThat(context).getFailure()
                        .hasMessageContaining("badListener.on").hasMessageContaining("PbxEvent"));
    }

    @Test
    void unknownPbxId_failsNamingIt() {
        runner.withUserConfiguration(UnknownPbxConfig.class)
                .run(context -> assertThat(context).getFailure().hasMessageContaining("'office'"));
    }

    static class Listener {
        final List<EndpointStatusChanged> statusChanges = new CopyOnWriteArrayList<>();
        final List<PbxEvent> all = new CopyOnWriteArrayList<>();

        @PbxEventListener
        void on(EndpointStatusChanged e) {
            statusChanges.add(e);
        }

        @PbxEventListener(pbx = "simulator")
        void any(PbxEvent e) {
            all.add(e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfig {
        @Bean
        Listener listener() {
            return new Listener();
        }
    }

    static class BadListener {
        @PbxEventListener
        void on(String notAnEvent) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadListenerConfig {
        @Bean
        BadListener badListener() {
            return new BadListener();
        }
    }

    static class UnknownPbxListener {
        @PbxEventListener(pbx = "office")
        void on(PbxEvent e) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnknownPbxConfig {
        @Bean
        UnknownPbxListener unknownPbxListener() {
            return new UnknownPbxListener();
        }
    }
}
