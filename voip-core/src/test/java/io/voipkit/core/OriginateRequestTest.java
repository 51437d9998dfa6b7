package io.voipkit.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OriginateRequestTest {

    @Test
    void toExtensionHasDocumentedDefaults() {
        OriginateRequest r = OriginateRequest.toExtension("PJSIP/101-ep", "200", "internal").build();

        assertThat(r.channel()).isEqualTo("PJSIP/101-ep");
        assertThat(r.exten()).isEqualTo("200");
        assertThat(r.context()).isEqualTo("internal");
        assertThat(r.priority()).isEqualTo(1);
        assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.variables()).isEmpty();
        assertThat(r.application()).isNull();
        assertThat(r.isApplication()).isFalse();
        assertThat(r.earlyMedia()).isFalse();
    }

    @Test
    void toApplicationCarriesApplicationAndData() {
        OriginateRequest r = OriginateRequest.toApplication("PJSIP/105-ep", "ChanSpy", "PJSIP/101-ep,qw").build();

        assertThat(r.isApplication()).isTrue();
        assertThat(r.application()).isEqualTo("ChanSpy");
        assertThat(r.appData()).isEqualTo("PJSIP/101-ep,qw");
        assertThat(r.exten()).isNull();
        assertThat(r.context()).isNull();
    }

    @Test
    void variablesKeepInsertionOrderAndAreImmutable() {
        OriginateRequest r = OriginateRequest.toExtension("PJSIP/101-ep", "200", "internal")
                .variable("Z", "1").variable("A", "2").variables(Map.of("M", "3")).variable("Z", "4").build();

        assertThat(r.variables()).containsExactly(Map.entry("Z", "4"), Map.entry("A", "2"), Map.entry("M", "3"));
        assertThatThrownBy(() -> r.variables().put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void variablesAreCopiedFromTheCallersMap() {
        Map<String, String> mine = new LinkedHashMap<>();
        mine.put("A", "1");
        OriginateRequest r = new OriginateRequest("PJSIP/1", "2", "c", 1, null, null, null, Duration.ofSeconds(1), mine,
                null, false);
        mine.put("B", "2");

        assertThat(r.variables()).containsOnlyKeys("A");
    }

    @Test
    void emptyVariableValueIsAllowed() {
        OriginateRequest r = OriginateRequest.toExtension("PJSIP/1", "2", "c").variable("UNSET_ME", "").build();
        assertThat(r.variables()).containsEntry("UNSET_ME", "");
    }

    @Test
    void toBuilderRoundTrips() {
        OriginateRequest r = OriginateRequest.toExtension("PJSIP/101-ep", "200", "internal").priority(3)
                .callerId("Co <1>").timeout(Duration.ofSeconds(5)).variable("A", "1").account("acc").earlyMedia(true)
                .build();

        assertThat(r.toBuilder().build()).isEqualTo(r);
    }

    static Stream<Arguments> injections() {
        return Stream.of(
                Arguments.of("channel", (Consumer<String>) v -> OriginateRequest.toExtension(v, "1", "c")),
                Arguments.of("exten", (Consumer<String>) v -> OriginateRequest.toExtension("PJSIP/1", v, "c")),
                Arguments.of("context", (Consumer<String>) v -> OriginateRequest.toExtension("PJSIP/1", "1", v)),
                Arguments.of("application", (Consumer<String>) v -> OriginateRequest.toApplication("PJSIP/1", v, null)),
                Arguments.of("appData", (Consumer<String>) v -> OriginateRequest.toApplication("PJSIP/1", "Echo", v)),
                Arguments.of("callerId", (Consumer<String>) v -> OriginateRequest.toExtension("PJSIP/1", "1", "c").callerId(v)),
                Arguments.of("account", (Consumer<String>) v -> OriginateRequest.toExtension("PJSIP/1", "1", "c").account(v)),
                Arguments.of("variables name", (Consumer<String>) v -> OriginateRequest.toExtension("PJSIP/1", "1", "c").variable(v, "x")),
                Arguments.of("variables[A]", (Consumer<String>) v -> OriginateRequest.toExtension("PJSIP/1", "1", "c").variable("A", v)));
    }

    @ParameterizedTest(name = "{0} with CR/LF is rejected")
    @MethodSource("injections")
    void lineBreaksInAnyWireValueAreRejectedNamingTheField(String field, Consumer<String> setter) {
        for (String hostile : new String[]{"x\r\nAction: Logoff", "x\nEvil: 1", "x\r", "x\0y"}) {
            assertThatThrownBy(() -> setter.accept(hostile))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void blankRequiredValuesAreRejected(String blank) {
        assertThatThrownBy(() -> OriginateRequest.toExtension(blank, "1", "c"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("channel"));
        assertThatThrownBy(() -> OriginateRequest.toExtension("PJSIP/1", blank, "c"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("exten"));
        assertThatThrownBy(() -> OriginateRequest.toApplication("PJSIP/1", blank, null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("application"));
    }

    @Test
    void variableNameWithEqualsSignIsRejected() {
        assertThatThrownBy(() -> OriginateRequest.toExtension("PJSIP/1", "1", "c").variable("A=B", "x"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("variables name"));
    }

    @Test
    void nullVariableValueIsRejected() {
        assertThatThrownBy(() -> OriginateRequest.toExtension("PJSIP/1", "1", "c").variable("A", null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("variables[A]"));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void nonPositiveTimeoutIsRejected(long seconds) {
        assertThatThrownBy(() -> OriginateRequest.toExtension("PJSIP/1", "1", "c").timeout(Duration.ofSeconds(seconds)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("timeout"));
    }

    @Test
    void absurdTimeoutIsRejected() {
        assertThatThrownBy(() -> OriginateRequest.toExtension("PJSIP/1", "1", "c").timeout(Duration.ofDays(2)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("timeout"));
    }

    @Test
    void priorityBelowOneIsRejected() {
        assertThatThrownBy(() -> OriginateRequest.toExtension("PJSIP/1", "1", "c").priority(0))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("priority"));
    }

    @Test
    void exactlyOneDestinationIsRequired() {
        Duration t = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new OriginateRequest("PJSIP/1", null, null, 1, null, null, null, t, Map.of(), null, false))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("exten"));
        assertThatThrownBy(() -> new OriginateRequest("PJSIP/1", "1", null, 1, null, null, null, t, Map.of(), null, false))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("context"));
        assertThatThrownBy(() -> new OriginateRequest("PJSIP/1", "1", "c", 1, "Echo", null, null, t, Map.of(), null, false))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("exten"));
        assertThatThrownBy(() -> new OriginateRequest("PJSIP/1", "1", "c", 1, null, "data", null, t, Map.of(), null, false))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("appData"));
    }

    @Test
    void nullVariablesMapMeansNone() {
        OriginateRequest r = new OriginateRequest("PJSIP/1", "1", "c", 1, null, null, null, Duration.ofSeconds(1), null,
                null, false);
        assertThat(r.variables()).isEmpty();
    }
}
