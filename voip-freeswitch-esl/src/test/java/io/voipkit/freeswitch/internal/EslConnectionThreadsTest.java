package io.voipkit.freeswitch.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    private ServerSocket server;
    private EslConnection connection;
    private final List<String> sequences = new CopyOnWriteArrayList<>();
    private final List<String> disconnects = new CopyOnWriteArrayList<>();
    /** Counted down once connect() returned: a server that ends the session waits for it (else connect() fails). */
    private final CountDownLatch connected = new CountDownLatch(1);

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

    /** Accepts one client, answers its {@code auth}, then runs {@code then} on the socket's output. */
    private void serve(IoConsumer<OutputStream> then) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept(); OutputStream out = s.getOutputStream(); InputStream in = s.getInputStream()) {
                out.write("Content-Type: auth/request\n\n".getBytes(StandardCharsets.US_ASCII));
                int last = -1;
                for (int b; (b = in.read()) >= 0; last = b) {
                    if (b == '\n' && last == '\n') {
                        break;
                    }
                }
                out.write("Content-Type: command/reply\nReply-Text: +OK accepted\n\n".getBytes(StandardCharsets.US_ASCII));
                then.accept(out);
                // keep the socket open until the client closes it
                while (in.read() >= 0) {
                    // discard what the client sends (exit)
                }
            } catch (IOException e) {
                // the test is over
            }
        }, "esl-threads-test-server");
        t.setDaemon(true);
        t.start();
    }

    private void awaitConnected() throws IOException {
        try {
            if (!connected.await(10, TimeUnit.SECONDS)) {
                throw new IOException("the client did not connect");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @FunctionalInterface
    private interface IoConsumer<T> {
        void accept(T t) throws IOException;
    }

    private EslConnection connect(boolean dispatchThread, CountDownLatch sinkGate) {
        EslConnection c = new EslConnection(EslConnectionConfig.builder()
                .host("127.0.0.1").port(server.getLocalPort()).password("ClueCon")
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
        connected.countDown();
        return c;
    }

    @ParameterizedTest(name = "dispatchThread={0}")
    @ValueSource(booleans = {true, false})
    void aBlockedSinkStopsTheReaderSoTcpHoldsFreeswitchBackAndNothingIsLostOrReordered(boolean dispatchThread) throws Exception {
        int events = 40_000;
        long total = (long) events * event(1, 1000).length;
        AtomicLong written = new AtomicLong();
        serve(out -> {
            for (int i = 1; i <= events; i++) {
                byte[] e = event(i, 1000);
                out.write(e);
                written.addAndGet(e.length);
            }
        });
        CountDownLatch gate = new CountDownLatch(1);
        connect(dispatchThread, gate);
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
        serve(out -> {
            awaitConnected();
            byte[] good = new byte[0];
            for (int i = 1; i <= 3; i++) {
                byte[] e = event(i, 10);
                byte[] both = java.util.Arrays.copyOf(good, good.length + e.length);
                System.arraycopy(e, 0, both, good.length, e.length);
                good = both;
            }
            // three events and a broken frame in one write: one socket read
            out.write(good);
            out.write("Content-Length: many\nContent-Type: text/event-plain\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
        CountDownLatch open = new CountDownLatch(0);
        connect(dispatchThread, open);
        await().atMost(Duration.ofSeconds(10)).until(() -> !disconnects.isEmpty());
        assertThat(sequences).containsExactly("1", "2", "3");
        assertThat(disconnects).singleElement().asString().contains("Content-Length", "many", "not a number");
        assertThat(connection.isConnected()).isFalse();
    }

    @ParameterizedTest(name = "dispatchThread={0}")
    @ValueSource(booleans = {true, false})
    void anEndOfStreamAfterADisconnectNoticeSaysSo(boolean dispatchThread) throws Exception {
        serve(out -> {
            awaitConnected();
            out.write(event(1, 10));
            String notice = "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";
            out.write(("Content-Type: text/disconnect-notice\nContent-Length: " + notice.length() + "\n\n" + notice)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            server.close();
            throw new IOException("closing the client's socket too");
        });
        connect(dispatchThread, new CountDownLatch(0));
        await().atMost(Duration.ofSeconds(10)).until(() -> !disconnects.isEmpty());
        assertThat(sequences).containsExactly("1");
        assertThat(disconnects).containsExactly("connection closed by FreeSWITCH (EOF) after a disconnect notice");
    }

    @ParameterizedTest(name = "dispatchThread={0}")
    @ValueSource(booleans = {true, false})
    void closingWhileTheSinkIsStuckLeavesNoThreadBehindOnceItReturns(boolean dispatchThread) throws Exception {
        serve(out -> {
            for (int i = 1; i <= 20_000; i++) {
                out.write(event(i, 1000)); // far more than the connection buffers: the reader ends up waiting
            }
        });
        CountDownLatch gate = new CountDownLatch(1);
        EslConnection c = connect(dispatchThread, gate);
        String port = Integer.toString(server.getLocalPort());
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
