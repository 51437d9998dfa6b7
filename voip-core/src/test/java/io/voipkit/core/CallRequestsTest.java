package io.voipkit.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SpyRequest, RecordingRequest, AddMemberRequest, Recording, ParkResult, OriginateResult. */
class CallRequestsTest {

    static Stream<Arguments> wireFields() {
        return Stream.of(
                Arguments.of("spyChannel", (Consumer<String>) v -> SpyRequest.builder(v, "PJSIP/101-ep-1")),
                Arguments.of("targetChannel", (Consumer<String>) v -> SpyRequest.builder("PJSIP/105-ep", v)),
                Arguments.of("callerId", (Consumer<String>) v -> SpyRequest.builder("PJSIP/105-ep", "PJSIP/101-ep-1").callerId(v)),
                Arguments.of("channel", (Consumer<String>) v -> RecordingRequest.builder(v)),
                Arguments.of("fileName", (Consumer<String>) v -> RecordingRequest.builder("PJSIP/1").fileName(v)),
                Arguments.of("options", (Consumer<String>) v -> RecordingRequest.builder("PJSIP/1").options(v)),
                Arguments.of("format", (Consumer<String>) v -> RecordingRequest.builder("PJSIP/1").format(v)),
                Arguments.of("queue", (Consumer<String>) v -> AddMemberRequest.builder(v, "PJSIP/1")),
                Arguments.of("interfaceName", (Consumer<String>) v -> AddMemberRequest.builder("support", v)),
                Arguments.of("memberName", (Consumer<String>) v -> AddMemberRequest.builder("support", "PJSIP/1").memberName(v)),
                Arguments.of("stateInterface", (Consumer<String>) v -> AddMemberRequest.builder("support", "PJSIP/1").stateInterface(v)),
                Arguments.of("reason", (Consumer<String>) v -> AddMemberRequest.builder("support", "PJSIP/1").paused(true, v)));
    }

    @ParameterizedTest(name = "{0} with CR/LF is rejected")
    @MethodSource("wireFields")
    void lineBreaksAreRejectedNamingTheField(String field, Consumer<String> setter) {
        for (String hostile : new String[]{"a\r\nAction: Logoff", "a\nb", "a\rb"}) {
            assertThatThrownBy(() -> setter.accept(hostile))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
        }
    }

    @Test
    void spyRequestDefaultsToQuietListening() {
        SpyRequest r = SpyRequest.builder("PJSIP/105-ep", "PJSIP/101-ep-00000012").build();
        assertThat(r.mode()).isEqualTo(SpyMode.LISTEN);
        assertThat(r.quiet()).isTrue();
        assertThat(r.callerId()).isNull();
        assertThat(SpyRequest.of("PJSIP/105-ep", "PJSIP/101-ep-1", SpyMode.BARGE).mode()).isEqualTo(SpyMode.BARGE);
    }

    @Test
    void spyOnOneselfIsRejected() {
        assertThatThrownBy(() -> SpyRequest.of("PJSIP/105-ep", "PJSIP/105-ep", SpyMode.LISTEN))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("targetChannel"));
    }

    @Test
    void spyModeIsRequired() {
        assertThatThrownBy(() -> SpyRequest.builder("PJSIP/105-ep", "PJSIP/1").mode(null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("mode"));
    }

    @Test
    void recordingRequestDefaults() {
        RecordingRequest r = RecordingRequest.of("PJSIP/101-ep-1");
        assertThat(r.fileName()).isNull();
        assertThat(r.format()).isEqualTo("wav");
        assertThat(r.mixBothLegs()).isTrue();
        assertThat(r.options()).isNull();
    }

    @Test
    void recordingFileNameMayHoldDirectories() {
        RecordingRequest r = RecordingRequest.builder("PJSIP/1").fileName("2026/11/call-1795551399.2").format("gsm").build();
        assertThat(r.fileName()).isEqualTo("2026/11/call-1795551399.2");
        assertThat(RecordingRequest.builder("PJSIP/1").fileName("/var/spool/asterisk/monitor/x").build().fileName())
                .startsWith("/var");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "a/../../b", "..", "a b", "a,b", "a;rm", "x$(id)", "dir/", "a|b"})
    void recordingFileNamesThatCouldEscapeOrSplitArgumentsAreRejected(String name) {
        assertThatThrownBy(() -> RecordingRequest.builder("PJSIP/1").fileName(name))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("fileName"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAV", "w.av", "wav/", "averyveryverylongformat"})
    void recordingFormatMustBeASimpleExtension(String format) {
        assertThatThrownBy(() -> RecordingRequest.builder("PJSIP/1").format(format).build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("format"));
    }

    @Test
    void addMemberRequestDefaultsAndValues() {
        AddMemberRequest r = AddMemberRequest.builder("support", "Local/agent1@agents/n").memberName("Agent One")
                .stateInterface("PJSIP/101-ep").penalty(2).paused(true, "lunch").build();
        assertThat(r).isEqualTo(new AddMemberRequest("support", "Local/agent1@agents/n", "Agent One", "PJSIP/101-ep", 2,
                true, "lunch"));
        AddMemberRequest d = AddMemberRequest.builder("support", "PJSIP/1").build();
        assertThat(d.penalty()).isZero();
        assertThat(d.paused()).isFalse();
        assertThat(d.memberName()).isNull();
    }

    @Test
    void addMemberRejectsNegativePenaltyAndReasonWithoutPause() {
        assertThatThrownBy(() -> AddMemberRequest.builder("support", "PJSIP/1").penalty(-1))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("penalty"));
        assertThatThrownBy(() -> AddMemberRequest.builder("support", "PJSIP/1").paused(false, "lunch").build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("reason"));
    }

    @Test
    void resultsValidateTheirValues() {
        assertThatThrownBy(() -> new Recording("PJSIP/1", " "))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("file"));
        assertThatThrownBy(() -> new ParkResult(null, "701"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("parkingLot"));
        assertThatThrownBy(() -> new ParkResult("default", ""))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("space"));
    }

    @Test
    void originateResultHasAFailureExactlyWhenItFailed() {
        OriginateResult ok = OriginateResult.succeeded("PJSIP/101-ep-1", "1795551399.2", "Originate successfully queued");
        assertThat(ok.success()).isTrue();
        assertThat(ok.failure()).isNull();

        OriginateResult busy = OriginateResult.failed(OriginateFailure.BUSY, "", null);
        assertThat(busy.success()).isFalse();
        assertThat(busy.channel()).as("blank is stored as null").isNull();
        assertThat(busy.pbxMessage()).isEmpty();

        assertThatThrownBy(() -> new OriginateResult(true, null, null, OriginateFailure.BUSY, ""))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("failure"));
        assertThatThrownBy(() -> new OriginateResult(false, null, null, null, ""))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("failure"));
    }
}
