package io.voipkit.freeswitch.internal;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays EVERY transcript in {@code ../shared/fixtures/esl} through the decoder: a transcript
 * added later that the decoder cannot read fails here. Byte for byte: the frames re-serialize to
 * exactly the recorded bytes, whatever the chunking, and every event frame parses.
 */
class EslTranscriptDecodeTest {

    @TestFactory
    Stream<DynamicTest> everyTranscriptDecodesByteForByte() {
        return EslFixtures.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            byte[] data = EslFixtures.received(name);
            List<EslMessage> frames = EslFixtures.decodeWhole(data);
            assertThat(frames).as("frames of %s", name).isNotEmpty();

            ByteArrayOutputStream again = new ByteArrayOutputStream(data.length);
            long wire = 0;
            for (EslMessage f : frames) {
                again.writeBytes(f.toBytes());
                wire += f.wireLength();
                if (f.isEvent()) {
                    EslEvent e = EslEvent.parse(f);
                    assertThat(e.size()).as("fields of an event in %s", name).isPositive();
                }
                assertThat(f.contentType()).as("Content-Type of every frame in %s", name).isNotNull();
            }
            assertThat(again.toByteArray()).as("re-serialized %s", name).isEqualTo(data);
            assertThat(wire).isEqualTo(data.length);

            for (int seed = 0; seed < 3; seed++) {
                assertThat(EslFixtures.decodeChunked(data, new Random(seed), 1 + seed * 200))
                        .as("%s fed in random chunks (seed %d)", name, seed).isEqualTo(frames);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyAnnotatedTranscriptMatchesItsRawFiles() {
        // The scripted fake server replays the annotated blocks; they must be the raw bytes.
        return EslFixtures.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (EslFixtures.Block b : EslFixtures.blocks(name)) {
                (b.received() ? in : out).writeBytes(b.bytes());
            }
            assertThat(in.toByteArray()).isEqualTo(EslFixtures.received(name));
            assertThat(out.toByteArray()).isEqualTo(EslFixtures.sent(name));
        }));
    }

    private static List<EslEvent> events(String name) {
        return EslFixtures.decodeWhole(EslFixtures.received(name)).stream()
                .filter(EslMessage::isEvent).map(EslEvent::parse).toList();
    }

    private static List<EslMessage> frames(String name) {
        return EslFixtures.decodeWhole(EslFixtures.received(name));
    }

    @Test
    void authOkIsRequestReplyResponseByeAndPlainDisconnectNotice() {
        List<EslMessage> f = frames("auth-ok");
        assertThat(f).extracting(EslMessage::contentType).containsExactly("auth/request", "command/reply",
                "api/response", "command/reply", "text/disconnect-notice");
        assertThat(f.get(0).hasBody()).isFalse();
        assertThat(f.get(1).replyText()).isEqualTo("+OK accepted");
        assertThat(f.get(2).body()).startsWith("UP 0 years").endsWith("Current Stack Size/Max 240K/8192K\n");
        assertThat(f.get(4).get("Content-Length")).isEqualTo("67");
        assertThat(f.get(4).body()).startsWith("Disconnected, goodbye.");
    }

    @Test
    void aclRejectionIsARudeRejectionWithoutAuthRequest() {
        List<EslMessage> f = frames("acl-reject");
        assertThat(f).extracting(EslMessage::contentType).containsExactly("text/rude-rejection", "text/disconnect-notice");
        assertThat(f.get(0).body()).isEqualTo("Access Denied, go away.\n");
    }

    @Test
    void plainXmlAndJsonCarryTheSame45EventsDecodedAlike() {
        List<EslEvent> plain = events("events-plain-all");
        List<EslEvent> xml = events("events-xml");
        List<EslEvent> json = events("events-json");
        assertThat(plain).hasSize(45);
        // Three recordings of the same call: the same events, interleaved a little differently.
        List<String> names = plain.stream().map(EslEvent::name).sorted().toList();
        assertThat(xml.stream().map(EslEvent::name).sorted().toList()).isEqualTo(names);
        assertThat(json.stream().map(EslEvent::name).sorted().toList()).isEqualTo(names);
        assertThat(plain).allSatisfy(e -> assertThat(e.format()).isEqualTo(EslEvent.Format.PLAIN));
        // URL-decoded in plain and XML, never encoded in JSON: the same date text everywhere.
        assertThat(plain.get(0).get("Event-Date-Local")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(xml.get(0).get("Event-Date-Local")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(json.get(0).get("Event-Date-Local")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(plain.get(0).get("FreeSWITCH-IPv6")).isEqualTo("fd00::2");
        assertThat(xml.get(0).get("FreeSWITCH-IPv6")).isEqualTo("fd00::2");
        assertThat(json.get(0).get("FreeSWITCH-IPv6")).isEqualTo("fd00::2");
    }

    @Test
    void headerNamesAreCaseSensitiveDataAndBothSpellingsAreKept() {
        EslEvent codec = events("events-plain-all").stream()
                .filter(e -> e.get("channel-read-codec-name") != null && e.getAll("Channel-Read-Codec-Name").size() == 1)
                .findFirst().orElseThrow();
        assertThat(codec.getAll("channel-read-codec-name")).hasSize(1);
        assertThat(codec.getAll("Channel-Read-Codec-Name")).hasSize(1);
    }

    @Test
    void backgroundJobResultsAreEventBodiesWithTheClientChosenJobUuid() {
        List<EslEvent> jobs = events("bgapi-originate").stream().filter(e -> "BACKGROUND_JOB".equals(e.name())).toList();
        assertThat(jobs).hasSize(8);
        assertThat(jobs).allSatisfy(j -> assertThat(j.body()).isNotNull());
        assertThat(jobs).extracting(EslEvent::jobUuid).contains("7a1c2d3e-client-chosen-job-uuid");
        assertThat(jobs).extracting(EslEvent::body).contains("+OK"); // msleep: no trailing newline (fact 6)
        assertThat(jobs).extracting(j -> j.get("Job-Command-Arg")).contains("loopback/9007/default &park()");
        List<EslMessage> replies = frames("bgapi-originate").stream()
                .filter(m -> "command/reply".equals(m.contentType()) && m.get("Job-UUID") != null).toList();
        assertThat(replies).hasSize(8);
        assertThat(replies).allSatisfy(r -> assertThat(r.replyText()).isEqualTo("+OK Job-UUID: " + r.get("Job-UUID")));
    }

    @Test
    void sendeventEchoWithTwoInnerContentLengthsKeepsItsBody() {
        List<EslEvent> echoes = events("sendevent");
        EslEvent withBody = echoes.stream().filter(e -> e.body() != null).findFirst().orElseThrow();
        assertThat(withBody.nameAt(0)).isEqualTo("Event-Subclass");
        assertThat(withBody.name()).isEqualTo("CUSTOM");
        assertThat(withBody.getAll("Content-Length")).containsExactly("20", "20");
        assertThat(withBody.body()).isEqualTo("hello body\nline two\n");
        assertThat(echoes.get(0).get("Crm-Note")).isEqualTo("50% off, now!");
    }

    @Test
    void dtmfDigitIsUrlDecoded() {
        assertThat(events("uuid-send-dtmf").stream().filter(e -> "DTMF".equals(e.name())).map(e -> e.get("DTMF-Digit")))
                .contains("#", "1");
    }

    @Test
    void logDataFramesStartWithContentTypeAndKeepEmptyUserData() {
        List<EslMessage> logs = frames("log").stream().filter(m -> "log/data".equals(m.contentType())).toList();
        assertThat(logs).hasSize(308);
        assertThat(logs.get(0).nameAt(0)).isEqualTo("Content-Type");
        assertThat(logs.get(0).nameAt(1)).isEqualTo("Content-Length");
        assertThat(logs).allSatisfy(l -> assertThat(l.get("Log-Level")).isNotNull());
        assertThat(logs).anySatisfy(l -> assertThat(l.get("User-Data")).isEmpty());
    }

    @Test
    void outboundConnectReplyHasChannelHeadersFirstAndAnEncodedReplyText() {
        List<EslMessage> f = frames("outbound-connect");
        EslMessage connect = f.get(0);
        assertThat(connect.size()).isGreaterThan(100);
        assertThat(connect.nameAt(0)).isNotEqualTo("Content-Type");
        assertThat(connect.contentType()).isEqualTo("command/reply");
        assertThat(connect.hasBody()).isFalse();
        assertThat(connect.replyText()).isEqualTo("%2BOK%0A");
        assertThat(connect.getDecoded("Reply-Text")).isEqualTo("+OK\n");
        assertThat(connect.get("Socket-Mode")).isEqualTo("async");
        EslMessage linger = f.stream().filter(m -> "linger".equals(m.get("Content-Disposition"))).findFirst().orElseThrow();
        assertThat(linger.contentType()).isEqualTo("text/disconnect-notice");
        assertThat(linger.get("Linger-Time")).isEqualTo("2");
        assertThat(linger.bodyLength()).isZero();
        assertThat(f.get(f.size() - 1).get("Content-Disposition")).isEqualTo("disconnect");
    }

    @Test
    void sofiaEventsUseLowerCaseHeaders() {
        assertThat(events("sofia-register").stream().filter(e -> "sofia::register".equals(e.subclass())))
                .allSatisfy(e -> assertThat(e.get("profile-name")).isEqualTo("internal"))
                .isNotEmpty();
    }

    @Test
    void apiErrorsComeAsBodiesAndEslErrorsAsReplyText() {
        List<EslMessage> f = frames("bare-api-no-arg");
        assertThat(f).anySatisfy(m -> assertThat(m.replyText()).isEqualTo("-ERR command not found"));
        assertThat(f).anySatisfy(m -> assertThat(m.body()).startsWith("-ERR  Command not found!"));
        assertThat(new String(EslFixtures.sent("bare-api-no-arg"), StandardCharsets.UTF_8)).startsWith("auth ");
    }
}
