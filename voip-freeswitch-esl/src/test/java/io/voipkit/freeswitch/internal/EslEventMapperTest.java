package io.voipkit.freeswitch.internal;

import io.voipkit.core.EndpointStatus;
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
            assertThat(c.endpoint()).isEqualTo("internal/1000");
            assertThat(c.status()).isEqualTo(EndpointStatus.ONLINE);
            assertThat(c.contactUri()).contains("sip:1000@127.0.0.1");
        });
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.endpoint()).isEqualTo("internal/1001");
            assertThat(c.status()).isEqualTo(EndpointStatus.OFFLINE);
            assertThat(c.detail()).isEqualTo("expire");
        });
        assertThat(changes).anySatisfy(c -> assertThat(c.detail()).isEqualTo("unregister"));
    }

    @Test
    void eventsWithoutARecordYetAreUnknownEventsNamedAfterTheirSubclass() {
        assertThat(mapped("callcenter")).filteredOn(UnknownEvent.class::isInstance)
                .extracting(e -> ((UnknownEvent) e).name()).contains("CUSTOM callcenter::info");
        assertThat(mapped("events-plain-all")).filteredOn(UnknownEvent.class::isInstance)
                .extracting(e -> ((UnknownEvent) e).name()).contains("CHANNEL_STATE", "CODEC");
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
