package io.voipkit.simulator.esl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The simulator against the recordings of a real FreeSWITCH 1.10.12: byte for byte where the
 * transcript holds nothing that differs between runs, header names and order of every event kind
 * elsewhere.
 */
class EslTranscriptTest {
    private final FreeSwitchSimulator fs = FreeSwitchSimulator.builder().heartbeat(java.time.Duration.ZERO).build().start();

    @AfterEach
    void stop() {
        fs.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"auth-ok", "auth-bad-password", "exit", "bare-api-no-arg", "api-bad-command"})
    void bytesEqualTheRecording(String name) throws IOException {
        byte[] sent = EslFixtures.bytes(name + ".sent.txt");
        try (Socket s = new Socket("127.0.0.1", fs.port())) {
            s.setSoTimeout(10_000);
            // The whole recorded conversation at once, as a pipelining client would send it.
            s.getOutputStream().write(sent);
            s.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                got.write(buf, 0, n);
            }
            String expected = normalise(new String(EslFixtures.bytes(name + ".txt"), StandardCharsets.UTF_8));
            assertThat(normalise(got.toString(StandardCharsets.UTF_8))).isEqualTo(expected);
        }
    }

    /** {@code status} counts time and sessions; everything else must be equal. */
    private static String normalise(String s) {
        return s.replaceAll("Content-Length: \\d+\n\nUP ", "Content-Length: N\n\nUP ")
                .replaceAll("UP [^\n]*\n", "UP T\n")
                .replaceAll("\\d+ session\\(s\\) since startup", "N session(s) since startup")
                .replaceAll("\\d+ session\\(s\\) - peak \\d+, last 5min \\d+ ", "N session(s) - peak N, last 5min N ")
                .replaceAll("\\d+ session\\(s\\) per Sec out of max 30, peak \\d+, last 5min \\d+ ", "N session(s) per Sec out of max 30, peak N, last 5min N ")
                .replaceAll("min idle cpu [0-9.]+/[0-9.]+", "min idle cpu N");
    }

    @Test
    void everyEventKindTheSimulatorSendsHasARecordedShape() throws IOException {
        Map<String, Set<List<String>>> recorded = EslFixtures.shapes();
        List<EslTestClient.Frame> events = new ArrayList<>();
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain ALL");
            c.read();
            fs.registerPhone("1000");
            fs.registerPhone("1001");
            FsCall call = fs.placeCall("1000", "1001");
            fs.answer(call);
            fs.api("uuid_send_dtmf " + call.callerUuid() + " 12");
            fs.hangup(call, "NORMAL_CLEARING");
            String park = fs.api("originate {origination_caller_id_number=+79161234567}loopback/9007/default &park()").substring(4).trim();
            fs.api("uuid_transfer " + park + " 9001 XML default");
            fs.api("uuid_kill " + park);
            // the queue's agents on break: this caller waits, then hangs up (member-queue-end Cancel)
            fs.api("callcenter_config agent set status agent9100@default 'On Break'");
            fs.api("callcenter_config agent set status agent9101@default 'On Break'");
            String member = fs.api("originate loopback/9003/default &park()").substring(4).trim();
            fs.api("callcenter_config agent add agent9102@default callback");
            fs.api("callcenter_config agent set status agent9102@default Available");
            fs.api("callcenter_config agent set state agent9102@default Waiting");
            fs.api("callcenter_config agent set contact agent9102@default [leg_timeout=10]loopback/9102/default");
            fs.api("callcenter_config agent get status agent9102@default");
            fs.api("callcenter_config agent get state agent9102@default");
            fs.api("uuid_kill " + member);
            // an agent takes the next caller: offering, the agent's legs, bridge-agent-start/end, member-queue-end Terminated
            fs.api("callcenter_config agent set status agent9100@default Available");
            String served = fs.api("originate {origination_caller_id_name=Anna}loopback/9003/default &park()").substring(4).trim();
            await().atMost(Duration.ofSeconds(10)).until(() -> fs.activeChannels() == 4);
            fs.api("uuid_kill " + served);
            // valet parking (valet-park.txt): hold about a second after valet_park, exit when the call ends
            String parked = fs.api("originate {origination_caller_id_number=+79161234567}loopback/9005/default &park()")
                    .substring(4).trim();
            for (EslTestClient.Frame f; (f = c.read()) != null; ) {
                if ("text/event-plain".equals(f.type())) {
                    events.add(f);
                    if ("hold".equals(f.event().get("Action"))) {
                        break;
                    }
                }
            }
            fs.api("uuid_kill " + parked);
            // attended transfer: att_xfer dials the target, the transferring leg hangs up, peer and target are joined
            String xfer = fs.api("originate loopback/9000/default &bridge(loopback/9001/default)").substring(4).trim();
            fs.api("uuid_broadcast " + xfer + " att_xfer::loopback/9007/default aleg");
            fs.api("uuid_kill " + xfer);
            // eavesdrop: the spy ends with its target; then everything else
            String target = fs.api("originate loopback/9007/default &park()").substring(4).trim();
            fs.api("originate loopback/9001/default &eavesdrop(" + target + ")");
            fs.api("uuid_kill " + target);
            fs.api("hupall");
            fs.unregisterPhone("1000");
            fs.expireRegistration("1001");
            fs.failRegistration("1002");
            fs.heartbeat();
            c.send("bgapi status");
            c.send("api show calls count");
            // A marker event: when it arrives, everything before it has arrived.
            c.send("sendevent CUSTOM\nEvent-Subclass: test::end");
            // bgapi runs on a job thread of its own, so its BACKGROUND_JOB may come after the marker.
            boolean marker = false;
            boolean job = false;
            for (EslTestClient.Frame f; !(marker && job) && (f = c.read()) != null; ) {
                if ("text/event-plain".equals(f.type())) {
                    if ("test%3A%3Aend".equals(f.event().get("Event-Subclass"))) {
                        marker = true;
                        continue;
                    }
                    job |= "BACKGROUND_JOB".equals(f.event().get("Event-Name"));
                    events.add(f);
                }
            }
        }
        Set<String> kinds = new java.util.TreeSet<>();
        for (EslTestClient.Frame f : events) {
            String kind = EslFixtures.kind(f.event());
            if ("Cancel".equals(f.event().get("CC-Cause"))) {
                continue; // a caller leaving a queue unanswered was not recorded; its shape is the answered one's minus CC-Agent*
            }
            kinds.add(kind);
            assertThat(recorded).as("event kind %s is in the recordings", kind).containsKey(kind);
            assertThat(recorded.get(kind)).as("header names of %s: %s", kind, EslFixtures.shape(f.eventHeaders()))
                    .contains(EslFixtures.shape(f.eventHeaders()));
        }
        assertThat(kinds).contains("CHANNEL_CREATE", "CHANNEL_ANSWER", "CHANNEL_BRIDGE", "CHANNEL_UNBRIDGE", "CHANNEL_HANGUP",
                "CHANNEL_HANGUP_COMPLETE", "CHANNEL_DESTROY", "CHANNEL_EXECUTE", "CHANNEL_PARK", "CALL_UPDATE", "DTMF", "API",
                "BACKGROUND_JOB", "HEARTBEAT", "CUSTOM sofia::register", "CUSTOM sofia::unregister", "CUSTOM sofia::expire",
                "CUSTOM sofia::register_failure", "CUSTOM callcenter::info", "CUSTOM valet_parking::info", "CHANNEL_CALLSTATE");
        assertThat(events).extracting(f -> f.event().get("CC-Action")).contains("agent-offering", "bridge-agent-start",
                "bridge-agent-end");
        assertThat(events).extracting(f -> f.event().get("Action")).contains("hold", "exit");
    }

    @Test
    void aTransferredLegHasTheRecordedCallerProfile() throws IOException {
        // uuid-transfer.txt: the CHANNEL_UNPARK after "uuid_transfer <A> 9001 XML default" of a parked
        // originated A leg: flipped caller id without callee name, Transfer-Source after Source, RDNIS after Context
        EslTestClient.Frame recorded = EslFixtures.frames("uuid-transfer.txt").stream()
                .filter(f -> "text/event-plain".equals(f.type()) && "CHANNEL_UNPARK".equals(f.event().get("Event-Name")))
                .findFirst().orElseThrow();
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            String uuid = c.api("originate loopback/9007/default &park()").substring(4).trim();
            c.send("event plain CHANNEL_UNPARK");
            c.read();
            c.api("uuid_transfer " + uuid + " 9001 XML default");
            EslTestClient.Frame unpark = c.read();
            assertThat(unpark.event().get("Unique-ID")).isEqualTo(uuid);
            assertThat(profile(unpark)).isEqualTo(profile(recorded));
            assertThat(unpark.event().get("Caller-Transfer-Source")).matches("\\d+%3A[0-9a-f-]{36}%3Abl_xfer%3A9001/default/XML")
                    .isEqualTo(unpark.event().get("variable_transfer_source"));
            assertThat(unpark.event().get("Caller-RDNIS")).isEqualTo("9007");
            assertThat(unpark.event().get("Caller-Destination-Number")).isEqualTo("9001");
            assertThat(unpark.event().get("Caller-Profile-Index")).isEqualTo("2");
            assertThat(unpark.event().get("Caller-Caller-ID-Name")).isEqualTo("Outbound%20Call");
        }
    }

    /** The caller-profile header names ({@code Caller-*}) in order. */
    private static List<String> profile(EslTestClient.Frame f) {
        return f.eventHeaders().stream().map(h -> h[0]).filter(n -> n.startsWith("Caller-")).toList();
    }

    @Test
    void valetParkingHasTheRecordedEventsAndInfo() throws IOException {
        List<EslTestClient.Frame> recorded = EslFixtures.frames("valet-park.txt");
        List<EslTestClient.Frame> recordedEvents = recorded.stream().filter(f -> "text/event-plain".equals(f.type())).toList();
        List<String> recordedInfo = recorded.stream().filter(f -> "api/response".equals(f.type()) && f.body().startsWith("<lots>"))
                .map(EslTestClient.Frame::body).toList();
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain CUSTOM valet_parking::info");
            c.read();
            // the recorded scenario: a caller into 9005 (valet_park verify_lot auto in 6001 6099), valet_info,
            // another call retrieving slot 6001, valet_info
            String parked = c.api("originate {origination_caller_id_number=+79161234567}loopback/9005/default &park()")
                    .substring(4).trim();
            String parkedLeg = fs.api("uuid_getvar " + parked + " other_loopback_leg_uuid");
            EslTestClient.Frame hold = c.read();
            assertThat(hold.event().get("Action")).isEqualTo("hold");
            assertThat(hold.event().get("Unique-ID")).isEqualTo(parkedLeg);
            assertThat(nonVariables(hold)).isEqualTo(nonVariables(recordedEvents.get(0)));
            assertThat(c.api("valet_info")).isEqualTo(recordedInfo.get(0).replace("27bd76b9-7005-469b-86ed-8f7765809c4b", parkedLeg));
            assertThat(c.api("valet_info verify_lot")).isEqualTo(recordedInfo.get(1).replace("27bd76b9-7005-469b-86ed-8f7765809c4b", parkedLeg));
            assertThat(c.api("valet_info nosuch_lot")).isEqualTo("<lots>\n</lots>\n");
            String retriever = c.api("originate {origination_caller_id_number=1001}loopback/9007/default '&valet_park(verify_lot 6001)'")
                    .substring(4).trim();
            EslTestClient.Frame bridge = c.read();
            assertThat(bridge.event().get("Action")).isEqualTo("bridge");
            assertThat(bridge.event().get("Bridge-To-UUID")).isEqualTo(retriever);
            assertThat(nonVariables(bridge)).isEqualTo(nonVariables(recordedEvents.get(1)));
            EslTestClient.Frame exit = c.read();
            assertThat(exit.event().get("Action")).isEqualTo("exit");
            assertThat(exit.event().get("Other-Leg-Unique-ID")).isEqualTo(retriever);
            assertThat(c.api("valet_info")).isEqualTo(recordedInfo.get(2));
        }
    }

    /** Header names without channel variables and the set-only name headers. */
    private static List<String> nonVariables(EslTestClient.Frame f) {
        return EslFixtures.shape(f.eventHeaders());
    }

    @Test
    void sendeventEchoHasTheRecordedHeaderOrder() throws IOException {
        List<EslTestClient.Frame> recorded = EslFixtures.frames("sendevent.txt").stream()
                .filter(f -> "text/event-plain".equals(f.type())).toList();
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain CUSTOM verify::ping");
            c.read();
            c.send("sendevent CUSTOM\nEvent-Subclass: verify::ping\nCrm-Id: 42\nCrm-Note: 50% off, now!");
            EslTestClient.Frame reply = c.read();
            assertThat(reply.get("Reply-Text")).matches("\\+OK [0-9a-f-]{36}");
            EslTestClient.Frame echo = c.read();
            assertThat(names(echo)).isEqualTo(names(recorded.get(0)));
            assertThat(echo.event().get("Crm-Note")).isEqualTo("50%25%20off,%20now!");
            assertThat(echo.event().get("Event-UUID")).isEqualTo(reply.get("Reply-Text").substring(4));

            c.send("sendevent CUSTOM\nEvent-Subclass: verify::ping\nCrm-Id: 43\nContent-Type: text/plain\nContent-Length: 20\n\nhello body\nline two\n");
            c.read();
            EslTestClient.Frame withBody = c.read();
            assertThat(names(withBody)).isEqualTo(names(recorded.get(1)));
            assertThat(withBody.body()).endsWith("Event-Sequence: " + withBody.event().get("Event-Sequence")
                    + "\nContent-Length: 20\n\nhello body\nline two\n");
        }
    }

    private static List<String> names(EslTestClient.Frame f) {
        return f.eventHeaders().stream().map(h -> h[0]).toList();
    }

    @Test
    void apiTextsOfTheRecordedChannelCommands() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            String a = c.api("originate {origination_caller_id_number=+79161234567}loopback/9007/default &park()");
            assertThat(a).matches("\\+OK [0-9a-f-]{36}\n");
            String uuid = a.substring(4).trim();
            String b = c.api("originate {origination_caller_id_number=1001}loopback/9007/default &park()").substring(4).trim();
            // uuid-bridge.txt
            assertThat(c.api("uuid_bridge " + uuid + " " + b)).isEqualTo("+OK " + b + "\n");
            assertThat(c.api("uuid_bridge " + uuid + " 00000000-0000-0000-0000-000000000000")).isEqualTo("-ERR Invalid uuid\n");
            assertThat(c.api("uuid_bridge")).isEqualTo("-USAGE: <uuid> <other_uuid>\n");
            // uuid-send-dtmf.txt
            assertThat(c.api("uuid_send_dtmf " + uuid + " 1234#")).isEqualTo("+OK " + uuid + " sent DTMF 1234#.\n");
            assertThat(c.api("uuid_recv_dtmf " + uuid + " 9*")).isEqualTo("+OK " + uuid + " received DTMF 9*.\n");
            assertThat(c.api("uuid_send_dtmf 00000000-0000-0000-0000-000000000000 1")).isEqualTo("-ERR Cannot locate session!\n");
            // uuid-transfer.txt
            assertThat(c.api("uuid_transfer " + uuid + " 9001 XML default")).isEqualTo("+OK\n");
            assertThat(c.api("uuid_transfer 00000000-0000-0000-0000-000000000000 9001")).isEqualTo("-ERR No such channel!\n");
            assertThat(c.api("uuid_transfer")).isEqualTo("-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n");
            // uuid-kill.txt
            assertThat(c.api("uuid_kill " + uuid + " USER_BUSY")).isEqualTo("+OK\n");
            assertThat(c.api("uuid_kill " + uuid)).isEqualTo("-ERR No such channel!\n");
            assertThat(c.api("uuid_kill")).isEqualTo("-USAGE: <uuid> [cause]\n");
            // bgapi-originate.txt, heartbeat.txt
            assertThat(c.api("hupall NORMAL_CLEARING")).isEqualTo("+OK hangup all channels with cause NORMAL_CLEARING\n");
            assertThat(c.api("fsctl sps")).isEqualTo("+OK sessions per second: 30\n");
            assertThat(c.api("fsctl max_sessions")).isEqualTo("+OK max sessions: 1000\n");
            assertThat(c.api("show channels")).isEqualTo("\n0 total.\n");
            assertThat(c.api("show channels as json")).isEqualTo("{\"row_count\": 0}\n");
        }
    }

    @Test
    void callcenterListsHaveTheRecordedTexts() throws IOException {
        Map<String, String> recorded = new java.util.HashMap<>();
        List<EslTestClient.Frame> answers = EslFixtures.frames("callcenter.txt").stream().filter(f -> "api/response".equals(f.type())).toList();
        String[] sent = new String(EslFixtures.bytes("callcenter.sent.txt"), StandardCharsets.UTF_8).split("\n\n");
        List<String> apis = java.util.Arrays.stream(sent).filter(x -> x.startsWith("api ")).toList();
        for (int i = 0; i < apis.size(); i++) {
            recorded.putIfAbsent(apis.get(i), answers.get(i).body());
        }
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            for (String cmd : List.of("api callcenter_config queue list", "api callcenter_config queue list tiers verify@default",
                    "api callcenter_config queue list members verify@default", "api callcenter_config queue count",
                    "api callcenter_config queue count agents verify@default", "api callcenter_config tier list",
                    "api callcenter_config agent get status agent9100@default", "api callcenter_config agent get state agent9100@default",
                    "api callcenter_config agent add agent9102@default callback", "api callcenter_config agent set status nosuch@default Available",
                    "api callcenter_config agent bogus")) {
                assertThat(c.api(cmd.substring(4))).as(cmd).isEqualTo(recorded.get(cmd));
            }
            assertThat(c.api("callcenter_config agent add agent9102@default callback")).isEqualTo("-ERR Agent already exist!\n");
            String agents = c.api("callcenter_config queue list agents verify@default");
            assertThat(agents.split("\n")[0]).isEqualTo(recorded.get("api callcenter_config queue list agents verify@default").split("\n")[0]);
        }
    }
}
