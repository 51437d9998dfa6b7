package io.voipkit.simulator.esl;

import io.voipkit.core.InvalidRequestException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Behaviour of the ESL simulator that the transcripts cannot pin byte for byte. */
class FreeSwitchSimulatorTest {
    private final FreeSwitchSimulator fs = FreeSwitchSimulator.builder().seed(7).heartbeat(Duration.ZERO).build().start();

    @AfterEach
    void stop() {
        fs.close();
    }

    /** Events until the marker event {@code test::end}; the marker is sent by this method. */
    private static List<Map<String, String>> eventsUntilMarker(EslTestClient c) throws IOException {
        return c.eventsUntilMarker();
    }

    private static List<String> names(List<Map<String, String>> events) {
        return events.stream().map(e -> e.get("Event-Name") + ("CUSTOM".equals(e.get("Event-Name")) ? " " + e.get("Event-Subclass") : "")
                + (e.containsKey("Channel-Name") ? " " + e.get("Channel-Name") : "")).toList();
    }

    @Test
    void aScriptedCallProducesConsistentEventsInOrder() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_BRIDGE CHANNEL_UNBRIDGE CHANNEL_HANGUP CHANNEL_HANGUP_COMPLETE "
                    + "CHANNEL_DESTROY CUSTOM sofia::register test::end");
            assertThat(c.read().get("Reply-Text")).isEqualTo("+OK event listener enabled plain");
            fs.registerPhone("1000");
            fs.registerPhone("1001");
            FsCall call = fs.placeCall("1000", "1001");
            fs.answer(call);
            assertThat(c.api("show channels count")).isEqualTo("\n2 total.\n");
            fs.hangup(call, "NORMAL_CLEARING");
            List<Map<String, String>> events = eventsUntilMarker(c);
            String a = "sofia/internal/1000@127.0.0.1";
            String b = call.calleeChannel().replace(":", "%3A").replace("@", "%40");
            a = a.replace("@", "%40");
            assertThat(names(events)).containsExactly("CUSTOM sofia%3A%3Aregister", "CUSTOM sofia%3A%3Aregister",
                    "CHANNEL_CREATE " + a, "CHANNEL_CREATE " + b, "CHANNEL_ANSWER " + b, "CHANNEL_ANSWER " + a, "CHANNEL_BRIDGE " + a,
                    "CHANNEL_HANGUP " + a, "CHANNEL_HANGUP " + b, "CHANNEL_UNBRIDGE " + a, "CHANNEL_HANGUP_COMPLETE " + a,
                    "CHANNEL_HANGUP_COMPLETE " + b, "CHANNEL_DESTROY " + a, "CHANNEL_DESTROY " + b);
            Map<String, String> bridge = events.get(6);
            assertThat(bridge.get("Unique-ID")).isEqualTo(call.callerUuid());
            assertThat(bridge.get("Other-Leg-Unique-ID")).isEqualTo(call.calleeUuid());
            assertThat(bridge.get("Bridge-B-Unique-ID")).isEqualTo(call.calleeUuid());
            Map<String, String> complete = events.get(10);
            assertThat(complete.get("Hangup-Cause")).isEqualTo("NORMAL_CLEARING");
            assertThat(complete.get("Caller-Caller-ID-Number")).isEqualTo("1000");
            assertThat(complete.get("Caller-Destination-Number")).isEqualTo("1001");
            assertThat(complete).containsKeys("variable_billsec", "variable_duration", "variable_answer_epoch");
            assertThat(call.ended()).isTrue();
            assertThat(fs.activeChannels()).isZero();
        }
    }

    @Test
    void blastWritesTheFramesInTurnToEveryListenerAndRefusesBadArguments() throws Exception {
        try (EslTestClient listener = EslTestClient.authed(fs.port());
             EslTestClient quiet = EslTestClient.authed(fs.port())) {
            listener.send("event plain CHANNEL_CREATE");
            assertThat(listener.read().get("Reply-Text")).isEqualTo("+OK event listener enabled plain");
            List<byte[]> frames = new java.util.ArrayList<>();
            for (String name : new String[] {"HEARTBEAT", "RE_SCHEDULE"}) {
                String body = "Event-Name: " + name + "\nEvent-Sequence: 1\n\n";
                frames.add(("Content-Length: " + body.length() + "\nContent-Type: text/event-plain\n\n" + body)
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            // far more than the client queue holds: blast waits for the reader instead of dropping it
            long n = 5_000;
            java.util.concurrent.Future<Long> written = java.util.concurrent.Executors.newSingleThreadExecutor()
                    .submit(() -> fs.blast(frames, n));
            for (int i = 0; i < n; i++) {
                EslTestClient.Frame f = listener.read();
                assertThat(f.type()).isEqualTo("text/event-plain");
                assertThat(f.event().get("Event-Name")).isEqualTo(i % 2 == 0 ? "HEARTBEAT" : "RE_SCHEDULE");
            }
            assertThat(written.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(n);
            // the client without an event subscription got none of it: its next frame answers its command
            quiet.send("api status");
            assertThat(quiet.read().type()).isEqualTo("api/response");
        }
        assertThatThrownBy(() -> fs.blast(List.of(), 1)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("frames");
        assertThatThrownBy(() -> fs.blast(List.of(new byte[0]), 1)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("frames[0]");
        assertThatThrownBy(() -> fs.blast(List.of(new byte[] {'x'}), -1)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("count");
    }

    @Test
    void valuesAreUrlEncodedInPlainAndXmlButNotInJson() throws IOException {
        try (EslTestClient plain = EslTestClient.authed(fs.port());
             EslTestClient json = EslTestClient.authed(fs.port());
             EslTestClient xml = EslTestClient.authed(fs.port())) {
            plain.send("event plain CHANNEL_CREATE");
            json.send("event json CHANNEL_CREATE");
            xml.send("event xml CHANNEL_CREATE");
            assertThat(json.read().get("Reply-Text")).isEqualTo("+OK event listener enabled json");
            assertThat(xml.read().get("Reply-Text")).isEqualTo("+OK event listener enabled xml");
            plain.read();
            fs.api("originate {origination_caller_id_number=+79161234567,origination_caller_id_name='Doe, John <x&y>'}loopback/9007/default &park()");
            EslTestClient.Frame p = plain.read();
            EslTestClient.Frame j = json.read();
            EslTestClient.Frame x = xml.read();
            assertThat(p.type()).isEqualTo("text/event-plain");
            assertThat(p.event().get("Caller-Caller-ID-Number")).isEqualTo("%2B79161234567");
            assertThat(p.event().get("Caller-Caller-ID-Name")).isEqualTo("Doe,%20John%20%3Cx%26y%3E");
            assertThat(p.body()).endsWith("\n\n");
            assertThat(j.type()).isEqualTo("text/event-json");
            assertThat(j.body()).startsWith("{\"Event-Name\":\"CHANNEL_OUTGOING\"".replace("CHANNEL_OUTGOING", "CHANNEL_CREATE"))
                    .contains("\"Caller-Caller-ID-Number\":\"+79161234567\"").contains("\"Caller-Caller-ID-Name\":\"Doe, John <x&y>\"")
                    .endsWith("}");
            assertThat(x.type()).isEqualTo("text/event-xml");
            assertThat(x.body()).startsWith("<event>\n  <headers>\n    <Event-Name>CHANNEL_CREATE</Event-Name>\n")
                    .contains("<Caller-Caller-ID-Number>%2B79161234567</Caller-Caller-ID-Number>")
                    .contains("<Caller-Caller-ID-Name>Doe,%20John%20%3Cx%26y%3E</Caller-Caller-ID-Name>").endsWith("</event>\n");
            assertThat(Integer.parseInt(p.get("Content-Length"))).isEqualTo(p.body().getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void subscriptionsFiltersAndNixevent() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain CHANNEL_CREATE CHANNEL_DESTROY CUSTOM test::end");
            c.read();
            c.send("filter Event-Name");
            assertThat(c.read().get("Reply-Text")).isEqualTo("-ERR invalid syntax");
            c.send("filter Event-Name /^CHANNEL_(CREATE|FOO)$/");
            assertThat(c.read().get("Reply-Text")).isEqualTo("+OK filter added. [Event-Name]=[/^CHANNEL_(CREATE|FOO)$/]");
            c.send("filter Event-Subclass test::end");
            c.read();
            fs.api("originate loopback/9007/default &park()");
            List<Map<String, String>> events = eventsUntilMarker(c);
            assertThat(events).extracting(e -> e.get("Event-Name")).containsOnly("CHANNEL_CREATE").hasSize(2);

            c.send("filter delete all");
            assertThat(c.read().get("Reply-Text")).isEqualTo("+OK filter deleted. [all][]");
            c.send("nixevent CHANNEL_CREATE");
            assertThat(c.read().get("Reply-Text")).isEqualTo("+OK events nixed");
            fs.api("hupall");
            assertThat(eventsUntilMarker(c)).extracting(e -> e.get("Event-Name")).containsOnly("CHANNEL_DESTROY").hasSize(2);

            c.send("noevents");
            assertThat(c.read().get("Reply-Text")).isEqualTo("+OK no longer listening for events");
            c.send("noevents");
            assertThat(c.read().get("Reply-Text")).isEqualTo("-ERR not listening for events");
        }
    }

    @Test
    void customEventsNeedTheirSubclass() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain CUSTOM sofia::unregister test::end");
            c.read();
            fs.registerPhone("1003");
            fs.unregisterPhone("1003");
            assertThat(eventsUntilMarker(c)).extracting(e -> e.get("Event-Subclass")).containsExactly("sofia%3A%3Aunregister");
        }
    }

    @Test
    void aSynchronousApiAnswersBeforeTheEventsItCaused() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain ALL");
            c.read();
            c.send("api originate loopback/9001/default &park()");
            EslTestClient.Frame first = c.read();
            assertThat(first.type()).isEqualTo("api/response");
            assertThat(first.body()).startsWith("+OK ");
            EslTestClient.Frame next = c.read();
            assertThat(next.event().get("Event-Name")).isEqualTo("API");
            assertThat(next.event().get("API-Command")).isEqualTo("originate");
        }
    }

    @Test
    void bgapiAnswersWithAJobUuidAndCompletesInAnyOrder() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain BACKGROUND_JOB");
            c.read();
            c.send("bgapi");
            assertThat(c.read().get("Reply-Text")).isEqualTo("-ERR command not found");
            c.send("bgapi msleep 300");
            EslTestClient.Frame slow = c.read();
            String slowJob = slow.get("Job-UUID");
            assertThat(slow.get("Reply-Text")).isEqualTo("+OK Job-UUID: " + slowJob);
            c.send("bgapi status\nJob-UUID: 7a1c2d3e-client-chosen-job-uuid");
            assertThat(c.read().get("Job-UUID")).isEqualTo("7a1c2d3e-client-chosen-job-uuid");
            EslTestClient.Frame done1 = c.read();
            EslTestClient.Frame done2 = c.read();
            assertThat(done1.event().get("Job-UUID")).isEqualTo("7a1c2d3e-client-chosen-job-uuid");
            assertThat(done1.event()).doesNotContainKey("Job-Command-Arg");
            assertThat(done1.body()).contains("\n\nUP ").contains("FreeSWITCH (Version 1.10.12-release  64bit) is ready\n");
            assertThat(done2.event().get("Job-UUID")).isEqualTo(slowJob);
            assertThat(done2.event().get("Job-Command-Arg")).isEqualTo("300");
            // msleep's result has no trailing newline (bgapi-originate.txt)
            assertThat(done2.body()).endsWith("Content-Length: 3\n\n+OK");
        }
    }

    @Test
    void logDataFollowsTheLogLevel() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("log bogus");
            assertThat(c.read().get("Reply-Text")).isEqualTo("-ERR invalid log level");
            c.send("log 6");
            assertThat(c.read().get("Reply-Text")).isEqualTo("+OK log level 6 [6]");
            fs.registerPhone("1005");
            EslTestClient.Frame log = c.read();
            assertThat(log.headers()).extracting(h -> h[0]).containsExactly("Content-Type", "Content-Length", "Log-Level", "Text-Channel",
                    "Log-File", "Log-Func", "Log-Line", "User-Data");
            assertThat(log.get("Log-Level")).isEqualTo("6");
            assertThat(log.body()).contains("[INFO] sofia_reg.c:2059 Registered user 1005@127.0.0.1");
            c.send("nolog");
            assertThat(c.read().get("Reply-Text")).isEqualTo("+OK no longer logging");
            c.send("nolog");
            assertThat(c.read().get("Reply-Text")).isEqualTo("-ERR not loging");
        }
    }

    @Test
    void registrationsAreListed() throws IOException {
        fs.registerPhone("1000");
        fs.registerPhone("1001");
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            assertThat(c.api("show registrations as json")).startsWith("{\"row_count\":2,\"rows\":[{\"reg_user\":\"1000\"");
            String reg = c.api("sofia status profile internal reg 1001");
            assertThat(reg).contains("User:       \t1001@127.0.0.1\n").contains("Total items returned: 1\n").doesNotContain("1000@");
            assertThat(c.api("sofia status profile nosuch")).isEqualTo("Invalid Profile!\n");
        }
        fs.unregisterPhone("1000");
        assertThat(fs.isRegistered("1000")).isFalse();
        assertThat(fs.isRegistered("1001")).isTrue();
    }

    @Test
    void showChannelsAgreesWithTheEvents() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            String uuid = c.api("originate {^^:origination_caller_id_number=+79161234567:origination_caller_id_name='Doe, John'}loopback/9007/default &park()")
                    .substring(4).trim();
            String csv = c.api("show channels");
            // Fact 12: the CSV is not quoted, the comma in the name adds a column
            assertThat(csv).startsWith("uuid,direction,created,created_epoch,name,state,cid_name").contains(uuid + ",outbound,")
                    .contains("loopback/9007-a,CS_EXECUTE").contains(",Doe, John,+79161234567,").endsWith("\n2 total.\n");
            assertThat(c.api("show channels as json")).startsWith("{\"row_count\":2,\"rows\":[{\"uuid\":\"" + uuid + "\"");
            assertThat(c.api("show channels as xml")).startsWith("<result row_count=\"2\">\n  <row row_id=\"1\">\n    <uuid>" + uuid);
            assertThat(c.api("uuid_dump " + uuid)).startsWith("Event-Name: CHANNEL_DATA\n").contains("Unique-ID: " + uuid + "\n");
            assertThat(c.api("uuid_kill " + uuid)).isEqualTo("+OK\n");
            assertThat(c.api("show channels count")).isEqualTo("\n0 total.\n");
        }
    }

    @Test
    void aBlindTransferRingsTheNewPhone() throws IOException {
        fs.registerPhone("1000");
        fs.registerPhone("1001");
        fs.registerPhone("1002");
        FsCall call = fs.placeCall("1000", "1001");
        fs.answer(call);
        String oldCallee = call.calleeUuid();
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain CHANNEL_UNBRIDGE CHANNEL_HANGUP_COMPLETE CALL_UPDATE CHANNEL_CREATE CUSTOM test::end");
            c.read();
            fs.transfer(call, "1002");
            List<Map<String, String>> events = eventsUntilMarker(c);
            assertThat(events).extracting(e -> e.get("Event-Name")).containsExactly("CHANNEL_UNBRIDGE", "CHANNEL_HANGUP_COMPLETE",
                    "CALL_UPDATE", "CHANNEL_CREATE");
            assertThat(events.get(1).get("Unique-ID")).isEqualTo(oldCallee);
            assertThat(events.get(3).get("Caller-Destination-Number")).isEqualTo("1002");
        }
        assertThat(call.to()).isEqualTo("1002");
        assertThat(call.answered()).isFalse();
        fs.answer(call);
        assertThat(call.answered()).isTrue();
        assertThat(fs.activeChannels()).isEqualTo(2);
    }

    @Test
    void callcenterEventsForAgentChangesAndQueueCallers() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain CUSTOM callcenter::info test::end");
            c.read();
            // the queue's own agents on break, so that the caller waits (an Available agent would take it)
            c.api("callcenter_config agent set status agent9100@default 'On Break'");
            c.api("callcenter_config agent set status agent9101@default 'On Break'");
            c.api("callcenter_config agent add agent9102@default callback");
            c.api("callcenter_config agent set status agent9102@default Available");
            String uuid = c.api("originate {origination_caller_id_number=+79161234567}loopback/9003/default &park()").substring(4).trim();
            assertThat(c.api("callcenter_config queue count members verify@default")).isEqualTo("1\n");
            c.api("uuid_kill " + uuid);
            assertThat(c.api("callcenter_config queue count members verify@default")).isEqualTo("0\n");
            List<Map<String, String>> events = eventsUntilMarker(c);
            assertThat(events).extracting(e -> e.get("CC-Action")).containsExactly("agent-status-change", "agent-status-change",
                    "agent-add", "agent-status-change", "member-queue-start", "members-count", "member-queue-end", "members-count");
            assertThat(events.get(4).get("CC-Member-CID-Number")).isEqualTo("%2B79161234567");
            assertThat(events.get(6).get("CC-Cause")).isEqualTo("Cancel");
            assertThat(events.get(7).get("CC-Count")).isEqualTo("0");
        }
    }

    @Test
    void originateFailuresUseTheRecordedCauses() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            assertThat(c.api("originate loopback/nosuchexten/default &park()")).isEqualTo("-ERR NORMAL_CLEARING\n");
            assertThat(c.api("originate user/1004 &park()")).isEqualTo("-ERR USER_NOT_REGISTERED\n");
            fs.registerPhone("1004");
            assertThat(c.api("originate user/1004 &park()")).startsWith("+OK ");
            assertThat(c.api("originate loopback/1004/default &park()")).startsWith("+OK ");
            assertThat(fs.activeChannels()).isEqualTo(4);
        }
    }

    @Test
    void sendmsgExecutesAndHangsUp() throws IOException {
        String uuid = fs.api("originate loopback/9007/default &park()").substring(4).trim();
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain CHANNEL_EXECUTE CHANNEL_HANGUP_COMPLETE CUSTOM test::end");
            c.read();
            c.send("sendmsg " + uuid + "\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: tone_stream://%(100,0,800)");
            // the reply comes before the events of the application
            assertThat(c.read().get("Reply-Text")).isEqualTo("+OK");
            assertThat(c.command("sendmsg " + uuid + "\ncall-command: hangup\nhangup-cause: USER_BUSY")).isEqualTo("+OK");
            assertThat(c.command("sendmsg 00000000-0000-0000-0000-000000000000\ncall-command: hangup"))
                    .isEqualTo("-ERR invalid session id [00000000-0000-0000-0000-000000000000]");
            List<Map<String, String>> events = eventsUntilMarker(c);
            assertThat(events.get(0).get("Application")).isEqualTo("playback");
            assertThat(events).filteredOn(e -> "CHANNEL_HANGUP_COMPLETE".equals(e.get("Event-Name")))
                    .extracting(e -> e.get("Hangup-Cause")).containsExactly("USER_BUSY", "USER_BUSY");
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndDisconnected() throws IOException {
        try (EslTestClient c = new EslTestClient(fs.port())) {
            assertThat(c.read().type()).isEqualTo("auth/request");
            c.send("api status");
            assertThat(c.read().get("Reply-Text")).isEqualTo("-ERR command not found");
            c.send("auth wrong");
            assertThat(c.read().get("Reply-Text")).isEqualTo("-ERR invalid");
            assertThat(c.read().type()).isEqualTo("text/disconnect-notice");
            assertThat(c.read()).isNull();
        }
    }

    @Test
    void droppedConnectionsCanReconnect() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            await().until(() -> fs.connectionCount() == 1);
            fs.dropConnections();
            assertThat(c.read()).isNull();
        }
        try (EslTestClient again = EslTestClient.authed(fs.port())) {
            assertThat(again.api("status")).startsWith("UP ");
        }
    }

    @Test
    void malformedAndOversizedFramesReachAuthenticatedClients() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            await().until(() -> fs.connectionCount() == 1);
            fs.sendOversizedFrame(200_000);
            EslTestClient.Frame big = c.read();
            assertThat(big.get("Content-Length")).isEqualTo("200000");
            assertThat(big.body()).hasSize(200_000).startsWith("Event-Name: CUSTOM\n");
            fs.sendMalformed();
            EslTestClient.Frame bad = c.read();
            assertThat(bad.headers()).extracting(h -> h[0]).contains("this line has no colon");
        }
    }

    @Test
    void anOversizedCommandClosesOnlyThatClient() throws IOException {
        try (EslTestClient good = EslTestClient.authed(fs.port()); EslTestClient bad = EslTestClient.authed(fs.port())) {
            byte[] line = new byte[70_000];
            java.util.Arrays.fill(line, (byte) 'a');
            try {
                bad.sendRaw(line);
            } catch (IOException e) {
                // the server may close while we are still writing
            }
            try {
                assertThat(bad.read()).isNull();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server did not close the connection", e);
            } catch (IOException e) {
                // reset by peer is a close too
            }
            assertThat(good.api("status")).startsWith("UP ");
        }
    }

    @Test
    void heartbeatEventsCarryTheSessionCount() throws IOException {
        try (FreeSwitchSimulator beating = FreeSwitchSimulator.builder().heartbeat(Duration.ofMillis(200)).build().start();
             EslTestClient c = EslTestClient.authed(beating.port())) {
            c.send("event plain HEARTBEAT");
            c.read();
            beating.api("originate loopback/9007/default &park()");
            Map<String, String> hb = c.read().event();
            assertThat(hb.get("Event-Name")).isEqualTo("HEARTBEAT");
            assertThat(hb.get("Session-Count")).isEqualTo("2");
            assertThat(hb.get("Core-UUID")).isEqualTo(beating.coreUuid());
        }
    }

    @Test
    void theSameSeedGivesTheSameUuidsAndTrafficPlan() {
        try (FreeSwitchSimulator a = FreeSwitchSimulator.builder().seed(42).heartbeat(Duration.ZERO).build();
             FreeSwitchSimulator b = FreeSwitchSimulator.builder().seed(42).heartbeat(Duration.ZERO).build()) {
            assertThat(a.coreUuid()).isEqualTo(b.coreUuid());
            assertThat(a.api("originate loopback/9007/default &park()")).isEqualTo(b.api("originate loopback/9007/default &park()"));
            assertThat(a.traffic(9, 5, 4).plan(50)).isEqualTo(b.traffic(9, 5, 4).plan(50));
            assertThat(a.traffic(9, 5, 4).plan(50)).isNotEqualTo(a.traffic(10, 5, 4).plan(50));
        }
    }

    @Test
    void trafficPlacesCalls() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain CHANNEL_BRIDGE");
            c.read();
            FreeSwitchTraffic t = fs.traffic(3, 50, 6).start();
            try {
                EslTestClient.Frame bridge = c.read();
                assertThat(bridge.event().get("Event-Name")).isEqualTo("CHANNEL_BRIDGE");
                assertThat(t.stepsExecuted()).isPositive();
            } finally {
                t.stop();
            }
        }
    }

    @Test
    void scriptedCallsValidateTheirArguments() {
        assertThatThrownBy(() -> fs.registerPhone("999")).isInstanceOf(InvalidRequestException.class).hasMessageContaining("user");
        assertThatThrownBy(() -> fs.registerPhone("10\r\n00")).isInstanceOf(InvalidRequestException.class);
        fs.registerPhone("1000");
        assertThatThrownBy(() -> fs.placeCall("1000", "1001")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("not registered");
        assertThatThrownBy(() -> fs.placeCall("1000", "1000")).isInstanceOf(InvalidRequestException.class);
        fs.registerPhone("1001");
        FsCall call = fs.placeCall("1000", "1001");
        assertThatThrownBy(() -> fs.hangup(call, "normal clearing")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> fs.transfer(call, "1002\n")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> fs.api("status\r\nexit")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> FreeSwitchSimulator.builder().password("a\nb")).isInstanceOf(InvalidRequestException.class);
        assertThat(fs.hangup(call, "NO_ANSWER")).isTrue();
        assertThat(fs.hangup(call, "NO_ANSWER")).isFalse();
    }
}
