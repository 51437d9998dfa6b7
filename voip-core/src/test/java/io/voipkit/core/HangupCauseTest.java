package io.voipkit.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HangupCauseTest {

    @ParameterizedTest
    @CsvSource({"0,NONE", "1,UNALLOCATED_NUMBER", "16,NORMAL_CLEARING", "17,USER_BUSY", "18,NO_USER_RESPONSE",
            "19,NO_ANSWER", "21,CALL_REJECTED", "31,NORMAL_UNSPECIFIED", "32,UNKNOWN", "34,NORMAL_CIRCUIT_CONGESTION",
            "127,INTERWORKING", "487,ORIGINATOR_CANCEL", "-5,UNKNOWN", "9999,UNKNOWN"})
    void mapsQ850Codes(int code, HangupCause expected) {
        assertThat(HangupCause.fromCode(code)).isEqualTo(expected);
    }

    @Test
    void codesAreUniqueAndRoundTrip() {
        for (HangupCause c : HangupCause.values()) {
            if (c != HangupCause.UNKNOWN) {
                assertThat(HangupCause.fromCode(c.code())).isEqualTo(c);
            }
        }
        assertThat(Arrays.stream(HangupCause.values()).mapToInt(HangupCause::code).distinct().count())
                .isEqualTo(HangupCause.values().length);
    }

    @ParameterizedTest
    @CsvSource({"NORMAL_CLEARING,NORMAL_CLEARING", "user_busy,USER_BUSY", "' NO_ANSWER ',NO_ANSWER",
            "REDIRECTED_TO_NEW_DESTINATION,REDIRECTION_TO_NEW_DESTINATION", "NOTDEFINED,NONE",
            "SOMETHING_NEW,UNKNOWN", "'',UNKNOWN"})
    void mapsFreeSwitchNames(String name, HangupCause expected) {
        assertThat(HangupCause.fromName(name)).isEqualTo(expected);
    }

    @Test
    void nullNameIsUnknown() {
        assertThat(HangupCause.fromName(null)).isEqualTo(HangupCause.UNKNOWN);
    }

    @Test
    void q850RangeIsReported() {
        assertThat(HangupCause.USER_BUSY.isQ850()).isTrue();
        assertThat(HangupCause.ORIGINATOR_CANCEL.isQ850()).isFalse();
        assertThat(HangupCause.UNKNOWN.isQ850()).isFalse();
    }

    // Asterisk OriginateResponse Reason = the last control frame on the channel (ast_control_frame_type).
    @ParameterizedTest
    @CsvSource({"0,FAILED", "1,REJECTED", "2,NO_ANSWER", "3,NO_ANSWER", "5,BUSY", "8,CONGESTION", "42,FAILED",
            "-1,FAILED"})
    void mapsAsteriskOriginateReasons(int reason, OriginateFailure expected) {
        assertThat(OriginateFailure.fromAsteriskReason(reason)).contains(expected);
    }

    @Test
    void asteriskReasonFourIsAnAnsweredCall() {
        assertThat(OriginateFailure.fromAsteriskReason(4)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({"USER_BUSY,BUSY", "NO_ANSWER,NO_ANSWER", "NO_USER_RESPONSE,NO_ANSWER", "CALL_REJECTED,REJECTED",
            "UNALLOCATED_NUMBER,NO_SUCH_EXTENSION", "NO_ROUTE_DESTINATION,NO_SUCH_EXTENSION",
            "NORMAL_CIRCUIT_CONGESTION,CONGESTION", "USER_NOT_REGISTERED,UNAVAILABLE", "SUBSCRIBER_ABSENT,UNAVAILABLE",
            "RECOVERY_ON_TIMER_EXPIRE,TIMEOUT", "NORMAL_CLEARING,FAILED", "UNKNOWN,FAILED"})
    void mapsHangupCausesOfFailedOriginates(HangupCause cause, OriginateFailure expected) {
        assertThat(OriginateFailure.fromHangupCause(cause)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(HangupCause.class)
    void everyHangupCauseMapsToSomeFailure(HangupCause cause) {
        assertThat(OriginateFailure.fromHangupCause(cause)).isNotNull();
    }

    @Test
    void nullHangupCauseIsAPlainFailure() {
        assertThat(OriginateFailure.fromHangupCause(null)).isEqualTo(OriginateFailure.FAILED);
    }
}
