package io.voipkit.ami.internal;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every recorded Asterisk 22 transcript through the decoder, in random chunk sizes and in
 * the TCP reads that were recorded, and checks the wire facts of fixtures/ami/README.md.
 */
class AmiFixtureReplayTest {

    private static final Pattern READ_BLOCK = Pattern.compile("^---\\s+[0-9.]+s <<< \\((\\d+) bytes\\)$", Pattern.MULTILINE);

    @TestFactory
    Stream<DynamicTest> everyTranscriptDecodesIdenticallyWhateverTheChunking() {
        return AmiFixtures.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            byte[] data = AmiFixtures.received(name);
            AmiFixtures.Decoded whole = AmiFixtures.decodeWhole(data);
            assertThat(whole.greeting()).isEqualTo("Asterisk Call Manager/11.0.0");
            assertThat(whole.messages()).isNotEmpty();
            for (long seed = 1; seed <= 3; seed++) {
                assertThat(AmiFixtures.decode(data, new SplittableRandom(seed), 1, 64))
                        .as("%s in random 1..64-byte chunks, seed %d", name, seed).isEqualTo(whole);
            }
            assertThat(AmiFixtures.decode(data, null, 1, 1)).as("%s byte by byte", name).isEqualTo(whole);
            assertThat(decodeInRecordedReads(name, data)).as("%s in the recorded TCP reads", name).isEqualTo(whole);
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyTranscriptRoundTripsByteForByte() {
        // Re-encoding what was decoded gives back the recorded bytes once line ends are CRLF and
        // stray empty lines between messages are dropped: nothing was lost, split wrongly or altered.
        return AmiFixtures.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            byte[] data = AmiFixtures.received(name);
            AmiFixtures.Decoded decoded = AmiFixtures.decodeWhole(data);
            StringBuilder sb = new StringBuilder(data.length).append(decoded.greeting()).append("\r\n");
            for (AmiMessage m : decoded.messages()) {
                assertThat(m.kind()).as("%s: %s", name, m).isNotEqualTo(AmiMessage.Kind.OTHER);
                for (int i = 0; i < m.size(); i++) {
                    sb.append(m.nameAt(i)).append(": ").append(m.valueAt(i)).append("\r\n");
                }
                sb.append("\r\n");
            }
            String normalized = new String(data, StandardCharsets.UTF_8)
                    .replaceAll("(?<!\r)\n", "\r\n")
                    .replaceAll("\r\n\r\n(\r\n)+", "\r\n\r\n");
            assertThat(sb.toString()).isEqualTo(normalized);
            int terminators = 0;
            for (int i = normalized.indexOf("\r\n\r\n"); i >= 0; i = normalized.indexOf("\r\n\r\n", i + 4)) {
                terminators++;
            }
            assertThat(decoded.messages()).hasSize(terminators);
        }));
    }

    /** Feeds the bytes in the sizes of the {@code <<<} blocks of NAME.annotated.txt. */
    private static AmiFixtures.Decoded decodeInRecordedReads(String name, byte[] data) {
        Matcher m = READ_BLOCK.matcher(AmiFixtures.annotated(name));
        List<Integer> sizes = new ArrayList<>();
        int total = 0;
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            sizes.add(n);
            total += n;
        }
        assertThat(total).as("%s: annotated read sizes add up to the received bytes", name).isEqualTo(data.length);
        AmiDecoder decoder = new AmiDecoder(AmiLimits.DEFAULT, true);
        List<AmiMessage> messages = new ArrayList<>();
        String[] greeting = new String[1];
        AmiDecoder.Handler h = new AmiDecoder.Handler() {
            @Override
            public void greeting(String line) {
                greeting[0] = line;
            }

            @Override
            public void message(AmiMessage message) {
                messages.add(message);
            }
        };
        int pos = 0;
        for (int n : sizes) {
            decoder.feed(data, pos, n, h);
            pos += n;
        }
        assertThat(decoder.endOfStream()).isFalse();
        return new AmiFixtures.Decoded(greeting[0], messages);
    }

    private static List<AmiMessage> messages(String name) {
        return AmiFixtures.decodeWhole(AmiFixtures.received(name)).messages();
    }

    private static AmiMessage response(List<AmiMessage> messages, String actionId) {
        return messages.stream().filter(m -> m.isResponse() && actionId.equals(m.actionId())).findFirst().orElseThrow();
    }

    private static List<AmiMessage> events(List<AmiMessage> messages, String eventName) {
        return messages.stream().filter(m -> eventName.equals(m.eventName())).toList();
    }

    @Test
    void fact1_greetingIsFollowedDirectlyByTheFirstResponse() {
        List<AmiMessage> ms = messages("login-ok");
        assertThat(ms.get(0)).isEqualTo(AmiMessage.of("Response", "Success", "ActionID", "login-ok-1",
                "Challenge", "991615116"));
    }

    @Test
    void fact2_valuesEndingInBareLfAndStrayEmptyLines() {
        List<AmiMessage> contacts = messages("pjsip-show-contacts");
        assertThat(response(contacts, "pjsip-show-contacts-2").message()).isEqualTo("No Contacts found");
        assertThat(response(contacts, "pjsip-show-contacts-3").isListStart()).isTrue();
        assertThat(response(messages("pjsip-show-endpoint"), "pjsip-show-endpoint-3").message())
                .isEqualTo("Unable to retrieve endpoint no-such-ep");
        assertThat(response(messages("park"), "park-6").message()).isEqualTo("Park successful");
        // confbridge: a TestEvent followed by an extra empty line is one event, the next one follows intact
        List<AmiMessage> conf = messages("confbridge");
        assertThat(events(conf, "TestEvent")).allSatisfy(e -> assertThat(e.get("Type")).isNotNull());
        assertThat(conf).noneMatch(m -> m.size() == 0);
    }

    @Test
    void fact3_completeEventWhoseFinalCrlfComesInTheNextReadIsDeliveredOnlyThen() {
        byte[] data = AmiFixtures.received("pjsip-show-contacts");
        String text = new String(data, StandardCharsets.US_ASCII);
        int split = text.indexOf("ListItems: 2\r\n") + "ListItems: 2\r\n".length();
        List<AmiMessage> got = new ArrayList<>();
        AmiDecoder d = new AmiDecoder(AmiLimits.DEFAULT, true);
        AmiDecoder.Handler h = new AmiDecoder.Handler() {
            @Override
            public void greeting(String line) {
            }

            @Override
            public void message(AmiMessage message) {
                got.add(message);
            }
        };
        d.feed(data, 0, split, h);
        assertThat(got.get(got.size() - 1).eventName()).isEqualTo("ContactList");
        d.feed(data, split, 2, h);
        assertThat(got.get(got.size() - 1).eventName()).isEqualTo("ContactListComplete");
        assertThat(got.get(got.size() - 1).get("ListItems")).isEqualTo("2");
    }

    @Test
    void fact4_syncOriginateResponsePrecedesTheEventsOfItsCall() {
        List<AmiMessage> ms = messages("originate-sync");
        int response = ms.indexOf(response(ms, "originate-sync-2"));
        int firstNewchannel = ms.indexOf(events(ms, "Newchannel").get(0));
        assertThat(response).isLessThan(firstNewchannel);
        assertThat(events(ms, "OriginateResponse")).isEmpty();
    }

    @Test
    void fact5_originateResponseAndActionUserEventAreEventsDespiteActionIdAndResponseHeaders() {
        AmiMessage or = events(messages("originate-async"), "OriginateResponse").get(0);
        assertThat(or.kind()).isEqualTo(AmiMessage.Kind.EVENT);
        assertThat(or.actionId()).isEqualTo("originate-async-2");
        assertThat(or.get("Response")).isEqualTo("Success");
        assertThat(or.response()).isNull();
        AmiMessage ue = events(messages("userevent"), "UserEvent").get(0);
        assertThat(ue.kind()).isEqualTo(AmiMessage.Kind.EVENT);
        assertThat(ue.actionId()).isEqualTo("userevent-3");
    }

    @Test
    void fact6_listItemsCarryTheActionIdAndCompleteCountsThem() {
        List<AmiMessage> ms = messages("core-show-channels");
        List<AmiMessage> items = events(ms, "CoreShowChannel");
        assertThat(items).hasSize(6).allSatisfy(i -> {
            assertThat(i.actionId()).isEqualTo("core-show-channels-4");
            assertThat(i.has("Privilege")).isFalse();
            assertThat(i.has("Timestamp")).isFalse();
        });
        assertThat(items.get(0).get("Duration")).matches("\\d\\d:\\d\\d:\\d\\d");
        assertThat(items).anySatisfy(i -> assertThat(i.get("BridgeId")).isNotEmpty());
        AmiMessage complete = events(ms, "CoreShowChannelsComplete").get(0);
        assertThat(complete.isListComplete()).isTrue();
        assertThat(complete.get("ListItems")).isEqualTo("6");
        assertThat(response(ms, "core-show-channels-4").isListStart()).isTrue();

        List<AmiMessage> summary = messages("queue-summary");
        assertThat(events(summary, "QueueSummaryComplete")).extracting(m -> m.get("ListItems")).containsExactly("2", "1", "0");

        List<AmiMessage> parked = events(messages("park"), "ParkedCall");
        assertThat(parked).anySatisfy(m -> assertThat(m.actionId()).isEqualTo("park-3"));
        assertThat(parked).anySatisfy(m -> assertThat(m.actionId()).isNull());
    }

    @Test
    void fact7_commandOutputIsOneOutputHeaderPerLineWithTrailingSpacesKept() {
        List<AmiMessage> ms = messages("command");
        assertThat(response(ms, "command-2").getAll("Output")).hasSize(1);
        assertThat(response(ms, "command-3").getAll("Output")).containsExactly(
                "System uptime: 30 minutes, 18 seconds", "Last reload: 30 minutes, 18 seconds");
        List<String> channels = response(ms, "command-4").getAll("Output");
        assertThat(channels).hasSize(4);
        assertThat(channels.get(0)).startsWith("Channel ").endsWith("Application(Data)             ");
        AmiMessage error = response(ms, "command-5");
        assertThat(error.response()).isEqualTo("Error");
        assertThat(error.message()).isEqualTo("Command output follows");
        assertThat(error.getAll("Output")).singleElement().asString().startsWith("No such command");

        List<AmiMessage> old = messages("command-output");
        assertThat(old).anySatisfy(m -> assertThat(m.getAll("Output")).contains(""));
    }

    @Test
    void fact8and9_repeatedNamesInconsistentCaseColonsInValuesAndEmptyValues() {
        AmiMessage ue = events(messages("userevent"), "UserEvent").get(0);
        assertThat(ue.getAll("Tag")).containsExactly("a", "b");
        assertThat(ue.get("Empty")).isEmpty();
        assertThat(ue.get("Header2")).isEqualTo("x: y");
        assertThat(ue.get("Header1")).isEqualTo("value one");

        List<AmiMessage> flow = messages("queue-call-flow");
        assertThat(flow).anySatisfy(m -> assertThat(m.size() > 1 && hasExactName(m, "UniqueID")).isTrue());
        assertThat(flow).anySatisfy(m -> assertThat(hasExactName(m, "Uniqueid")).isTrue());
        assertThat(flow).filteredOn(m -> hasExactName(m, "UniqueID") || hasExactName(m, "Uniqueid"))
                .allSatisfy(m -> assertThat(m.get("uniqueid")).isNotNull());

        List<AmiMessage> test = events(messages("phones-register-lifecycle"), "TestEvent");
        assertThat(test).isNotEmpty();
        assertThat(events(messages("confbridge"), "TestEvent")).anySatisfy(m -> assertThat(m.getAll("State")).hasSize(2));
    }

    private static boolean hasExactName(AmiMessage m, String name) {
        for (int i = 0; i < m.size(); i++) {
            if (m.nameAt(i).equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void fact10_actionIdEchoedVerbatimAbsentWhenNotSentFirstWinsWhenTwo() {
        List<AmiMessage> ping = messages("ping");
        assertThat(ping).filteredOn(m -> "Pong".equals(m.get("Ping"))).extracting(AmiMessage::actionId)
                .containsExactly("ping-2", "ping-3", null);
        List<AmiMessage> errors = messages("errors-and-unknowns");
        assertThat(errors).extracting(AmiMessage::actionId).contains("dup", "lower", "lf-only").doesNotContain("dup2");
        assertThat(errors).anySatisfy(m -> assertThat(m.message()).isEqualTo("Missing action in request"));
    }

    @Test
    void fact11_fullyBootedHasNoTimestampOtherEventsHavePrivilegeAndTimestamp() {
        List<AmiMessage> ms = messages("login-ok");
        AmiMessage booted = events(ms, "FullyBooted").get(0);
        assertThat(booted.has("Timestamp")).isFalse();
        AmiMessage auth = events(ms, "SuccessfulAuth").get(0);
        assertThat(auth.get("Privilege")).isEqualTo("security,all");
        assertThat(auth.get("Timestamp")).matches("\\d+\\.\\d{6}");
        assertThat(auth.get("UsingPassword")).isEqualTo("0");
        assertThat(events(messages("login-ok-plain"), "FullyBooted")).isEmpty();
    }

    @Test
    void fact12_failedLoginIsAnErrorResponseAndNothingElse() {
        assertThat(messages("login-bad-secret")).containsExactly(AmiMessage.of("Response", "Error",
                "ActionID", "login-bad-secret-1", "Message", "Authentication failed"));
        assertThat(messages("login-unknown-user")).singleElement()
                .satisfies(m -> assertThat(m.message()).isEqualTo("Authentication failed"));
        assertThat(response(messages("logoff"), "logoff-2").response()).isEqualTo("Goodbye");
    }

    @Test
    void fact14and15_unknownEventTypesAndLocalChannelDtmfPassThrough() {
        List<AmiMessage> dtmf = messages("play-dtmf");
        assertThat(events(dtmf, "DTMFEnd")).isNotEmpty().allSatisfy(m -> {
            assertThat(m.get("Direction")).isEqualTo("Received");
            assertThat(m.get("Channel")).endsWith(";2");
        });
        assertThat(events(dtmf, "UserEvent")).anySatisfy(m -> assertThat(m.get("Digits")).isEqualTo("1984"));
        List<AmiMessage> lifecycle = messages("phones-register-lifecycle");
        assertThat(events(lifecycle, "ContactStatus")).extracting(m -> m.get("ContactStatus"))
                .contains("Reachable", "Removed");
    }
}
