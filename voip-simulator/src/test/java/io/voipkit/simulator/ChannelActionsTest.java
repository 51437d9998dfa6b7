package io.voipkit.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Originate and the channel actions against the simulated test dialplan, replayed from the
 * recordings. Events there come with CEL and TestEvent noise the simulator leaves out, so these
 * compare the responses (and list items) message by message and check the events by kind and order.
 */
class ChannelActionsTest {
    private PbxSimulator sim;

    @BeforeEach
    void start() {
        Wire.fixtures();
        sim = Replay.recordedPbx().build().start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static Predicate<List<String[]>> responsesAnd(Set<String> events) {
        return m -> m.get(0)[0].equals("Response") || events.contains(Wire.value(m, "Event"));
    }

    private void assertFilteredReplay(String name, Map<String, String> rename, Set<String> events, Set<String> extraVolatile)
            throws IOException {
        List<List<String[]>> actual = Replay.run(sim, name, Map.of(), rename).stream().filter(responsesAnd(events)).toList();
        List<List<String[]>> expected = Wire.messages(name + ".txt").stream().filter(responsesAnd(events)).toList();
        Wire.assertSameStructure(actual, expected, extraVolatile);
    }

    @Test
    void originateFailuresMatchTheRecording() throws IOException {
        assertFilteredReplay("originate-fail", Map.of(), Set.of("OriginateResponse"), Set.of());
    }

    @Test
    void asyncOriginateAnswersAtOnceAndReportsSuccessByEvent() throws IOException {
        assertFilteredReplay("originate-async", Map.of(), Set.of("OriginateResponse"), Set.of("Channel"));
    }

    @Test
    void syncOriginateAnswersBeforeTheEventsOfItsCall() throws IOException {
        List<List<String[]>> got = Replay.run(sim, "originate-sync", Map.of());
        int response = indexOf(got, m -> "originate-sync-2".equals(Wire.value(m, "ActionID")));
        int firstNewchannel = indexOf(got, m -> "Newchannel".equals(Wire.value(m, "Event")));
        assertThat(response).isNotNegative().isLessThan(firstNewchannel);
        assertThat(Wire.value(got.get(response), "Message")).isEqualTo("Originate successfully queued");
        assertThat(got).noneMatch(m -> "OriginateResponse".equals(Wire.value(m, "Event")));
        assertThat(got).filteredOn(m -> "VarSet".equals(Wire.value(m, "Event")) && "CALL_KIND".equals(Wire.value(m, "Variable")))
                .isNotEmpty();
        for (List<String[]> m : got) {
            if (m.get(0)[0].equals("Event")) {
                Wire.assertRecordedShape(m);
            }
        }
    }

    private static int indexOf(List<List<String[]>> messages, Predicate<List<String[]>> p) {
        for (int i = 0; i < messages.size(); i++) {
            if (p.test(messages.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void getvarAndSetvarMatchTheRecording() throws IOException {
        assertFilteredReplay("getvar-setvar", Map.of("Local/999@test-00000033;1", "Local/999@test-00000000;1"),
                Set.of(), Set.of());
    }

    @Test
    void statusListsTheChannelWithPrivilegeCall() throws IOException {
        List<List<String[]>> actual = Replay.run(sim, "getvar-setvar-status",
                Map.of(), Map.of("Local/999@test-0000001a;1", "Local/999@test-00000000;1"));
        List<String[]> status = actual.stream().filter(m -> "Status".equals(Wire.value(m, "Event"))).findFirst().orElseThrow();
        List<String[]> recorded = Wire.messages("getvar-setvar-status.txt").stream()
                .filter(m -> "Status".equals(Wire.value(m, "Event"))).findFirst().orElseThrow();
        assertThat(Wire.names(status)).isEqualTo(Wire.names(recorded));
        assertThat(Wire.value(status, "Privilege")).isEqualTo("Call");
        assertThat(Wire.value(status, "Channel")).isEqualTo("Local/999@test-00000000;1");
        assertThat(Wire.value(status, "Application")).isEqualTo("Wait");
        assertThat(Wire.value(status, "Nativeformats")).isEqualTo("(slin)");
        List<String[]> complete = actual.stream().filter(m -> "StatusComplete".equals(Wire.value(m, "Event"))).findFirst().orElseThrow();
        assertThat(Wire.names(complete)).containsExactly("Event", "ActionID", "EventList", "ListItems", "Items");
    }

    @Test
    void hangupByNameAndByRegexMatchTheRecording() throws IOException {
        assertFilteredReplay("hangup-action", Map.of("Local/999@test-00000028;2", "Local/999@test-00000000;2"),
                Set.of("ChannelHungup", "ChannelsHungupListComplete"), Set.of("Channel"));
        // Both legs of the first call end with the requested cause.
    }

    @Test
    void hangupCauseReachesBothLegs() throws IOException {
        List<List<String[]>> got = Replay.run(sim, "hangup-action", Map.of(),
                Map.of("Local/999@test-00000028;2", "Local/999@test-00000000;2"));
        assertThat(got).filteredOn(m -> "Hangup".equals(Wire.value(m, "Event"))
                        && Wire.value(m, "Channel").startsWith("Local/999@test-00000000;"))
                .hasSize(2).allSatisfy(m -> {
                    assertThat(Wire.value(m, "Cause")).isEqualTo("17");
                    assertThat(Wire.value(m, "Cause-txt")).isEqualTo("User busy");
                });
    }

    @Test
    void playDtmfShowsOnTheReceivingLegOnly() throws IOException {
        List<List<String[]>> got = Replay.run(sim, "play-dtmf", Map.of(),
                Map.of("Local/900@test-00000024;1", "Local/900@test-00000000;1"));
        List<List<String[]>> expectedResponses = Wire.messages("play-dtmf.txt").stream().filter(responsesAnd(Set.of())).toList();
        Wire.assertSameStructure(got.stream().filter(responsesAnd(Set.of())).toList(), expectedResponses, Set.of());
        List<List<String[]>> dtmf = got.stream().filter(m -> "DTMFEnd".equals(Wire.value(m, "Event"))).toList();
        assertThat(dtmf).extracting(m -> Wire.value(m, "Digit")).containsExactly("1", "9", "8", "4");
        assertThat(dtmf).allSatisfy(m -> {
            assertThat(Wire.value(m, "Channel")).isEqualTo("Local/900@test-00000000;2");
            assertThat(Wire.value(m, "Direction")).isEqualTo("Received");
            assertThat(Wire.value(m, "DurationMs")).isEqualTo("150");
        });
    }

    @Test
    void redirectAndBlindTransferMatchTheRecording() throws IOException {
        // Each Originate dials Local/400: pairs 0 and 1 for the first call, 2 and 3 for the second.
        assertFilteredReplay("redirect", Map.of("Local/400@test-0000001d;1", "Local/400@test-00000001;1",
                "Local/400@test-0000001f;1", "Local/400@test-00000003;1"), Set.of("BlindTransfer"), Set.of("BridgeUniqueid"));
    }

    @Test
    void coreShowChannelsListsEveryChannelOfTwoCalls() throws IOException {
        List<List<String[]>> got = Replay.run(sim, "core-show-channels", Map.of());
        List<List<String[]>> expected = Wire.messages("core-show-channels.txt");
        Comparator<List<String[]>> byName = Comparator.comparing(m -> Wire.value(m, "Channel"));
        List<List<String>> actualItems = got.stream().filter(m -> "CoreShowChannel".equals(Wire.value(m, "Event")))
                .map(Wire::names).toList();
        List<List<String>> expectedItems = expected.stream().filter(m -> "CoreShowChannel".equals(Wire.value(m, "Event")))
                .map(Wire::names).toList();
        assertThat(actualItems).hasSize(6).containsExactlyInAnyOrderElementsOf(expectedItems);
        assertThat(got.stream().filter(m -> "CoreShowChannel".equals(Wire.value(m, "Event"))).sorted(byName)
                .map(m -> Wire.value(m, "Channel").replaceAll("-[0-9a-f]{8}", "")).toList())
                .isEqualTo(expected.stream().filter(m -> "CoreShowChannel".equals(Wire.value(m, "Event"))).sorted(byName)
                        .map(m -> Wire.value(m, "Channel").replaceAll("-[0-9a-f]{8}", "")).toList());
        List<String[]> complete = got.stream().filter(m -> "CoreShowChannelsComplete".equals(Wire.value(m, "Event"))).findFirst().orElseThrow();
        assertThat(Wire.value(complete, "ListItems")).isEqualTo("6");
    }

    @Test
    void queueCallIsAnsweredByAFreeAgent() throws IOException {
        try (AmiTestClient c = AmiTestClient.login(sim.amiPort(), "monitor", "monitor-secret", "agent")) {
            c.send("Action: Originate\r\nChannel: Local/100@test\r\nApplication: Wait\r\nData: 30\r\nAsync: true\r\n\r\n");
            List<List<String[]>> got = c.readUntil(m -> "AgentConnect".equals(Wire.value(m, "Event")));
            assertThat(got.stream().map(m -> Wire.value(m, "Event")).filter(n -> n != null).toList())
                    .containsSubsequence("QueueCallerJoin", "AgentCalled", "QueueCallerLeave", "AgentConnect");
        }
    }

    @Test
    void bridgeActionBridgesTwoChannelsAndTheListsShowIt() throws IOException {
        List<List<String[]>> recorded = Wire.messages("bridge.txt");
        try (AmiTestClient c = AmiTestClient.login(sim.amiPort(), "monitor", "monitor-secret", "off")) {
            c.send("Action: Originate\r\nChannel: Local/999@test\r\nApplication: Wait\r\nData: 20\r\nAsync: true\r\n"
                    + "CallerID: <+15556660001>\r\n\r\n"
                    + "Action: Originate\r\nChannel: Local/400@test\r\nApplication: Wait\r\nData: 20\r\nAsync: true\r\n"
                    + "CallerID: <+15556660002>\r\n\r\n");
            c.readMessage();
            c.readMessage();
            c.send("Action: Bridge\r\nActionID: b4\r\nChannel1: Local/999@test-00000000;2\r\nChannel2: Local/400@test-00000001;2\r\n"
                    + "Tone: no\r\n\r\n");
            assertThat(Wire.value(c.readMessage(), "Message")).isEqualTo("Channels have been bridged");
            c.send("Action: BridgeList\r\nActionID: b5\r\n\r\n");
            List<List<String[]>> list = c.readUntil(m -> "BridgeListComplete".equals(Wire.value(m, "Event")));
            assertThat(Wire.value(list.get(0), "Message")).isEqualTo("Bridge listing will follow");
            List<List<String[]>> items = list.stream().filter(m -> "BridgeListItem".equals(Wire.value(m, "Event"))).toList();
            assertThat(items).extracting(m -> Wire.value(m, "BridgeType")).containsExactly("parking", "basic");
            String bridgeId = Wire.value(items.get(1), "BridgeUniqueid");
            c.send("Action: BridgeInfo\r\nActionID: b6\r\nBridgeUniqueid: " + bridgeId + "\r\n\r\n");
            List<List<String[]>> info = c.readUntil(m -> "BridgeInfoComplete".equals(Wire.value(m, "Event")));
            List<List<String[]>> recordedInfo = recorded.subList(indexOf(recorded, m -> "bridge-6".equals(Wire.value(m, "ActionID"))
                    && m.get(0)[0].equals("Response")), indexOf(recorded, m -> "BridgeInfoComplete".equals(Wire.value(m, "Event"))) + 1);
            Wire.assertSameStructure(info.stream().map(m -> withId(m, "bridge-6")).toList(), recordedInfo, Set.of("Channel"));
            c.send("Action: BridgeInfo\r\nActionID: b7\r\nBridgeUniqueid: nope\r\n\r\n");
            assertThat(Wire.value(c.readMessage(), "Message")).isEqualTo("Bridge not found");
        }
    }

    @Test
    void parkingMatchesTheRecording() throws IOException {
        // 700 parks the first call; the second call's Local/400 half (pair 2 here) is parked by the action.
        // In the recording the first caller had given up by then, so its space 701 was free again;
        // the replay is faster, so the space number may differ.
        assertFilteredReplay("park", Map.of("Local/400@test-00000022;1", "Local/400@test-00000002;1"),
                Set.of("ParkedCall", "ParkedCallsComplete", "Parkinglot", "ParkinglotsComplete"),
                Set.of("ParkingTimeout", "ParkingDuration", "ParkingSpace"));
    }

    @Test
    void aParkedCallerHangingUpGivesUp() throws IOException {
        try (AmiTestClient c = AmiTestClient.login(sim.amiPort(), "monitor", "monitor-secret", "call")) {
            c.send("Action: Originate\r\nActionID: o1\r\nChannel: Local/700@test\r\nApplication: Wait\r\nData: 1\r\n"
                    + "Async: true\r\n\r\n");
            List<List<String[]>> got = c.readUntil(m -> "ParkedCallGiveUp".equals(Wire.value(m, "Event")));
            List<String> names = got.stream().map(m -> Wire.value(m, "Event")).filter(n -> n != null).toList();
            assertThat(names).containsSubsequence("BridgeEnter", "ParkedCall", "ParkedCallGiveUp");
            for (List<String[]> m : got) {
                if (m.get(0)[0].equals("Event")) {
                    Wire.assertRecordedShape(m);
                }
            }
            assertThat(Wire.value(c.readMessage(), "Event")).isEqualTo("BridgeLeave");
        }
    }

    private static List<String[]> withId(List<String[]> m, String id) {
        return m.stream().map(h -> h[0].equals("ActionID") ? new String[] {h[0], id} : h).toList();
    }

    @Test
    void queueCallFlowHasTheRecordedAgentEventsInOrder() throws IOException {
        List<List<String[]>> got = Replay.run(sim, "queue-call-flow", Map.of(0, () -> { }));
        // The recording waited 20 s for the agent to finish; here a second session watches the agent
        // pick up (after 1 s) and the AgentComplete part is covered by ScriptedCallsTest.
        try (AmiTestClient c = AmiTestClient.login(sim.amiPort(), "monitor", "monitor-secret", "agent")) {
            got = new java.util.ArrayList<>(got);
            got.addAll(c.readUntil(m -> "QueueMemberStatus".equals(Wire.value(m, "Event"))));
        }
        List<String> agentEvents = got.stream().map(m -> Wire.value(m, "Event"))
                .filter(n -> n != null && (n.startsWith("Queue") || n.startsWith("Agent"))).toList();
        List<String> recorded = Wire.messages("queue-call-flow.txt").stream().map(m -> Wire.value(m, "Event"))
                .filter(n -> n != null && (n.startsWith("Queue") || n.startsWith("Agent"))).toList();
        assertThat(agentEvents).isEqualTo(recorded.subList(0, 5));
    }

    @Test
    void hangingUpAWaitingQueueCallerIsAnAbandon() throws IOException {
        List<List<String[]>> got = Replay.run(sim, "queue-abandon", Map.of(),
                Map.of("Local/100@test-00000016;1", "Local/100@test-00000000;1"));
        List<String> agentEvents = got.stream().map(m -> Wire.value(m, "Event"))
                .filter(n -> n != null && (n.startsWith("Queue") || n.startsWith("Agent"))).toList();
        List<String> recorded = Wire.messages("queue-abandon.txt").stream().map(m -> Wire.value(m, "Event"))
                .filter(n -> n != null && (n.startsWith("Queue") || n.startsWith("Agent"))).toList();
        assertThat(agentEvents).isEqualTo(recorded);
        List<List<String[]>> responses = got.stream().filter(responsesAnd(Set.of("QueueEntry"))).toList();
        Wire.assertSameStructure(responses,
                Wire.messages("queue-abandon.txt").stream().filter(responsesAnd(Set.of("QueueEntry"))).toList(),
                Set.of("Channel", "Wait"));
    }

    @Test
    void answeredOriginatesEndOnTheirOwn() throws IOException {
        try (AmiTestClient c = AmiTestClient.login(sim.amiPort(), "monitor", "monitor-secret", "off")) {
            c.send("Action: Originate\r\nChannel: Local/400@test\r\nApplication: Wait\r\nData: 1\r\nAsync: true\r\n\r\n");
            c.readMessage();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> coreCurrentCalls() == 0);
    }

    private int coreCurrentCalls() throws IOException {
        try (AmiTestClient c = AmiTestClient.login(sim.amiPort(), "monitor", "monitor-secret", "off")) {
            c.send("Action: CoreStatus\r\n\r\n");
            return Integer.parseInt(Wire.value(c.readMessage(), "CoreCurrentCalls"));
        }
    }
}
