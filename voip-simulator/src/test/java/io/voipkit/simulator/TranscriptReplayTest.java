package io.voipkit.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the recorded actions of the real Asterisk 22.10.1 transcripts to the simulator and
 * compares the answers message by message: same messages, same header names in the same order and
 * case, same values except the volatile ones ({@link Wire#VOLATILE}).
 */
class TranscriptReplayTest {
    private PbxSimulator sim;

    @BeforeEach
    void start() {
        Wire.fixtures(); // aborts the test when the fixtures are absent
        sim = Replay.recordedPbx().build().start();
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private void assertReplayMatches(String name, Map<Integer, Runnable> hooks, Set<String> extraVolatile) throws IOException {
        List<List<String[]>> actual = Replay.run(sim, name, hooks);
        Wire.assertSameStructure(actual, Wire.messages(name + ".txt"), extraVolatile);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"login-ok", "login-ok-plain", "login-md5", "login-plain", "logoff", "ping", "core-settings",
            "unknown-action", "errors-and-unknowns", "missing-params", "action-before-login",
            "login-readonly-then-forbidden-action", "readonly-forbidden", "login-unknown-user", "core-settings-status",
            "userevent"})
    void sessionScenariosMatchTheRecording(String name) throws IOException {
        assertReplayMatches(name, Map.of(), Set.of());
    }

    @Test
    void badSecretIsAnsweredByteForByteAfterTheDelayAndThenClosed() throws IOException {
        long t0 = System.nanoTime();
        List<List<String[]>> actual = Replay.run(sim, "login-bad-secret", Map.of());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        Wire.assertSameStructure(actual, Wire.messages("login-bad-secret.txt"), Set.of());
    }

    @Test
    void coreStatusCountsBothHalvesOfALocalCall() throws IOException {
        List<List<String[]>> actual = Replay.run(sim, "core-status", Map.of());
        Wire.assertSameStructure(actual, Wire.messages("core-status.txt"), Set.of());
    }

    @Test
    void commandOutputHasOneOutputHeaderPerLine() throws IOException {
        List<List<String[]>> actual = Replay.run(sim, "command", Map.of());
        List<List<String[]>> expected = Wire.messages("command.txt");
        // Uptime and the processed-calls count depend on the PBX's history; version and errors do not.
        Wire.assertSameStructure(actual, expected, Set.of("Output"));
        assertThat(Wire.value(actual.get(1), "Output")).isEqualTo(Wire.value(expected.get(1), "Output"));
        assertThat(actual.get(3).get(3)[1]).isEqualTo(expected.get(3).get(3)[1]); // header line of core show channels
        assertThat(Wire.value(actual.get(4), "Output")).isEqualTo(Wire.value(expected.get(4), "Output"));
    }

    @Test
    void pjsipShowEndpointsReflectsARegistration() throws IOException {
        assertReplayMatches("pjsip-show-endpoints", Map.of(2, () -> sim.registerPhone("101-ep")), Set.of());
    }

    @Test
    void pjsipShowEndpointListsEndpointAuthAorAndContact() throws IOException {
        assertReplayMatches("pjsip-show-endpoint", Map.of(1, () -> sim.registerPhone("101-ep")), Set.of());
    }

    @Test
    void pjsipShowContactsIsAnErrorWhenEmptyAndAListOtherwise() throws IOException {
        assertReplayMatches("pjsip-show-contacts", Map.of(2, () -> {
            sim.registerPhone("101-ep");
            sim.registerPhone("102-ep");
        }), Set.of());
    }

    @Test
    void queueAdminMatchesTheRecording() throws IOException {
        // The recorded queue had taken calls before; its statistics are history, not wire format.
        assertReplayMatches("queue-add-pause-penalty-remove", Map.of(),
                Set.of("TalkTime", "Completed", "CallsTaken", "ServicelevelPerf", "ServicelevelPerf2", "Holdtime"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"queue-status", "queue-summary", "queue-reload"})
    void queueListsMatchTheRecording(String name) throws IOException {
        assertReplayMatches(name, Map.of(),
                Set.of("TalkTime", "Completed", "CallsTaken", "ServicelevelPerf", "ServicelevelPerf2", "Holdtime", "HoldTime"));
    }
}
