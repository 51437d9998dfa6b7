package io.voipkit.core.internal;

import io.voipkit.core.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointNamingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "PJSIP/101-ep-00000012, 101-ep",
            "PJSIP/101-ep-0000000a, 101-ep",
            "PJSIP/101-ep-00000012<ZOMBIE>, 101-ep",
            "PJSIP/trunk-provider-0000001f, trunk-provider",
            "PJSIP/101-ep, 101-ep",
            "PJSIP/alice-cafe, alice-cafe",
            "pjsip/102-ep-00000001, 102-ep",
            "SIP/101-0000a, 101",
            "SIP/101, 101",
            "IAX2/peer-7312, peer",
            "Local/100@test-0000001a;1, NULL",
            "Local/agent1@agents-00000003;2, NULL",
            "DAHDI/1-1, NULL",
            "Message/ast_msg_queue, NULL",
            "sofia/internal/101@10.0.0.5, 101",
            "sofia/internal/sip:102@10.0.0.5:5060, 102",
            "sofia/internal/+15551234567@example.com, +15551234567",
            "sofia/external/+15551234567@gw.example.com, NULL",
            "sofia/gateway/gw1/+15551234567, NULL",
            "loopback/100-a, NULL",
            "PJSIP/, NULL",
            "'', NULL",
            "noslash, NULL"})
    void standardRules(String channel, String endpoint) {
        assertThat(EndpointNaming.standard().endpointOf(channel)).isEqualTo(endpoint);
    }

    @Test
    void nullChannelHasNoEndpoint() {
        assertThat(EndpointNaming.standard().endpointOf(null)).isNull();
    }

    @Test
    void technologiesAndProfilesAreConfigurable() {
        EndpointNaming naming = EndpointNaming.builder().technologies("PJSIP", "DAHDI").sofiaProfiles("internal", "office")
                .build();

        assertThat(naming.endpointOf("DAHDI/1-1")).isEqualTo("1");
        assertThat(naming.endpointOf("SIP/101-0000a")).isNull();
        assertThat(naming.endpointOf("sofia/office/201@pbx")).isEqualTo("201");
    }

    @Test
    void suffixMapsEndpointsToExtensionsAndBack() {
        EndpointNaming naming = EndpointNaming.builder().endpointSuffix("-ep").build();

        assertThat(naming.extensionOf("101-ep")).isEqualTo("101");
        assertThat(naming.extensionOf("trunk")).isEqualTo("trunk");
        assertThat(naming.extensionOf("-ep")).as("the suffix alone is a name, not an empty extension").isEqualTo("-ep");
        assertThat(naming.endpointOfExtension("101")).isEqualTo("101-ep");
        assertThat(EndpointNaming.standard().extensionOf("101-ep")).isEqualTo("101-ep");
        assertThat(naming.endpointSuffix()).isEqualTo("-ep");
    }

    @Test
    void customFunctionReplacesTheRules() {
        EndpointNaming naming = EndpointNaming.of(ch -> ch.startsWith("Custom/") ? ch.substring(7) : "", "");

        assertThat(naming.endpointOf("Custom/desk-3")).isEqualTo("desk-3");
        assertThat(naming.endpointOf("PJSIP/101-ep-00000001")).as("blank means none").isNull();
    }

    @Test
    void invalidConfigurationIsRejected() {
        assertThatThrownBy(() -> EndpointNaming.builder().technologies("PJSIP", null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("technologies[1]"));
        assertThatThrownBy(() -> EndpointNaming.builder().endpointSuffix("a\nb"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("endpointSuffix"));
        assertThatThrownBy(() -> EndpointNaming.of(null, ""))
                .isInstanceOf(InvalidRequestException.class);
    }
}
