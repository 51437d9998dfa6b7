package io.voipkit.freeswitch.internal;

import io.voipkit.core.EndpointStatus;
import io.voipkit.core.event.AgentCompleted;
import io.voipkit.core.event.AgentConnected;
import io.voipkit.core.event.CallParked;
import io.voipkit.core.event.CallTransferred;
import io.voipkit.core.event.ChannelStateChanged;
import io.voipkit.core.event.ConferenceJoined;
import io.voipkit.core.event.ConferenceLeft;
import io.voipkit.core.event.QueueCallerAbandoned;
import io.voipkit.core.event.QueueCallerJoined;
import io.voipkit.core.event.QueueCallerLeft;
import io.voipkit.core.event.VariableSet;
import io.voipkit.core.event.CallBridged;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.ChannelCreated;
import io.voipkit.core.event.DtmfReceived;
import io.voipkit.core.event.EndpointStatusChanged;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.UnknownEvent;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link EslEventMapper} over the events of every transcript. */
class EslEventMapperTest {

    private static final Instant RECEIVED = Instant.parse("2030-01-01T00:00:00Z");
    private final EslEventMapper mapper = new EslEventMapper();

    private List<PbxEvent> mapped(String name) {
        return EslFixtures.decodeWhole(EslFixtures.received(name)).stream().filter(EslMessage::isEvent)
                .map(EslEvent::parse).map(e -> mapper.map(e, "fs1", RECEIVED)).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyEventOfEveryTranscriptMapsToOneEventWithAllItsFields() {
        return EslFixtures.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            List<EslEvent> events = EslFixtures.decodeWhole(EslFixtures.received(name)).stream()
                    .filter(EslMessage::isEvent).map(EslEvent::parse).toList();
            for (EslEvent e : events) {
                PbxEvent p = mapper.map(e, "fs1", RECEIVED);
                assertThat(p.raw().size()).isEqualTo(e.size());
                assertThat(p.timestamp()).isBefore(RECEIVED); // FreeSWITCH's own clock (2026), not the receive time
            }
        }));
    }

    @Test
    void aCallFlowGivesCreatedBridgedAndEndedForEveryLeg() {
        List<PbxEvent> events = mapped("originate-call-flow");
        assertThat(events).filteredOn(ChannelCreated.class::isInstance).hasSize(4);
        assertThat(events).filteredOn(CallBridged.class::isInstance).hasSize(1);
        List<CallEnded> ended = events.stream().filter(CallEnded.class::isInstance).map(CallEnded.class::cast).toList();
        assertThat(ended).hasSize(4);
        assertThat(ended).allSatisfy(e -> {
            assertThat(e.causeText()).isNotBlank();
            assertThat(e.duration()).isNotNull();
        });
        ChannelCreated first = (ChannelCreated) events.stream().filter(ChannelCreated.class::isInstance).findFirst().orElseThrow();
        assertThat(first.channel()).startsWith("loopback/");
        assertThat(first.uniqueId()).hasSize(36);
    }

    @Test
    void dtmfDigitsAreDecoded() {
        assertThat(mapped("uuid-send-dtmf")).filteredOn(DtmfReceived.class::isInstance)
                .extracting(e -> ((DtmfReceived) e).digit()).contains("1", "2", "3", "4", "#");
    }

    @Test
    void sofiaRegistrationsBecomeEndpointStatusChanges() {
        List<EndpointStatusChanged> changes = mapped("sofia-register").stream()
                .filter(EndpointStatusChanged.class::isInstance).map(EndpointStatusChanged.class::cast).toList();
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.endpoint()).isEqualTo("1000"); // as EndpointNaming names sofia/internal/1000@host
            assertThat(c.status()).isEqualTo(EndpointStatus.ONLINE);
            assertThat(c.contactUri()).contains("sip:1000@127.0.0.1");
        });
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.endpoint()).isEqualTo("1001");
            assertThat(c.status()).isEqualTo(EndpointStatus.OFFLINE);
            assertThat(c.detail()).isEqualTo("expire");
        });
        assertThat(changes).anySatisfy(c -> assertThat(c.detail()).isEqualTo("unregister"));
    }

    @Test
    void eventsWithoutARecordAreUnknownEventsNamedAfterTheirSubclass() {
        assertThat(mapped("callcenter")).filteredOn(UnknownEvent.class::isInstance)
                .extracting(e -> ((UnknownEvent) e).name()).contains("CUSTOM callcenter::info"); // agent-status-change etc.
        assertThat(mapped("events-plain-all")).filteredOn(UnknownEvent.class::isInstance)
                .extracting(e -> ((UnknownEvent) e).name()).contains("CHANNEL_STATE", "CODEC");
    }

    @Test
    void callcenterCallerAndAgentEventsBecomeQueueRecords() {
        List<PbxEvent> events = mapped("callcenter");
        QueueCallerJoined joined = one(events, QueueCallerJoined.class);
        assertThat(joined.queue()).isEqualTo("verify@default");
        assertThat(joined.channel()).isEqualTo("loopback/9003-b");
        assertThat(joined.uniqueId()).isEqualTo("e207a488-1809-4cd7-9ea7-9ac1d8d73431");
        assertThat(joined.callerIdNum()).isEqualTo("+79161234567");
        AgentConnected connected = one(events, AgentConnected.class);
        assertThat(connected.interfaceName()).isEqualTo("agent9101@default");
        assertThat(connected.uniqueId()).isEqualTo(joined.uniqueId());
        AgentCompleted completed = one(events, AgentCompleted.class);
        assertThat(completed.talkTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(completed.reason()).isEqualTo("SUCCESS");
        QueueCallerLeft left = one(events, QueueCallerLeft.class);
        assertThat(left.uniqueId()).isEqualTo(joined.uniqueId());
        assertThat(events).noneMatch(QueueCallerAbandoned.class::isInstance);
    }

    @Test
    void aCallerWhoHangsUpInTheQueueIsAbandoned() {
        PbxEvent e = mapper.map(EslEvent.of(EslEvent.Format.PLAIN, null, "Event-Name", "CUSTOM",
                "Event-Subclass", "callcenter::info", "CC-Queue", "q@default", "CC-Action", "member-queue-end",
                "CC-Cause", "Cancel", "CC-Member-Joined-Time", "100", "CC-Member-Leaving-Time", "142",
                "Channel-Name", "sofia/internal/1000@x", "CC-Member-Session-UUID", "u1"), "fs1", RECEIVED);
        assertThat(e).isInstanceOfSatisfying(QueueCallerAbandoned.class, a -> {
            assertThat(a.holdTime()).isEqualTo(Duration.ofSeconds(42));
            assertThat(a.uniqueId()).isEqualTo("u1");
        });
    }

    @Test
    void valetParkingHoldIsCallParkedWithLotAndSlot() {
        List<CallParked> parked = mapped("valet-park").stream().filter(CallParked.class::isInstance)
                .map(CallParked.class::cast).toList();
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).parkingLot()).isEqualTo("verify_lot");
        assertThat(parked.get(0).parkingSpace()).isEqualTo("6001");
        assertThat(parked.get(0).uniqueId()).isEqualTo("27bd76b9-7005-469b-86ed-8f7765809c4b");
    }

    @Test
    void uuidTransferIsDetectedFromTheNewTransferSource() {
        List<CallTransferred> transfers = mapped("uuid-transfer").stream().filter(CallTransferred.class::isInstance)
                .map(CallTransferred.class::cast).toList();
        // three transfers were sent: to 9001, inline set+park, -bleg to 9001 (see the fixture's sent file)
        assertThat(transfers).extracting(CallTransferred::targetExten)
                .containsExactly("9001", "set:crm_transferred=yes,park", "9001");
        assertThat(transfers).extracting(CallTransferred::targetContext).containsOnly("default");
        assertThat(transfers).allSatisfy(t -> assertThat(t.kind()).isEqualTo(CallTransferred.Kind.BLIND));
    }

    @Test
    void setApplicationsBecomeVariableSet() {
        List<VariableSet> sets = mapped("uuid-transfer").stream().filter(VariableSet.class::isInstance)
                .map(VariableSet.class::cast).toList();
        assertThat(sets).anySatisfy(v -> {
            assertThat(v.variable()).isEqualTo("crm_transferred");
            assertThat(v.value()).isEqualTo("yes");
        });
        PbxEvent multi = mapper.map(EslEvent.of(EslEvent.Format.PLAIN, null, "Event-Name", "CHANNEL_EXECUTE",
                "Channel-Name", "loopback/1-a", "Unique-ID", "u2", "Application", "multiset",
                "Application-Data", "^^:a=1:b=2"), "fs1", RECEIVED);
        assertThat(multi).isInstanceOfSatisfying(VariableSet.class, v -> assertThat(v.variable()).isEqualTo("a"));
        PbxEvent other = mapper.map(EslEvent.of(EslEvent.Format.PLAIN, null, "Event-Name", "CHANNEL_EXECUTE",
                "Channel-Name", "loopback/1-a", "Unique-ID", "u2", "Application", "park"), "fs1", RECEIVED);
        assertThat(other).isInstanceOfSatisfying(UnknownEvent.class, u -> assertThat(u.name()).isEqualTo("CHANNEL_EXECUTE"));
    }

    @Test
    void conferenceMembersJoinAndLeave() {
        List<PbxEvent> events = mapped("conference");
        assertThat(events).filteredOn(ConferenceJoined.class::isInstance).hasSize(2)
                .allSatisfy(e -> assertThat(((ConferenceJoined) e).conference()).isEqualTo("verify"));
        assertThat(events).filteredOn(ConferenceLeft.class::isInstance).hasSize(2);
    }

    @Test
    void progressIsRinging() {
        PbxEvent e = mapper.map(EslEvent.of(EslEvent.Format.PLAIN, null, "Event-Name", "CHANNEL_PROGRESS",
                "Channel-Name", "sofia/internal/1000@x", "Unique-ID", "u3"), "fs1", RECEIVED);
        assertThat(e).isInstanceOfSatisfying(ChannelStateChanged.class,
                c -> assertThat(c.state()).isEqualTo(io.voipkit.core.ChannelState.RINGING));
    }

    @Test
    void everyEventOfAllTranscriptsMapsToExactlyOneEventAndTheCountsAddUp() {
        int total = 0;
        java.util.Map<String, Integer> byType = new java.util.TreeMap<>();
        for (String name : EslFixtures.names()) {
            EslEventMapper fresh = new EslEventMapper();
            for (EslEvent e : EslFixtures.decodeWhole(EslFixtures.received(name)).stream().filter(EslMessage::isEvent)
                    .map(EslEvent::parse).toList()) {
                PbxEvent p = fresh.map(e, "fs1", RECEIVED);
                assertThat(p).isNotNull();
                byType.merge(p.getClass().getSimpleName(), 1, Integer::sum);
                total++;
            }
        }
        assertThat(byType.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
        assertThat(byType).containsKeys("ChannelCreated", "CallAnswered", "CallBridged", "CallUnbridged", "CallEnded",
                "DtmfReceived", "EndpointStatusChanged", "CallParked", "CallTransferred", "VariableSet",
                "QueueCallerJoined", "QueueCallerLeft", "AgentConnected", "AgentCompleted", "ConferenceJoined",
                "ConferenceLeft", "UnknownEvent");
        System.out.println("ESL transcripts: " + total + " events mapped, " + byType);
    }

    private static <T> T one(List<PbxEvent> events, Class<T> type) {
        List<T> found = events.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    @Test
    void anEventWithoutNameOrTimestampIsKeptAsUnknownWithTheReceiveTime() {
        PbxEvent p = mapper.map(EslEvent.of(EslEvent.Format.PLAIN, null, "Unique-ID", "u1"), "fs1", RECEIVED);
        assertThat(p).isInstanceOfSatisfying(UnknownEvent.class, u -> assertThat(u.name()).isEqualTo("(no Event-Name)"));
        assertThat(p.timestamp()).isEqualTo(RECEIVED);
        PbxEvent broken = mapper.map(EslEvent.of(EslEvent.Format.PLAIN, null, "Event-Name", "CHANNEL_CREATE"), "fs1", RECEIVED);
        assertThat(broken).isInstanceOf(UnknownEvent.class); // no Channel-Name/Unique-ID: kept, not dropped
    }
}
