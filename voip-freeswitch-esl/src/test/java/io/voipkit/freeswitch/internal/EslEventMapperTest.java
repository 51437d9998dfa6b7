package io.voipkit.freeswitch.internal;

import io.voipkit.core.CallDisposition;
import io.voipkit.core.CallRecord;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.event.AgentCompleted;
import io.voipkit.core.event.AgentConnected;
import io.voipkit.core.event.CallParked;
import io.voipkit.core.event.CallRecordCreated;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
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
                List<PbxEvent> all = mapper.mapAll(e, "fs1", RECEIVED);
                PbxEvent p = all.get(0);
                assertThat(p.raw().size()).isEqualTo(e.size());
                assertThat(p.timestamp()).isBefore(RECEIVED); // FreeSWITCH's own clock (2026), not the receive time
                // One event per FreeSWITCH event, plus the call record of a hang-up (all recorded ones carry one).
                if ("CHANNEL_HANGUP_COMPLETE".equals(e.name())) {
                    assertThat(p).isInstanceOf(CallEnded.class);
                    assertThat(all).hasSize(2);
                    assertThat(all.get(1)).isInstanceOf(CallRecordCreated.class);
                    assertThat(all.get(1).raw()).isSameAs(p.raw());
                    assertThat(all.get(1).timestamp()).isEqualTo(p.timestamp());
                } else {
                    assertThat(all).hasSize(1);
                }
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

    // ------------------------------------------------------------ CHANNEL_HANGUP_COMPLETE → CallRecordCreated

    /** Every call record the transcripts give, in every format: plain, JSON and XML. */
    private List<CallRecordCreated> records() {
        List<CallRecordCreated> out = new ArrayList<>();
        for (String name : EslFixtures.names()) {
            for (EslMessage m : EslFixtures.decodeWhole(EslFixtures.received(name))) {
                if (m.isEvent()) {
                    mapper.mapAll(EslEvent.parse(m), "fs1", RECEIVED).stream()
                            .filter(CallRecordCreated.class::isInstance).map(CallRecordCreated.class::cast).forEach(out::add);
                }
            }
        }
        return out;
    }

    /** mod_cdr_csv's output of the same calls (default template, UTC): uuid → row. */
    private static Map<String, List<String>> masterCsv() throws IOException {
        Path csv = EslFixtures.dir().resolveSibling("cdr").resolve("freeswitch-Master.csv");
        Map<String, List<String>> rows = new HashMap<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            List<String> cols = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    cols.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            cols.add(cur.toString());
            rows.put(cols.get(10), cols);
        }
        return rows;
    }

    private static java.time.Instant utc(String stamp) {
        return LocalDateTime.parse(stamp.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }

    private static String blankToNull(String s) {
        return s.isBlank() ? null : s;
    }

    @Test
    void everyRecordedHangUpGivesTheRecordModCdrCsvWroteForTheSameCall() throws IOException {
        Map<String, List<String>> csv = masterCsv();
        List<CallRecordCreated> records = records();
        // 26 plain hang-ups, and the same 2-call scenario in JSON and in XML
        assertThat(records).hasSize(30);
        int compared = 0;
        for (CallRecordCreated created : records) {
            CallRecord r = created.record();
            List<String> row = csv.get(r.uniqueId());
            if (row == null) {
                // B legs: mod_cdr_csv writes A legs only (fixture README); they still give a full record
                assertThat(r.destinationChannel()).isNull();
                assertThat(r.extra()).doesNotContainKey("bleg_uuid");
                continue;
            }
            compared++;
            String name = blankToNull(row.get(0));
            String number = blankToNull(row.get(1));
            assertThat(r.source()).as(r.uniqueId()).isEqualTo(number);
            assertThat(r.callerId()).isEqualTo(name == null ? number : '"' + name + '"' + (number == null ? "" : " <" + number + ">"));
            assertThat(r.destination()).isEqualTo(row.get(2));
            assertThat(r.destinationContext()).isEqualTo(row.get(3));
            assertThat(r.start()).isEqualTo(utc(row.get(4)));
            assertThat(r.answer()).isEqualTo(row.get(5).isEmpty() ? null : utc(row.get(5)));
            assertThat(r.end()).isEqualTo(utc(row.get(6)));
            assertThat(r.duration()).isEqualTo(Duration.ofSeconds(Long.parseLong(row.get(7))));
            assertThat(r.billableSeconds()).isEqualTo(Duration.ofSeconds(Long.parseLong(row.get(8))));
            assertThat(r.extra().get("hangup_cause")).isEqualTo(row.get(9));
            assertThat(r.extra().get("bleg_uuid")).isEqualTo(blankToNull(row.get(11)));
            assertThat(r.accountCode()).isEqualTo(blankToNull(row.get(12)));
            assertThat(r.extra().get("read_codec")).isEqualTo(row.get(13));
            assertThat(r.extra().get("write_codec")).isEqualTo(row.get(14));
            assertThat(r.disposition()).isEqualTo(CallDisposition.ANSWERED); // every recorded call was answered
        }
        assertThat(compared).isGreaterThanOrEqualTo(22);
    }

    @Test
    void theALegOfABridgeNamesItsBLeg() {
        CallRecord a = records().stream().map(CallRecordCreated::record)
                .filter(r -> r.uniqueId().equals("fe17ca76-1d98-4a32-9a60-6581724fa249")).findFirst().orElseThrow();
        assertThat(a.extra()).containsEntry("bleg_uuid", "7c15dae9-c26c-47b0-b341-aa8bff26e234");
        assertThat(a.destinationChannel()).isEqualTo("loopback/9001-a");
        assertThat(a.channel()).isEqualTo("loopback/9000-a");
        assertThat(a.lastApplication()).isEqualTo("bridge");
        assertThat(a.lastData()).isEqualTo("loopback/9001/default");
        assertThat(a.linkedId()).isNotBlank();
    }

    @Test
    void plainJsonAndXmlGiveTheSameRecords() {
        // The three transcripts recorded the same scenario (separate calls, so other uuids and times):
        // JSON values are not URL-encoded, plain and XML ones are; the records must not differ.
        Map<String, List<String>> byFormat = new HashMap<>();
        for (String name : List.of("events-plain-all", "events-json", "events-xml")) {
            List<String> shapes = new ArrayList<>();
            for (EslMessage m : EslFixtures.decodeWhole(EslFixtures.received(name))) {
                if (!m.isEvent()) {
                    continue;
                }
                for (PbxEvent p : mapper.mapAll(EslEvent.parse(m), "fs1", RECEIVED)) {
                    if (p instanceof CallRecordCreated c) {
                        CallRecord r = c.record();
                        shapes.add(r.callerId() + "|" + r.source() + "|" + r.destination() + "|" + r.destinationContext()
                                + "|" + r.channel() + "|" + r.lastApplication() + "|" + r.lastData() + "|" + r.disposition()
                                + "|" + r.extra().get("hangup_cause") + "|" + r.extra().get("read_codec") + "|" + (r.answer() != null));
                    }
                }
            }
            byFormat.put(name, shapes.stream().sorted().toList());
        }
        assertThat(byFormat.get("events-plain-all")).hasSize(2).anySatisfy(s -> assertThat(s).startsWith("\"Anna Smith\" <+79161234567>|"));
        assertThat(byFormat.get("events-json")).isEqualTo(byFormat.get("events-plain-all"));
        assertThat(byFormat.get("events-xml")).isEqualTo(byFormat.get("events-plain-all"));
    }

    private static EslEvent hangup(String answerEpoch, String billsec, String cause) {
        return EslEvent.of(EslEvent.Format.PLAIN, null, "Event-Name", "CHANNEL_HANGUP_COMPLETE",
                "Unique-ID", "u-1", "Channel-Name", "sofia/internal/1000@example.com", "Hangup-Cause", cause,
                "Caller-Caller-ID-Number", "1000", "Caller-Destination-Number", "2000", "Caller-Context", "default",
                "variable_start_epoch", "1795556000", "variable_answer_epoch", answerEpoch,
                "variable_end_epoch", "1795556030", "variable_duration", "30", "variable_billsec", billsec,
                "variable_accountcode", "sales");
    }

    @Test
    void anUnansweredCallHasNoAnswerTimeAndItsCauseDecidesTheDisposition() {
        CallRecord noAnswer = ((CallRecordCreated) mapper.mapAll(hangup("0", "0", "NO_ANSWER"), "fs1", RECEIVED).get(1)).record();
        assertThat(noAnswer.answer()).isNull();
        assertThat(noAnswer.answered()).isFalse();
        assertThat(noAnswer.billableSeconds()).isZero();
        assertThat(noAnswer.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(noAnswer.disposition()).isEqualTo(CallDisposition.NO_ANSWER);
        assertThat(noAnswer.accountCode()).isEqualTo("sales");
        assertThat(noAnswer.callerId()).isEqualTo("1000");
        CallRecord busy = ((CallRecordCreated) mapper.mapAll(hangup("0", "0", "USER_BUSY"), "fs1", RECEIVED).get(1)).record();
        assertThat(busy.disposition()).isEqualTo(CallDisposition.BUSY);
        CallRecord congested = ((CallRecordCreated) mapper.mapAll(hangup("0", "0", "SWITCH_CONGESTION"), "fs1", RECEIVED).get(1)).record();
        assertThat(congested.disposition()).isEqualTo(CallDisposition.CONGESTED);
        CallRecord failed = ((CallRecordCreated) mapper.mapAll(hangup("0", "0", "UNALLOCATED_NUMBER"), "fs1", RECEIVED).get(1)).record();
        assertThat(failed.disposition()).isEqualTo(CallDisposition.FAILED);
        CallRecord answered = ((CallRecordCreated) mapper.mapAll(hangup("1795556010", "20", "NORMAL_CLEARING"), "fs1", RECEIVED).get(1)).record();
        assertThat(answered.answer()).isEqualTo(java.time.Instant.ofEpochSecond(1795556010));
        assertThat(answered.disposition()).isEqualTo(CallDisposition.ANSWERED);
        assertThat(answered.billableSeconds()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aHangUpWithoutUsableTimesStillEndsTheCallButGivesNoRecord() {
        EslEvent noStart = EslEvent.of(EslEvent.Format.PLAIN, null, "Event-Name", "CHANNEL_HANGUP_COMPLETE",
                "Unique-ID", "u-2", "Channel-Name", "loopback/9000-a", "Hangup-Cause", "NORMAL_CLEARING", "variable_end_epoch", "1795556030");
        assertThat(mapper.mapAll(noStart, "fs1", RECEIVED)).singleElement().isInstanceOf(CallEnded.class);
        EslEvent backwards = EslEvent.of(EslEvent.Format.PLAIN, null, "Event-Name", "CHANNEL_HANGUP_COMPLETE",
                "Unique-ID", "u-3", "Channel-Name", "loopback/9000-a", "Hangup-Cause", "NORMAL_CLEARING", "variable_start_epoch", "1795556030",
                "variable_end_epoch", "1795556000");
        assertThat(mapper.mapAll(backwards, "fs1", RECEIVED)).singleElement().isInstanceOf(CallEnded.class);
        EslEvent garbage = EslEvent.of(EslEvent.Format.PLAIN, null, "Event-Name", "CHANNEL_HANGUP_COMPLETE",
                "Unique-ID", "u-4", "Channel-Name", "loopback/9000-a", "variable_start_epoch", "soon", "variable_end_epoch", "-5");
        assertThat(mapper.mapAll(garbage, "fs1", RECEIVED)).singleElement().isInstanceOf(CallEnded.class);
    }

    @Test
    void otherEventsGiveOneEvent() {
        EslEvent create = EslEvent.of(EslEvent.Format.PLAIN, null, "Event-Name", "CHANNEL_CREATE",
                "Unique-ID", "u-5", "Channel-Name", "sofia/internal/1000@example.com");
        assertThat(mapper.mapAll(create, "fs1", RECEIVED)).singleElement().isInstanceOf(ChannelCreated.class);
    }
}
