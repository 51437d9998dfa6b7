package io.voipkit.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Faults on demand, and hostile client input that must not take the server down. */
class FaultsTest {
    private PbxSimulator sim;

    @BeforeEach
    void start() {
        sim = PbxSimulator.builder().endpoints(3).loginFailureDelay(Duration.ofMillis(50)).build().start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private AmiTestClient login(String events) throws IOException {
        return AmiTestClient.login(sim.amiPort(), "voipkit", "voipkit", events);
    }

    private static List<String[]> ping(AmiTestClient c) throws IOException {
        c.send("Action: Ping\r\nActionID: p\r\n\r\n");
        return c.readMessage();
    }

    @Test
    void dropConnectionsClosesEveryClientButKeepsListening() throws IOException {
        try (AmiTestClient a = login("off"); AmiTestClient b = login("off")) {
            sim.dropConnections();
            assertThat(a.isClosedByServer()).isTrue();
            assertThat(b.isClosedByServer()).isTrue();
        }
        try (AmiTestClient again = login("off")) {
            assertThat(Wire.value(ping(again), "Ping")).isEqualTo("Pong");
        }
    }

    @Test
    void stallHoldsAnswersBackUntilItEnds() throws IOException {
        try (AmiTestClient c = login("off")) {
            sim.stall(Duration.ofMillis(800));
            c.send("Action: Ping\r\nActionID: p\r\n\r\n");
            c.timeout(300);
            assertThat(c.readAll()).as("nothing while stalled").isEmpty();
            c.timeout(5000);
            assertThat(Wire.value(c.readMessage(), "Ping")).isEqualTo("Pong");
        }
    }

    @Test
    void slowReadsDeliverIntactMessagesInPieces() throws IOException {
        try (AmiTestClient c = login("off")) {
            sim.slowReads(200);
            List<String[]> pong = ping(c);
            assertThat(Wire.names(pong)).containsExactly("Response", "ActionID", "Ping", "Timestamp");
            sim.slowReads(0);
        }
    }

    @Test
    void sendMalformedWritesGarbageAndTheSessionGoesOn() throws IOException {
        try (AmiTestClient c = login("on")) {
            c.readUntil(m -> "SuccessfulAuth".equals(Wire.value(m, "Event")));
            sim.sendMalformed();
            List<String[]> garbled = c.readMessage();
            assertThat(Wire.value(garbled, "Event")).isEqualTo("Garbled");
            assertThat(garbled).anySatisfy(h -> assertThat(h[0]).isEqualTo("this line has no colon"));
            assertThat(Wire.value(ping(c), "Ping")).isEqualTo("Pong");
        }
    }

    @Test
    void sendOversizedFrameWritesOneHugeHeader() throws IOException {
        try (AmiTestClient c = login("off")) {
            sim.sendOversizedFrame(100_000);
            List<String[]> m = c.readMessage();
            assertThat(Wire.value(m, "Event")).isEqualTo("Oversized");
            assertThat(Wire.value(m, "Data")).hasSize(100_000);
        }
    }

    @Test
    void refuseLoginsFailsEveryLoginUntilLifted() throws IOException {
        sim.refuseLogins(true);
        try (AmiTestClient c = new AmiTestClient(sim.amiPort())) {
            c.readLine();
            c.send("Action: Login\r\nUsername: voipkit\r\nSecret: voipkit\r\n\r\n");
            assertThat(Wire.value(c.readMessage(), "Message")).isEqualTo("Authentication failed");
            assertThat(c.isClosedByServer()).isTrue();
        }
        sim.refuseLogins(false);
        try (AmiTestClient c = login("off")) {
            assertThat(Wire.value(ping(c), "Ping")).isEqualTo("Pong");
        }
    }

    @Test
    void restartHangsUpCallsSendsShutdownClosesAndComesBackEmpty() throws IOException {
        sim.registerPhone("101-ep");
        sim.registerPhone("102-ep");
        SimCall call = sim.placeCall("101-ep", "102-ep");
        sim.answer(call);
        try (AmiTestClient c = login("on")) {
            c.readUntil(m -> "SuccessfulAuth".equals(Wire.value(m, "Event")));
            sim.restart();
            List<List<String[]>> last = c.readAll();
            List<String> names = last.stream().map(m -> Wire.value(m, "Event")).toList();
            assertThat(names).containsSubsequence("Hangup", "Hangup", "Cdr", "Shutdown");
            List<String[]> shutdown = last.get(last.size() - 1);
            assertThat(Wire.names(shutdown)).containsExactly("Event", "Privilege", "Timestamp", "Shutdown", "Restart");
            assertThat(Wire.value(shutdown, "Restart")).isEqualTo("True");
            assertThat(c.isClosedByServer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (AmiTestClient c = login("off")) {
                c.send("Action: CoreStatus\r\n\r\n");
                assertThat(Wire.value(c.readMessage(), "CoreCurrentCalls")).isEqualTo("0");
            }
        });
        assertThat(call.ended()).isTrue();
    }

    @Test
    void overlongLineClosesOnlyThatClient() throws IOException {
        try (AmiTestClient good = login("off"); AmiTestClient bad = login("off")) {
            bad.send("Action: Ping\r\nX-Long: " + "a".repeat(20_000) + "\r\n\r\n");
            assertThat(bad.isClosedByServer()).isTrue();
            assertThat(Wire.value(ping(good), "Ping")).isEqualTo("Pong");
        }
    }

    @Test
    void tooManyHeadersCloseTheClient() throws IOException {
        try (AmiTestClient bad = login("off")) {
            bad.send("Action: Ping\r\n" + "H: v\r\n".repeat(200) + "\r\n");
            assertThat(bad.isClosedByServer()).isTrue();
        }
    }

    @Test
    void binaryGarbageIsSurvived() throws IOException {
        try (Socket s = new Socket("127.0.0.1", sim.amiPort())) {
            byte[] junk = new byte[4096];
            new java.util.Random(7).nextBytes(junk);
            s.getOutputStream().write(junk);
            s.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        try (AmiTestClient c = login("off")) {
            assertThat(Wire.value(ping(c), "Ping")).isEqualTo("Pong");
        }
    }

    @Test
    void aClientThatDoesNotReadIsDisconnectedAndOthersGoOn() throws Exception {
        sim.close();
        sim = PbxSimulator.builder().outboundQueueCapacity(16).build().start();
        try (AmiTestClient idle = login("on"); AmiTestClient reader = login("off")) {
            // Enough bytes to fill the socket buffers of the idle client, then its queue.
            for (int i = 0; i < 4000 && !idle.isClosedQuickly(); i++) {
                sim.userEvent("Flood", java.util.Map.of("Payload", "x".repeat(2000)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.connectionCount() == 1);
            assertThat(Wire.value(ping(reader), "Ping")).isEqualTo("Pong");
        }
    }

    @Test
    void blastWritesEveryEventToAReadingClient() throws Exception {
        try (AmiTestClient c = login("on")) {
            c.readUntil(m -> "SuccessfulAuth".equals(Wire.value(m, "Event")));
            AtomicReference<Long> written = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    written.set(sim.blast(5_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            int n = 0;
            long bytes = 0;
            while (n < 5_000) {
                List<String[]> m = c.readMessage();
                assertThat(m).isNotNull();
                n++;
                for (String[] h : m) {
                    bytes += h[0].length() + 4 + (h[1] == null ? 0 : h[1].length());
                }
            }
            t.join(10_000);
            assertThat(written.get()).isEqualTo(5_000L);
            assertThat(bytes / n).as("average message size").isBetween(380L, 520L);
        }
    }
}
