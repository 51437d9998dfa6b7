package io.voipkit.ami.internal.mapping;

import io.voipkit.ami.internal.AmiMessage;
import io.voipkit.core.CallDisposition;
import io.voipkit.core.ChannelState;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.CallRecordCreated;
import io.voipkit.core.event.CallTransferred;
import io.voipkit.core.event.ChannelCreated;
import io.voipkit.core.event.EndpointStatusChanged;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.QueueCallerJoined;
import io.voipkit.core.event.UnknownEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mapper's rules on synthetic input: malformed values, bounds, argument checks. */
class AmiEventMapperTest {
    private static final Instant RECEIVED = Instant.parse("2030-01-01T00:00:00Z");

    private final AmiEventMapper mapper = new AmiEventMapper(ZoneOffset.UTC);

    private PbxEvent map(String... namesAndValues) {
        return mapper.map(AmiMessage.of(namesAndValues), "pbx", RECEIVED);
    }

    @Test
    void timestampWithMicrosecondsIsThePbxTime() {
        PbxEvent e = map("Event", "FullyBooted", "Timestamp", "1795551177.123456");
        assertThat(e.timestamp()).isEqualTo(Instant.ofEpochSecond(1795551177L, 123_456_000L));
        assertThat(map("Event", "X", "Timestamp", "1795551177").timestamp()).isEqualTo(Instant.ofEpochSecond(1795551177L));
        assertThat(mapper.malformedValues()).isZero();
    }

    @Test
    void missingTimestampFallsBackToReceiveTimeSilently() {
        assertThat(map("Event", "FullyBooted", "Status", "Fully Booted").timestamp()).isEqualTo(RECEIVED);
        assertThat(mapper.malformedValues()).isZero();
    }

    @Test
    void garbledTimestampFallsBackToReceiveTimeAndIsCounted() {
        for (String bad : new String[] {"abc", "12.", ".5", "1.1234567890", "-5.0", "1e9", ""}) {
            assertThat(map("Event", "Newexten", "Timestamp", bad).timestamp()).as(bad).isEqualTo(RECEIVED);
        }
        assertThat(mapper.malformedValues()).isEqualTo(7);
    }

    @Test
    void nonNumericCauseKeepsTheHangupWithCauseZero() {
        PbxEvent e = map("Event", "Hangup", "Channel", "PJSIP/1-00000001", "Uniqueid", "1.1", "Cause", "busy",
                "Cause-txt", "User busy");
        assertThat(e).isInstanceOfSatisfying(CallEnded.class, c -> {
            assertThat(c.cause()).isZero();
            assertThat(c.causeText()).isEqualTo("User busy");
            assertThat(c.duration()).as("no Newchannel seen").isNull();
        });
        assertThat(mapper.malformedValues()).isEqualTo(1);
    }

    @Test
    void hangupWithoutUniqueidIsUnknownWithAllFields() {
        PbxEvent e = map("Event", "Hangup", "Channel", "PJSIP/1-00000001", "Cause", "16");
        assertThat(e).isInstanceOf(UnknownEvent.class);
        assertThat(e.name()).isEqualTo("Hangup");
        assertThat(e.raw().firstOrNull("Cause")).isEqualTo("16");
        assertThat(mapper.malformedValues()).isEqualTo(1);
    }

    @Test
    void garbledChannelStateIsUnknownState() {
        PbxEvent e = map("Event", "Newchannel", "Channel", "PJSIP/1-00000001", "Uniqueid", "1.1", "ChannelState", "x");
        assertThat(((ChannelCreated) e).state()).isEqualTo(ChannelState.UNKNOWN);
        assertThat(map("Event", "Newstate", "Channel", "c", "Uniqueid", "1.1", "ChannelState", "42"))
                .extracting("state").isEqualTo(ChannelState.UNKNOWN);
    }

    @Test
    void headerNamesAreMatchedIgnoringCase() {
        PbxEvent e = map("Event", "Newchannel", "channel", "PJSIP/1-00000001", "UNIQUEID", "1.1", "LinkedID", "1.0",
                "ChannelState", "6");
        assertThat(e).isInstanceOfSatisfying(ChannelCreated.class, c -> {
            assertThat(c.uniqueId()).isEqualTo("1.1");
            assertThat(c.linkedId()).isEqualTo("1.0");
            assertThat(c.state()).isEqualTo(ChannelState.UP);
        });
    }

    @Test
    void hangupDurationRunsFromNewchannelToHangup() {
        map("Event", "Newchannel", "Channel", "c", "Uniqueid", "9.1", "ChannelState", "0", "Timestamp", "100.250000");
        assertThat(mapper.trackedChannels()).isEqualTo(1);
        CallEnded end = (CallEnded) map("Event", "Hangup", "Channel", "c", "Uniqueid", "9.1", "Cause", "16",
                "Timestamp", "130.000000");
        assertThat(end.duration()).isEqualTo(Duration.ofMillis(29_750));
        assertThat(mapper.trackedChannels()).as("forgotten at hangup").isZero();
    }

    @Test
    void rememberedStartTimesAreBounded() {
        AmiEventMapper small = new AmiEventMapper(ZoneOffset.UTC, 2);
        for (int i = 1; i <= 3; i++) {
            small.map(AmiMessage.of("Event", "Newchannel", "Channel", "c" + i, "Uniqueid", "u" + i, "ChannelState", "0",
                    "Timestamp", i + ".0"), "pbx", RECEIVED);
        }
        assertThat(small.trackedChannels()).isEqualTo(2);
        CallEnded evicted = (CallEnded) small.map(AmiMessage.of("Event", "Hangup", "Channel", "c1", "Uniqueid", "u1",
                "Cause", "16", "Timestamp", "9.0"), "pbx", RECEIVED);
        assertThat(evicted.duration()).as("the oldest was evicted").isNull();
        CallEnded kept = (CallEnded) small.map(AmiMessage.of("Event", "Hangup", "Channel", "c3", "Uniqueid", "u3",
                "Cause", "16", "Timestamp", "9.0"), "pbx", RECEIVED);
        assertThat(kept.duration()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void cdrWithGarbledStartTimeIsUnknown() {
        PbxEvent e = map("Event", "Cdr", "UniqueID", "1.1", "StartTime", "yesterday", "EndTime", "2026-11-24 20:20:40");
        assertThat(e).isInstanceOf(UnknownEvent.class);
        assertThat(mapper.malformedValues()).isEqualTo(1);
    }

    @Test
    void cdrWhoseAnswerIsAfterItsEndIsUnknownNotAnException() {
        PbxEvent e = map("Event", "Cdr", "UniqueID", "1.1", "StartTime", "2026-11-24 20:20:39", "AnswerTime",
                "2026-11-24 20:20:50", "EndTime", "2026-11-24 20:20:40", "Duration", "1", "BillableSeconds", "0");
        assertThat(e).isInstanceOf(UnknownEvent.class);
        assertThat(mapper.malformedValues()).isEqualTo(1);
    }

    @Test
    void cdrTimesAreReadInThePbxZoneAndCustomColumnsGoToExtra() {
        AmiEventMapper berlin = new AmiEventMapper(ZoneId.of("Europe/Berlin"));
        PbxEvent e = berlin.map(AmiMessage.of("Event", "Cdr", "UniqueID", "1.1", "StartTime", "2026-11-24 20:20:39",
                "AnswerTime", "", "EndTime", "2026-11-24 20:20:49", "Disposition", "NO ANSWER", "crm_case", "7781"),
                "pbx", RECEIVED);
        assertThat(e).isInstanceOfSatisfying(CallRecordCreated.class, c -> {
            assertThat(c.record().start()).isEqualTo(Instant.parse("2026-11-24T19:20:39Z"));
            assertThat(c.record().answer()).isNull();
            assertThat(c.record().duration()).as("derived from the times").isEqualTo(Duration.ofSeconds(10));
            assertThat(c.record().disposition()).isEqualTo(CallDisposition.NO_ANSWER);
            assertThat(c.record().extra()).containsExactly(java.util.Map.entry("crm_case", "7781"));
        });
        assertThat(berlin.malformedValues()).isZero();
    }

    @Test
    void deviceStatesOfNonPjsipDevicesStayUnknownEvents() {
        assertThat(map("Event", "DeviceStateChange", "Device", "Queue:support", "State", "INUSE"))
                .isInstanceOf(UnknownEvent.class);
        assertThat(map("Event", "DeviceStateChange", "Device", "PJSIP/7-ep", "State", "RINGINUSE"))
                .isInstanceOfSatisfying(EndpointStatusChanged.class, s -> {
                    assertThat(s.endpoint()).isEqualTo("7-ep");
                    assertThat(s.status()).isEqualTo(EndpointStatus.ONLINE);
                });
        assertThat(map("Event", "DeviceStateChange", "Device", "PJSIP/7-ep", "State", "INVALID"))
                .extracting("status").isEqualTo(EndpointStatus.UNKNOWN);
        assertThat(map("Event", "DeviceStateChange", "Device", "PJSIP/7-ep", "State", "UNAVAILABLE", "ActionID", "a-1"))
                .as("DeviceStateList item").isInstanceOf(UnknownEvent.class);
        assertThat(mapper.malformedValues()).isZero();
    }

    @Test
    void peerStatusOfAnotherTechnologyIsUnknown() {
        assertThat(map("Event", "PeerStatus", "ChannelType", "IAX2", "Peer", "IAX2/trunk", "PeerStatus", "Reachable"))
                .isInstanceOf(UnknownEvent.class);
        assertThat(map("Event", "PeerStatus", "Peer", "PJSIP/7-ep", "PeerStatus", "Unregistered"))
                .extracting("status").isEqualTo(EndpointStatus.OFFLINE);
    }

    @Test
    void attendedTransferUsesTheTransferee() {
        PbxEvent e = map("Event", "AttendedTransfer", "Result", "Success", "TransfereeChannel", "PJSIP/7-ep-00000001",
                "TransfereeUniqueid", "5.5", "DestType", "Bridge");
        assertThat(e).isInstanceOfSatisfying(CallTransferred.class, t -> {
            assertThat(t.kind()).isEqualTo(CallTransferred.Kind.ATTENDED);
            assertThat(t.uniqueId()).isEqualTo("5.5");
            assertThat(t.targetExten()).isNull();
            assertThat(t.succeeded()).isTrue();
        });
        assertThat(map("Event", "AttendedTransfer", "Result", "Fail", "DestType", "Fail"))
                .as("no transferee named").isInstanceOf(UnknownEvent.class);
    }

    @Test
    void garbledQueuePositionIsZeroAndCounted() {
        PbxEvent e = map("Event", "QueueCallerJoin", "Queue", "q", "Channel", "c", "Uniqueid", "u", "Position", "first",
                "Count", "1");
        assertThat(((QueueCallerJoined) e).position()).isZero();
        assertThat(mapper.malformedValues()).isEqualTo(1);
    }

    @Test
    void blankEventNameStillGivesOneEvent() {
        PbxEvent e = map("Event", "", "Foo", "bar");
        assertThat(e).isInstanceOf(UnknownEvent.class);
        assertThat(((UnknownEvent) e).name()).isEqualTo(AmiEventMapper.BLANK_EVENT_NAME);
    }

    @Test
    void argumentsAreChecked() {
        AmiMessage ok = AmiMessage.of("Event", "X");
        assertThatThrownBy(() -> mapper.map(null, "pbx", RECEIVED)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("event");
        assertThatThrownBy(() -> mapper.map(ok, " ", RECEIVED)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("pbxId");
        assertThatThrownBy(() -> mapper.map(ok, "pbx", null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("receivedAt");
        assertThatThrownBy(() -> mapper.map(AmiMessage.of("Response", "Success"), "pbx", RECEIVED))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("RESPONSE");
        assertThatThrownBy(() -> new AmiEventMapper(null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("pbxZone");
        assertThatThrownBy(() -> new AmiEventMapper(ZoneOffset.UTC, 0)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("maxTrackedChannels");
        assertThatThrownBy(() -> mapper.rememberChannelStart("", RECEIVED)).isInstanceOf(InvalidRequestException.class);
    }
}
