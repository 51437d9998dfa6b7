package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.ConnectionState;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxKind;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.spi.PbxProvider;
import io.voipkit.freeswitch.FreeSwitchPbx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builder and the {@code freeswitch} provider: validation, defaults, secrets kept out of strings. */
class FreeSwitchPbxProviderTest {

    @Test
    void theProviderIsFoundByKindAndBuildsAnUnconnectedPbx() {
        PbxProvider provider = PbxProvider.find("FreeSWITCH").orElseThrow();
        assertThat(provider).isInstanceOf(FreeSwitchPbxProvider.class);
        try (Pbx pbx = provider.create("office-fs", Map.of("host", "127.0.0.1", "port", "8021",
                "password", "s3cret-value", "action-timeout", "3s", "event-format", "json"))) {
            assertThat(pbx.id()).isEqualTo("office-fs");
            assertThat(pbx.kind()).isEqualTo(PbxKind.FREESWITCH);
            assertThat(pbx.connectionState()).isEqualTo(ConnectionState.NEW);
            assertThat(pbx.config().actionTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(pbx.toString()).doesNotContain("s3cret-value");
            assertThatThrownBy(() -> pbx.calls().hangup("00000000-0000-0000-0000-000000000000"))
                    .isInstanceOf(PbxNotConnectedException.class).hasMessageContaining("connect() first");
        }
    }

    @Test
    void unknownOrInvalidPropertiesAreRejectedByName() {
        FreeSwitchPbxProvider p = new FreeSwitchPbxProvider();
        assertThatThrownBy(() -> p.create("fs", Map.of("host", "h", "password", "x", "pasword", "typo")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("pasword"));
        assertThatThrownBy(() -> p.create("fs", Map.of("host", "h", "password", "x", "port", "eighty")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("port"));
        assertThatThrownBy(() -> p.create("fs", Map.of("host", "h", "password", "x", "event-format", "yaml")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("event-format"));
        assertThatThrownBy(() -> p.create("fs", Map.of("host", "h")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("password"));
    }

    @Test
    void theBuilderValidatesEverySetting() {
        assertThatThrownBy(() -> FreeSwitchPbx.builder().password("x").build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("host"));
        assertThatThrownBy(() -> FreeSwitchPbx.builder().host("h\r\nx"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("host"));
        assertThatThrownBy(() -> FreeSwitchPbx.builder().password("a\nb"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("password"));
        assertThatThrownBy(() -> FreeSwitchPbx.builder().port(0))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("port"));
        assertThatThrownBy(() -> FreeSwitchPbx.builder().parkingSlots(10, 5))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("parkingSlots"));
        assertThatThrownBy(() -> FreeSwitchPbx.builder().parkingLot("a lot"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("parkingLot"));
        try (FreeSwitchPbx pbx = FreeSwitchPbx.builder().host("fs.example.com").password("pw").build()) {
            assertThat(pbx.id()).isEqualTo("freeswitch-fs.example.com-8021");
        }
    }

    @Test
    void connectingToNothingFailsWithTheAddressAndLeavesThePbxNew() {
        try (FreeSwitchPbx pbx = FreeSwitchPbx.builder().host("127.0.0.1").port(1).password("pw")
                .config(io.voipkit.core.PbxConfig.builder().connectTimeout(Duration.ofSeconds(2)).build()).build()) {
            assertThatThrownBy(pbx::connect).isInstanceOf(PbxNotConnectedException.class);
            assertThat(pbx.connectionState()).isEqualTo(ConnectionState.NEW);
        }
    }
}
