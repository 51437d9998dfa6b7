package io.voipkit.core.internal;

import io.voipkit.core.HangupCause;
import io.voipkit.core.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestsTest {
    private static final String EVIL = "PJSIP/1\r\nAction: Logoff";
    private static final Duration MS100 = Duration.ofMillis(100);

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("channel", (Executable) () -> Requests.channel(EVIL)),
                Arguments.of("channel", (Executable) () -> Requests.hangup(" ", HangupCause.NORMAL_CLEARING)),
                Arguments.of("cause", (Executable) () -> Requests.hangup("PJSIP/1", null)),
                Arguments.of("cause", (Executable) () -> Requests.hangup("PJSIP/1", HangupCause.UNKNOWN)),
                Arguments.of("exten", (Executable) () -> Requests.transfer("PJSIP/1", "2\n", "c")),
                Arguments.of("context", (Executable) () -> Requests.transfer("PJSIP/1", "2", null)),
                Arguments.of("context", (Executable) () -> Requests.attendedTransfer("PJSIP/1", "2", "c\r")),
                Arguments.of("timeoutChannel", (Executable) () -> Requests.park("PJSIP/1", EVIL, MS100)),
                Arguments.of("timeout", (Executable) () -> Requests.park("PJSIP/1", null, Duration.ZERO)),
                Arguments.of("timeout", (Executable) () -> Requests.park("PJSIP/1", null, Duration.ofDays(3))),
                Arguments.of("channel1", (Executable) () -> Requests.bridge(EVIL, "PJSIP/2")),
                Arguments.of("channel2", (Executable) () -> Requests.bridge("PJSIP/1", "PJSIP/1")),
                Arguments.of("digits", (Executable) () -> Requests.sendDtmf("PJSIP/1", "12x", MS100)),
                Arguments.of("toneDuration", (Executable) () -> Requests.sendDtmf("PJSIP/1", "1", Duration.ofMillis(-1))),
                Arguments.of("toneDuration", (Executable) () -> Requests.sendDtmf("PJSIP/1", "1", Duration.ofSeconds(11))),
                Arguments.of("queue", (Executable) () -> Requests.queue("")),
                Arguments.of("interfaceName", (Executable) () -> Requests.member("support", EVIL)),
                Arguments.of("reason", (Executable) () -> Requests.pauseMember(null, "PJSIP/1", "lunch\r\n")),
                Arguments.of("penalty", (Executable) () -> Requests.setPenalty(null, "PJSIP/1", -1)),
                Arguments.of("queue", (Executable) () -> Requests.reload("a\nb")),
                Arguments.of("window", (Executable) () -> Requests.window(Duration.ofDays(2), Duration.ofDays(1))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rejected")
    void invalidArgumentsAreRejectedNamingTheField(String field, Executable call) {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void validArgumentsPass() {
        Requests.hangup("PJSIP/101-ep-00000001", HangupCause.USER_BUSY);
        Requests.attendedTransfer("PJSIP/1", "200", null);
        Requests.park("PJSIP/1", null, Duration.ofSeconds(45));
        Requests.pauseMember(null, "PJSIP/1", null);
        Requests.setPenalty("support", "PJSIP/1", 0);
        Requests.reload(null);
        assertThat(Requests.sendDtmf("PJSIP/1", "12#a", MS100)).isEqualTo("12#A");
    }
}
