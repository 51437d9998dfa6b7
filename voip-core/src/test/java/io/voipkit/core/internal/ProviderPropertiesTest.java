package io.voipkit.core.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.PbxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderPropertiesTest {

    @Test
    void coreKeysGoToTheConfigOverTheBaseAndTheRestIsNormalisedForTheAdapter() {
        PbxConfig base = PbxConfig.defaults().toBuilder().eventQueueCapacity(77).build();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("Event-Format", " json ");
        props.put("action-timeout", "7s");
        props.put("parking_slots", "1-2");

        ProviderProperties split = ProviderProperties.split(props, base);

        assertThat(split.config().actionTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(split.config().eventQueueCapacity()).isEqualTo(77);
        assertThat(split.adapter()).containsExactly(Map.entry("eventformat", "json"), Map.entry("parkingslots", "1-2"));
    }

    @Test
    void aCoreValueThatCannotBeParsedNamesTheKeyAsWritten() {
        assertThatThrownBy(() -> ProviderProperties.split(Map.of("action-timeout", "soon"), PbxConfig.defaults()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("action-timeout"));
    }

    @Test
    void nullValuesAndLineBreaksInKeysAreRejected() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("host", null);
        assertThatThrownBy(() -> ProviderProperties.split(nullValue, PbxConfig.defaults()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("host"));
        assertThatThrownBy(() -> ProviderProperties.split(Map.of("ho\nst", "x"), PbxConfig.defaults()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("properties key"));
        assertThatThrownBy(() -> ProviderProperties.split(null, PbxConfig.defaults()))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ProviderProperties.split(Map.of(), null)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void theAdapterMapCannotBeChanged() {
        ProviderProperties split = ProviderProperties.split(Map.of("host", "pbx"), PbxConfig.defaults());
        assertThatThrownBy(() -> split.adapter().put("port", "1")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void parsesWholeNumbersAndBooleans() {
        assertThat(ProviderProperties.parseInt("5038", "port")).isEqualTo(5038);
        assertThat(ProviderProperties.parseBoolean("YES", "tls")).isTrue();
        assertThat(ProviderProperties.parseBoolean("1", "tls")).isTrue();
        assertThat(ProviderProperties.parseBoolean("False", "tls")).isFalse();
        assertThat(ProviderProperties.parseBoolean("0", "tls")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5038x", "99999999999"})
    void aBadNumberNamesTheKey(String value) {
        assertThatThrownBy(() -> ProviderProperties.parseInt(value, "port"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("port"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "on", "2", "truee"})
    void aBadBooleanNamesTheKey(String value) {
        assertThatThrownBy(() -> ProviderProperties.parseBoolean(value, "tls"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("tls"));
    }
}
