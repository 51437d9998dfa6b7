package io.voipkit.freeswitch.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bounds and malformed input of {@link EslDecoder}, {@link EslEvent} and {@link EslUrl}. */
class EslDecoderTest {

    private final List<EslMessage> frames = new ArrayList<>();

    private void feed(EslDecoder d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.feed(b, 0, b.length, frames::add);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFrameWithoutContentLengthEndsAtTheEmptyLineAndOneWithItTakesExactlyThatManyBytes() {
        EslDecoder d = new EslDecoder(EslLimits.DEFAULT);
        feed(d, "Content-Type: command/reply\nReply-Text: +OK\n\nContent-Type: api/response\nContent-Length: 3\n\n");
        assertThat(frames).hasSize(1);
        feed(d, "a\n");
        assertThat(frames).hasSize(1);
        feed(d, "\nContent-Type: auth/request\n\n");
        assertThat(frames).hasSize(3);
        assertThat(frames.get(1).body()).isEqualTo("a\n\n");
        assertThat(frames.get(2).contentType()).isEqualTo("auth/request");
    }

    @Test
    void aBodyReadsTheSameWholeInOneChunkOrSplitAtAnyByteAndAnEmptyBodyIsAFrameToo() {
        String stream = "Content-Type: api/response\nContent-Length: 11\n\nhello\nworld"
                + "Content-Type: api/response\nContent-Length: 0\n\n"
                + "Content-Type: text/event-plain\nContent-Length: 15\n\nEvent-Name: X\n\n"
                + "Content-Type: command/reply\nReply-Text: +OK\n\n";
        byte[] b = bytes(stream);
        for (int cut = 0; cut <= b.length; cut++) {
            for (int second = cut; second <= b.length; second += 7) {
                List<EslMessage> got = new ArrayList<>();
                EslDecoder d = new EslDecoder(EslLimits.DEFAULT);
                d.feed(b, 0, cut, got::add);
                d.feed(b, cut, second - cut, got::add);
                d.feed(b, second, b.length - second, got::add);
                assertThat(got).as("cut at %d and %d", cut, second).hasSize(4);
                assertThat(got.get(0).body()).isEqualTo("hello\nworld");
                assertThat(got.get(1).bodyBytes()).isEmpty();
                assertThat(EslEvent.parse(got.get(2)).name()).isEqualTo("X");
                assertThat(got.get(3).get("Reply-Text")).isEqualTo("+OK");
                assertThat(d.endOfStream()).isFalse();
            }
        }
    }

    @Test
    void aHeaderValueKeepsItsOwnColonsAndTrailingSpacesAndACarriageReturnIsData() {
        EslDecoder d = new EslDecoder(EslLimits.DEFAULT);
        feed(d, "Content-Type: command/reply\nReply-Text: +OK a: b \nX: y\r\n\n");
        assertThat(frames.get(0).replyText()).isEqualTo("+OK a: b ");
        assertThat(frames.get(0).get("X")).isEqualTo("y\r");
    }

    @Test
    void aLineLongerThanTheLimitIsRejectedBeforeItsEndArrives() {
        EslDecoder d = new EslDecoder(new EslLimits(64, 10, 100));
        feed(d, "Content-Type: x\n");
        assertThatThrownBy(() -> feed(d, "Reply-Text: " + "a".repeat(60)))
                .isInstanceOf(EslProtocolException.class)
                .hasMessageContaining("header line longer than 64 bytes")
                .hasMessageContaining("at byte 16")
                .hasMessageContaining("\"Reply-Text: aaa");
        assertThatThrownBy(() -> feed(d, "\n\n")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLongLineSplitAcrossManyChunksIsStillBounded() {
        EslDecoder d = new EslDecoder(new EslLimits(64, 10, 100));
        for (int i = 0; i < 6; i++) {
            feed(d, "aaaaaaaaaa");
        }
        assertThatThrownBy(() -> feed(d, "aaaaaaaaaa")).isInstanceOf(EslProtocolException.class)
                .hasMessageContaining("longer than 64");
    }

    @Test
    void tooManyHeadersAreRejected() {
        EslDecoder d = new EslDecoder(new EslLimits(64, 3, 100));
        assertThatThrownBy(() -> feed(d, "A: 1\nB: 2\nC: 3\nD: 4\n")).isInstanceOf(EslProtocolException.class)
                .hasMessageContaining("more than 3 headers").hasMessageContaining("\"D: 4\"");
    }

    @Test
    void aContentLengthAboveTheLimitIsRejectedBeforeAnyBodyIsBuffered() {
        EslDecoder d = new EslDecoder(new EslLimits(64, 10, 1000));
        assertThatThrownBy(() -> feed(d, "Content-Type: api/response\nContent-Length: 2000000000\n\n"))
                .isInstanceOf(EslProtocolException.class)
                .hasMessageContaining("Content-Length 2000000000 above the limit of 1000 bytes");
    }

    @Test
    void aContentLengthThatIsNotANumberIsRejected() {
        for (String bad : new String[] {"abc", "-5", "", "1e3", "0x10"}) {
            EslDecoder d = new EslDecoder(EslLimits.DEFAULT);
            assertThatThrownBy(() -> feed(d, "Content-Type: api/response\nContent-Length: " + bad + "\n\n"))
                    .as("Content-Length '%s'", bad)
                    .isInstanceOf(EslProtocolException.class).hasMessageContaining("is not a number of bytes");
        }
    }

    @Test
    void aContentLengthWithMoreDigitsThanALongIsOversizedNotAnOverflow() {
        EslDecoder d = new EslDecoder(EslLimits.DEFAULT);
        assertThatThrownBy(() -> feed(d, "Content-Length: 99999999999999999999999\n\n"))
                .isInstanceOf(EslProtocolException.class).hasMessageContaining("above the limit");
    }

    @Test
    void twoDifferentContentLengthsAreRejected() {
        EslDecoder d = new EslDecoder(EslLimits.DEFAULT);
        assertThatThrownBy(() -> feed(d, "Content-Length: 3\nContent-Type: x\nContent-Length: 4\n\n"))
                .isInstanceOf(EslProtocolException.class).hasMessageContaining("two different Content-Length");
    }

    @Test
    void binaryGarbageAndLinesWithoutAColonAreRejected() {
        assertThatThrownBy(() -> feed(new EslDecoder(EslLimits.DEFAULT), "Content-Type: x\u0000y\n"))
                .isInstanceOf(EslProtocolException.class).hasMessageContaining("control character 0x0");
        assertThatThrownBy(() -> feed(new EslDecoder(EslLimits.DEFAULT), "HTTP/1.1 200 OK\n"))
                .isInstanceOf(EslProtocolException.class).hasMessageContaining("without ':'");
        assertThatThrownBy(() -> feed(new EslDecoder(EslLimits.DEFAULT), ": value\n"))
                .isInstanceOf(EslProtocolException.class).hasMessageContaining("empty name");
    }

    @Test
    void aFrameCutOffByTheEndOfTheStreamIsReportedAndNeverDelivered() {
        EslDecoder d = new EslDecoder(EslLimits.DEFAULT);
        feed(d, "Content-Type: api/response\nContent-Length: 10\n\nabc");
        assertThat(d.endOfStream()).isTrue();
        assertThat(frames).isEmpty();
        EslDecoder clean = new EslDecoder(EslLimits.DEFAULT);
        feed(clean, "Content-Type: auth/request\n\n");
        assertThat(clean.endOfStream()).isFalse();
    }

    @Test
    void strayEmptyLinesBetweenFramesAreSkipped() {
        EslDecoder d = new EslDecoder(EslLimits.DEFAULT);
        feed(d, "\n\nContent-Type: auth/request\n\n\n");
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).wireLength()).isEqualTo(28);
    }

    @Test
    void urlDecodingFollowsFreeswitchAndKeepsBrokenEscapesAndPlusSigns() {
        assertThat(EslUrl.decode("50%25%20off%3A%20a%2Bb")).isEqualTo("50% off: a+b");
        assertThat(EslUrl.decode("a+b")).isEqualTo("a+b");
        assertThat(EslUrl.decode("100%")).isEqualTo("100%");
        assertThat(EslUrl.decode("%zz%4")).isEqualTo("%zz%4");
        assertThat(EslUrl.decode("%D0%98%D0%B2%D0%B0%D0%BD")).isEqualTo("Иван");
        String plain = "no escapes";
        assertThat(EslUrl.decode(plain)).isSameAs(plain);
    }

    @Test
    void malformedEventBodiesAreRejectedWithTheFormatNamed() {
        assertThatThrownBy(() -> EslEvent.parsePlain(bytes("Event-Name: X\nContent-Length: 5\n\nabc")))
                .isInstanceOf(EslProtocolException.class).hasMessageContaining("inner Content-Length 5 but 3 bytes");
        assertThatThrownBy(() -> EslEvent.parsePlain(bytes("Event-Name: X\n\ntrailing")))
                .isInstanceOf(EslProtocolException.class).hasMessageContaining("without an inner Content-Length");
        assertThatThrownBy(() -> EslEvent.parseJson(bytes("[1,2]")))
                .isInstanceOf(EslProtocolException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> EslEvent.parseJson(bytes("{\"Event-Name\": {\"a\":1}}")))
                .isInstanceOf(EslProtocolException.class).hasMessageContaining("'Event-Name'");
        assertThatThrownBy(() -> EslEvent.parseJson(bytes("{\"Event-Name\": \"X\"")))
                .isInstanceOf(EslProtocolException.class).hasMessageContaining("JSON event");
        assertThatThrownBy(() -> EslEvent.parseXml(bytes("<event><headers><A>1</A></headers>")))
                .isInstanceOf(EslProtocolException.class).hasMessageContaining("XML event");
    }

    @Test
    void anXmlEventWithADoctypeIsRefusedSoNoEntityIsExpanded() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<event><headers><A>&x;</A></headers></event>";
        assertThatThrownBy(() -> EslEvent.parseXml(bytes(xxe))).isInstanceOf(EslProtocolException.class);
    }

    @Test
    void jsonArraysBecomeRepeatedFieldsAndBodyIsTheUnderscoreBody() {
        EslEvent e = EslEvent.parseJson(bytes("{\"Event-Name\":\"CUSTOM\",\"X\":[\"a\",\"b\"],\"_body\":\"hi\",\"V\":\"50%25\"}"));
        assertThat(e.getAll("X")).containsExactly("a", "b");
        assertThat(e.body()).isEqualTo("hi");
        assertThat(e.get("V")).isEqualTo("50%25"); // JSON values are never URL-decoded
    }

    @Test
    void xmlEventValuesAreUrlDecodedAndTheBodyKept() {
        EslEvent e = EslEvent.parseXml(bytes("<event><headers><Event-Name>CUSTOM</Event-Name><V>50%25%20off</V></headers>"
                + "<body>hello &amp; bye</body></event>\n"));
        assertThat(e.name()).isEqualTo("CUSTOM");
        assertThat(e.get("V")).isEqualTo("50% off");
        assertThat(e.body()).isEqualTo("hello & bye");
    }

    @Test
    void anXmlEventWithABodyHasItsContentLengthBesideTheHeaders() {
        // As the real FreeSWITCH 1.10.12 sends a BACKGROUND_JOB in XML (found by FreeSwitchEslIT).
        EslEvent e = EslEvent.parseXml(bytes("<event>\n  <headers>\n    <Event-Name>BACKGROUND_JOB</Event-Name>\n"
                + "    <Job-UUID>j1</Job-UUID>\n  </headers>\n  <Content-Length>4</Content-Length>\n"
                + "  <body>+OK\n    </body>\n</event>\n"));
        assertThat(e.name()).isEqualTo("BACKGROUND_JOB");
        assertThat(e.get("Content-Length")).isEqualTo("4");
        assertThat(e.body()).isEqualTo("+OK\n");
    }

    @Test
    void toStringNeverShowsValues() {
        EslMessage m = EslMessage.of(null, "Content-Type", "command/reply", "Reply-Text", "secret-ish");
        assertThat(m.toString()).doesNotContain("secret-ish");
        EslEvent e = EslEvent.of(EslEvent.Format.PLAIN, null, "Event-Name", "CUSTOM", "Caller-Caller-ID-Name", "Doe, John");
        assertThat(e.toString()).contains("CUSTOM").doesNotContain("Doe");
    }
}
