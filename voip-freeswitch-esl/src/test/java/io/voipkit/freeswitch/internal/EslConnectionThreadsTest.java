package io.voipkit.freeswitch.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reader and dispatch threads of {@link EslConnection}, in both modes
 * ({@link EslConnectionConfig#dispatchThread()} on and off): backpressure when the event sink
 * blocks (nothing lost, order kept, the memory bounded), frames before a protocol error still
 * delivered, the disconnect reason, and no thread left behind by a close while the sink is stuck.
 */
class EslConnectionThreadsTest {

    private FakeEslServer server;
    private EslConnection connection;
    private final List<String> sequences = new CopyOnWriteArrayList<>();
    private final List<String> disconnects = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws IOException {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static byte[] event(int sequence, int padding) {
        String body = "Event-Name: HEARTBEAT\nEvent-Sequence: " + sequence + "\nPadding: " + "x".repeat(padding) + "\n\n";
        return ("Content-Length: " + body.length() + "\nContent-Type: text/event-plain\n\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes {@code count} events of {@code padding} bytes to the connection from a thread of its own, counting the bytes written. */
    private void writeEvents(int count, int padding, AtomicLong written) {
        Thread t = new Thread(() -> {
            try {
                for (int i = 1; i <= count; i++) {
                    byte[] e = event(i, padding);
                    server.sendToLatest(e); // blocks while the client does not read
                    written.addAndGet(e.length);
                }
            } catch (IOException e) {
                // the connection was closed: the test is over
            }
        }, "esl-threads-test-writer");
        t.setDaemon(true);
        t.start();
    }

    private EslConnection connect(boolean dispatchThread, CountDownLatch sinkGate) {
        EslConnection c = new EslConnection(EslConnectionConfig.builder()
                .host("127.0.0.1").port(server.port()).password("ClueCon")
                .connectTimeout(Duration.ofSeconds(5)).commandTimeout(Duration.ofMillis(500))
                .dispatchThread(dispatchThread)
                .eventSink(e -> {
                    try {
                        sinkGate.await(); // a subscriber queue full under BLOCK, for as long as the test says
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    sequences.add(e.get("Event-Sequence"));
                })
                .disconnectListener((reason, cause) -> disconnects.add(reason))
                .build());
        c.connect();
        connection = c;
        return c;
    }

    @ParameterizedTest(name = "dispatchThread={0}")
    @ValueSource(booleans = {true, false})
    void aBlockedSinkStopsTheReaderSoTcpHoldsFreeswitchBackAndNothingIsLostOrReordered(boolean dispatchThread) throws Exception {
        int events = 40_000;
        long total = (long) events * event(1, 1000).length;
        AtomicLong written = new AtomicLong();
        server = new FakeEslServer();
        CountDownLatch gate = new CountDownLatch(1);
        connect(dispatchThread, gate);
        writeEvents(events, 1000, written);
        // With the sink blocked the connection may buffer a bounded number of reads, then stops
        // reading; the kernel buffers fill and FreeSWITCH's (here the server's) writes block.
        await().atMost(Duration.ofSeconds(10)).until(() -> written.get() > 0);
        long before;
        long after = written.get();
        do {
            before = after;
            Thread.sleep(300);
            after = written.get();
        } while (after != before);
        assertThat(after).as("bytes the server could write while the sink was blocked").isLessThan(total / 2);
        assertThat(sequences).isEmpty();

        gate.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> sequences.size() == events);
        for (int i = 0; i < events; i++) {
            if (!sequences.get(i).equals(Integer.toString(i + 1))) {
                throw new AssertionError("event " + (i + 1) + " arrived as " + sequences.get(i));
            }
        }
        assertThat(connection.eventsDelivered()).isEqualTo(events);
        assertThat(disconnects).isEmpty();
    }

    @ParameterizedTest(name = "dispatchThread={0}")
    @ValueSource(booleans = {true, false})
    void theEventsBeforeAProtocolErrorAreDeliveredAndTheErrorIsTheDisconnectReason(boolean dispatchThread) throws Exception {
        server = new FakeEslServer();
        connect(dispatchThread, new CountDownLatch(0));
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        for (int i = 1; i <= 3; i++) {
            read.writeBytes(event(i, 10));
        }
        read.writeBytes("Content-Length: many\nContent-Type: text/event-plain\n\n".getBytes(StandardCharsets.US_ASCII));
        server.sendToLatest(read.toByteArray()); // three events and a broken frame in one write: one socket read
        await().atMost(Duration.ofSeconds(10)).until(() -> !disconnects.isEmpty());
        assertThat(sequences).containsExactly("1", "2", "3");
        assertThat(disconnects).singleElement().asString().contains("Content-Length", "many", "not a number");
        assertThat(connection.isConnected()).isFalse();
    }

    @ParameterizedTest(name = "dispatchThread={0}")
    @ValueSource(booleans = {true, false})
    void anEndOfStreamAfterADisconnectNoticeSaysSo(boolean dispatchThread) throws Exception {
        server = new FakeEslServer();
        connect(dispatchThread, new CountDownLatch(0));
        String notice = "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";
        server.sendToLatest(event(1, 10));
        server.sendToLatest(("Content-Type: text/disconnect-notice\nContent-Length: " + notice.length() + "\n\n" + notice)
                .getBytes(StandardCharsets.US_ASCII));
        server.dropAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> !disconnects.isEmpty());
        assertThat(sequences).containsExactly("1");
        assertThat(disconnects).containsExactly("connection closed by FreeSWITCH (EOF) after a disconnect notice");
    }

    @ParameterizedTest(name = "dispatchThread={0}")
    @ValueSource(booleans = {true, false})
    void closingWhileTheSinkIsStuckLeavesNoThreadBehindOnceItReturns(boolean dispatchThread) throws Exception {
        server = new FakeEslServer();
        CountDownLatch gate = new CountDownLatch(1);
        EslConnection c = connect(dispatchThread, gate);
        writeEvents(20_000, 1000, new AtomicLong()); // far more than the connection buffers: the reader ends up waiting
        String port = Integer.toString(server.port());
        await().atMost(Duration.ofSeconds(10)).until(() -> !threadsOf(port).isEmpty());
        Thread.sleep(500); // let the reader fill what it may buffer and wait
        c.close();         // exit is not answered (the thread that would read the reply is stuck): the timeout, then the socket
        assertThat(c.isConnected()).isFalse();
        gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> threadsOf(port).isEmpty());
        assertThat(disconnects).as("close() does not call the disconnect listener").isEmpty();
    }

    /** The connection's reader and dispatch threads still alive (their names end in the server port). */
    private static List<Thread> threadsOf(String port) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("voipkit-esl-") && t.getName().endsWith(":" + port)
                        && !t.getName().startsWith("voipkit-esl-timer-"))
                .toList();
    }
}
