package io.voipkit.simulator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a transcript holds nothing that differs between runs (greeting, errors, unknown actions,
 * missing parameters, login failure, Logoff), the simulator's bytes equal the recording's bytes;
 * only {@code Timestamp} values are normalised.
 */
class ByteExactTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unknown-action", "missing-params", "errors-and-unknowns", "login-bad-secret", "login-unknown-user",
            "action-before-login", "logoff", "ping", "core-settings", "login-ok-plain", "login-plain",
            "login-readonly-then-forbidden-action", "readonly-forbidden"})
    void bytesEqualTheRecording(String name) throws IOException {
        Wire.fixtures();
        try (PbxSimulator sim = Replay.recordedPbx().build().start();
             Socket s = new Socket("127.0.0.1", sim.amiPort())) {
            s.setSoTimeout(10_000);
            // The whole recorded conversation at once, as a pipelining client would send it.
            s.getOutputStream().write(Wire.bytes(name + ".sent.txt"));
            s.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                got.write(buf, 0, n);
            }
            String expected = normalise(new String(Wire.bytes(name + ".txt"), StandardCharsets.UTF_8));
            String actual = normalise(got.toString(StandardCharsets.UTF_8));
            assertThat(actual).isEqualTo(expected);
        }
    }

    /** Timestamps differ by nature; FullyBooted's Uptime and LastReload count seconds since start. */
    private static String normalise(String s) {
        return s.replaceAll("Timestamp: \\d+\\.\\d{6}", "Timestamp: T").replaceAll("(Uptime|LastReload): \\d+", "$1: N");
    }
}
