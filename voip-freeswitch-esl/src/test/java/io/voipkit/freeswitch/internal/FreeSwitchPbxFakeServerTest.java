package io.voipkit.freeswitch.internal;

import io.voipkit.core.Channel;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.OriginateRequest;
import io.voipkit.core.OriginateResult;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.event.ConnectionStateChanged;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.StateResynced;
import io.voipkit.freeswitch.FreeSwitchPbx;
import io.voipkit.testsupport.SlowReaderClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link FreeSwitchPbx} against a scripted Event Socket server, in every build: the resync reads
 * users, registrations and channels; events change the state; a dropped connection is followed
 * by reconnect, re-subscription, resync and {@link StateResynced} naming the call that ended
 * while away; nothing with a line break is ever sent.
 */
class FreeSwitchPbxFakeServerTest {

    private static final String UUID1 = "11111111-2222-3333-4444-555555555555";
    private static final String USERS = """
            userid|context|domain|group|contact|callgroup|effective_caller_id_name|effective_caller_id_number
            1000|default|127.0.0.1|default|sofia/internal/sip:1000@127.0.0.1:5070|techsupport|Extension 1000|1000
            1001|default|127.0.0.1|default|error/user_not_registered|techsupport|Extension 1001|1001
            1001|default|127.0.0.1|sales|error/user_not_registered|techsupport|Extension 1001|1001

            +OK
            """;

    private FakeEslServer server;
    private FreeSwitchPbx pbx;
    private final List<PbxEvent> events = new CopyOnWriteArrayList<>();
    /** While slow, every clock reading on the ESL dispatch thread (one per event) takes 5 ms. */
    private final SlowReaderClock clock = new SlowReaderClock("voipkit-esl-events", Duration.ofMillis(5));

    @BeforeEach
    void start() throws Exception {
        server = new FakeEslServer();
        server.apiAnswer("api list_users", USERS);
        server.apiAnswer("api show registrations as json", "{\"row_count\":1,\"rows\":[{\"reg_user\":\"1000\","
                + "\"realm\":\"127.0.0.1\",\"url\":\"sofia/internal/sip:1000@127.0.0.1:5070\"}]}");
        server.apiAnswer("api show channels as json", "{\"row_count\":1,\"rows\":[{\"uuid\":\"" + UUID1 + "\","
                + "\"name\":\"sofia/internal/1000@127.0.0.1\",\"callstate\":\"ACTIVE\",\"created_epoch\":\"1795556058\","
                + "\"cid_num\":\"1000\",\"call_uuid\":\"" + UUID1 + "\"}]}");
        server.apiAnswer("api callcenter_config queue list", "-ERR no_such_command Command not found!\n");
        server.apiAnswer("api global_getvar recordings_dir", "/var/lib/freeswitch/recordings");
        pbx = FreeSwitchPbx.builder().host("127.0.0.1").port(server.port()).password("ClueCon")
                .config(PbxConfig.builder().reconnectInitialDelay(Duration.ofMillis(50))
                        .reconnectMaxDelay(Duration.ofMillis(200)).actionTimeout(Duration.ofSeconds(5)).build())
                .clock(clock)
                .build();
        pbx.events().subscribe(PbxEvent.class, events::add);
        pbx.connect();
    }

    @AfterEach
    void stop() throws Exception {
        pbx.close();
        server.close();
    }

    @Test
    void connectReadsUsersRegistrationsAndChannelsAndSubscribesTheMappedEvents() {
        assertThat(pbx.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(pbx.state().isCurrent()).isTrue();
        assertThat(pbx.state().endpoint("1000").orElseThrow().status()).isEqualTo(EndpointStatus.ONLINE);
        assertThat(pbx.state().endpoint("1000").orElseThrow().contacts()).containsExactly("sofia/internal/sip:1000@127.0.0.1:5070");
        assertThat(pbx.state().endpoint("1001").orElseThrow().status()).isEqualTo(EndpointStatus.OFFLINE);
        assertThat(pbx.state().channels()).singleElement().satisfies(c -> assertThat(c.uniqueId()).isEqualTo(UUID1));
        assertThat(pbx.state().callsOf("1000")).hasSize(1); // sofia/internal/1000@... is endpoint 1000
        assertThat(pbx.state().queues()).isEmpty(); // no mod_callcenter: no queues, no failure
        List<String> sent = server.sessions().get(0);
        assertThat(sent.get(0)).isEqualTo("auth ClueCon");
        assertThat(sent.get(1)).startsWith("event plain CHANNEL_CREATE").contains("BACKGROUND_JOB CUSTOM sofia::register")
                .endsWith("conference::maintenance");
    }

    @Test
    void aRegistrationEventTurnsTheEndpointOnline() throws Exception {
        server.sendToLatest(event("Event-Name", "CUSTOM", "Event-Subclass", "sofia::register", "profile-name", "internal",
                "username", "1001", "contact", "\"1001\" <sip:1001@127.0.0.1:5071>",
                "Event-Date-Timestamp", "1795556058000000"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(pbx.state().endpoint("1001").orElseThrow().status()).isEqualTo(EndpointStatus.ONLINE));
    }

    @Test
    void anOriginatedChannelIsInTheLiveStateWhenOriginateReturns() {
        // The CI failure of 2026-11-26: FreeSWITCH sends the channel's CHANNEL_CREATE, then the
        // originate's BACKGROUND_JOB, often in one socket read. Live state is written per read, so
        // the job must not wake the caller before that read's state is published: a park or a
        // hangup by channel name right after originate looks the name up in the live state.
        server.framesBeforeJobResult(uuid -> new String(event("Event-Name", "CHANNEL_CREATE", "Unique-ID", uuid,
                "Channel-Name", "loopback/7703-a", "Channel-State", "CS_INIT", "Channel-Call-State", "DOWN",
                "Channel-Call-UUID", uuid, "Caller-Caller-ID-Number", "0000000000", "Caller-Context", "default",
                "Caller-Destination-Number", "7703", "Event-Date-Timestamp", "1795556058000000"),
                StandardCharsets.UTF_8));
        // and more events after the job in the same read, each taking the reader 5 ms (the clock it asks
        // per event is slowed), so the woken caller looks at the state while that read is unfinished
        StringBuilder after = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            after.append(new String(event("Event-Name", "HEARTBEAT", "Event-Sequence", Integer.toString(i)),
                    StandardCharsets.UTF_8));
        }
        server.framesAfterJobResult(after.toString());
        clock.slow(true);
        try {
            OriginateResult r = pbx.calls().originate(OriginateRequest.toExtension("loopback/7703", "7703", "default")
                    .timeout(Duration.ofSeconds(5)).build());
            // no await, and the reader still slow: the state must already hold it
            assertThat(pbx.state().channels()).extracting(Channel::uniqueId).contains(r.uniqueId());
            assertThat(r.success()).as("%s", r).isTrue();
            assertThat(r.channel()).isEqualTo("loopback/7703-a");
        } finally {
            clock.slow(false);
        }
    }

    @Test
    void aDroppedConnectionIsFollowedByReconnectResyncAndStateResynced() throws Exception {
        server.apiAnswer("api show channels as json", "{\"row_count\": 0}");
        server.dropAll();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events)
                .filteredOn(ConnectionStateChanged.class::isInstance)
                .extracting(e -> ((ConnectionStateChanged) e).current())
                .containsSubsequence(ConnectionState.CONNECTED, ConnectionState.RECONNECTING, ConnectionState.CONNECTED));
        StateResynced r = events.stream().filter(StateResynced.class::isInstance).map(StateResynced.class::cast)
                .findFirst().orElseThrow();
        assertThat(r.endedCalls()).containsExactly(UUID1);
        assertThat(pbx.state().channels()).isEmpty();
        assertThat(pbx.state().isCurrent()).isTrue();
        assertThat(server.sessions()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(server.sessions().get(server.sessions().size() - 1)).anyMatch(l -> l.startsWith("event plain"));
    }

    @Test
    void lineBreaksAreRefusedBeforeAnythingIsSentAndNothingIsSentWhileDisconnected() throws Exception {
        int before = server.sessions().get(0).size();
        assertThatThrownBy(() -> pbx.calls().hangup(UUID1 + "\r\napi fsctl shutdown"))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> pbx.calls().sendDtmf(UUID1, "1\n2"))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(server.sessions().get(0)).hasSize(before);
        pbx.close();
        assertThatThrownBy(() -> pbx.calls().hangup(UUID1)).isInstanceOf(PbxNotConnectedException.class);
    }

    private static byte[] event(String... namesAndValues) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.append(namesAndValues[i]).append(": ")
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8).replace("+", "%20")).append('\n');
        }
        body.append('\n');
        byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
        return ("Content-Length: " + b.length + "\nContent-Type: text/event-plain\n\n" + body).getBytes(StandardCharsets.UTF_8);
    }
}
