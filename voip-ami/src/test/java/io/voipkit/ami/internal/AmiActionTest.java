package io.voipkit.ami.internal;

import io.voipkit.core.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmiActionTest {

    private static String encode(AmiAction action, String id) {
        return new String(AmiEncoder.encode(action, id), StandardCharsets.UTF_8);
    }

    @Test
    void encodesActionIdThenHeadersInOrderWithRepeatsAndEmptyValues() {
        AmiAction a = AmiAction.builder("UserEvent").add("UserEvent", "CrmPing").add("Header1", "value one")
                .add("Header2", "x: y").add("Tag", "a").add("Tag", "b").add("Empty", "").build();
        // byte-for-byte what the recorder sent in userevent.sent.txt
        assertThat(encode(a, "userevent-3")).isEqualTo("Action: UserEvent\r\nActionID: userevent-3\r\n"
                + "UserEvent: CrmPing\r\nHeader1: value one\r\nHeader2: x: y\r\nTag: a\r\nTag: b\r\nEmpty: \r\n\r\n");
    }

    @Test
    void encodesWithoutActionIdAndInUtf8() {
        assertThat(encode(AmiAction.of("Ping"), null)).isEqualTo("Action: Ping\r\n\r\n");
        byte[] b = AmiEncoder.encode(AmiAction.of("Setvar", "Variable", "NAME", "Value", "Jürgen"), "x");
        assertThat(new String(b, StandardCharsets.UTF_8)).contains("Value: Jürgen\r\n");
        assertThat(b.length).isEqualTo(encode(AmiAction.of("Setvar", "Variable", "NAME", "Value", "Jurgen"), "x").length() + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil\r\nAction: Originate", "evil\nx", "evil\rx", "nul\u0000x"})
    void lineBreaksInAValueAreRejectedNamingTheHeader(String value) {
        AmiAction.Builder b = AmiAction.builder("Originate").add("Channel", "Local/200@test");
        assertThatThrownBy(() -> b.add("CallerID", value))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("CallerID"));
        // nothing half-added: the action built afterwards holds only the valid header
        assertThat(b.build().size()).isEqualTo(1);
    }

    @Test
    void invalidNamesAreRejected() {
        assertThatThrownBy(() -> AmiAction.builder("Ping\r\nAction: Originate"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("action"));
        assertThatThrownBy(() -> AmiAction.builder(" "))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("action"));
        AmiAction.Builder b = AmiAction.builder("Ping");
        assertThatThrownBy(() -> b.add("Bad:Name", "v")).isInstanceOf(InvalidRequestException.class).hasMessageContaining("':'");
        assertThatThrownBy(() -> b.add("Bad\nName", "v")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> b.add(" Padded", "v")).isInstanceOf(InvalidRequestException.class).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> b.add("X", null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("X"));
    }

    @Test
    void actionAndActionIdAreReservedForTheConnection() {
        assertThatThrownBy(() -> AmiAction.builder("Ping").add("ActionID", "mine"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("ActionID"))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> AmiAction.of("Ping", "action", "Originate")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void actionIdIsValidatedByTheEncoder() {
        assertThatThrownBy(() -> AmiEncoder.encode(AmiAction.of("Ping"), "id\r\nAction: Originate"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("ActionID"));
    }

    @Test
    void ofRequiresPairs() {
        assertThatThrownBy(() -> AmiAction.of("Hangup", "Channel")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("odd count");
        AmiAction hangup = AmiAction.of("Hangup", "Channel", "PJSIP/101-0001", "Cause", "16");
        assertThat(hangup.name()).isEqualTo("Hangup");
        assertThat(hangup.get("cause")).isEqualTo("16");
        assertThat(hangup.nameAt(0)).isEqualTo("Channel");
        assertThat(hangup.valueAt(1)).isEqualTo("16");
    }

    @Test
    void toStringMasksSecretAndKey() {
        AmiAction login = AmiAction.of("Login", "Username", "monitor", "Secret", "monitor-secret");
        assertThat(login.toString()).contains("Username: monitor").contains("Secret: ****").doesNotContain("monitor-secret");
        AmiAction md5 = AmiAction.of("Login", "AuthType", "MD5", "Key", "bac560d2c92d8820ffc69c20de308e04");
        assertThat(md5.describe("vk-2")).contains("ActionID: vk-2").doesNotContain("bac560d2");
    }
}
