package io.voipkit.ami.adapter;

import io.voipkit.ami.AsteriskPbx;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxKind;
import io.voipkit.core.spi.PbxProvider;
import io.voipkit.simulator.PbxSimulator;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Validation of {@link AsteriskPbx.Builder} and the {@code asterisk} {@link PbxProvider}. */
class AsteriskPbxBuilderTest {

    private static AsteriskPbx.Builder valid() {
        return AsteriskPbx.builder().host("127.0.0.1").username("monitor").secret("s3cret-value");
    }

    private static String fieldOf(Throwable t) {
        return ((InvalidRequestException) t).field();
    }

    @Test
    void requiredSettingsAreNamedWhenMissing() {
        assertThatThrownBy(() -> AsteriskPbx.builder().username("u").secret("s").build())
                .isInstanceOf(InvalidRequestException.class).satisfies(t -> assertThat(fieldOf(t)).isEqualTo("host"));
        assertThatThrownBy(() -> AsteriskPbx.builder().host("h").secret("s").build())
                .isInstanceOf(InvalidRequestException.class).satisfies(t -> assertThat(fieldOf(t)).isEqualTo("username"));
        assertThatThrownBy(() -> AsteriskPbx.builder().host("h").username("u").build())
                .isInstanceOf(InvalidRequestException.class).satisfies(t -> assertThat(fieldOf(t)).isEqualTo("secret"));
    }

    @Test
    void lineBreaksAndBadValuesAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> valid().username("monitor\r\nAction: Originate"))
                .isInstanceOf(InvalidRequestException.class).satisfies(t -> assertThat(fieldOf(t)).isEqualTo("username"));
        assertThatThrownBy(() -> valid().secret("a\nb"))
                .isInstanceOf(InvalidRequestException.class).satisfies(t -> assertThat(fieldOf(t)).isEqualTo("secret"));
        assertThatThrownBy(() -> valid().port(0))
                .isInstanceOf(InvalidRequestException.class).satisfies(t -> assertThat(fieldOf(t)).isEqualTo("port"));
        assertThatThrownBy(() -> valid().id("office@host:5038"))
                .isInstanceOf(InvalidRequestException.class).satisfies(t -> assertThat(fieldOf(t)).isEqualTo("id"));
        assertThatThrownBy(() -> valid().truststore(Path.of("/nonexistent/truststore.p12"), "x".toCharArray()).build())
                .isInstanceOf(InvalidRequestException.class).satisfies(t -> assertThat(fieldOf(t)).isEqualTo("truststore"));
    }

    @Test
    void defaultsAndToStringWithoutTheSecret() {
        try (AsteriskPbx pbx = valid().build()) {
            assertThat(pbx.id()).isEqualTo("asterisk-127.0.0.1-5038");
            assertThat(pbx.kind()).isEqualTo(PbxKind.ASTERISK);
            assertThat(pbx.connectionState()).isEqualTo(ConnectionState.NEW);
            assertThat(pbx.toString()).contains("monitor@127.0.0.1:5038").doesNotContain("s3cret-value");
            assertThat(pbx.logTailer()).isEmpty();
        }
        try (AsteriskPbx tls = valid().tls(true).build()) {
            assertThat(tls.id()).endsWith("-5039");
        }
    }

    @Test
    void theProviderBuildsAnAsteriskPbxFromProperties() {
        PbxProvider provider = PbxProvider.find("asterisk").orElseThrow();
        try (PbxSimulator sim = PbxSimulator.builder().endpoints(2).build().start()) {
            Map<String, String> props = new HashMap<>();
            props.put("host", "127.0.0.1");
            props.put("port", Integer.toString(sim.amiPort()));
            props.put("username", "voipkit");
            props.put("secret", "voipkit");
            props.put("action-timeout", "3s");
            try (Pbx pbx = provider.create("office-1", props)) {
                assertThat(pbx.id()).isEqualTo("office-1");
                assertThat(pbx.config().actionTimeout()).isEqualTo(Duration.ofSeconds(3));
                pbx.connect();
                assertThat(pbx.state().endpoints()).hasSize(2);
            }
        }
    }

    @Test
    void theProviderRejectsUnknownAndInvalidProperties() {
        PbxProvider provider = PbxProvider.find("asterisk").orElseThrow();
        assertThatThrownBy(() -> provider.create("x", Map.of("host", "h", "username", "u", "secret", "s", "hots", "y")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("hots");
        assertThatThrownBy(() -> provider.create("x", Map.of("host", "h", "username", "u", "secret", "s", "port", "x")))
                .isInstanceOf(InvalidRequestException.class).satisfies(t -> assertThat(fieldOf(t)).isEqualTo("port"));
        assertThatThrownBy(() -> provider.create("x", Map.of("username", "u", "secret", "s")))
                .isInstanceOf(InvalidRequestException.class).satisfies(t -> assertThat(fieldOf(t)).isEqualTo("host"));
    }
}
