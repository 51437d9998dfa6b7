package io.voipkit.freeswitch.internal;

import io.voipkit.core.ConnectionState;
import io.voipkit.core.PbxActionFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The inbound client against the real FreeSWITCH 1.10.12 of {@code ../shared/pbx}, started by
 * {@link RealFreeSwitch} (skips with the reason when it is absent or cannot run here).
 */
class FreeSwitchEslIT {

    private static RealFreeSwitch fs;
    private final List<EslInboundClient> clients = new ArrayList<>();

    @BeforeAll
    static void startFreeSwitch() throws Exception {
        fs = RealFreeSwitch.start();
    }

    @AfterAll
    static void stopFreeSwitch() throws Exception {
        if (fs != null) {
            fs.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(EslInboundClient::close);
    }

    private EslInboundClient client(String password, List<EslEvent> sink) {
        EslInboundClient c = new EslInboundClient(EslConnectionConfig.builder().host("127.0.0.1").port(fs.eslPort)
                .password(password).connectTimeout(Duration.ofSeconds(10)).commandTimeout(Duration.ofSeconds(20))
                .eventSink(sink::add).build(), Duration.ofMillis(200), Duration.ofSeconds(2), s -> { });
        clients.add(c);
        return c;
    }

    @Test
    void authenticatesAndAnswersApiStatus() throws Exception {
        EslInboundClient c = client(fs.password, new CopyOnWriteArrayList<>());
        c.connect();
        await().atMost(60, TimeUnit.SECONDS).ignoreExceptions()
                .until(() -> c.api("status", null).get(20, TimeUnit.SECONDS).contains("is ready"));
        assertThat(c.state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void aWrongPasswordIsAClearAuthFailure() {
        EslInboundClient c = client("not-the-password", new CopyOnWriteArrayList<>());
        assertThatThrownBy(c::connect).isInstanceOfSatisfying(PbxActionFailedException.class,
                e -> assertThat(e.action()).isEqualTo("auth"));
        assertThat(c.state()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void bgapiOriginateThenEventsInAllThreeFormatsThenUuidKill() throws Exception {
        List<EslEvent> plain = new CopyOnWriteArrayList<>();
        List<EslEvent> json = new CopyOnWriteArrayList<>();
        List<EslEvent> xml = new CopyOnWriteArrayList<>();
        EslInboundClient a = client(fs.password, plain);
        EslInboundClient b = client(fs.password, json);
        EslInboundClient x = client(fs.password, xml);
        a.subscribe(EslInboundClient.Format.PLAIN, "CHANNEL_CREATE", "CHANNEL_ANSWER", "CHANNEL_HANGUP_COMPLETE");
        b.subscribe(EslInboundClient.Format.JSON, "CHANNEL_CREATE", "CHANNEL_HANGUP_COMPLETE");
        x.subscribe(EslInboundClient.Format.XML, "CHANNEL_CREATE", "CHANNEL_HANGUP_COMPLETE");
        a.connect();
        b.connect();
        x.connect();

        String result = a.bgapi("originate", "{origination_caller_id_name='Doe Jr. 50%'}loopback/7700/default &park()")
                .get(60, TimeUnit.SECONDS);
        assertThat(result).startsWith("+OK ");
        String uuid = result.substring(4).strip();
        await().atMost(30, TimeUnit.SECONDS).until(() -> has(plain, "CHANNEL_ANSWER", uuid)
                && has(json, "CHANNEL_CREATE", uuid) && has(xml, "CHANNEL_CREATE", uuid));

        assertThat(a.api("uuid_kill", uuid).get(20, TimeUnit.SECONDS)).startsWith("+OK");
        await().atMost(30, TimeUnit.SECONDS).until(() -> has(plain, "CHANNEL_HANGUP_COMPLETE", uuid)
                && has(json, "CHANNEL_HANGUP_COMPLETE", uuid) && has(xml, "CHANNEL_HANGUP_COMPLETE", uuid));
        EslEvent created = plain.stream().filter(e -> "CHANNEL_CREATE".equals(e.name()) && uuid.equals(e.uniqueId()))
                .findFirst().orElseThrow();
        assertThat(created.get("Caller-Caller-ID-Name")).isEqualTo("Doe Jr. 50%"); // URL-decoded
        assertThat(json.stream().filter(e -> uuid.equals(e.uniqueId())).findFirst().orElseThrow()
                .get("Caller-Caller-ID-Name")).isEqualTo("Doe Jr. 50%");
        assertThat(xml.stream().filter(e -> uuid.equals(e.uniqueId())).findFirst().orElseThrow()
                .get("Caller-Caller-ID-Name")).isEqualTo("Doe Jr. 50%");
        // The other clients see a's BACKGROUND_JOB as an ordinary event, in their own format.
        assertThat(xml).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("BACKGROUND_JOB");
            assertThat(e.body()).isEqualTo(result);
        });
        assertThat(json).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("BACKGROUND_JOB");
            assertThat(e.body()).isEqualTo(result);
        });
        assertThat(a.api("uuid_kill", uuid).handle((r, e) -> e).get(20, TimeUnit.SECONDS))
                .isInstanceOf(PbxActionFailedException.class).hasMessageContaining("No such channel");
    }

    @Test
    void sendeventWithABodyComesBackToASubscriber() throws Exception {
        List<EslEvent> events = new CopyOnWriteArrayList<>();
        EslInboundClient c = client(fs.password, events);
        c.subscribe(EslInboundClient.Format.PLAIN, "CUSTOM", "voipkit::it");
        c.connect();
        c.sendEvent("CUSTOM", List.of(Map.entry("Event-Subclass", "voipkit::it"), Map.entry("Crm-Note", "50% off, now!")),
                "line one\nline two\n").get(20, TimeUnit.SECONDS);
        await().atMost(20, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e -> "voipkit::it".equals(e.subclass())));
        EslEvent e = events.stream().filter(ev -> "voipkit::it".equals(ev.subclass())).findFirst().orElseThrow();
        assertThat(e.get("Crm-Note")).isEqualTo("50% off, now!");
        assertThat(e.body()).isEqualTo("line one\nline two\n");
    }

    @Test
    void aFreeswitchRestartIsFollowedByReconnectAndResubscription() throws Exception {
        List<EslEvent> events = new CopyOnWriteArrayList<>();
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        EslInboundClient c = new EslInboundClient(EslConnectionConfig.builder().host("127.0.0.1").port(fs.eslPort)
                .password(fs.password).commandTimeout(Duration.ofSeconds(20)).eventSink(events::add).build(),
                Duration.ofMillis(200), Duration.ofSeconds(2), states::add);
        clients.add(c);
        c.subscribe(EslInboundClient.Format.PLAIN, "CHANNEL_CREATE");
        c.connect();

        fs.restart();
        await().atMost(60, TimeUnit.SECONDS).until(() -> states.contains(ConnectionState.RECONNECTING)
                && c.state() == ConnectionState.CONNECTED);

        String uuid = c.bgapi("originate", "loopback/7700/default &park()").get(60, TimeUnit.SECONDS).substring(4).strip();
        await().atMost(30, TimeUnit.SECONDS).until(() -> has(events, "CHANNEL_CREATE", uuid)); // re-subscribed
        c.api("uuid_kill", uuid).get(20, TimeUnit.SECONDS);
    }

    @Test
    void theSocketApplicationHandsACallToTheOutboundServer() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        EslConnectionConfig template = EslConnectionConfig.builder().password("unused-in-outbound-mode")
                .commandTimeout(Duration.ofSeconds(20)).build();
        try (EslOutboundServer server = new EslOutboundServer(java.net.InetAddress.getLoopbackAddress(), 0, 2, template, s -> {
            try {
                seen.add(s.uniqueId());
                s.command("linger 2").get(20, TimeUnit.SECONDS); // bare "linger" would wait for our exit
                seen.add(String.valueOf(s.getVar("voipkit_crm").get(20, TimeUnit.SECONDS)));
                s.hangup("NORMAL_CLEARING").get(20, TimeUnit.SECONDS);
                await().atMost(20, TimeUnit.SECONDS).until(() -> !s.isConnected());
                seen.add("ended");
            } catch (Exception e) {
                seen.add("failed: " + e);
            }
        })) {
            EslInboundClient c = client(fs.password, new CopyOnWriteArrayList<>());
            c.connect();
            // The originated leg itself goes to 7702 (socket), with its variables.
            String result = c.bgapi("originate", "{voipkit_crm=42,voipkit_socket_port=" + server.port()
                    + "}loopback/7700/default 7702 XML default").get(60, TimeUnit.SECONDS);
            assertThat(result).startsWith("+OK ");
            await().atMost(30, TimeUnit.SECONDS).until(() -> seen.contains("ended") || seen.stream().anyMatch(x -> x.startsWith("failed")));
            assertThat(seen).containsExactly(result.substring(4).strip(), "42", "ended");
        }
    }

    private static boolean has(List<EslEvent> events, String name, String uuid) {
        return events.stream().anyMatch(e -> name.equals(e.name()) && uuid.equals(e.uniqueId()));
    }
}
