package io.voipkit.ami.internal;

import io.voipkit.core.PbxActionFailedException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drives a real {@link AmiConnection} against every recorded session: a loopback server plays
 * the recorded bytes in the recorded TCP reads and checks that our client writes exactly the bytes
 * the recorder wrote (Login, MD5 Key, every action, Logoff); the test checks that each answer,
 * each list and each event reached the right place.
 */
class AmiTranscriptReplayTest {

    /** Actions whose answers are lists in Asterisk 22 (fact 6). */
    private static final Set<String> LIST_ACTIONS = Set.of("CoreShowChannels", "PJSIPShowContacts", "PJSIPShowEndpoints",
            "PJSIPShowEndpoint", "PJSIPShowRegistrationsInbound", "QueueStatus", "QueueSummary", "ParkedCalls",
            "ParkingLots", "BridgeList", "BridgeInfo", "Status", "ConfbridgeList", "ConfbridgeListRooms", "DeviceStateList");

    /** Transcripts whose recorder sent something our client never sends (no ActionID, broken frames, no login). */
    private static final Set<String> NOT_REPLAYABLE = Set.of("ping", "errors-and-unknowns", "unknown-action",
            "action-before-login");

    /** The secret of user monitor; the recorded MD5 keys were computed from it. */
    private static final String MONITOR_SECRET = "monitor-secret";

    private static List<AmiMessage> frames(byte[] sent) {
        List<AmiMessage> frames = new ArrayList<>();
        new AmiDecoder(AmiLimits.DEFAULT, false).feed(sent, 0, sent.length, new AmiDecoder.Handler() {
            @Override
            public void greeting(String line) {
            }

            @Override
            public void message(AmiMessage message) {
                frames.add(message);
            }
        });
        return frames;
    }

    private static AmiAction toAction(AmiMessage frame) {
        AmiAction.Builder b = AmiAction.builder(frame.get("Action"));
        for (int i = 0; i < frame.size(); i++) {
            String n = frame.nameAt(i);
            if (!n.equalsIgnoreCase("Action") && !n.equalsIgnoreCase("ActionID")) {
                b.add(n, frame.valueAt(i));
            }
        }
        return b.build();
    }

    private static boolean isList(AmiMessage frame) {
        String action = frame.get("Action");
        return LIST_ACTIONS.contains(action) || ("Hangup".equals(action) && String.valueOf(frame.get("Channel")).startsWith("/"));
    }

    private static AmiConnectionConfig.Builder configFor(String name, AmiMessage firstFrame, AmiMessage login,
                                                          TranscriptServer server, List<AmiMessage> sink) {
        boolean md5 = "Challenge".equals(firstFrame.get("Action"));
        return AmiConnectionConfig.builder()
                .host("127.0.0.1").port(server.port())
                .username(login.get("Username"))
                .secret(md5 ? MONITOR_SECRET : login.get("Secret"))
                .authType(md5 ? AmiConnectionConfig.AuthType.MD5 : AmiConnectionConfig.AuthType.PLAIN)
                .events(login.get("Events"))
                .actionIdPrefix(name + "-")
                .connectTimeout(Duration.ofSeconds(5))
                .actionTimeout(Duration.ofSeconds(10))
                .eventSink(sink::add);
    }

    @TestFactory
    Stream<DynamicTest> everyRecordedSessionReplaysThroughTheConnection() {
        return AmiFixtures.names().stream()
                .filter(n -> !NOT_REPLAYABLE.contains(n))
                .map(name -> DynamicTest.dynamicTest(name, () -> replay(name)));
    }

    private void replay(String name) throws Exception {
        List<AmiMessage> frames = frames(AmiFixtures.sent(name));
        List<AmiMessage> recorded = AmiFixtures.decodeWhole(AmiFixtures.received(name)).messages();
        boolean md5 = "Challenge".equals(frames.get(0).get("Action"));
        AmiMessage login = frames.get(md5 ? 1 : 0);
        AmiMessage loginAnswer = recorded.stream().filter(m -> login.actionId().equals(m.actionId()) && m.isResponse())
                .findFirst().orElseThrow();
        List<AmiMessage> sink = new CopyOnWriteArrayList<>();
        List<String> disconnects = new CopyOnWriteArrayList<>();

        try (TranscriptServer server = new TranscriptServer(name)) {
            AmiConnection connection = new AmiConnection(configFor(name, frames.get(0), login, server, sink)
                    .disconnectListener((reason, cause) -> disconnects.add(reason)).build());
            if (!loginAnswer.isSuccess()) {
                assertThatThrownBy(connection::connect).isInstanceOfSatisfying(PbxActionFailedException.class, e -> {
                    assertThat(e.action()).isEqualTo("Login");
                    assertThat(e.pbxMessage()).isEqualTo(loginAnswer.message());
                });
                server.done().get(10, TimeUnit.SECONDS);
                assertThat(server.problems()).isEmpty();
                assertThat(disconnects).isEmpty();
                assertThat(connection.isConnected()).isFalse();
                return;
            }
            connection.connect();
            assertThat(connection.greeting()).isEqualTo("Asterisk Call Manager/11.0.0");

            List<AmiMessage> actions = frames.subList(md5 ? 2 : 1, frames.size());
            AmiMessage last = actions.get(actions.size() - 1);
            assertThat(last.get("Action")).isEqualTo("Logoff");
            List<CompletableFuture<?>> futures = new ArrayList<>();
            for (AmiMessage frame : actions.subList(0, actions.size() - 1)) {
                AmiAction action = toAction(frame);
                futures.add(isList(frame) ? connection.sendList(action) : connection.send(action));
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(20, TimeUnit.SECONDS);
            connection.close();
            server.done().get(10, TimeUnit.SECONDS);

            assertThat(server.problems()).as("bytes our client wrote vs the recording").isEmpty();
            assertThat(disconnects).as("closing ourselves is not a disconnect").isEmpty();

            Set<String> listIds = new HashSet<>();
            for (int i = 0; i < futures.size(); i++) {
                AmiMessage frame = actions.get(i);
                String id = frame.actionId();
                AmiMessage expectedResponse = recorded.stream().filter(m -> m.isResponse() && id.equals(m.actionId()))
                        .findFirst().orElseThrow();
                Object result = futures.get(i).join();
                if (result instanceof AmiListResponse list) {
                    assertThat(list.response()).isEqualTo(expectedResponse);
                    if (expectedResponse.isListStart()) {
                        listIds.add(id);
                        List<AmiMessage> expectedItems = recorded.stream()
                                .filter(m -> m.isEvent() && id.equals(m.actionId()) && !m.isListComplete()).toList();
                        assertThat(list.items()).as("%s items", id).isEqualTo(expectedItems);
                        assertThat(list.complete()).isNotNull();
                        assertThat(list.announcedItems()).isEqualTo(expectedItems.size());
                    } else {
                        assertThat(list.items()).isEmpty();
                        assertThat(list.complete()).isNull();
                    }
                } else {
                    assertThat(result).as("answer to %s", id).isEqualTo(expectedResponse);
                    assertThat(expectedResponse.isListStart()).as("%s opened a list we did not expect", id).isFalse();
                }
            }
            List<AmiMessage> expectedEvents = recorded.stream()
                    .filter(m -> m.isEvent() && !listIds.contains(m.actionId())).toList();
            assertThat(sink).as("events reaching the sink, in wire order").isEqualTo(expectedEvents);
            assertThat(connection.eventsDelivered()).isEqualTo(expectedEvents.size());
            assertThat(connection.bytesReceived()).isEqualTo(AmiFixtures.received(name).length);
        }
    }

    @TestFactory
    Stream<DynamicTest> md5KeyMatchesTheRecordedLogins() {
        return Stream.of("login-ok", "login-md5").map(name -> DynamicTest.dynamicTest(name, () -> {
            List<AmiMessage> frames = frames(AmiFixtures.sent(name));
            AmiMessage challenge = AmiFixtures.decodeWhole(AmiFixtures.received(name)).messages().get(0);
            String key = AmiConnection.md5Key(challenge.get("Challenge"), MONITOR_SECRET.toCharArray());
            assertThat(key).matches("[0-9a-f]{32}").isEqualTo(frames.get(1).get("Key"));
            assertThat(new String(AmiFixtures.sent(name), StandardCharsets.US_ASCII)).contains("Key: " + key + "\r\n");
        }));
    }
}
