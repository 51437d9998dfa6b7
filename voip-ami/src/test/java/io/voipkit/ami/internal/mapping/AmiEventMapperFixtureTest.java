package io.voipkit.ami.internal.mapping;

import io.voipkit.ami.internal.AmiMessage;
import io.voipkit.core.CallDisposition;
import io.voipkit.core.CallRecord;
import io.voipkit.core.ChannelState;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.MemberState;
import io.voipkit.core.event.AgentCompleted;
import io.voipkit.core.event.AgentConnected;
import io.voipkit.core.event.CallAnswered;
import io.voipkit.core.event.CallBridged;
import io.voipkit.core.event.CallDialing;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.CallParked;
import io.voipkit.core.event.CallRecordCreated;
import io.voipkit.core.event.CallTransferred;
import io.voipkit.core.event.CallUnbridged;
import io.voipkit.core.event.ChannelCreated;
import io.voipkit.core.event.ChannelStateChanged;
import io.voipkit.core.event.ConferenceJoined;
import io.voipkit.core.event.ConferenceLeft;
import io.voipkit.core.event.DtmfReceived;
import io.voipkit.core.event.EndpointStatusChanged;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.QueueCallerAbandoned;
import io.voipkit.core.event.QueueCallerJoined;
import io.voipkit.core.event.QueueCallerLeft;
import io.voipkit.core.event.QueueMemberStatusChanged;
import io.voipkit.core.event.RawFields;
import io.voipkit.core.event.UnknownEvent;
import io.voipkit.core.event.UserDefinedEvent;
import io.voipkit.core.event.VariableSet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Maps every event of every recorded Asterisk 22 transcript and checks the results against the
 * real values in the transcripts. The recording PBX ran in UTC (its {@code EventTV} says
 * {@code +0000}), so CDR local times are read with {@link ZoneOffset#UTC}.
 */
class AmiEventMapperFixtureTest {
    private static final String PBX = "pbx-1";
    private static final Instant RECEIVED = Instant.parse("2030-01-01T00:00:00Z");

    /** Names for which no record exists: always UnknownEvent. */
    private static final Set<String> ALWAYS_UNKNOWN = Set.of(
            "AgentCalled", "AorDetail", "AuthDetail", "BridgeCreate", "BridgeDestroy", "BridgeInfoChannel",
            "BridgeInfoComplete", "BridgeListComplete", "BridgeListItem", "CEL", "ChallengeSent", "ChannelHungup",
            "ChannelsHungupListComplete", "ConfbridgeEnd", "ConfbridgeList", "ConfbridgeListComplete",
            "ConfbridgeListRooms", "ConfbridgeListRoomsComplete", "ConfbridgeStart", "ContactList",
            "ContactListComplete", "ContactStatusDetail", "CoreShowChannel", "CoreShowChannelsComplete",
            "DeviceStateListComplete", "EndpointDetail", "EndpointDetailComplete", "EndpointList",
            "EndpointListComplete", "FullyBooted", "HangupRequest", "InboundRegistrationDetail",
            "InboundRegistrationDetailComplete", "LocalBridge", "LocalOptimizationBegin", "LocalOptimizationEnd",
            "NewAccountCode", "NewCallerid", "NewConnectedLine", "Newexten", "OriginateResponse",
            "ParkedCallGiveUp", "ParkedCallSwap", "ParkedCallTimeOut", "ParkedCallsComplete", "Parkinglot",
            "ParkinglotsComplete", "QueueEntry", "QueueMember", "QueueParams", "QueueStatusComplete",
            "QueueSummary", "QueueSummaryComplete", "SoftHangupRequest", "Status", "StatusComplete",
            "SuccessfulAuth", "TestEvent", "Unhold");

    /** Names that have a record but are Unknown in some shapes, each for a documented reason. */
    private static final Set<String> SOMETIMES_UNKNOWN = Set.of("DialEnd", "DeviceStateChange", "ParkedCall");

    private static List<PbxEvent> map(String transcript) {
        AmiEventMapper mapper = new AmiEventMapper(ZoneOffset.UTC);
        List<PbxEvent> out = new ArrayList<>();
        for (AmiMessage m : MappingFixtures.events(transcript)) {
            out.add(mapper.map(m, PBX, RECEIVED));
        }
        assertThat(mapper.malformedValues()).as("malformed values in %s", transcript).isZero();
        return out;
    }

    private static <T extends PbxEvent> List<T> only(List<PbxEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void everyEventOfEveryTranscriptBecomesExactlyOneEventWithItsRawFields() {
        Set<String> unknownNames = new TreeSet<>();
        int total = 0;
        for (String name : MappingFixtures.names()) {
            List<AmiMessage> events = MappingFixtures.events(name);
            assertThat(events).as("events decoded from %s", name).hasSize(MappingFixtures.eventLines(name));
            AmiEventMapper mapper = new AmiEventMapper(ZoneOffset.UTC);
            for (AmiMessage m : events) {
                PbxEvent e = mapper.map(m, PBX, RECEIVED);
                total++;
                assertThat(e.pbxId()).isEqualTo(PBX);
                assertThat(e.raw()).as("raw of %s in %s", m.eventName(), name)
                        .isEqualTo(RawFields.of(m.fieldsArrayUnsafe()));
                if (!(e instanceof UserDefinedEvent)) {
                    assertThat(e.name()).isEqualTo(m.eventName());
                }
                if (m.get("Timestamp") != null) {
                    assertThat(e.timestamp()).isNotEqualTo(RECEIVED);
                    assertThat(e.timestamp().getEpochSecond())
                            .isEqualTo(Long.parseLong(m.get("Timestamp").substring(0, m.get("Timestamp").indexOf('.'))));
                } else {
                    assertThat(e.timestamp()).isEqualTo(RECEIVED);
                }
                if (e instanceof UnknownEvent u) {
                    unknownNames.add(u.name());
                    assertUnknownOnPurpose(m);
                }
            }
            assertThat(mapper.malformedValues()).as("malformed values in %s", name).isZero();
        }
        assertThat(total).as("events in all transcripts").isEqualTo(2150);
        Set<String> expected = new TreeSet<>(ALWAYS_UNKNOWN);
        expected.addAll(SOMETIMES_UNKNOWN);
        assertThat(unknownNames).isEqualTo(expected);
    }

    private static void assertUnknownOnPurpose(AmiMessage m) {
        String name = m.eventName();
        if (ALWAYS_UNKNOWN.contains(name)) {
            return;
        }
        switch (name) {
            case "DialEnd" -> assertThat(m.get("DialStatus")).isNotEqualTo("ANSWER");
            case "ParkedCall" -> assertThat(m.actionId()).as("only list items stay unknown").isNotNull();
            case "DeviceStateChange" -> assertThat(m.actionId() != null || !m.get("Device").startsWith("PJSIP/"))
                    .as("only non-PJSIP devices and list items stay unknown: %s", m).isTrue();
            default -> throw new AssertionError("unexpected UnknownEvent " + m);
        }
    }

    @Test
    void queueCallFlow_joinConnectCompleteWithRealValues() {
        List<PbxEvent> events = map("queue-call-flow");

        QueueCallerJoined join = only(events, QueueCallerJoined.class).get(0);
        assertThat(join.queue()).isEqualTo("support");
        assertThat(join.channel()).isEqualTo("Local/100@test-00000014;2");
        assertThat(join.uniqueId()).isEqualTo("1795553881.43");
        assertThat(join.callerIdNum()).isEqualTo("+15551230100");
        assertThat(join.position()).isEqualTo(1);
        assertThat(join.count()).isEqualTo(1);
        assertThat(join.timestamp()).isEqualTo(Instant.ofEpochSecond(1795553882L, 373479000L));

        QueueCallerLeft left = only(events, QueueCallerLeft.class).get(0);
        assertThat(left.count()).isZero();
        assertThat(left.position()).isEqualTo(1);

        AgentConnected connect = only(events, AgentConnected.class).get(0);
        assertThat(connect.queue()).isEqualTo("support");
        assertThat(connect.memberName()).isEqualTo("Agent Two");
        assertThat(connect.interfaceName()).isEqualTo("Local/agent2@agents/n");
        assertThat(connect.destChannel()).isEqualTo("Local/agent2@agents-00000015;1");
        assertThat(connect.holdTime()).isZero();
        assertThat(connect.ringTime()).isZero();

        AgentCompleted complete = only(events, AgentCompleted.class).get(0);
        assertThat(complete.talkTime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(complete.holdTime()).isZero();
        assertThat(complete.reason()).isEqualTo("agent");
        assertThat(complete.channel()).isEqualTo("Local/100@test-00000014;2");

        List<QueueMemberStatusChanged> members = only(events, QueueMemberStatusChanged.class);
        assertThat(members).extracting(QueueMemberStatusChanged::state, QueueMemberStatusChanged::inCall,
                        QueueMemberStatusChanged::callsTaken)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(MemberState.IN_USE, true, 0),
                        org.assertj.core.groups.Tuple.tuple(MemberState.NOT_IN_USE, false, 1));

        // The call's channels: 2 Local pairs created and hung up, durations from Newchannel to Hangup.
        assertThat(only(events, ChannelCreated.class)).hasSize(4);
        List<CallEnded> ends = only(events, CallEnded.class);
        assertThat(ends).hasSize(4).allSatisfy(e -> {
            assertThat(e.cause()).isEqualTo(16);
            assertThat(e.causeText()).isEqualTo("Normal Clearing");
            assertThat(e.duration()).isNotNull();
        });
        CallEnded caller = ends.stream().filter(e -> e.uniqueId().equals("1795553881.42")).findFirst().orElseThrow();
        // Newchannel 1795553881.871910, Hangup 1795553902.880630
        assertThat(caller.duration()).isEqualTo(Duration.ofSeconds(21, 8_720_000L));

        List<CallRecordCreated> cdrs = only(events, CallRecordCreated.class);
        assertThat(cdrs).hasSize(3);
        CallRecord queued = cdrs.get(1).record();
        assertThat(queued.uniqueId()).isEqualTo("1795553881.43");
        assertThat(queued.lastApplication()).isEqualTo("Queue");
        assertThat(queued.destinationChannel()).isEqualTo("Local/agent2@agents-00000015;1");
        assertThat(queued.duration()).isEqualTo(Duration.ofSeconds(21));
    }

    @Test
    void originateSync_userBusyHangupCarriesCause17() {
        List<PbxEvent> events = map("originate-sync");
        CallEnded busy = only(events, CallEnded.class).stream()
                .filter(e -> e.channel().equals("Local/201@test-00000018;2")).findFirst().orElseThrow();
        assertThat(busy.cause()).isEqualTo(17);
        assertThat(busy.causeText()).isEqualTo("User busy");
        assertThat(busy.duration()).isNotNull().isPositive();
        assertThat(only(events, CallDialing.class)).isNotEmpty();
        assertThat(only(events, CallAnswered.class)).isNotEmpty()
                .allSatisfy(a -> assertThat(a.dialStatus()).isEqualTo("ANSWER"));
        assertThat(only(events, CallBridged.class)).isNotEmpty();
        assertThat(only(events, CallUnbridged.class)).hasSameSizeAs(only(events, CallBridged.class));
        assertThat(only(events, UserDefinedEvent.class)).extracting(UserDefinedEvent::userEvent).contains("CrmTest");
        assertThat(only(events, VariableSet.class)).isNotEmpty();
    }

    @Test
    void phonesRegisterLifecycle_101goesOnlineThenOffline() {
        List<EndpointStatusChanged> ep101 = only(map("phones-register-lifecycle"), EndpointStatusChanged.class)
                .stream().filter(e -> e.endpoint().equals("101-ep")).toList();
        assertThat(ep101).extracting(EndpointStatusChanged::name, EndpointStatusChanged::detail,
                        EndpointStatusChanged::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ContactStatus", "NonQualified", EndpointStatus.ONLINE),
                        org.assertj.core.groups.Tuple.tuple("PeerStatus", "Reachable", EndpointStatus.ONLINE),
                        org.assertj.core.groups.Tuple.tuple("DeviceStateChange", "NOT_INUSE", EndpointStatus.ONLINE),
                        org.assertj.core.groups.Tuple.tuple("ContactStatus", "Reachable", EndpointStatus.ONLINE),
                        org.assertj.core.groups.Tuple.tuple("PeerStatus", "Unreachable", EndpointStatus.OFFLINE),
                        org.assertj.core.groups.Tuple.tuple("DeviceStateChange", "UNAVAILABLE", EndpointStatus.OFFLINE),
                        org.assertj.core.groups.Tuple.tuple("ContactStatus", "Removed", EndpointStatus.OFFLINE));
        EndpointStatusChanged reachable = ep101.get(3);
        assertThat(reachable.contactUri()).isEqualTo("sip:101-ep@127.0.0.1:16105");
        assertThat(reachable.roundtrip()).isEqualTo(Duration.ofNanos(672_000));
        assertThat(ep101.get(0).roundtrip()).as("RoundtripUsec 0 = not measured").isNull();
    }

    @Test
    void phoneUnreachable_contactTurnsOffline() {
        List<EndpointStatusChanged> changes = only(map("phone-unreachable"), EndpointStatusChanged.class);
        assertThat(changes).anySatisfy(e -> {
            assertThat(e.detail()).isEqualTo("Unreachable");
            assertThat(e.status()).isEqualTo(EndpointStatus.OFFLINE);
        });
    }

    @Test
    void cdrCelEvents_callRecordWithEveryField() {
        CallRecord r = only(map("cdr-cel-events"), CallRecordCreated.class).get(0).record();
        assertThat(r.uniqueId()).isEqualTo("1795551639.188");
        assertThat(r.linkedId()).isNull();
        assertThat(r.accountCode()).isEqualTo("acct-9");
        assertThat(r.source()).isEqualTo("+15557778888");
        assertThat(r.destination()).isEqualTo("201");
        assertThat(r.destinationContext()).isEqualTo("test");
        assertThat(r.callerId()).isEqualTo("\"CDR\" <+15557778888>");
        assertThat(r.channel()).isEqualTo("Local/201@test-0000005b;2");
        assertThat(r.destinationChannel()).isNull();
        assertThat(r.lastApplication()).isEqualTo("Hangup");
        assertThat(r.lastData()).isEqualTo("17");
        assertThat(r.start()).isEqualTo(Instant.parse("2026-11-24T20:20:39Z"));
        assertThat(r.answer()).isEqualTo(Instant.parse("2026-11-24T20:20:39Z"));
        assertThat(r.end()).isEqualTo(Instant.parse("2026-11-24T20:20:40Z"));
        assertThat(r.duration()).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.billableSeconds()).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.disposition()).isEqualTo(CallDisposition.ANSWERED);
        assertThat(r.amaFlags()).isEqualTo("DOCUMENTATION");
        assertThat(r.userField()).isNull();
        assertThat(r.extra()).isEmpty();
    }

    @Test
    void cdrOfUnansweredCall_hasNoAnswerTime() {
        CallRecord r = only(map("call-to-registered-phone"), CallRecordCreated.class).get(0).record();
        assertThat(r.answer()).isNull();
        assertThat(r.disposition()).isEqualTo(CallDisposition.NO_ANSWER);
        assertThat(r.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.billableSeconds()).isZero();
        assertThat(r.destinationChannel()).isEqualTo("PJSIP/101-ep-00000000");
    }

    @Test
    void userEvent_repeatedAndEmptyHeadersKept() {
        List<UserDefinedEvent> events = only(map("userevent"), UserDefinedEvent.class);
        UserDefinedEvent ping = events.get(0);
        assertThat(ping.userEvent()).isEqualTo("CrmPing");
        assertThat(ping.name()).isEqualTo("CrmPing");
        assertThat(ping.channel()).isNull();
        assertThat(ping.raw().all("Tag")).containsExactly("a", "b");
        assertThat(ping.header("Header2")).contains("x: y");
        assertThat(ping.header("Empty")).contains("");
        assertThat(ping.header("ActionID")).contains("userevent-3");
        UserDefinedEvent dialplan = events.get(1);
        assertThat(dialplan.userEvent()).isEqualTo("CrmTest");
        assertThat(dialplan.channel()).isEqualTo("Local/200@test-00000034;2");
        assertThat(dialplan.uniqueId()).isEqualTo("1795554017.109");
    }

    @Test
    void hangupAction_cause17OnBothLegs() {
        List<CallEnded> busy = only(map("hangup-action"), CallEnded.class).stream()
                .filter(e -> e.channel().startsWith("Local/999@test-00000028;")).toList();
        assertThat(busy).hasSize(2).allSatisfy(e -> {
            assertThat(e.cause()).isEqualTo(17);
            assertThat(e.causeText()).isEqualTo("User busy");
        });
    }

    @Test
    void callToRegisteredPhone_dialToPjsipWithoutAnswer() {
        List<PbxEvent> events = map("call-to-registered-phone");
        List<CallDialing> dials = only(events, CallDialing.class);
        assertThat(dials).hasSize(2);
        assertThat(dials.get(0).channel()).as("originated: no calling channel").isNull();
        assertThat(dials.get(0).destChannel()).isEqualTo("Local/300@test-00000000;1");
        CallDialing toPhone = dials.get(1);
        assertThat(toPhone.channel()).isEqualTo("Local/300@test-00000000;2");
        assertThat(toPhone.uniqueId()).isEqualTo("1795551399.1");
        assertThat(toPhone.destChannel()).isEqualTo("PJSIP/101-ep-00000000");
        assertThat(toPhone.destUniqueId()).isEqualTo("1795551399.2");
        assertThat(toPhone.dialString()).isEqualTo("101-ep");
        assertThat(toPhone.callerIdNum()).isEqualTo("+15551234567");
        assertThat(toPhone.destCallerIdNum()).isEqualTo("101");
        assertThat(only(events, CallAnswered.class)).isEmpty();
        assertThat(events).filteredOn(e -> e.name().equals("DialEnd"))
                .hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(UnknownEvent.class));

        ChannelCreated phone = only(events, ChannelCreated.class).stream()
                .filter(c -> c.channel().startsWith("PJSIP/")).findFirst().orElseThrow();
        assertThat(phone.callerIdNum()).isEqualTo("101");
        assertThat(phone.callerIdName()).isEqualTo("Alice");
        assertThat(phone.context()).isEqualTo("internal");
        assertThat(phone.exten()).isEqualTo("s");
        assertThat(phone.state()).isEqualTo(ChannelState.DOWN);
        assertThat(phone.linkedId()).isEqualTo("1795551399.0");
        ChannelCreated first = only(events, ChannelCreated.class).get(0);
        assertThat(first.callerIdNum()).as("<unknown> is no number").isNull();

        CallEnded phoneEnd = only(events, CallEnded.class).stream()
                .filter(c -> c.channel().startsWith("PJSIP/")).findFirst().orElseThrow();
        assertThat(phoneEnd.cause()).isZero();
        assertThat(phoneEnd.causeText()).isEqualTo("Unknown");
        assertThat(phoneEnd.connectedLineNum()).isEqualTo("+15551234567");
        // Newchannel 1795551399.750202, Hangup 1795551409.763824
        assertThat(phoneEnd.duration()).isEqualTo(Duration.ofNanos(10_013_622_000L));
    }

    @Test
    void getvarSetvar_globalVariableHasNoChannel() {
        List<VariableSet> vars = only(map("getvar-setvar"), VariableSet.class);
        VariableSet global = vars.stream().filter(v -> v.variable().equals("CRM_GLOBAL")).findFirst().orElseThrow();
        assertThat(global.global()).as("Channel: none").isTrue();
        assertThat(global.uniqueId()).as("Uniqueid: none").isNull();
        assertThat(global.value()).isEqualTo("g1");
        VariableSet onChannel = vars.stream().filter(v -> v.variable().equals("CRM_CONTACT")).findFirst().orElseThrow();
        assertThat(onChannel.global()).isFalse();
        assertThat(onChannel.channel()).isEqualTo("Local/999@test-00000033;1");
        assertThat(onChannel.value()).as("value keeps its own ': '").isEqualTo("contact 17: VIP");
    }

    @Test
    void bridgePeerCleared_emptyValueKept() {
        assertThat(only(map("redirect"), VariableSet.class))
                .anySatisfy(v -> {
                    assertThat(v.variable()).isEqualTo("BRIDGEPEER");
                    assertThat(v.value()).isEmpty();
                });
    }

    @Test
    void dtmf_beginAndEndWithDurationOnTheReceivingLeg() {
        List<DtmfReceived> dtmf = only(map("dtmf"), DtmfReceived.class);
        List<DtmfReceived> ends = dtmf.stream().filter(DtmfReceived::end).toList();
        assertThat(ends).extracting(DtmfReceived::digit).containsExactly("4", "3", "2", "1");
        assertThat(ends).allSatisfy(d -> {
            assertThat(d.duration()).isEqualTo(Duration.ofMillis(100));
            assertThat(d.direction()).isEqualTo("Received");
            assertThat(d.channel()).endsWith(";2");
        });
        assertThat(dtmf.stream().filter(d -> !d.end()))
                .hasSize(4).allSatisfy(d -> assertThat(d.duration()).isNull());
    }

    @Test
    void playDtmf_durationFromTheAction() {
        assertThat(only(map("play-dtmf"), DtmfReceived.class).stream().filter(DtmfReceived::end))
                .extracting(DtmfReceived::digit, DtmfReceived::duration)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1", Duration.ofMillis(150)),
                        org.assertj.core.groups.Tuple.tuple("9", Duration.ofMillis(150)),
                        org.assertj.core.groups.Tuple.tuple("8", Duration.ofMillis(150)),
                        org.assertj.core.groups.Tuple.tuple("4", Duration.ofMillis(150)));
    }

    @Test
    void redirect_blindTransferNamesTheTransfereeAndTarget() {
        CallTransferred t = only(map("redirect"), CallTransferred.class).get(0);
        assertThat(t.kind()).isEqualTo(CallTransferred.Kind.BLIND);
        assertThat(t.channel()).isEqualTo("Local/999@test-0000001e;1");
        assertThat(t.uniqueId()).isEqualTo("1795553928.62");
        assertThat(t.targetExten()).isEqualTo("201");
        assertThat(t.targetContext()).isEqualTo("test");
        assertThat(t.succeeded()).isTrue();
    }

    @Test
    void park_unsolicitedParkedCallOnlyListItemsStayRaw() {
        List<PbxEvent> events = map("park-and-parked-calls");
        List<CallParked> parked = only(events, CallParked.class);
        assertThat(parked).isNotEmpty();
        CallParked first = parked.get(0);
        assertThat(first.channel()).isEqualTo("Local/700@test-0000000a;2");
        assertThat(first.uniqueId()).isEqualTo("1795551523.23");
        assertThat(first.parkingLot()).isEqualTo("default");
        assertThat(first.parkingSpace()).isEqualTo("701");
        assertThat(first.timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(first.parkerChannel()).isEqualTo("Local/700@test");
        assertThat(events).filteredOn(e -> e.name().equals("ParkedCall") && e.raw().contains("ActionID"))
                .isNotEmpty().allSatisfy(e -> assertThat(e).isInstanceOf(UnknownEvent.class));
    }

    @Test
    void confbridge_joinAndLeave() {
        List<PbxEvent> events = map("confbridge");
        List<ConferenceJoined> joins = only(events, ConferenceJoined.class);
        assertThat(joins).hasSize(2).allSatisfy(j -> {
            assertThat(j.conference()).isEqualTo("800");
            assertThat(j.admin()).isFalse();
        });
        assertThat(joins.get(0).callerIdNum()).isEqualTo("+15558880001");
        assertThat(only(events, ConferenceLeft.class)).extracting(ConferenceLeft::uniqueId)
                .containsExactly("1795554002.101", "1795554002.103");
    }

    @Test
    void queueAdmin_addPausePenaltyRemove() {
        List<QueueMemberStatusChanged> changes = only(map("queue-add-pause-penalty-remove"),
                QueueMemberStatusChanged.class);
        assertThat(changes).extracting(QueueMemberStatusChanged::name).containsExactly(
                "QueueMemberAdded", "QueueMemberPause", "QueueMemberPenalty", "QueueMemberPause",
                "QueueMemberRemoved");
        QueueMemberStatusChanged added = changes.get(0);
        assertThat(added.interfaceName()).isEqualTo("Local/agent3@agents/n");
        assertThat(added.memberName()).isEqualTo("Agent Three");
        assertThat(added.state()).isEqualTo(MemberState.NOT_IN_USE);
        assertThat(added.penalty()).isEqualTo(1);
        assertThat(added.available()).isTrue();
        QueueMemberStatusChanged paused = changes.get(1);
        assertThat(paused.paused()).isTrue();
        assertThat(paused.pausedReason()).isEqualTo("lunch break");
        assertThat(changes.get(2).penalty()).isEqualTo(5);
        QueueMemberStatusChanged removed = changes.get(4);
        assertThat(removed.state()).isEqualTo(MemberState.INVALID);
        assertThat(removed.available()).isFalse();
    }

    @Test
    void queueAbandon_positionsAndHoldTime() {
        QueueCallerAbandoned a = only(map("queue-abandon"), QueueCallerAbandoned.class).get(0);
        assertThat(a.queue()).isEqualTo("support");
        assertThat(a.channel()).isEqualTo("Local/100@test-00000016;2");
        assertThat(a.position()).isEqualTo(1);
        assertThat(a.originalPosition()).isEqualTo(1);
        assertThat(a.holdTime()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void bridge_enterAndLeaveCarryBridgeIdAndCount() {
        List<PbxEvent> events = map("bridge");
        List<CallBridged> enters = only(events, CallBridged.class);
        assertThat(enters).isNotEmpty().allSatisfy(b -> {
            assertThat(b.bridgeId()).isNotBlank();
            assertThat(b.numChannels()).isPositive();
        });
        assertThat(only(events, ChannelStateChanged.class)).isNotEmpty()
                .allSatisfy(s -> assertThat(s.state()).isNotEqualTo(ChannelState.UNKNOWN));
    }
}
