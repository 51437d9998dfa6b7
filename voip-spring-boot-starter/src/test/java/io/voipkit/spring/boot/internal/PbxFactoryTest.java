package io.voipkit.spring.boot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.voipkit.core.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** The mapping of adapter field names to {@code voip.*} property names. */
class PbxFactoryTest {

    @Test
    void camelCaseFieldsBecomeKebabCaseProperties() {
        assertThat(PbxFactory.propertyName("actionTimeout")).isEqualTo("action-timeout");
        assertThat(PbxFactory.propertyName("secret")).isEqualTo("secret");
    }

    @Test
    void reconnectFieldsBecomeTheNestedReconnectProperties() {
        assertThat(PbxFactory.propertyName("reconnectMaxDelay")).isEqualTo("reconnect.max-delay");
        assertThat(PbxFactory.propertyName("reconnect-initial-delay")).isEqualTo("reconnect.initial-delay");
    }

    @Test
    void renamedKeepsTheProblemUnderTheFullPropertyName() {
        InvalidRequestException e = PbxFactory.renamed(new InvalidRequestException("port", "must be 1 to 65535"),
                "voip.asterisk.port");
        assertThat(e.field()).isEqualTo("voip.asterisk.port");
        assertThat(e.getMessage()).isEqualTo("voip.asterisk.port: must be 1 to 65535");
    }
}
