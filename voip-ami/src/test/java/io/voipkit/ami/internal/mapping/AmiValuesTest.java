package io.voipkit.ami.internal.mapping;

import io.voipkit.core.EndpointStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The value formats of AMI events, including the garbage a parser must survive. */
class AmiValuesTest {

    @Test
    void countersAreNonNegativeDecimalsOrMalformed() {
        assertThat(AmiValues.nonNegativeInt("17")).isEqualTo(17);
        assertThat(AmiValues.nonNegativeInt(" 3 ")).isEqualTo(3);
        assertThat(AmiValues.nonNegativeInt("2147483647")).isEqualTo(Integer.MAX_VALUE);
        assertThat(AmiValues.nonNegativeInt("2147483648")).isEqualTo(AmiValues.MALFORMED);
        assertThat(AmiValues.nonNegativeInt("-1")).isEqualTo(AmiValues.MALFORMED);
        assertThat(AmiValues.nonNegativeInt("")).isEqualTo(AmiValues.MALFORMED);
        assertThat(AmiValues.nonNegativeInt(null)).isEqualTo(AmiValues.MALFORMED);
        assertThat(AmiValues.nonNegativeLong("1234567890123456789")).isEqualTo(AmiValues.MALFORMED_LONG);
    }

    @Test
    void epochTimestampsKeepUpToNanoseconds() {
        assertThat(AmiValues.epochTimestamp("1795553881.871746")).isEqualTo(Instant.ofEpochSecond(1795553881L, 871_746_000L));
        assertThat(AmiValues.epochTimestamp("1.5")).isEqualTo(Instant.ofEpochSecond(1, 500_000_000));
        assertThat(AmiValues.epochTimestamp("1.123456789")).isEqualTo(Instant.ofEpochSecond(1, 123_456_789));
        assertThat(AmiValues.epochTimestamp("1.")).isNull();
        assertThat(AmiValues.epochTimestamp("999999999999999999.0")).as("beyond Instant").isNull();
    }

    @Test
    void cdrLocalTimesAreExactlyNineteenCharacters() {
        assertThat(AmiValues.localDateTime("2026-11-24 20:16:39", ZoneOffset.UTC))
                .isEqualTo(Instant.parse("2026-11-24T20:16:39Z"));
        assertThat(AmiValues.localDateTime("2026-02-30 20:16:39", ZoneOffset.UTC)).isNull();
        assertThat(AmiValues.localDateTime("2026-11-24T20:16:39", ZoneOffset.UTC)).isNull();
        assertThat(AmiValues.localDateTime("", ZoneOffset.UTC)).isNull();
    }

    @Test
    void coreShowChannelDurations() {
        assertThat(AmiValues.hhmmss("00:00:02")).isEqualTo(Duration.ofSeconds(2));
        assertThat(AmiValues.hhmmss("101:02:03")).isEqualTo(Duration.ofSeconds(101 * 3600 + 2 * 60 + 3));
        assertThat(AmiValues.hhmmss("00:61:00")).isNull();
        assertThat(AmiValues.hhmmss("2")).isNull();
        assertThat(AmiValues.hhmmss(":00:02")).isNull();
    }

    @Test
    void bothDeviceStateSpellingsMeet() {
        assertThat(AmiValues.deviceStateText("NOT_INUSE")).isEqualTo("Not in use");
        assertThat(AmiValues.deviceStateText("Not in use")).isEqualTo("Not in use");
        assertThat(AmiValues.deviceStateText("RINGINUSE")).isEqualTo("Ring+Inuse");
        assertThat(AmiValues.deviceStateText("ONHOLD")).isEqualTo("On Hold");
        assertThat(AmiValues.deviceStateText("Weird")).isEqualTo("Weird");
        assertThat(AmiValues.deviceStatus("Unavailable")).isEqualTo(EndpointStatus.OFFLINE);
        assertThat(AmiValues.deviceStatus("In use")).isEqualTo(EndpointStatus.ONLINE);
        assertThat(AmiValues.deviceStatus("Invalid")).isEqualTo(EndpointStatus.UNKNOWN);
    }

    @Test
    void contactStatusWords() {
        assertThat(AmiValues.contactStatus("NonQualified")).isEqualTo(EndpointStatus.ONLINE);
        assertThat(AmiValues.contactStatus("Created")).isEqualTo(EndpointStatus.ONLINE);
        assertThat(AmiValues.contactStatus("Removed")).isEqualTo(EndpointStatus.OFFLINE);
        assertThat(AmiValues.contactStatus("Unknown")).isEqualTo(EndpointStatus.UNKNOWN);
        assertThat(AmiValues.roundtripMicros("0")).isNull();
        assertThat(AmiValues.roundtripMicros("672")).isEqualTo(Duration.ofNanos(672_000));
    }

    @Test
    void pjsipNames() {
        assertThat(AmiValues.pjsipEndpoint("PJSIP/101-ep")).isEqualTo("101-ep");
        assertThat(AmiValues.pjsipEndpoint("PJSIP/")).isNull();
        assertThat(AmiValues.pjsipEndpoint("Local/100@test")).isNull();
        assertThat(AmiResyncParser.contactUris("101-ep/sip:101-ep@127.0.0.1:16101,"))
                .containsExactly("sip:101-ep@127.0.0.1:16101");
        assertThat(AmiResyncParser.contactUris("a/sip:x,a/sip:y,")).containsExactly("sip:x", "sip:y");
        assertThat(AmiResyncParser.contactUris("")).isEmpty();
    }

    @Test
    void callerIdPlaceholdersAreNoNumbers() {
        assertThat(AmiValues.callerId("<unknown>")).isNull();
        assertThat(AmiValues.callerId(" ")).isNull();
        assertThat(AmiValues.callerId("+15551234567")).isEqualTo("+15551234567");
        assertThat(AmiValues.noneToNull("none")).isNull();
    }
}
