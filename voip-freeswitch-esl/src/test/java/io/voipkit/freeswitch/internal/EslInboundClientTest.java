package io.voipkit.freeswitch.internal;

import io.voipkit.core.ConnectionState;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxNotConnectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Reconnect, re-subscription and refusals of {@link EslInboundClient} against {@link FakeEslServer}. */
class EslInboundClientTest {

    private final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    private FakeEslServer server;
    private EslInboundClient client;

    private EslInboundClient client(String password) throws Exception {
        server = server == null ? new FakeEslServer() : server;
        client = new EslInboundClient(EslConnectionConfig.builder().host("127.0.0.1").port(server.port())
                .password(password).connectTimeout(Duration.ofSeconds(3)).commandTimeout(Duration.ofSeconds(3)).build(),
                Duration.ofMillis(50), Duration.ofMillis(200), states::add);
        return client;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void subscriptionsAndFiltersAreReappliedInOrderAfterTheServerDropsTheConnection() throws Exception {
        EslInboundClient c = client("ClueCon");
        c.subscribe(EslInboundClient.Format.PLAIN, "CHANNEL_ANSWER"); // before connect: remembered
        c.connect();
        c.addFilter("Event-Name", "CHANNEL_ANSWER").get(3, TimeUnit.SECONDS);
        c.subscribe(EslInboundClient.Format.PLAIN, "CUSTOM", "sofia::register").get(3, TimeUnit.SECONDS);
        c.log("warning").get(3, TimeUnit.SECONDS);
        assertThat(server.sessions().get(0)).containsExactly("auth ClueCon",
                "event plain CHANNEL_ANSWER BACKGROUND_JOB",
                "filter Event-Name BACKGROUND_JOB", "filter Event-Name CHANNEL_ANSWER",
                "event plain CHANNEL_ANSWER CUSTOM sofia::register BACKGROUND_JOB",
                "log warning");

        server.dropAll();
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.sessions().size() == 2
                && c.state() == ConnectionState.CONNECTED);
        assertThat(server.sessions().get(1)).containsExactly("auth ClueCon",
                "event plain CHANNEL_ANSWER CUSTOM sofia::register BACKGROUND_JOB",
                "filter Event-Name BACKGROUND_JOB", "filter Event-Name CHANNEL_ANSWER",
                "log warning");
        assertThat(states).containsSubsequence(ConnectionState.CONNECTING, ConnectionState.CONNECTED,
                ConnectionState.RECONNECTING, ConnectionState.CONNECTED);
        assertThat(c.api("status", null).get(3, TimeUnit.SECONDS)).startsWith("UP");
    }

    @Test
    void bgapiCompletesWithItsBackgroundJobBody() throws Exception {
        EslInboundClient c = client("ClueCon");
        c.connect();
        assertThat(c.bgapi("originate", "loopback/9000 &park()").get(3, TimeUnit.SECONDS)).isEqualTo("+OK done\n");
        assertThat(server.sessions().get(0)).contains("bgapi originate loopback/9000 &park()");
    }

    @Test
    void aWrongPasswordOnFirstConnectThrowsAndNeverRetries() throws Exception {
        EslInboundClient c = client("wrong");
        assertThatThrownBy(c::connect).isInstanceOfSatisfying(PbxActionFailedException.class,
                e -> assertThat(e.action()).isEqualTo("auth"));
        assertThat(c.state()).isEqualTo(ConnectionState.CLOSED);
        Thread.sleep(300); // several backoff periods: a retry loop would have reconnected by now
        assertThat(server.sessions()).hasSize(1);
    }

    @Test
    void aPasswordChangedWhileAwayEndsTheClientInsteadOfRetryingForever() throws Exception {
        EslInboundClient c = client("ClueCon");
        c.connect();
        server.password("rotated");
        server.dropAll();
        await().atMost(10, TimeUnit.SECONDS).until(() -> c.state() == ConnectionState.CLOSED);
        int sessions = server.sessions().size();
        Thread.sleep(300);
        assertThat(server.sessions()).hasSize(sessions);
        assertThat(sessions).isEqualTo(2);
    }

    @Test
    void anAclRejectionIsAnAuthFailure() throws Exception {
        EslInboundClient c = client("ClueCon");
        server.rejectByAcl(true);
        assertThatThrownBy(c::connect).isInstanceOf(PbxActionFailedException.class).hasMessageContaining("ACL");
    }

    @Test
    void commandsWhileDisconnectedFailFastAndNothingIsSentForInvalidArguments() throws Exception {
        EslInboundClient c = client("ClueCon");
        assertThatThrownBy(() -> c.api("status", null)).isInstanceOf(PbxNotConnectedException.class);
        c.connect();
        assertThatThrownBy(() -> c.api("status", "a\nb")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> c.addFilter("Event-Name", "X\r\nexit")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> c.subscribe(EslInboundClient.Format.JSON, "ALL\nexit")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> c.execute("uuid", "playback", "a\nb")).isInstanceOf(InvalidRequestException.class);
        assertThat(server.sessions().get(0)).containsExactly("auth ClueCon", "event plain BACKGROUND_JOB");
    }

    @Test
    void bgapiResultsArriveEvenWithoutAnySubscriptionBecauseBackgroundJobIsAlwaysSubscribed() throws Exception {
        EslInboundClient c = client("ClueCon");
        c.connect();
        assertThat(server.sessions().get(0)).containsExactly("auth ClueCon", "event plain BACKGROUND_JOB");
        c.unsubscribeAll().get(3, TimeUnit.SECONDS);
        assertThat(server.sessions().get(0)).endsWith("noevents", "event plain BACKGROUND_JOB");
    }

    @Test
    void anOversizedFrameResetsTheConnectionAndTheClientReconnects() throws Exception {
        EslInboundClient c = client("ClueCon");
        c.connect();
        server.sendToLatest("Content-Type: api/response\nContent-Length: 999999999999\n\n".getBytes(StandardCharsets.US_ASCII));
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.sessions().size() == 2
                && c.state() == ConnectionState.CONNECTED);
        assertThat(states).contains(ConnectionState.RECONNECTING);
    }

    @Test
    void everyReadsEventsAreFollowedByABatchEndAlsoWhenAProtocolErrorCutsTheReadShort() throws Exception {
        server = new FakeEslServer();
        List<String> seen = new CopyOnWriteArrayList<>();
        client = new EslInboundClient(EslConnectionConfig.builder().host("127.0.0.1").port(server.port())
                .password("ClueCon").connectTimeout(Duration.ofSeconds(3)).commandTimeout(Duration.ofSeconds(3))
                .eventSink(e -> seen.add(e.get("Event-Sequence")))
                .eventBatchEnd(() -> seen.add("end"))
                .build(), Duration.ofMillis(50), Duration.ofMillis(200), states::add);
        client.connect();
        StringBuilder three = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            String body = "Event-Name: HEARTBEAT\nEvent-Sequence: " + i + "\n\n";
            three.append("Content-Length: ").append(body.length()).append("\nContent-Type: text/event-plain\n\n").append(body);
        }
        server.sendToLatest(three.toString().getBytes(StandardCharsets.US_ASCII));
        await().atMost(5, TimeUnit.SECONDS).until(() -> seen.contains("3") && seen.get(seen.size() - 1).equals("end"));
        assertThat(seen.stream().filter(x -> !x.equals("end")).toList()).containsExactly("1", "2", "3");
        // an event, then a frame that breaks the protocol, in one write: the event still gets its batch end
        seen.clear();
        String body = "Event-Name: HEARTBEAT\nEvent-Sequence: 4\n\n";
        server.sendToLatest(("Content-Length: " + body.length() + "\nContent-Type: text/event-plain\n\n" + body
                + "Content-Type: api/response\nContent-Length: 999999999999\n\n").getBytes(StandardCharsets.US_ASCII));
        await().atMost(5, TimeUnit.SECONDS).until(() -> seen.contains("4") && seen.get(seen.size() - 1).equals("end"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.sessions().size() == 2
                && client.state() == ConnectionState.CONNECTED);
    }

    @Test
    void aReplyOrJobResultWakesItsWaiterOnlyAfterTheBeforeReplyHookOfTheEventsReadBeforeIt() throws Exception {
        // FsSupervisor writes live state per batch: a caller woken by a reply must find the state
        // of every event FreeSWITCH sent before that reply (an originate followed by a lookup by name),
        // so beforeReply (publish the state; never the events, which may block) runs first.
        // The reader hands each completed reply to the callback executor: record what it saw then.
        // Answers are held until the test has the future, so the reader, not this thread, completes it.
        server = new FakeEslServer();
        List<String> seen = new CopyOnWriteArrayList<>();
        List<List<String>> atWake = new CopyOnWriteArrayList<>();
        client = new EslInboundClient(EslConnectionConfig.builder().host("127.0.0.1").port(server.port())
                .password("ClueCon").connectTimeout(Duration.ofSeconds(3)).commandTimeout(Duration.ofSeconds(3))
                .callbackExecutor(r -> {
                    atWake.add(List.copyOf(seen));
                    r.run();
                })
                .eventSink(e -> seen.add(e.get("Event-Sequence")))
                .eventBatchEnd(() -> {
                    seen.add("end");
                    java.util.concurrent.CountDownLatch hold = holdBatchEnd;
                    if (hold != null) {
                        try {
                            hold.await(10, TimeUnit.SECONDS); // a subscriber queue full under BLOCK
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })
                .beforeReply(() -> seen.add("state"))
                .build(), Duration.ofMillis(50), Duration.ofMillis(200), states::add);
        client.connect();
        server.apiAnswerAfter("api show channels", heartbeat(1) + heartbeat(2), "0 total.\n");
        java.util.concurrent.CountDownLatch gate = server.holdAnswers();
        java.util.concurrent.CompletableFuture<String> api = client.api("show", "channels");
        gate.countDown();
        assertThat(api.get(5, TimeUnit.SECONDS)).isEqualTo("0 total.\n");
        assertThat(atWake.get(atWake.size() - 1)).endsWith("1", "2", "state");

        server.framesBeforeJobResult(heartbeat(3));
        gate = server.holdAnswers();
        java.util.concurrent.CompletableFuture<String> job = client.bgapi("status", null);
        gate.countDown();
        assertThat(job.get(5, TimeUnit.SECONDS)).isEqualTo("+OK done\n");
        assertThat(atWake.get(atWake.size() - 1)).endsWith("3", "state");
        // the job result woke this thread before its read's batch end ran: let that one pass first
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.get(seen.size() - 1).equals("end"));

        // The batch end (handing events to subscribers) may block; a reply must not wait for it,
        // since the blocked subscriber may be the very thread waiting for the reply.
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        holdBatchEnd = release;
        try {
            server.apiAnswerAfter("api show calls", heartbeat(4), "0 total.\n");
            gate = server.holdAnswers();
            java.util.concurrent.CompletableFuture<String> calls = client.api("show", "calls");
            gate.countDown();
            assertThat(calls.get(5, TimeUnit.SECONDS)).isEqualTo("0 total.\n");
        } finally {
            holdBatchEnd = null;
            release.countDown();
        }
    }

    /** While set, the batch end of aReplyOrJobResult… waits for it, as a publish into a full BLOCK queue does. */
    private volatile java.util.concurrent.CountDownLatch holdBatchEnd;

    private static String heartbeat(int sequence) {
        String body = "Event-Name: HEARTBEAT\nEvent-Sequence: " + sequence + "\n\n";
        return "Content-Length: " + body.length() + "\nContent-Type: text/event-plain\n\n" + body;
    }

    @Test
    void closeSendsExitAndStopsReconnecting() throws Exception {
        EslInboundClient c = client("ClueCon");
        c.connect();
        c.close();
        await().atMost(5, TimeUnit.SECONDS).until(() -> server.sessions().get(0).contains("exit"));
        assertThat(c.state()).isEqualTo(ConnectionState.CLOSED);
        Thread.sleep(300);
        assertThat(server.sessions()).hasSize(1);
    }
}
