package io.voipkit.simulator.esl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call features the simulator models as a real FreeSWITCH 1.10.12 answered them (recorded
 * 2026-11-25 for issue 7, beside the transcripts of {@code fixtures/esl}): {@code list_users}, the
 * flipped caller id of originated legs, transfer sources, {@code uuid_broadcast} with
 * {@code att_xfer}, valet parking, {@code eavesdrop} and mod_callcenter's agents; each with the
 * switch's answers to bad arguments.
 */
class FreeSwitchSimulatorCallFeaturesTest {
    private static final String HEADER = "userid|context|domain|group|contact|callgroup|effective_caller_id_name|effective_caller_id_number\n";

    private final FreeSwitchSimulator fs = FreeSwitchSimulator.builder().seed(11).heartbeat(Duration.ZERO).build().start();

    @AfterEach
    void stop() {
        fs.close();
    }

    private static String uuidOf(String okReply) {
        assertThat(okReply).as("originate reply").matches("\\+OK [0-9a-f-]{36}\n");
        return okReply.substring(4).trim();
    }

    // ---------------------------------------------------------------- list_users

    @Test
    void listUsersAnswersWithTheVanillaDirectoryOfTheRecordedSwitch() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            String all = c.api("list_users");
            List<String> lines = List.of(all.split("\n", -1));
            assertThat(lines.get(0) + "\n").isEqualTo(HEADER);
            assertThat(lines.get(1)).isEqualTo("1000|default|127.0.0.1|default|error/user_not_registered|techsupport|Extension 1000|1000");
            assertThat(lines.get(20)).isEqualTo("1019|default|127.0.0.1|default|error/user_not_registered|techsupport|Extension 1019|1019");
            assertThat(lines.subList(21, 25)).containsExactly("brian|default|127.0.0.1|default|error/user_not_registered||Brian West|1000",
                    "default||127.0.0.1|default|error/user_not_registered|||",
                    "example.com||127.0.0.1|default|error/user_not_registered|||",
                    "SEP001120AABBCC||127.0.0.1|default|error/user_not_registered|||");
            assertThat(lines.get(25)).startsWith("1000|default|127.0.0.1|sales|");
            assertThat(lines.get(39)).startsWith("1014|default|127.0.0.1|support|");
            assertThat(all).endsWith("|1014\n\n+OK\n").hasLineCount(42);
            // a filter word FreeSWITCH does not know is ignored: the whole list
            assertThat(c.api("list_users bogus")).isEqualTo(all);
            assertThat(c.api("list_users user 9999")).isEqualTo(HEADER + "\n+OK\n");
            assertThat(c.api("list_users group billing").lines().filter(l -> l.contains("|billing|")).toList())
                    .extracting(l -> l.substring(0, 4)).containsExactly("1005", "1006", "1007", "1008", "1009");

            fs.registerPhone("1003");
            String port = c.api("show registrations as json").replaceAll("(?s).*\"network_port\":\"(\\d+)\".*", "$1").trim();
            assertThat(c.api("list_users user 1003")).isEqualTo(HEADER
                    + "1003|default|127.0.0.1|default|sofia/internal/sip:1003@127.0.0.1:" + port + "|techsupport|Extension 1003|1003\n"
                    + "1003|default|127.0.0.1|sales|sofia/internal/sip:1003@127.0.0.1:" + port + "|techsupport|Extension 1003|1003\n"
                    + "\n+OK\n");
        }
    }

    // ---------------------------------------------------------------- originate: flipped caller id, transfers

    @Test
    void anOriginatedLegShowsTheCallerIdItWasPlacedWithAsItsCallee() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain CALL_UPDATE CUSTOM test::end");
            c.read();
            String a = uuidOf(c.api("originate {origination_caller_id_name='Contract\\, Test',origination_caller_id_number=+15550001111}"
                    + "loopback/9000/default 9007 XML default"));
            String dump = c.api("uuid_dump " + a + " json");
            assertThat(dump).contains("\"Caller-Caller-ID-Name\":\"Outbound Call\"", "\"Caller-Caller-ID-Number\":\"default\"",
                    "\"Caller-Orig-Caller-ID-Name\":\"Contract, Test\"", "\"Caller-Orig-Caller-ID-Number\":\"+15550001111\"",
                    "\"Caller-Callee-ID-Name\":\"Contract, Test\"", "\"Caller-Callee-ID-Number\":\"+15550001111\"",
                    "\"Caller-ANI\":\"+15550001111\"", "\"Caller-Destination-Number\":\"9007\"", "\"Caller-RDNIS\":\"9000\"",
                    "\"Caller-Profile-Index\":\"2\"", "\"variable_current_application\":\"park\"",
                    "\"variable_origination_caller_id_name\":\"Contract, Test\"");
            // an originate to an extension transfers the new leg there (recorded)
            assertThat(dump).containsPattern("\"Caller-Transfer-Source\":\"\\d+:[0-9a-f-]{36}:bl_xfer:9007/default/XML\"");
            List<Map<String, String>> events = c.eventsUntilMarker();
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.get("Unique-ID")).isEqualTo(a);
                assertThat(e.get("Direction")).isEqualTo("RECV");
                assertThat(e.get("Caller-Callee-ID-Name")).isEqualTo("Contract,%20Test");
            });
            String json = c.api("show channels as json");
            assertThat(json).contains("\"name\":\"loopback/9000-a\",\"state\":\"CS_EXECUTE\",\"cid_name\":\"Outbound Call\",\"cid_num\":\"default\"",
                    "\"callee_name\":\"Contract, Test\",\"callee_num\":\"+15550001111\",\"callee_direction\":\"RECV\"",
                    "\"name\":\"loopback/9000-b\",\"state\":\"CS_EXECUTE\",\"cid_name\":\"Contract, Test\",\"cid_num\":\"+15550001111\"",
                    "\"callee_name\":\"Outbound Call\",\"callee_num\":\"default\",\"callee_direction\":\"\"",
                    "\"initial_cid_name\":\"Contract, Test\",\"initial_cid_num\":\"+15550001111\"");
        }
    }

    @Test
    void aLegWithoutACallerNameHasNoCalleeNameOnceFlipped() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            String a = uuidOf(c.api("originate {origination_caller_id_number=1001}loopback/9001/default &park()"));
            String dump = c.api("uuid_dump " + a + " json");
            assertThat(dump).contains("\"Caller-Caller-ID-Name\":\"Outbound Call\"", "\"Caller-Callee-ID-Number\":\"1001\"")
                    .doesNotContain("Caller-Callee-ID-Name", "Caller-Orig-Caller-ID-Name", "Caller-Transfer-Source", "Caller-RDNIS");
        }
    }

    @Test
    void uuidTransferRecordsEveryTransferInTheHistory() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            String a = uuidOf(c.api("originate loopback/9007/default &park()"));
            assertThat(c.api("uuid_getvar " + a + " transfer_source")).isEqualTo("_undef_");
            assertThat(c.api("uuid_transfer " + a + " 9001 XML default")).isEqualTo("+OK\n");
            String first = c.api("uuid_getvar " + a + " transfer_source");
            assertThat(first).matches("\\d+:[0-9a-f-]{36}:bl_xfer:9001/default/XML");
            assertThat(c.api("uuid_transfer " + a + " 'set:crm_transferred=yes,park' inline")).isEqualTo("+OK\n");
            String second = c.api("uuid_getvar " + a + " transfer_source");
            assertThat(second).endsWith(":bl_xfer:set:crm_transferred=yes,park/default/inline");
            assertThat(c.api("uuid_getvar " + a + " transfer_history")).isEqualTo("ARRAY::" + first + "|:" + second);
            assertThat(c.api("uuid_getvar " + a + " crm_transferred")).isEqualTo("yes");
            assertThat(c.api("uuid_dump " + a + " json")).contains("\"Caller-Destination-Number\":\"9001\"", "\"Caller-Dialplan\":\"inline\"",
                    "\"Caller-Profile-Index\":\"3\"").doesNotContain("Caller-RDNIS");
        }
    }

    @Test
    void uuidBridgeTransfersEachLegToTheOther() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            String a = uuidOf(c.api("originate loopback/9007/default &park()"));
            String b = uuidOf(c.api("originate loopback/9007/default &park()"));
            assertThat(c.api("uuid_bridge " + a + " " + b)).isEqualTo("+OK " + b + "\n");
            assertThat(c.api("uuid_getvar " + a + " transfer_source")).matches("\\d+:[0-9a-f-]{36}:uuid_br:" + b);
            assertThat(c.api("uuid_getvar " + b + " transfer_source")).matches("\\d+:[0-9a-f-]{36}:uuid_br:" + a);
        }
    }

    @Test
    void hupallWithoutACauseUsesManagerRequest() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            uuidOf(c.api("originate loopback/9007/default &park()"));
            assertThat(c.api("hupall")).isEqualTo("+OK hangup all channels with cause MANAGER_REQUEST\n");
            assertThat(fs.activeChannels()).isZero();
        }
    }

    // ---------------------------------------------------------------- uuid_broadcast, att_xfer

    @Test
    void uuidBroadcastAnswersWithTheRecordedTexts() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            String usage = "-USAGE: <uuid> <path> [aleg|bleg|holdb|both]\n";
            assertThat(c.api("uuid_broadcast")).isEqualTo(usage);
            assertThat(c.api("uuid_broadcast 00000000-0000-0000-0000-000000000000")).isEqualTo(usage);
            assertThat(c.api("uuid_broadcast 00000000-0000-0000-0000-000000000000 att_xfer::loopback/9007/default aleg"))
                    .isEqualTo("-ERR invalid uuid\n");
            String a = uuidOf(c.api("originate loopback/9007/default &park()"));
            c.send("event plain CHANNEL_EXECUTE CUSTOM test::end");
            c.read();
            assertThat(c.api("uuid_broadcast " + a + " /tmp/hello.wav")).isEqualTo("+OK Message sent\n");
            assertThat(c.api("uuid_broadcast " + a + " set::crm_note=hi aleg")).isEqualTo("+OK Message sent\n");
            // a leg word FreeSWITCH does not know is not an error (recorded): the leg itself plays
            assertThat(c.api("uuid_broadcast " + a + " /tmp/other.wav bogus")).isEqualTo("+OK Message sent\n");
            List<Map<String, String>> events = c.eventsUntilMarker();
            assertThat(events).extracting(e -> e.get("Application") + " " + e.get("Application-Data"))
                    .containsExactly("playback /tmp/hello.wav", "set crm_note%3Dhi", "playback /tmp/other.wav");
        }
    }

    @Test
    void attXferDialsTheTargetAndJoinsItWithTheHeldPeerWhenTheTransferringLegHangsUp() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            String a = uuidOf(c.api("originate loopback/9000/default &bridge(loopback/9001/default)"));
            String peer = c.api("uuid_dump " + a + " json").replaceAll("(?s).*\"Other-Leg-Unique-ID\":\"([0-9a-f-]{36})\".*", "$1");
            c.send("event plain CHANNEL_EXECUTE CHANNEL_CALLSTATE CHANNEL_CREATE CHANNEL_BRIDGE CUSTOM test::end");
            c.read();
            assertThat(c.api("uuid_broadcast " + a + " att_xfer::loopback/9007/default aleg")).isEqualTo("+OK Message sent\n");
            List<Map<String, String>> events = c.eventsUntilMarker();
            assertThat(events.get(0)).containsEntry("Application", "att_xfer").containsEntry("Application-Data", "loopback/9007/default")
                    .containsEntry("Unique-ID", a);
            assertThat(events.get(1)).containsEntry("Channel-Call-State", "RING_WAIT").containsEntry("Unique-ID", a);
            assertThat(events).extracting(e -> e.get("Event-Name") + " " + e.get("Channel-Name"))
                    .contains("CHANNEL_CREATE loopback/9007-a", "CHANNEL_CREATE loopback/9007-b", "CHANNEL_BRIDGE loopback/9000-a");
            Map<String, String> bridged = events.get(events.size() - 1);
            assertThat(bridged.get("Event-Name")).isEqualTo("CHANNEL_BRIDGE");
            String target = bridged.get("Other-Leg-Unique-ID");
            assertThat(bridged.get("Other-Leg-Channel-Name")).isEqualTo("loopback/9007-a");

            assertThat(c.api("uuid_kill " + a)).isEqualTo("+OK\n");
            List<Map<String, String>> after = c.eventsUntilMarker();
            assertThat(after).filteredOn(e -> "CHANNEL_BRIDGE".equals(e.get("Event-Name"))).singleElement().satisfies(e -> {
                assertThat(e.get("Unique-ID")).isEqualTo(target);
            });
            assertThat(c.api("uuid_exists " + a)).isEqualTo("false");
            assertThat(c.api("uuid_dump " + target + " json")).contains("\"Other-Leg-Unique-ID\":\"" + peer + "\"");
        }
    }

    @Test
    void attXferReturnsToThePeerWhenTheTargetHangsUpOrCannotBeDialled() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            String a = uuidOf(c.api("originate loopback/9000/default &bridge(loopback/9001/default)"));
            String peer = c.api("uuid_dump " + a + " json").replaceAll("(?s).*\"Other-Leg-Unique-ID\":\"([0-9a-f-]{36})\".*", "$1");
            // an extension the dialplan does not have: att_xfer returns at once, the bridge stays
            assertThat(c.api("uuid_broadcast " + a + " att_xfer::loopback/nosuch/default")).isEqualTo("+OK Message sent\n");
            assertThat(c.api("uuid_dump " + a + " json")).contains("\"Other-Leg-Unique-ID\":\"" + peer + "\"");
            c.api("uuid_broadcast " + a + " att_xfer::loopback/9007/default");
            String target = c.api("uuid_dump " + a + " json").replaceAll("(?s).*\"Other-Leg-Unique-ID\":\"([0-9a-f-]{36})\".*", "$1");
            assertThat(target).isNotEqualTo(peer);
            c.api("uuid_kill " + target);
            assertThat(c.api("uuid_exists " + a)).isEqualTo("true");
            assertThat(c.api("uuid_dump " + a + " json")).contains("\"Other-Leg-Unique-ID\":\"" + peer + "\"");
        }
    }

    // ---------------------------------------------------------------- valet parking

    @Test
    void anInlineValetParkHoldsTheCallInTheFirstFreeSlotAboutASecondLater() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain CUSTOM valet_parking::info");
            c.read();
            String a = uuidOf(c.api("originate loopback/9000/default &park()"));
            String b = uuidOf(c.api("originate loopback/9000/default &park()"));
            String inline = " 'set:valet_parking_timeout=30,valet_park:voipkit auto in 6000 6099' inline";
            long start = System.nanoTime();
            assertThat(c.api("uuid_transfer " + a + inline)).isEqualTo("+OK\n");
            assertThat(c.api("uuid_transfer " + b + inline)).isEqualTo("+OK\n");
            // the slot is taken (and listed) at once, the hold event follows the module's sleep:1000
            assertThat(c.api("valet_info voipkit")).isEqualTo("<lots>\n  <lot name=\"voipkit\">\n"
                    + "    <extension uuid=\"" + a + "\">6000</extension>\n"
                    + "    <extension uuid=\"" + b + "\">6001</extension>\n  </lot>\n</lots>\n");
            List<Map<String, String>> skipped = new ArrayList<>();
            Map<String, String> holdA = c.awaitEvent(e -> "hold".equals(e.get("Action")), skipped);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            Map<String, String> holdB = c.awaitEvent(e -> "hold".equals(e.get("Action")), skipped);
            assertThat(holdA).containsEntry("Unique-ID", a).containsEntry("Valet-Lot-Name", "voipkit").containsEntry("Valet-Extension", "6000")
                    .containsEntry("Caller-Dialplan", "inline").containsEntry("variable_valet_parking_timeout", "30");
            assertThat(holdA.get("variable_transfer_source")).endsWith("/default/inline");
            assertThat(holdB).containsEntry("Unique-ID", b).containsEntry("Valet-Extension", "6001");
            assertThat(c.api("valet_info")).isEqualTo("<lots>\n  <lot name=\"voipkit\">\n"
                    + "    <extension uuid=\"" + a + "\">6000</extension>\n"
                    + "    <extension uuid=\"" + b + "\">6001</extension>\n  </lot>\n</lots>\n");
            c.api("uuid_kill " + a);
            Map<String, String> exit = c.awaitEvent(e -> "exit".equals(e.get("Action")), skipped);
            assertThat(exit).containsEntry("Unique-ID", a).containsEntry("Valet-Extension", "6000");
            // the freed slot is the next one taken
            String d = uuidOf(c.api("originate loopback/9000/default &park()"));
            c.api("uuid_transfer " + d + inline);
            assertThat(c.awaitEvent(e -> "hold".equals(e.get("Action")), skipped)).containsEntry("Unique-ID", d)
                    .containsEntry("Valet-Extension", "6000");
        }
    }

    @Test
    void valetParkWithoutASlotOrWithAFullRangeEndsTheCall() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            String noSlot = uuidOf(c.api("originate loopback/9007/default &park()"));
            assertThat(c.api("uuid_transfer " + noSlot + " 'valet_park:voipkit' inline")).isEqualTo("+OK\n");
            assertThat(c.api("uuid_exists " + noSlot)).isEqualTo("false");
            String first = uuidOf(c.api("originate loopback/9007/default &park()"));
            String second = uuidOf(c.api("originate loopback/9007/default &park()"));
            c.api("uuid_transfer " + first + " 'valet_park:tiny auto in 7000 7000' inline");
            c.api("uuid_transfer " + second + " 'valet_park:tiny auto in 7000 7000' inline");
            assertThat(c.api("uuid_exists " + first)).isEqualTo("true");
            assertThat(c.api("uuid_exists " + second)).isEqualTo("false");
            String badRange = uuidOf(c.api("originate loopback/9007/default &park()"));
            c.api("uuid_transfer " + badRange + " 'valet_park:tiny auto in x y' inline");
            assertThat(c.api("uuid_exists " + badRange)).isEqualTo("false");
        }
    }

    // ---------------------------------------------------------------- eavesdrop

    @Test
    void eavesdropRunsOnTheSpyLegUntilItsTargetEnds() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            String target = uuidOf(c.api("originate loopback/9007/default &park()"));
            String spy = uuidOf(c.api("originate {eavesdrop_whisper_aleg=true,origination_caller_id_name=Supervisor,"
                    + "origination_caller_id_number=105}loopback/9001/default &eavesdrop(" + target + ")"));
            assertThat(c.api("uuid_dump " + spy + " json")).contains("\"variable_current_application\":\"eavesdrop\"",
                    "\"variable_current_application_data\":\"" + target + "\"", "\"variable_eavesdrop_whisper_aleg\":\"true\"",
                    "\"Caller-Callee-ID-Name\":\"Supervisor\"");
            c.api("uuid_kill " + target);
            assertThat(c.api("uuid_exists " + spy)).isEqualTo("false");
        }
    }

    @Test
    void eavesdropOnAMissingChannelReturnsAtOnceAndTheSpyHangsUp() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain CHANNEL_EXECUTE CHANNEL_HANGUP_COMPLETE CUSTOM test::end");
            c.read();
            String spy = uuidOf(c.api("originate loopback/9001/default &eavesdrop(00000000-0000-0000-0000-000000000000)"));
            assertThat(c.api("uuid_exists " + spy)).isEqualTo("false");
            List<Map<String, String>> events = c.eventsUntilMarker();
            assertThat(events).filteredOn(e -> spy.equals(e.get("Unique-ID"))).extracting(e -> e.get("Event-Name"))
                    .containsExactly("CHANNEL_EXECUTE", "CHANNEL_HANGUP_COMPLETE");
            assertThat(events).filteredOn(e -> spy.equals(e.get("Unique-ID"))).last()
                    .satisfies(e -> assertThat(e.get("Hangup-Cause")).isEqualTo("NORMAL_CLEARING"));
        }
    }

    // ---------------------------------------------------------------- mod_callcenter agents

    @Test
    void aQueueCallerIsOfferedToAnAgentBridgedAndReleasedAsRecorded() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.send("event plain CUSTOM callcenter::info");
            c.read();
            String caller = uuidOf(c.api("originate {origination_caller_id_name=Anna,origination_caller_id_number=+79161234567}"
                    + "loopback/9003/default &park()"));
            String member = c.api("uuid_getvar " + caller + " other_loopback_leg_uuid");
            List<Map<String, String>> before = new ArrayList<>();
            Map<String, String> start = c.awaitEvent(e -> "bridge-agent-start".equals(e.get("CC-Action")), before);
            assertThat(before).extracting(e -> e.get("CC-Action") + " " + e.getOrDefault("CC-Agent-State", e.getOrDefault("CC-Count", "")))
                    .containsExactly("member-queue-start ", "members-count 1", "agent-state-change Receiving", "agent-offering ");
            assertThat(before.get(3)).containsEntry("CC-Agent", "agent9100%40default").containsEntry("CC-Member-Session-UUID", member)
                    .containsEntry("CC-Member-CID-Name", "Anna");
            assertThat(start).containsEntry("CC-Queue", "verify%40default").containsEntry("CC-Agent", "agent9100%40default")
                    .containsEntry("Channel-Name", "loopback/9100-a").containsEntry("Other-Leg-Unique-ID", member)
                    .containsEntry("CC-Member-Session-UUID", member).containsEntry("CC-Member-CID-Number", "%2B79161234567");
            assertThat(start.get("CC-Agent-UUID")).isEqualTo(start.get("Unique-ID"));
            List<Map<String, String>> during = new ArrayList<>();
            c.awaitEvent(e -> "members-count".equals(e.get("CC-Action")), during);
            assertThat(during).extracting(e -> e.get("CC-Agent-State")).containsExactly("In%20a%20queue%20call");
            assertThat(c.api("callcenter_config agent get state agent9100@default")).isEqualTo("In a queue call");
            assertThat(c.api("callcenter_config queue count members verify@default")).isEqualTo("0\n");

            // the agent's contact talks 3 s and hangs up (the recorded switch's agents)
            List<Map<String, String>> ending = new ArrayList<>();
            Map<String, String> end = c.awaitEvent(e -> "bridge-agent-end".equals(e.get("CC-Action")), ending);
            assertThat(end).containsEntry("CC-Agent", "agent9100%40default").containsEntry("CC-Agent-Bridged", "true")
                    .containsEntry("Other-Leg-Unique-ID", member);
            Map<String, String> left = c.awaitEvent(e -> "member-queue-end".equals(e.get("CC-Action")), ending);
            assertThat(left).containsEntry("CC-Cause", "Terminated").containsEntry("Unique-ID", member)
                    .containsEntry("CC-Agent-UUID", start.get("Unique-ID"));
            Map<String, String> waiting = c.awaitEvent(e -> "agent-state-change".equals(e.get("CC-Action")), ending);
            assertThat(waiting).containsEntry("CC-Agent-State", "Waiting");

            // round-robin: the next caller goes to the other agent
            uuidOf(c.api("originate loopback/9003/default &park()"));
            assertThat(c.awaitEvent(e -> "bridge-agent-start".equals(e.get("CC-Action")), new ArrayList<>()))
                    .containsEntry("CC-Agent", "agent9101%40default");
        }
    }

    @Test
    void aCallerWaitsWhileNoAgentIsFreeAndIsTakenWhenOneBecomesAvailable() throws IOException {
        try (EslTestClient c = EslTestClient.authed(fs.port())) {
            c.api("callcenter_config agent set status agent9100@default 'On Break'");
            c.api("callcenter_config agent set status agent9101@default 'Logged Out'");
            c.send("event plain CUSTOM callcenter::info");
            c.read();
            uuidOf(c.api("originate loopback/9003/default &park()"));
            assertThat(c.api("callcenter_config queue count members verify@default")).isEqualTo("1\n");
            c.api("callcenter_config agent set status agent9101@default Available");
            assertThat(c.awaitEvent(e -> "bridge-agent-start".equals(e.get("CC-Action")), new ArrayList<>()))
                    .containsEntry("CC-Agent", "agent9101%40default");
        }
    }
}
