package io.voipkit.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Atxfer, MixMonitor and StopMixMonitor over plain sockets: texts of manager.c's action_atxfer and
 * app_mixmonitor's manager actions, the header sets of their responses, and the permission checks.
 */
class TransferAndRecordingActionsTest {
    private PbxSimulator sim;
    private SimCall call;

    @BeforeEach
    void start() {
        Wire.fixtures();
        sim = Replay.recordedPbx().build().start();
        sim.registerPhone("101-ep");
        sim.registerPhone("102-ep");
        call = sim.placeCall("101-ep", "102-ep");
        sim.answer(call);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private AmiTestClient monitor(String events) throws IOException {
        return AmiTestClient.login(sim.amiPort(), "monitor", "monitor-secret", events);
    }

    /** Sends one action and returns its response, skipping any events before it. */
    private static List<String[]> response(AmiTestClient c, String action) throws IOException {
        c.send(action + "\r\n");
        List<List<String[]>> got = c.readUntil(m -> m.get(0)[0].equals("Response"));
        return got.get(got.size() - 1);
    }

    private static List<String> names(List<String[]> m) {
        return m.stream().map(h -> h[0]).toList();
    }

    @Test
    void atxferIsQueuedAsFeatureDtmfOnTheTransferer() throws IOException {
        try (AmiTestClient c = monitor("dtmf,dialplan")) {
            c.send("Action: Atxfer\r\nActionID: a1\r\nChannel: " + call.callerChannel()
                    + "\r\nExten: 103\r\nContext: internal\r\n\r\n");
            List<List<String[]>> got = c.readUntil(m -> "a1".equals(Wire.value(m, "ActionID")));
            List<String[]> r = got.get(got.size() - 1);
            assertThat(names(r)).containsExactly("Response", "ActionID", "Message");
            assertThat(Wire.value(r, "Response")).isEqualTo("Success");
            assertThat(Wire.value(r, "Message")).isEqualTo("Atxfer successfully queued");

            List<List<String[]>> events = c.readUntil(m -> "3".equals(Wire.value(m, "Digit"))
                    && "DTMFEnd".equals(Wire.value(m, "Event")));
            List<List<String[]>> dtmf = events.stream().filter(m -> Wire.value(m, "Event").startsWith("DTMF")).toList();
            assertThat(dtmf).extracting(m -> Wire.value(m, "Event")).containsOnly("DTMFEnd");
            assertThat(dtmf).extracting(m -> Wire.value(m, "Digit")).containsExactly("*", "2", "1", "0", "3");
            assertThat(dtmf).allSatisfy(m -> {
                assertThat(Wire.value(m, "Channel")).isEqualTo(call.callerChannel());
                assertThat(Wire.value(m, "Direction")).isEqualTo("Received");
            });
            assertThat(events).anySatisfy(m -> {
                assertThat(Wire.value(m, "Event")).isEqualTo("VarSet");
                assertThat(Wire.value(m, "Variable")).isEqualTo("TRANSFER_CONTEXT");
                assertThat(Wire.value(m, "Value")).isEqualTo("internal");
            });
        }
    }

    @Test
    void atxferErrorsUseTheManagerTexts() throws IOException {
        try (AmiTestClient c = monitor("off")) {
            assertThat(Wire.value(response(c, "Action: Atxfer\r\nChannel: PJSIP/nobody-00000009\r\nExten: 103\r\n"),
                    "Message")).isEqualTo("Channel specified does not exist");
            assertThat(Wire.value(response(c, "Action: Atxfer\r\nExten: 103\r\n"), "Message"))
                    .isEqualTo("No channel specified");
            List<String[]> noExten = response(c, "Action: Atxfer\r\nChannel: " + call.callerChannel() + "\r\n");
            assertThat(Wire.value(noExten, "Response")).isEqualTo("Error");
            assertThat(Wire.value(noExten, "Message")).isEqualTo("No extension specified");
        }
    }

    @Test
    void mixMonitorStartsAndStopsOnALiveChannel() throws IOException {
        try (AmiTestClient c = monitor("call")) {
            c.send("Action: MixMonitor\r\nActionID: m1\r\nChannel: " + call.calleeChannel()
                    + "\r\nFile: call.wav\r\nOptions: b\r\n\r\n");
            List<List<String[]>> got = c.readUntil(m -> "m1".equals(Wire.value(m, "ActionID")));
            List<String[]> r = got.get(got.size() - 1);
            // manager_mixmonitor writes Response and ActionID only (no Message; no MixMonitorID without i()).
            assertThat(names(r)).containsExactly("Response", "ActionID");
            assertThat(Wire.value(r, "Response")).isEqualTo("Success");
            List<String[]> started = c.readUntil(m -> "MixMonitorStart".equals(Wire.value(m, "Event")))
                    .stream().reduce((x, y) -> y).orElseThrow();
            assertThat(Wire.value(started, "Channel")).isEqualTo(call.calleeChannel());

            c.send("Action: StopMixMonitor\r\nActionID: s1\r\nChannel: " + call.calleeChannel() + "\r\n\r\n");
            got = c.readUntil(m -> "s1".equals(Wire.value(m, "ActionID")));
            r = got.get(got.size() - 1);
            assertThat(names(r)).containsExactly("Response", "ActionID");
            assertThat(Wire.value(r, "Response")).isEqualTo("Success");
            List<String[]> stopped = c.readUntil(m -> "MixMonitorStop".equals(Wire.value(m, "Event")))
                    .stream().reduce((x, y) -> y).orElseThrow();
            assertThat(Wire.value(stopped, "Channel")).isEqualTo(call.calleeChannel());

            // Nothing records any more: a second stop fails as stop_mixmonitor_full does.
            c.send("Action: StopMixMonitor\r\nActionID: s2\r\nChannel: " + call.calleeChannel() + "\r\n\r\n");
            got = c.readUntil(m -> "s2".equals(Wire.value(m, "ActionID")));
            assertThat(Wire.value(got.get(got.size() - 1), "Message")).isEqualTo("Could not stop monitoring channel");
        }
    }

    @Test
    void mixMonitorWithAnIdOptionReturnsTheId() throws IOException {
        try (AmiTestClient c = monitor("off")) {
            List<String[]> r = response(c, "Action: MixMonitor\r\nChannel: " + call.callerChannel()
                    + "\r\nFile: call.wav\r\nOptions: i(MONID)\r\n");
            assertThat(names(r)).containsExactly("Response", "MixMonitorID");
            String monitorId = Wire.value(r, "MixMonitorID");
            assertThat(monitorId).startsWith("0x");
            List<String[]> v = response(c, "Action: Getvar\r\nChannel: " + call.callerChannel() + "\r\nVariable: MONID\r\n");
            assertThat(Wire.value(v, "Value")).isEqualTo(monitorId);
        }
    }

    @Test
    void mixMonitorErrorsUseTheApplicationTexts() throws IOException {
        try (AmiTestClient c = monitor("off")) {
            assertThat(Wire.value(response(c, "Action: MixMonitor\r\nChannel: PJSIP/nobody-00000009\r\nFile: x.wav\r\n"),
                    "Message")).isEqualTo("No such channel");
            assertThat(Wire.value(response(c, "Action: MixMonitor\r\nFile: x.wav\r\n"), "Message"))
                    .isEqualTo("No channel specified");
            assertThat(Wire.value(response(c, "Action: MixMonitor\r\nChannel: " + call.callerChannel() + "\r\n"),
                    "Message")).isEqualTo("Could not start monitoring channel");
            assertThat(Wire.value(response(c, "Action: StopMixMonitor\r\nChannel: PJSIP/nobody-00000009\r\n"),
                    "Message")).isEqualTo("No such channel");
            assertThat(Wire.value(response(c, "Action: StopMixMonitor\r\n"), "Message")).isEqualTo("No channel specified");
            assertThat(Wire.value(response(c, "Action: StopMixMonitor\r\nChannel: " + call.callerChannel() + "\r\n"),
                    "Message")).isEqualTo("Could not stop monitoring channel");
        }
    }

    @Test
    void aUserWithoutWritePermissionIsDenied() throws IOException {
        try (AmiTestClient c = AmiTestClient.login(sim.amiPort(), "readonly", "readonly-secret", "off")) {
            for (String action : List.of(
                    "Action: Atxfer\r\nChannel: " + call.callerChannel() + "\r\nExten: 103\r\n",
                    "Action: MixMonitor\r\nChannel: " + call.callerChannel() + "\r\nFile: x.wav\r\n",
                    "Action: StopMixMonitor\r\nChannel: " + call.callerChannel() + "\r\n")) {
                List<String[]> r = response(c, action);
                assertThat(Wire.value(r, "Response")).isEqualTo("Error");
                assertThat(Wire.value(r, "Message")).isEqualTo("Permission denied");
            }
        }
    }

    @Test
    void aCallOnlyUserMayStopButNotStartARecording() throws IOException {
        PbxSimulator callOnly = Replay.recordedPbx().user("caller", "caller-secret", "all", "call").build().start();
        try (callOnly) {
            callOnly.registerPhone("101-ep");
            callOnly.registerPhone("102-ep");
            SimCall c2 = callOnly.placeCall("101-ep", "102-ep");
            try (AmiTestClient c = AmiTestClient.login(callOnly.amiPort(), "caller", "caller-secret", "off")) {
                assertThat(Wire.value(response(c, "Action: MixMonitor\r\nChannel: " + c2.callerChannel()
                        + "\r\nFile: x.wav\r\n"), "Message")).isEqualTo("Permission denied");
                // StopMixMonitor needs system or call: the call class gets past the check.
                assertThat(Wire.value(response(c, "Action: StopMixMonitor\r\nChannel: " + c2.callerChannel() + "\r\n"),
                        "Message")).isEqualTo("Could not stop monitoring channel");
                assertThat(Wire.value(response(c, "Action: Atxfer\r\nChannel: " + c2.callerChannel()
                        + "\r\nExten: 103\r\n"), "Message")).isEqualTo("Atxfer successfully queued");
            }
        }
    }
}
