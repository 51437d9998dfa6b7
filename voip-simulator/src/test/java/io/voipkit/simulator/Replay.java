package io.voipkit.simulator;

import io.voipkit.simulator.internal.ActionHandlerAccess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays a fixture's {@code NAME.sent.txt} to a simulator action by action, waiting for each
 * action's response (and list) before sending the next, running hooks between actions so scripted
 * happenings (a phone registering) fall where they fell in the recording.
 */
final class Replay {
    private Replay() {
    }

    /** Users of the recorded PBX (fixtures README). */
    static PbxSimulator.Builder recordedPbx() {
        return PbxSimulator.builder().user("monitor", "monitor-secret", "all", "all")
                .user("readonly", "readonly-secret", "system,call,agent,user,reporting", "")
                .endpoint("101-ep").endpoint("102-ep").endpoint("103-ep");
    }

    static List<List<String[]>> run(PbxSimulator sim, String name, Map<Integer, Runnable> before) throws IOException {
        return run(sim, name, before, Map.of());
    }

    /** As {@link #run(PbxSimulator, String, Map)}, replacing recorded channel names in the actions by the simulator's. */
    static List<List<String[]>> run(PbxSimulator sim, String name, Map<Integer, Runnable> before, Map<String, String> rename)
            throws IOException {
        List<List<String[]>> got = new ArrayList<>();
        try (AmiTestClient c = new AmiTestClient(sim.amiPort())) {
            assertThat(c.readLine()).isEqualTo("Asterisk Call Manager/11.0.0");
            List<byte[]> blocks = Wire.actions(name + ".sent.txt");
            String challenge = null;
            for (int k = 0; k < blocks.size(); k++) {
                Runnable hook = before.get(k);
                if (hook != null) {
                    hook.run();
                }
                byte[] block = blocks.get(k);
                String text = new String(block, StandardCharsets.UTF_8);
                for (Map.Entry<String, String> r : rename.entrySet()) {
                    text = text.replace(r.getKey(), r.getValue());
                }
                block = text.getBytes(StandardCharsets.UTF_8);
                if (challenge != null && text.contains("\r\nKey: ")) {
                    // The recorded Key answers the recorded challenge; answer ours the same way.
                    String key = ActionHandlerAccess.md5(challenge + "monitor-secret");
                    text = text.replaceAll("Key: [0-9a-f]+", "Key: " + key);
                    block = text.getBytes(StandardCharsets.UTF_8);
                }
                c.send(block);
                String id = Wire.actionIdOf(block);
                boolean logoff = text.toLowerCase().contains("action: logoff");
                List<List<String[]>> part = c.readUntil(m -> isEndOf(m, id));
                got.addAll(part);
                List<String[]> last = part.isEmpty() ? null : part.get(part.size() - 1);
                if (last == null || !isEndOf(last, id)) {
                    return got; // EOF
                }
                if ("Start".equalsIgnoreCase(Wire.value(last, "EventList")) || "start".equals(Wire.value(last, "EventList"))) {
                    got.addAll(c.readUntil(m -> "Complete".equals(Wire.value(m, "EventList")) && eq(id, Wire.value(m, "ActionID"))));
                }
                if (Wire.value(last, "Challenge") != null) {
                    challenge = Wire.value(last, "Challenge");
                }
                if (logoff) {
                    c.timeout(3000);
                    got.addAll(c.readAll());
                    return got;
                }
            }
        }
        return got;
    }

    private static boolean isEndOf(List<String[]> m, String id) {
        return m.get(0)[0].equals("Response") && eq(id, Wire.value(m, "ActionID"));
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
