package io.voipkit.ami.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.RawFields;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmiMessageTest {

    @Test
    void kindIsDecidedByTheFirstHeaderName() {
        assertThat(AmiMessage.of("Response", "Success").kind()).isEqualTo(AmiMessage.Kind.RESPONSE);
        assertThat(AmiMessage.of("response", "Error").kind()).isEqualTo(AmiMessage.Kind.RESPONSE);
        assertThat(AmiMessage.of("Event", "OriginateResponse", "Response", "Success", "ActionID", "x").kind())
                .isEqualTo(AmiMessage.Kind.EVENT);
        assertThat(AmiMessage.of("Ping", "Pong", "Response", "Success").kind()).isEqualTo(AmiMessage.Kind.OTHER);
        assertThat(AmiMessage.of().kind()).isEqualTo(AmiMessage.Kind.OTHER);
    }

    @Test
    void lookupsIgnoreCaseAndTheFirstMatchWins() {
        AmiMessage m = AmiMessage.of("Event", "Hangup", "UniqueID", "1.1", "Uniqueid", "2.2", "Tag", "a", "tag", "b");
        assertThat(m.get("uniqueid")).isEqualTo("1.1");
        assertThat(m.getAll("TAG")).containsExactly("a", "b");
        assertThat(m.getAll("missing")).isEmpty();
        assertThat(m.get("missing")).isNull();
        assertThat(m.has("UNIQUEID")).isTrue();
        assertThat(m.eventName()).isEqualTo("Hangup");
        assertThat(m.response()).isNull();
        assertThat(m.size()).isEqualTo(5);
        assertThat(m.nameAt(4)).isEqualTo("tag");
        assertThat(m.valueAt(4)).isEqualTo("b");
    }

    @Test
    void responseHelpers() {
        AmiMessage list = AmiMessage.of("Response", "Success", "ActionID", "vk-3", "EventList", "start");
        assertThat(list.isSuccess()).isTrue();
        assertThat(list.isListStart()).isTrue();
        assertThat(list.actionId()).isEqualTo("vk-3");
        assertThat(list.response()).isEqualTo("Success");
        assertThat(AmiMessage.of("Event", "XComplete", "EventList", "Complete").isListComplete()).isTrue();
        assertThat(AmiMessage.of("Response", "Error", "Message", "Permission denied").isSuccess()).isFalse();
    }

    @Test
    void indexOutsideTheHeadersIsRejected() {
        AmiMessage m = AmiMessage.of("Event", "X");
        assertThatThrownBy(() -> m.nameAt(1)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> m.valueAt(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void ofValidatesAndCopies() {
        assertThatThrownBy(() -> AmiMessage.of("Event")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("odd count");
        assertThatThrownBy(() -> AmiMessage.of("Event", null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("namesAndValues[1]");
        String[] source = {"Event", "A"};
        AmiMessage m = AmiMessage.of(source);
        source[1] = "B";
        assertThat(m.eventName()).isEqualTo("A");
    }

    @Test
    void toStringMasksSecretsAndKeys() {
        AmiMessage m = AmiMessage.of("Response", "Success", "Secret", "monitor-secret", "key", "bac560d2", "Keys", "ok");
        assertThat(m.toString()).doesNotContain("monitor-secret").doesNotContain("bac560d2")
                .contains("Secret: ****").contains("key: ****").contains("Keys: ok").startsWith("RESPONSE{");
    }

    @Test
    void equalityIsByHeadersInOrder() {
        assertThat(AmiMessage.of("Event", "A", "X", "1")).isEqualTo(AmiMessage.of("Event", "A", "X", "1"))
                .hasSameHashCodeAs(AmiMessage.of("Event", "A", "X", "1"))
                .isNotEqualTo(AmiMessage.of("Event", "A", "x", "1"));
    }

    @Test
    void toRawFieldsKeepsOrderAndRepeatsAndNamesNamelessLinesOutput() {
        RawFields raw = AmiMessage.of("Event", "UserEvent", "Tag", "a", "Tag", "b", "Empty", "").toRawFields();
        assertThat(raw.all("tag")).containsExactly("a", "b");
        assertThat(raw.firstOrNull("Empty")).isEmpty();
        assertThat(raw.size()).isEqualTo(4);

        AmiMessage old = AmiMessage.of("Response", "Follows", "", "line 1", "", "--END COMMAND--");
        assertThat(old.toRawFields().all("Output")).containsExactly("line 1", "--END COMMAND--");
        assertThat(old.getAll("")).containsExactly("line 1", "--END COMMAND--");
    }
}
