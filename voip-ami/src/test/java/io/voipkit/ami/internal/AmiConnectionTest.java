package io.voipkit.ami.internal;

import io.voipkit.core.ConnectionState;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.PbxTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class AmiConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeAmiServer server = new FakeAmiServer();
    private final List<AmiMessage> events = new CopyOnWriteArrayList<>();
    private final List<String> disconnects = new CopyOnWriteArrayList<>();
    private final List<Throwable> disconnectCauses = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        server.close();
    }

    private AmiConnectionConfig.Builder config() {
        return AmiConnectionConfig.builder()
                .host("127.0.0.1").port(server.port())
                .username("monitor").secret("monitor-secret")
                .authType(AmiConnectionConfig.AuthType.PLAIN)
                .connectTimeout(Duration.ofSeconds(5))
                .actionTimeout(Duration.ofSeconds(5))
                .logoffTimeout(Duration.ofMillis(500))
                .eventSink(events::add)
                .disconnectListener((reason, cause) -> {
                    disconnects.add(reason);
                    if (cause != null) {
                        disconnectCauses.add(cause);
                    }
                });
    }

    private AmiConnection connection(AmiConnectionConfig.Builder config) {
        AmiConnection c = new AmiConnection(config.build());
        toClose.add(c);
        return c;
    }

    /** A connection logged in (plain) against the fake server, and the server side of it. */
    private record Connected(AmiConnection connection, FakeAmiServer.Session session) {
    }

    private Connected connected(AmiConnectionConfig.Builder config) throws Exception {
        AmiConnection c = connection(config);
        CompletableFuture<Void> connecting = CompletableFuture.runAsync(c::connect);
        FakeAmiServer.Session session = server.session();
        toClose.add(session);
        session.acceptPlainLogin();
        connecting.get(10, TimeUnit.SECONDS);
        return new Connected(c, session);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not fail but " + e, e);
        }
        throw new AssertionError("future completed normally");
    }

    // ------------------------------------------------------------------ login

    @Test
    void plainLoginSendsUsernameSecretAndEvents() throws Exception {
        AmiConnection c = connection(config());
        CompletableFuture<Void> connecting = CompletableFuture.runAsync(c::connect);
        FakeAmiServer.Session s = server.session();
        toClose.add(s);
        AmiMessage login = s.acceptPlainLogin();
        connecting.get(10, TimeUnit.SECONDS);

        assertThat(login).isEqualTo(AmiMessage.of("Action", "Login", "ActionID", "vk-1", "Username", "monitor",
                "Secret", "monitor-secret", "Events", "on"));
        assertThat(c.isConnected()).isTrue();
        assertThat(c.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(c.greeting()).isEqualTo("Asterisk Call Manager/11.0.0");
        assertThat(c.toString()).doesNotContain("monitor-secret");
    }

    @Test
    void md5LoginSendsTheKeyComputedFromTheChallengeAndNeverTheSecret() throws Exception {
        AmiConnection c = connection(config().authType(AmiConnectionConfig.AuthType.MD5).events("off"));
        CompletableFuture<Void> connecting = CompletableFuture.runAsync(c::connect);
        FakeAmiServer.Session s = server.session();
        toClose.add(s);
        s.send(FakeAmiServer.GREETING);
        AmiMessage challenge = s.readAction();
        assertThat(challenge).isEqualTo(AmiMessage.of("Action", "Challenge", "ActionID", "vk-1", "AuthType", "MD5"));
        s.respond(challenge, "Success", "Challenge", "991615116"); // the challenge of login-ok.txt
        AmiMessage login = s.readAction();
        s.respond(login, "Success", "Message", "Authentication accepted");
        connecting.get(10, TimeUnit.SECONDS);

        // the Key login-ok.sent.txt carries for that challenge
        assertThat(login).isEqualTo(AmiMessage.of("Action", "Login", "ActionID", "vk-2", "AuthType", "MD5",
                "Username", "monitor", "Key", "bac560d2c92d8820ffc69c20de308e04", "Events", "off"));
        assertThat(login.has("Secret")).isFalse();
    }

    @Test
    void refusedLoginIsAnActionFailureAndTheConnectionEnds() {
        AmiConnection c = connection(config().secret("wrong-secret"));
        CompletableFuture<Void> connecting = CompletableFuture.runAsync(c::connect);
        FakeAmiServer.Session s = server.session();
        toClose.add(s);
        s.send(FakeAmiServer.GREETING);
        AmiMessage login = s.readAction();
        s.respond(login, "Error", "Message", "Authentication failed"); // fact 12: then the server closes
        s.close();

        assertThat(failureOf(connecting)).isInstanceOfSatisfying(PbxActionFailedException.class, e -> {
            assertThat(e.action()).isEqualTo("Login");
            assertThat(e.pbxMessage()).isEqualTo("Authentication failed");
        });
        assertThat(c.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(disconnects).as("a session never established is not a disconnect").isEmpty();
        assertThatThrownBy(c::connect).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void connectingToAClosedPortFailsWithHostAndPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AmiConnection c = connection(config().port(port));
        assertThatThrownBy(c::connect).isInstanceOf(PbxNotConnectedException.class)
                .hasMessageContaining("127.0.0.1:" + port)
                .hasCauseInstanceOf(ConnectException.class);
        assertThat(c.state()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void connectingToAnUnreachableAddressFailsWithinTheConnectTimeout() {
        // 10.255.255.1 is not routed here: the SYN goes unanswered (or the network says unreachable).
        AmiConnection c = connection(config().host("10.255.255.1").port(5038).connectTimeout(Duration.ofMillis(300)));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(c::connect).isInstanceOf(PbxNotConnectedException.class)
                        .hasMessageContaining("10.255.255.1:5038"));
    }

    @Test
    void unknownHostFailsAsNotConnected() {
        AmiConnection c = connection(config().host("no-such-host.invalid"));
        assertThatThrownBy(c::connect).isInstanceOf(PbxNotConnectedException.class)
                .hasMessageContaining("no-such-host.invalid:").hasMessageContaining("unknown host");
    }

    @Test
    void serverThatNeverGreetsFailsAfterTheConnectTimeout() {
        AmiConnection c = connection(config().connectTimeout(Duration.ofMillis(300)));
        CompletableFuture<Void> connecting = CompletableFuture.runAsync(c::connect);
        toClose.add(server.session());
        assertThat(failureOf(connecting)).isInstanceOf(PbxNotConnectedException.class)
                .hasMessageContaining("No AMI greeting").hasMessageContaining("300 ms");
    }

    @Test
    void serverThatClosesWithoutGreetingFailsAtOnce() {
        // fact 13: a restarting Asterisk may accept and close without a greeting
        AmiConnection c = connection(config());
        CompletableFuture<Void> connecting = CompletableFuture.runAsync(c::connect);
        server.session().close();
        assertThat(failureOf(connecting)).isInstanceOf(PbxNotConnectedException.class)
                .hasMessageContaining("before the greeting");
    }

    // ------------------------------------------------------------------ actions

    @Test
    void actionsAreCorrelatedByActionIdNotByOrder() throws Exception {
        Connected c = connected(config());
        CompletableFuture<AmiMessage> a = c.connection().send(AmiAction.of("Ping"));
        CompletableFuture<AmiMessage> b = c.connection().send(AmiAction.of("CoreStatus"));
        AmiMessage pingFrame = c.session().readAction();
        AmiMessage statusFrame = c.session().readAction();
        assertThat(pingFrame.actionId()).isNotEqualTo(statusFrame.actionId());
        c.session().respond(statusFrame, "Success", "CoreCurrentCalls", "2");
        c.session().respond(pingFrame, "Success", "Ping", "Pong");

        assertThat(a.get(10, TimeUnit.SECONDS).get("Ping")).isEqualTo("Pong");
        assertThat(b.get(10, TimeUnit.SECONDS).get("CoreCurrentCalls")).isEqualTo("2");
    }

    @Test
    void aResponseWakesItsWaiterOnlyAfterTheBeforeReplyHookOfTheEventsReadBeforeIt() throws Exception {
        // the adapter applies live state per batch: a caller woken by a response must find the state
        // of every event Asterisk sent before it. send() hands the response to the callback executor
        // from the reader thread: record what had been seen at that moment.
        List<String> seen = new CopyOnWriteArrayList<>();
        List<List<String>> atWake = new CopyOnWriteArrayList<>();
        Connected c = connected(config()
                .eventSink(e -> seen.add(e.get("Uniqueid")))
                .eventBatchEnd(() -> seen.add("end"))
                .beforeReply(() -> seen.add("state"))
                .callbackExecutor(r -> {
                    atWake.add(List.copyOf(seen));
                    r.run();
                }));
        CompletableFuture<AmiMessage> f = c.connection().send(AmiAction.of("Ping"));
        AmiMessage ping = c.session().readAction();
        c.session().send("Event: Newchannel\r\nUniqueid: 1.1\r\n\r\nEvent: Newchannel\r\nUniqueid: 1.2\r\n\r\n"
                + "Response: Success\r\nActionID: " + ping.actionId() + "\r\nPing: Pong\r\n\r\n");
        assertThat(f.get(10, TimeUnit.SECONDS).get("Ping")).isEqualTo("Pong");
        assertThat(atWake.get(atWake.size() - 1)).endsWith("1.1", "1.2", "state");

        // a list response completes at its ListComplete: events between its items are applied before
        CompletableFuture<AmiListResponse> list = c.connection().sendList(AmiAction.of("CoreShowChannels"));
        AmiMessage show = c.session().readAction();
        String id = show.actionId();
        c.session().send("Response: Success\r\nActionID: " + id + "\r\nEventList: start\r\n\r\n"
                + "Event: Newchannel\r\nUniqueid: 2.1\r\n\r\n"
                + "Event: CoreShowChannelsComplete\r\nActionID: " + id + "\r\nEventList: Complete\r\n\r\n");
        assertThat(list.get(10, TimeUnit.SECONDS).complete()).isNotNull();
        assertThat(atWake.get(atWake.size() - 1)).endsWith("2.1", "state");
    }

    @Test
    void errorResponseCompletesNormallyAndRequireSuccessTurnsItIntoAnException() throws Exception {
        Connected c = connected(config());
        CompletableFuture<AmiMessage> f = c.connection().send(AmiAction.of("Originate", "Channel", "Local/1@test"));
        c.session().respond(c.session().readAction(), "Error", "Message", "Permission denied");
        AmiMessage answer = f.get(10, TimeUnit.SECONDS);

        assertThat(answer.response()).isEqualTo("Error");
        assertThatThrownBy(() -> AmiConnection.requireSuccess("Originate", answer))
                .isInstanceOfSatisfying(PbxActionFailedException.class, e -> {
                    assertThat(e.action()).isEqualTo("Originate");
                    assertThat(e.pbxMessage()).isEqualTo("Permission denied");
                });
        AmiMessage ok = AmiMessage.of("Response", "Success", "Message", "ok");
        assertThat(AmiConnection.requireSuccess("Ping", ok)).isSameAs(ok);
        assertThatThrownBy(() -> AmiConnection.requireSuccess("X", AmiMessage.of("Response", "Goodbye")))
                .isInstanceOf(PbxActionFailedException.class).hasMessageContaining("Response: Goodbye");
    }

    @Test
    void unansweredActionTimesOutAndALateAnswerIsIgnored() throws Exception {
        Connected c = connected(config().actionTimeout(Duration.ofMillis(200)));
        CompletableFuture<AmiMessage> f = c.connection().send(AmiAction.of("Ping"));
        AmiMessage frame = c.session().readAction();

        assertThat(failureOf(f)).isInstanceOfSatisfying(PbxTimeoutException.class, e -> {
            assertThat(e.action()).isEqualTo("Ping");
            assertThat(e.timeout()).isEqualTo(Duration.ofMillis(200));
        });
        c.session().respond(frame, "Success", "Ping", "Pong"); // too late: dropped
        CompletableFuture<AmiMessage> next = c.connection().send(AmiAction.of("Ping"));
        c.session().respond(c.session().readAction(), "Success", "Ping", "Pong", "Seq", "2");
        assertThat(next.get(10, TimeUnit.SECONDS).get("Seq")).isEqualTo("2");
        assertThat(c.connection().isConnected()).isTrue();
    }

    @Test
    void headerInjectionIsRejectedBeforeAnythingIsSent() throws Exception {
        Connected c = connected(config());
        assertThatThrownBy(() -> c.connection().send(
                AmiAction.of("Originate", "Channel", "Local/1@test", "CallerID", "x\r\nAction: Hangup")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("CallerID"));
        assertThatThrownBy(() -> c.connection().send(null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("action"));

        c.connection().send(AmiAction.of("Ping"));
        AmiMessage next = c.session().readAction();
        assertThat(next.get("Action")).as("the first frame after login").isEqualTo("Ping");
    }

    @Test
    void futuresCompleteOnTheCallbackExecutorNotOnTheReaderThread() throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-callbacks"));
        toClose.add(callbacks::shutdownNow);
        List<String> sinkThreads = new CopyOnWriteArrayList<>();
        Connected c = connected(config().callbackExecutor(callbacks).eventSink(m -> sinkThreads.add(Thread.currentThread().getName())));
        CompletableFuture<String> thread = c.connection().send(AmiAction.of("Ping"))
                .thenApply(m -> Thread.currentThread().getName());
        c.session().respond(c.session().readAction(), "Success");
        c.session().send("Event: FullyBooted\r\n\r\n");

        assertThat(thread.get(10, TimeUnit.SECONDS)).isEqualTo("test-callbacks");
        await().atMost(WAIT).until(() -> sinkThreads.size() == 1);
        assertThat(sinkThreads).containsExactly("voipkit-ami-reader-127.0.0.1:" + server.port());
    }

    // ------------------------------------------------------------------ lists and events

    @Test
    void listCollectsItemsWithItsActionIdWhileUnsolicitedEventsGoToTheSink() throws Exception {
        Connected c = connected(config());
        CompletableFuture<AmiListResponse> list = c.connection().sendList(AmiAction.of("ParkedCalls"));
        CompletableFuture<AmiMessage> originate = c.connection().send(AmiAction.of("Originate", "Channel", "Local/1@t", "Async", "true"));
        AmiMessage parked = c.session().readAction();
        AmiMessage orig = c.session().readAction();
        String id = parked.actionId();
        String oid = orig.actionId();
        // an OriginateResponse carrying the Originate's ActionID is an event even before its response (fact 5)
        c.session().send("Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: " + oid
                + "\r\nResponse: Success\r\nReason: 4\r\n\r\n");
        c.session().send("Response: Success\r\nActionID: " + id + "\r\nEventList: start\r\nMessage: Parked calls will follow\r\n\r\n"
                + "Event: ParkedCall\r\nParkingSpace: 701\r\nActionID: " + id + "\r\n\r\n"
                + "Event: Newchannel\r\nPrivilege: call,all\r\nChannel: Local/1@t-0001;1\r\n\r\n"
                + "Event: ParkedCall\r\nPrivilege: call,all\r\nParkingSpace: 702\r\n\r\n"
                + "Event: ParkedCall\r\nParkingSpace: 703\r\nActionID: " + id + "\r\n\r\n"
                + "Event: ParkedCallsComplete\r\nActionID: " + id + "\r\nEventList: Complete\r\nListItems: 2\r\nTotal: 2\r\n\r\n");
        c.session().respond(orig, "Success", "Message", "Originate successfully queued");

        AmiListResponse r = list.get(10, TimeUnit.SECONDS);
        assertThat(r.isSuccess()).isTrue();
        assertThat(r.items()).extracting(m -> m.get("ParkingSpace")).containsExactly("701", "703");
        assertThat(r.complete().eventName()).isEqualTo("ParkedCallsComplete");
        assertThat(r.announcedItems()).isEqualTo(2);
        assertThat(originate.get(10, TimeUnit.SECONDS).message()).isEqualTo("Originate successfully queued");
        await().atMost(WAIT).until(() -> events.size() == 3);
        assertThat(events).extracting(AmiMessage::eventName).containsExactly("OriginateResponse", "Newchannel", "ParkedCall");
        assertThat(events.get(2).get("ParkingSpace")).isEqualTo("702");
    }

    @Test
    void listAnsweredWithAnErrorCompletesEmpty() throws Exception {
        // pjsip-show-contacts: "Response: Error / No Contacts found\n" and no list
        Connected c = connected(config());
        CompletableFuture<AmiListResponse> list = c.connection().sendList(AmiAction.of("PJSIPShowContacts"));
        AmiMessage frame = c.session().readAction();
        c.session().send("Response: Error\r\nActionID: " + frame.actionId() + "\r\nMessage: No Contacts found\n\r\n\r\n");

        AmiListResponse r = list.get(10, TimeUnit.SECONDS);
        assertThat(r.isSuccess()).isFalse();
        assertThat(r.response().message()).isEqualTo("No Contacts found");
        assertThat(r.items()).isEmpty();
        assertThat(r.complete()).isNull();
        assertThat(r.announcedItems()).isEqualTo(-1);
    }

    @Test
    void listLongerThanTheLimitFailsAndTheRestReachesTheSink() throws Exception {
        Connected c = connected(config().maxListItems(2));
        CompletableFuture<AmiListResponse> list = c.connection().sendList(AmiAction.of("Status"));
        String id = c.session().readAction().actionId();
        StringBuilder sb = new StringBuilder("Response: Success\r\nActionID: " + id + "\r\nEventList: start\r\n\r\n");
        for (int i = 1; i <= 3; i++) {
            sb.append("Event: Status\r\nActionID: ").append(id).append("\r\nSeq: ").append(i).append("\r\n\r\n");
        }
        sb.append("Event: StatusComplete\r\nActionID: ").append(id).append("\r\nEventList: Complete\r\nListItems: 3\r\n\r\n");
        c.session().send(sb.toString());

        assertThat(failureOf(list)).isInstanceOf(PbxActionFailedException.class).hasMessageContaining("more than 2 items");
        await().atMost(WAIT).until(() -> events.size() == 2);
        assertThat(events).extracting(AmiMessage::eventName).containsExactly("Status", "StatusComplete");
    }

    @Test
    void aThrowingSinkIsLoggedAndTheNextEventStillArrives() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Connected c = connected(config().eventSink(m -> {
            seen.add(m.eventName());
            if (m.eventName().equals("Bad")) {
                throw new IllegalStateException("mapping bug");
            }
        }));
        c.session().send("Event: Bad\r\n\r\nEvent: Good\r\n\r\n");
        await().atMost(WAIT).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly("Bad", "Good");
        assertThat(c.connection().isConnected()).isTrue();
        assertThat(c.connection().eventsDelivered()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ disconnects

    @Test
    void serverClosingFailsPendingActionsAndTellsTheListenerOnce() throws Exception {
        Connected c = connected(config());
        CompletableFuture<AmiMessage> pending = c.connection().send(AmiAction.of("Ping"));
        c.session().readAction();
        c.session().send("Event: Shutdown\r\nPrivilege: system,all\r\nShutdown: Cleanly\r\nRestart: True\r\n\r\n");
        c.session().close();

        assertThat(failureOf(pending)).isInstanceOf(PbxNotConnectedException.class).hasMessageContaining("EOF");
        await().atMost(WAIT).until(() -> !disconnects.isEmpty());
        assertThat(disconnects).singleElement().asString().contains("connection closed by the server (EOF)");
        assertThat(disconnectCauses).isEmpty();
        assertThat(events).extracting(AmiMessage::eventName).containsExactly("Shutdown");
        assertThat(c.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(failureOf(c.connection().send(AmiAction.of("Ping")))).isInstanceOf(PbxNotConnectedException.class)
                .hasMessageContaining("Cannot send Ping");
        c.connection().close();
        assertThat(disconnects).hasSize(1);
    }

    @Test
    void oversizedFrameClosesTheConnectionWithAClearMessage() throws Exception {
        Connected c = connected(config().limits(new AmiLimits(100, 1024, 1 << 20)));
        CompletableFuture<AmiMessage> pending = c.connection().send(AmiAction.of("Ping"));
        c.session().readAction();
        c.session().send("Event: Flood\r\nData: " + "z".repeat(1000) + "\r\n\r\n");

        assertThat(failureOf(pending)).isInstanceOf(PbxNotConnectedException.class)
                .hasMessageContaining("longer than 100 bytes");
        await().atMost(WAIT).until(() -> !disconnects.isEmpty());
        assertThat(disconnects.get(0)).contains("AMI protocol error").contains("line 7").contains("\"Data: zzz");
        assertThat(disconnectCauses).singleElement().isInstanceOf(AmiProtocolException.class);
        assertThat(c.session().readAction(WAIT)).as("the client closed the socket").isNull();
        assertThat(events).isEmpty();
    }

    @Test
    void closeLogsOffIsIdempotentAndIsNoDisconnect() throws Exception {
        Connected c = connected(config());
        CompletableFuture<Void> closing = CompletableFuture.runAsync(c.connection()::close);
        AmiMessage logoff = c.session().readAction();
        assertThat(logoff.get("Action")).isEqualTo("Logoff");
        c.session().respond(logoff, "Goodbye", "Message", "Thanks for all the fish.");
        c.session().close();
        closing.get(10, TimeUnit.SECONDS);

        c.connection().close();
        assertThat(c.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(disconnects).isEmpty();
        assertThat(failureOf(c.connection().send(AmiAction.of("Ping")))).isInstanceOf(PbxNotConnectedException.class);
    }

    @Test
    void closeDoesNotWaitLongerThanTheLogoffTimeoutAndFailsPendingActions() throws Exception {
        Connected c = connected(config().logoffTimeout(Duration.ofMillis(200)));
        CompletableFuture<AmiMessage> pending = c.connection().send(AmiAction.of("Ping"));
        c.session().readAction();
        assertTimeoutPreemptively(Duration.ofSeconds(5), c.connection()::close);
        assertThat(c.session().readAction().get("Action")).isEqualTo("Logoff");
        assertThat(failureOf(pending)).isInstanceOf(PbxNotConnectedException.class).hasMessageContaining("closed by the client");
        assertThat(disconnects).isEmpty();
    }

    @Test
    void closeFromTheEventSinkDoesNotWaitForTheReaderItself() throws Exception {
        AmiConnection[] self = new AmiConnection[1];
        CompletableFuture<Void> closedInSink = new CompletableFuture<>();
        Connected c = connected(config().logoffTimeout(Duration.ofSeconds(30)).eventSink(m -> {
            self[0].close();
            closedInSink.complete(null);
        }));
        self[0] = c.connection();
        c.session().send("Event: Shutdown\r\nShutdown: Cleanly\r\n\r\n");
        closedInSink.get(10, TimeUnit.SECONDS);
        assertThat(c.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(c.session().readAction().get("Action")).isEqualTo("Logoff");
        assertThat(disconnects).isEmpty();
    }

    @Test
    void closingANeverConnectedConnectionIsFine() {
        AmiConnection c = connection(config());
        c.close();
        assertThat(c.state()).isEqualTo(ConnectionState.CLOSED);
        assertThatThrownBy(c::connect).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
    }

    // ------------------------------------------------------------------ backpressure

    @Test
    void blockingSinkStopsTheReaderAndTheServerWithoutLosingAnEvent() throws Exception {
        int total = 5_000;
        try (FakeAmiServer small = new FakeAmiServer(8192)) {
            CountDownLatch release = new CountDownLatch(1);
            List<String> received = new CopyOnWriteArrayList<>();
            AmiConnection c = new AmiConnection(config().port(small.port()).receiveBufferSize(8192).eventSink(m -> {
                received.add(m.get("Seq"));
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).build());
            toClose.add(c);
            CompletableFuture<Void> connecting = CompletableFuture.runAsync(c::connect);
            FakeAmiServer.Session s = small.session();
            toClose.add(s);
            s.acceptPlainLogin();
            connecting.get(10, TimeUnit.SECONDS);

            AtomicInteger written = new AtomicInteger();
            Thread writer = new Thread(() -> {
                for (int i = 0; i < total; i++) {
                    s.send(realisticEvent(i));
                    written.incrementAndGet();
                }
            }, "test-writer");
            writer.setDaemon(true);
            writer.start();

            // The server's writes stall inside the socket write: the sink holds the reader, the
            // socket buffers fill up, TCP flow control stops the sender.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                int before = written.get();
                Thread.sleep(300);
                return before == written.get() && before < total && inSocketWrite(writer);
            });
            assertThat(received).hasSize(1);

            release.countDown();
            await().atMost(WAIT).until(() -> received.size() == total);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                expected.add(Integer.toString(i));
            }
            assertThat(received).isEqualTo(expected);
        }
    }

    private static boolean inSocketWrite(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getMethodName().contains("write") && (e.getClassName().contains("Socket") || e.getClassName().contains("NioSocketImpl"))) {
                return true;
            }
        }
        return false;
    }

    /** A Newchannel event of about 440 bytes, like the ones in the transcripts. */
    static String realisticEvent(int seq) {
        return "Event: Newchannel\r\nPrivilege: call,all\r\nTimestamp: 1795553911.941425\r\n"
                + "Channel: PJSIP/101-ep-0000" + (seq % 10) + "\r\nChannelState: 0\r\nChannelStateDesc: Down\r\n"
                + "CallerIDNum: +15550100001\r\nCallerIDName: Caller A\r\nConnectedLineNum: <unknown>\r\n"
                + "ConnectedLineName: <unknown>\r\nLanguage: en\r\nAccountCode: \r\nContext: test\r\nExten: 200\r\n"
                + "Priority: 1\r\nUniqueid: 1795553911." + seq + "\r\nLinkedid: 1795553911." + seq + "\r\n"
                + "Seq: " + seq + "\r\n\r\n";
    }

    // ------------------------------------------------------------------ config

    @Test
    void configValidatesAndNeverShowsTheSecret() {
        AmiConnectionConfig ok = config().secret("s3cr3t-value".toCharArray()).build();
        assertThat(ok.toString()).doesNotContain("s3cr3t-value").contains("127.0.0.1:");
        assertThat(ok.events()).isEqualTo("on");
        assertThat(ok.authType()).isEqualTo(AmiConnectionConfig.AuthType.PLAIN);
        assertThat(AmiConnectionConfig.builder().host("h").username("u").secret("s").eventSink(m -> { }).build().authType())
                .isEqualTo(AmiConnectionConfig.AuthType.MD5);

        assertThatThrownBy(() -> config().port(0).build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("port"));
        assertThatThrownBy(() -> config().eventSink(null).build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("eventSink"));
        assertThatThrownBy(() -> config().secret("a\r\nAction: Originate").build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("secret");
                    assertThat(e.getMessage()).doesNotContain("Originate");
                });
        assertThatThrownBy(() -> config().host("bad\nhost").build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("host"));
        assertThatThrownBy(() -> config().actionTimeout(Duration.ZERO).build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("actionTimeout"));
        assertThatThrownBy(() -> new AmiLimits(0, 1, 1))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("maxLineLength"));
        assertThatThrownBy(() -> new AmiConnection(null)).isInstanceOf(InvalidRequestException.class);
    }
}
