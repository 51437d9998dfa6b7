package io.voipkit.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The scripted API produces the events real Asterisk produces, with recorded header shapes and consistent ids. */
class ScriptedCallsTest {
    private PbxSimulator sim;
    private AmiTestClient client;

    @BeforeEach
    void start() throws IOException {
        Wire.fixtures();
        sim = Replay.recordedPbx().build().start();
        client = AmiTestClient.login(sim.amiPort(), "monitor", "monitor-secret", "on");
        client.readUntil(m -> "SuccessfulAuth".equals(Wire.value(m, "Event")));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        sim.close();
    }

    private List<List<String[]>> eventsUntil(Predicate<List<String[]>> last) throws IOException {
        List<List<String[]>> got = client.readUntil(last);
        for (List<String[]> m : got) {
            Wire.assertRecordedShape(m);
            assertThat(Wire.value(m, "Timestamp")).matches("\\d{10}\\.\\d{6}");
            assertThat(Wire.value(m, "Privilege")).endsWith(",all");
        }
        return got;
    }

    private static Predicate<List<String[]>> event(String name) {
        return m -> name.equals(Wire.value(m, "Event"));
    }

    private static List<String> names(List<List<String[]>> messages) {
        return messages.stream().map(m -> Wire.value(m, "Event")).toList();
    }

    @Test
    void registrationLifecycleMatchesTheRecordingForOnePhone() throws IOException {
        client.close();
        List<List<String[]>> actual = Replay.run(sim, "phones-register-lifecycle", Map.of(
                1, () -> sim.registerPhone("101-ep"),
                2, () -> sim.unregisterPhone("101-ep")));
        // The recording had two phones registering at once and qualify pings every 5 s; keep 101-ep's own story.
        List<List<String[]>> expected = new ArrayList<>();
        boolean sawQualify = false;
        for (List<String[]> m : Wire.messages("phones-register-lifecycle.txt")) {
            boolean other = m.stream().anyMatch(h -> h[1] != null && h[1].contains("102-ep"));
            boolean qualify = "AOR_CONTACT_QUALIFY_RESULT".equals(m.size() > 4 ? m.get(4)[1] : null);
            if (other || qualify && sawQualify) {
                continue;
            }
            sawQualify |= qualify;
            expected.add(m);
        }
        Wire.assertSameStructure(actual, expected, Set.of());
    }

    @Test
    void phoneCallRingsAnswersAndHangsUpWithConsistentIds() throws IOException {
        sim.registerPhone("101-ep");
        sim.registerPhone("102-ep");
        eventsUntil(m -> "ContactStatus".equals(Wire.value(m, "Event")) && "Reachable".equals(Wire.value(m, "ContactStatus"))
                && "102-ep".equals(Wire.value(m, "AOR")));

        SimCall call = sim.placeCall("101-ep", "102-ep");
        List<List<String[]>> ringing = eventsUntil(m -> "Newstate".equals(Wire.value(m, "Event")) && "5".equals(Wire.value(m, "ChannelState")));
        assertThat(names(ringing)).containsExactly("Newchannel", "DeviceStateChange", "Newexten", "Newchannel", "DialBegin", "Newstate");
        assertThat(call.callerChannel()).matches("PJSIP/101-ep-[0-9a-f]{8}");
        assertThat(call.calleeChannel()).matches("PJSIP/102-ep-[0-9a-f]{8}");
        List<String[]> callerNew = ringing.get(0);
        List<String[]> calleeNew = ringing.get(3);
        assertThat(Wire.value(callerNew, "Channel")).isEqualTo(call.callerChannel());
        assertThat(Wire.value(callerNew, "Uniqueid")).isEqualTo(call.uniqueid()).isEqualTo(Wire.value(callerNew, "Linkedid"));
        assertThat(Wire.value(calleeNew, "Linkedid")).isEqualTo(call.uniqueid());
        assertThat(Wire.value(ringing.get(4), "DestChannel")).isEqualTo(call.calleeChannel());

        sim.answer(call);
        List<List<String[]>> answered = eventsUntil(m -> "BridgeEnter".equals(Wire.value(m, "Event"))
                && "2".equals(Wire.value(m, "BridgeNumChannels")));
        assertThat(names(answered)).containsSubsequence("Newstate", "DialEnd", "Newstate", "BridgeCreate", "BridgeEnter", "BridgeEnter");
        assertThat(answered).anySatisfy(m -> assertThat(Wire.value(m, "DialStatus")).isEqualTo("ANSWER"));

        sim.hangup(call, 16);
        List<List<String[]>> ended = eventsUntil(event("Cdr"));
        assertThat(names(ended)).containsSubsequence("BridgeLeave", "Hangup", "BridgeLeave", "BridgeDestroy", "Hangup", "Cdr");
        List<List<String[]>> hangups = ended.stream().filter(m -> "Hangup".equals(Wire.value(m, "Event"))).toList();
        assertThat(hangups).extracting(m -> Wire.value(m, "Channel")).containsExactly(call.calleeChannel(), call.callerChannel());
        assertThat(hangups).allSatisfy(m -> {
            assertThat(Wire.value(m, "Cause")).isEqualTo("16");
            assertThat(Wire.value(m, "Cause-txt")).isEqualTo("Normal Clearing");
        });
        List<String[]> cdr = ended.get(ended.size() - 1);
        assertThat(Wire.value(cdr, "Disposition")).isEqualTo("ANSWERED");
        assertThat(Wire.value(cdr, "UniqueID")).isEqualTo(call.uniqueid());
        assertThat(Wire.value(cdr, "Source")).isEqualTo("101");
        assertThat(Wire.value(cdr, "Destination")).isEqualTo("102");
        assertThat(call.ended()).isTrue();
    }

    @Test
    void busyCalleeEndsWithDialStatusBusyAndCause17() throws IOException {
        sim.registerPhone("101-ep");
        sim.registerPhone("102-ep");
        SimCall call = sim.placeCall("101-ep", "102-ep");
        sim.hangup(call, 17);
        List<List<String[]>> all = eventsUntil(event("Cdr"));
        assertThat(all).anySatisfy(m -> assertThat(Wire.value(m, "DialStatus")).isEqualTo("BUSY"));
        assertThat(all).filteredOn(m -> "Hangup".equals(Wire.value(m, "Event")))
                .allSatisfy(m -> assertThat(Wire.value(m, "Cause-txt")).isEqualTo("User busy"));
        assertThat(Wire.value(all.get(all.size() - 1), "Disposition")).isEqualTo("BUSY");
    }

    @Test
    void listsAgreeWithTheEventsOfALiveCall() throws IOException {
        sim.registerPhone("101-ep");
        sim.registerPhone("102-ep");
        SimCall call = sim.placeCall("101-ep", "102-ep");
        sim.answer(call);
        client.send("Action: Events\r\nEventMask: off\r\n\r\nAction: CoreShowChannels\r\nActionID: c1\r\n\r\n");
        List<List<String[]>> list = client.readUntil(event("CoreShowChannelsComplete"));
        List<List<String[]>> items = list.stream().filter(event("CoreShowChannel")).toList();
        assertThat(items).extracting(m -> Wire.value(m, "Channel")).containsExactly(call.callerChannel(), call.calleeChannel());
        assertThat(items).allSatisfy(m -> assertThat(Wire.value(m, "ChannelStateDesc")).isEqualTo("Up"));
        assertThat(Wire.value(items.get(0), "BridgeId")).isNotEmpty().isEqualTo(Wire.value(items.get(1), "BridgeId"));
        for (List<String[]> m : items) {
            Wire.assertRecordedShape(m);
        }
        client.send("Action: PJSIPShowEndpoints\r\nActionID: e1\r\n\r\n");
        List<List<String[]>> eps = client.readUntil(event("EndpointListComplete"));
        assertThat(eps).filteredOn(event("EndpointList")).extracting(m -> Wire.value(m, "DeviceState"))
                .containsExactly("In use", "In use", "Unavailable");
        client.send("Action: CoreStatus\r\nActionID: s1\r\n\r\n");
        assertThat(Wire.value(client.readMessage(), "CoreCurrentCalls")).isEqualTo("2");
    }

    @Test
    void queueCallFollowsTheRecordedOrder() throws IOException {
        SimCall call = sim.queueCall("support", "+15551234567");
        List<List<String[]>> joined = eventsUntil(event("QueueCallerJoin"));
        assertThat(Wire.value(joined.get(joined.size() - 1), "Position")).isEqualTo("1");
        assertThat(sim.agentAnswers(call)).isTrue();
        List<List<String[]>> connected = eventsUntil(m -> "BridgeEnter".equals(Wire.value(m, "Event"))
                && "2".equals(Wire.value(m, "BridgeNumChannels")));
        // queue-call-flow.txt: QueueCallerLeave comes before AgentConnect.
        assertThat(names(connected)).containsSubsequence("AgentCalled", "DialBegin", "DialEnd", "QueueCallerLeave",
                "AgentConnect", "BridgeCreate", "BridgeEnter", "BridgeEnter");
        sim.hangup(call, 16);
        List<List<String[]>> ended = eventsUntil(event("Cdr"));
        assertThat(names(ended)).containsSubsequence("Hangup", "QueueMemberStatus", "AgentComplete", "Hangup", "Cdr");
        assertThat(ended).filteredOn(event("AgentComplete"))
                .allSatisfy(m -> assertThat(Wire.value(m, "Reason")).isEqualTo("agent"));
    }

    @Test
    void abandonedQueueCallerLeavesAfterTheAbandonEvent() throws IOException {
        SimCall first = sim.queueCall("support", "+15550000001");
        SimCall second = sim.queueCall("support", "+15550000002");
        eventsUntil(m -> "QueueCallerJoin".equals(Wire.value(m, "Event")) && "2".equals(Wire.value(m, "Position")));
        sim.abandon(first);
        List<List<String[]>> gone = eventsUntil(event("Cdr"));
        assertThat(names(gone)).containsSubsequence("QueueCallerAbandon", "QueueCallerLeave", "Hangup", "Cdr");
        List<String[]> abandon = gone.stream().filter(event("QueueCallerAbandon")).findFirst().orElseThrow();
        assertThat(Wire.value(abandon, "Position")).isEqualTo("1");
        assertThat(Wire.value(abandon, "OriginalPosition")).isEqualTo("1");
        assertThat(second.ended()).isFalse();
        assertThat(sim.agentAnswers("support", "Local/agent2@agents/n")).isSameAs(second);
    }

    @Test
    void blindTransferRingsTheNewPhone() throws IOException {
        for (String ep : List.of("101-ep", "102-ep", "103-ep")) {
            sim.registerPhone(ep);
        }
        SimCall call = sim.placeCall("101-ep", "102-ep");
        sim.answer(call);
        assertThat(sim.transfer(call, "103")).isTrue();
        List<List<String[]>> events = eventsUntil(m -> "Newstate".equals(Wire.value(m, "Event"))
                && Wire.value(m, "Channel").startsWith("PJSIP/103-ep"));
        assertThat(names(events)).containsSubsequence("BlindTransfer", "BridgeLeave", "Hangup", "Newexten", "Newchannel", "DialBegin");
        assertThat(call.calleeChannel()).startsWith("PJSIP/103-ep-");
    }

    @Test
    void userEventCarriesTheGivenHeadersInOrder() throws IOException {
        sim.userEvent("CrmPing", new java.util.LinkedHashMap<>(Map.of("Header1", "value one")));
        List<String[]> m = client.readUntil(event("UserEvent")).get(0);
        assertThat(Wire.names(m)).containsExactly("Event", "Privilege", "Timestamp", "UserEvent", "Header1");
    }
}
