package io.voipkit.ami.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmiDecoderTest {

    private static final String GREETING = "Asterisk Call Manager/11.0.0\r\n";

    private final List<AmiMessage> messages = new ArrayList<>();
    private final List<String> greetings = new ArrayList<>();
    private final AmiDecoder.Handler handler = new AmiDecoder.Handler() {
        @Override
        public void greeting(String line) {
            greetings.add(line);
        }

        @Override
        public void message(AmiMessage message) {
            messages.add(message);
        }
    };

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void feed(AmiDecoder decoder, String s) {
        byte[] b = bytes(s);
        decoder.feed(b, 0, b.length, handler);
    }

    private List<AmiMessage> decode(String s) {
        feed(new AmiDecoder(AmiLimits.DEFAULT, false), s);
        return messages;
    }

    @Test
    void greetingIsTheFirstLineAndNeedsNoEmptyLineAfterIt() {
        AmiDecoder decoder = new AmiDecoder(AmiLimits.DEFAULT, true);
        feed(decoder, GREETING + "Response: Success\r\nActionID: a-1\r\nMessage: Authentication accepted\r\n\r\n");

        assertThat(greetings).containsExactly("Asterisk Call Manager/11.0.0");
        assertThat(decoder.greeting()).isEqualTo("Asterisk Call Manager/11.0.0");
        assertThat(messages).containsExactly(AmiMessage.of("Response", "Success", "ActionID", "a-1",
                "Message", "Authentication accepted"));
    }

    @Test
    void withoutGreetingTheFirstLineIsAHeader() {
        assertThat(decode("Event: FullyBooted\r\nStatus: Fully Booted\r\n\r\n"))
                .containsExactly(AmiMessage.of("Event", "FullyBooted", "Status", "Fully Booted"));
        assertThat(greetings).isEmpty();
    }

    @Test
    void bareLfLineEndsDecodeLikeCrlf() {
        String crlf = "Response: Success\r\nActionID: lf-only\r\nPing: Pong\r\n\r\n";
        List<AmiMessage> expected = List.copyOf(decode(crlf));
        messages.clear();
        assertThat(decode(crlf.replace("\r\n", "\n"))).isEqualTo(expected);
    }

    @Test
    void valueEndingInBareLfBeforeCrlfEndsTheMessageAndTheStrayEmptyLineIsSkipped() {
        // pjsip-show-contacts: "No Contacts found\n\r\n\r\n" (fact 2)
        List<AmiMessage> got = decode("Response: Error\r\nActionID: c-2\r\nMessage: No Contacts found\n\r\n\r\n"
                + "Response: Success\r\nActionID: c-3\r\n\r\n");
        assertThat(got).containsExactly(
                AmiMessage.of("Response", "Error", "ActionID", "c-2", "Message", "No Contacts found"),
                AmiMessage.of("Response", "Success", "ActionID", "c-3"));
    }

    @Test
    void emptyLinesBetweenMessagesAreSkipped() {
        assertThat(decode("\r\n\r\nEvent: TestEvent\r\nState: A\r\nState: B\r\n\r\n\r\n\n\r\nEvent: X\r\n\r\n"))
                .containsExactly(AmiMessage.of("Event", "TestEvent", "State", "A", "State", "B"),
                        AmiMessage.of("Event", "X"));
    }

    @Test
    void headersSplitOnTheFirstColonAndDropOneSpace() {
        AmiMessage m = decode("Event: UserEvent\r\nHeader2: x: y\r\nEmpty: \r\nBare:\r\nNoSpace:value\r\n"
                + "Output:   indented  \r\nUrl: sip:101@127.0.0.1:5060\r\n\r\n").get(0);
        assertThat(m.get("Header2")).isEqualTo("x: y");
        assertThat(m.get("Empty")).isEmpty();
        assertThat(m.get("Bare")).isEmpty();
        assertThat(m.get("NoSpace")).isEqualTo("value");
        assertThat(m.get("Output")).isEqualTo("  indented  ");
        assertThat(m.get("Url")).isEqualTo("sip:101@127.0.0.1:5060");
    }

    @Test
    void repeatedHeadersAreKeptInWireOrder() {
        AmiMessage m = decode("Response: Success\r\nOutput: a\r\nOutput: \r\nOutput: c\r\n\r\n").get(0);
        assertThat(m.getAll("output")).containsExactly("a", "", "c");
        assertThat(m.size()).isEqualTo(4);
    }

    @Test
    void lineWithoutColonInsideAMessageIsKeptWithAnEmptyName() {
        AmiMessage m = decode("Response: Follows\r\nPrivilege: Command\r\nsome CLI output line\r\n--END COMMAND--\r\n\r\n").get(0);
        assertThat(m.getAll("")).containsExactly("some CLI output line", "--END COMMAND--");
        assertThat(m.nameAt(2)).isEmpty();
    }

    @Test
    void messageMustStartWithAHeader() {
        assertThatThrownBy(() -> decode("this is not a header line\r\n\r\n"))
                .isInstanceOf(AmiProtocolException.class)
                .hasMessageContaining("must start with a 'Name: value' header")
                .hasMessageContaining("line 1")
                .hasMessageContaining("\"this is not a header line\"");
    }

    @Test
    void utf8ValuesAreDecodedAndInvalidUtf8IsReplacedNotRejected() {
        byte[] data = new byte[0];
        data = concat(bytes("Event: Newchannel\r\nCallerIDName: Jürgen Ø\r\nBroken: "), new byte[] {(byte) 0xff, 'x'},
                bytes("\r\n\r\n"));
        new AmiDecoder(AmiLimits.DEFAULT, false).feed(data, 0, data.length, handler);
        assertThat(messages.get(0).get("CallerIDName")).isEqualTo("Jürgen Ø");
        assertThat(messages.get(0).get("Broken")).isEqualTo("\uFFFDx");
    }

    @Test
    void tabAndEscAreAcceptedOtherControlCharactersAreNot() {
        assertThat(decode("Event: X\r\nA: one\ttwo\u001b[0m\r\n\r\n").get(0).get("A")).isEqualTo("one\ttwo\u001b[0m");
        assertThatThrownBy(() -> decode("Event: X\r\nA: nul\u0000here\r\n\r\n"))
                .isInstanceOf(AmiProtocolException.class)
                .hasMessageContaining("control character 0x0")
                .hasMessageContaining("line 2");
    }

    @Test
    void everySplitIntoTwoChunksDecodesTheSame() {
        String stream = GREETING + "Response: Success\r\nActionID: x\r\nMessage: No Contacts found\n\r\n\r\n"
                + "Event: UserEvent\r\nHeader2: x: y\r\nEmpty: \r\n\r\nResponse: Goodbye\nActionID: y\n\n";
        byte[] data = bytes(stream);
        AmiFixtures.Decoded whole = AmiFixtures.decodeWhole(data);
        assertThat(whole.messages()).hasSize(3);
        for (int split = 0; split <= data.length; split++) {
            List<AmiMessage> got = new ArrayList<>();
            String[] greeting = new String[1];
            AmiDecoder d = new AmiDecoder(AmiLimits.DEFAULT, true);
            AmiDecoder.Handler h = new AmiDecoder.Handler() {
                @Override
                public void greeting(String line) {
                    greeting[0] = line;
                }

                @Override
                public void message(AmiMessage message) {
                    got.add(message);
                }
            };
            d.feed(data, 0, split, h);
            d.feed(data, split, data.length - split, h);
            assertThat(got).as("split at %d", split).isEqualTo(whole.messages());
            assertThat(greeting[0]).isEqualTo(whole.greeting());
        }
    }

    @Test
    void lineOfExactlyTheLimitIsAcceptedOneMoreByteIsNot() {
        AmiLimits limits = new AmiLimits(20, 10, 1000);
        String ok = "A: " + "x".repeat(17); // 20 bytes
        AmiDecoder d = new AmiDecoder(limits, false);
        feed(d, ok + "\r\n\r\n");
        assertThat(messages).hasSize(1);

        AmiDecoder d2 = new AmiDecoder(limits, false);
        assertThatThrownBy(() -> feed(d2, "Event: x\r\n" + ok + "y\r\n\r\n"))
                .isInstanceOf(AmiProtocolException.class)
                .hasMessageContaining("longer than 20")
                .hasMessageContaining("at byte 10, line 2");
    }

    @Test
    void overlongLineIsDetectedAcrossChunksBeforeItsEnd() {
        AmiLimits limits = new AmiLimits(100, 10, 10_000);
        AmiDecoder d = new AmiDecoder(limits, false);
        byte[] chunk = bytes("x".repeat(60));
        d.feed(chunk, 0, chunk.length, handler);
        assertThatThrownBy(() -> d.feed(chunk, 0, chunk.length, handler))
                .isInstanceOf(AmiProtocolException.class)
                .hasMessageContaining("line longer than 100 bytes without a line end")
                .hasMessageContaining("at byte 0, line 1")
                .hasMessageContaining("\"xxxx");
        assertThatThrownBy(() -> d.feed(chunk, 0, 1, handler))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed earlier");
    }

    @Test
    void hundredMegabytesWithoutLineEndFailAfterTheFirstChunk() {
        AmiDecoder d = new AmiDecoder(AmiLimits.DEFAULT, true);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'A');
        long total = 100L * 1024 * 1024;
        AmiProtocolException thrown = null;
        for (long fed = 0; fed < total && thrown == null; fed += chunk.length) {
            try {
                d.feed(chunk, 0, chunk.length, handler);
            } catch (AmiProtocolException e) {
                thrown = e;
            }
        }
        assertThat(thrown).isNotNull();
        assertThat(thrown.getMessage()).contains("longer than 8192 bytes").contains("AAAA").contains("bytes)");
        assertThat(d.bytesConsumed()).isEqualTo(chunk.length);
        assertThat(thrown.getMessage().length()).isLessThan(400);
    }

    @Test
    void millionHeadersFailAtTheHeaderLimit() {
        AmiDecoder d = new AmiDecoder(AmiLimits.DEFAULT, false);
        feed(d, "Event: Flood\r\n");
        byte[] chunk = bytes("A: b\r\n".repeat(10_000));
        AmiProtocolException thrown = null;
        for (int i = 0; i < 100 && thrown == null; i++) {
            try {
                d.feed(chunk, 0, chunk.length, handler);
            } catch (AmiProtocolException e) {
                thrown = e;
            }
        }
        assertThat(thrown).isNotNull();
        assertThat(thrown.getMessage()).contains("more than 1024 headers in one message").contains("line 1025");
        assertThat(d.bytesConsumed()).isEqualTo(14 + chunk.length);
        assertThat(messages).isEmpty();
    }

    @Test
    void messageLargerThanTheLimitFails() {
        AmiDecoder d = new AmiDecoder(new AmiLimits(8192, 100_000, 64 * 1024), false);
        String line = "Output: " + "y".repeat(1000) + "\r\n";
        assertThatThrownBy(() -> feed(d, "Response: Success\r\n" + line.repeat(100)))
                .isInstanceOf(AmiProtocolException.class)
                .hasMessageContaining("message larger than 65536 bytes")
                .hasMessageContaining("line 66");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 4711})
    void randomBinaryGarbageFailsFast(long seed) {
        byte[] garbage = new byte[1 << 20];
        new Random(seed).nextBytes(garbage);
        AmiDecoder d = new AmiDecoder(AmiLimits.DEFAULT, true);
        AmiProtocolException thrown = null;
        int fed = 0;
        try {
            for (; fed < garbage.length; fed += 16) {
                d.feed(garbage, fed, 16, handler);
            }
        } catch (AmiProtocolException e) {
            thrown = e;
        }
        assertThat(thrown).as("garbage must be rejected").isNotNull();
        assertThat(fed).as("rejected within the first KiB").isLessThan(1024);
        assertThat(thrown.getMessage()).contains("AMI protocol error");
    }

    @Test
    void endOfStreamReportsAnUnfinishedMessageAndDropsIt() {
        AmiDecoder d = new AmiDecoder(AmiLimits.DEFAULT, false);
        feed(d, "Event: A\r\n\r\nEvent: B\r\nX: 1\r\n");
        assertThat(d.endOfStream()).isTrue();
        assertThat(messages).extracting(AmiMessage::eventName).containsExactly("A");

        AmiDecoder clean = new AmiDecoder(AmiLimits.DEFAULT, false);
        feed(clean, "Event: A\r\n\r\n\r\n");
        assertThat(clean.endOfStream()).isFalse();
    }

    @Test
    void repeatedHeaderNamesAndShortValuesAreSharedAcrossMessages() {
        List<AmiMessage> got = decode("Event: A\r\nUniqueid: 17.1\r\n\r\nEvent: B\r\nUniqueid: 17.1\r\nLinkedid: 17.2\r\n\r\n");
        assertThat(got.get(0).nameAt(1)).isSameAs(got.get(1).nameAt(1));
        assertThat(got.get(0).valueAt(1)).isSameAs(got.get(1).valueAt(1));
        assertThat(got.get(1).get("linkedid")).isEqualTo("17.2");
    }

    @Test
    void knownHeaderNamesAreTheLiteralsThemselvesSoLookupsCompareReferences() {
        List<AmiMessage> got = decode("Event: Hangup\r\nChannel: PJSIP/101-ep-1\r\nUniqueID: 1.1\r\nUniqueid: 1.2\r\n"
                + "X-Custom: y\r\n\r\n");
        AmiMessage m = got.get(0);
        assertThat(m.nameAt(1)).isSameAs("Channel");
        assertThat(m.nameAt(2)).isSameAs("UniqueID").isNotSameAs("Uniqueid");
        assertThat(m.get("Uniqueid")).as("the first spelling wins, as in Asterisk").isEqualTo("1.1");
        assertThat(m.get("UNIQUEID")).isEqualTo("1.1");
        assertThat(m.get("x-custom")).isEqualTo("y");
        assertThat(m.get("ActionID")).isNull();
    }

    @Test
    void stringCacheKeepsSeededInstancesAgainstCollidingStrangers() {
        AmiDecoder.StringCache cache = new AmiDecoder.StringCache(2, 48); // one set: everything collides
        cache.seed("Channel");
        for (int i = 0; i < 100; i++) {
            byte[] b = bytes("Other" + i);
            assertThat(cache.get(b, 0, b.length)).isEqualTo("Other" + i);
        }
        byte[] c = bytes("Channel");
        assertThat(cache.get(c, 0, c.length)).isSameAs("Channel");
    }

    @Test
    void stringCacheSurvivesCollisionsLongAndNonAsciiStrings() {
        AmiDecoder.StringCache cache = new AmiDecoder.StringCache(64, 48);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            String name = "H" + random.nextInt(5000) + (i % 3 == 0 ? "x".repeat(60) : "") + (i % 5 == 0 ? "ü" : "");
            byte[] b = bytes("::" + name + "::");
            assertThat(cache.get(b, 2, b.length - 4)).isEqualTo(name);
        }
    }

    @Test
    void stringCacheTellsApartStringsThatDifferInAnySingleByte() {
        // Strings up to 24 bytes are keyed by three 8-byte words, not by their bytes: every byte
        // position of every length must still count, or two values would share one String.
        AmiDecoder.StringCache cache = new AmiDecoder.StringCache(1 << 14, 48);
        for (int n = 1; n <= 40; n++) {
            String base = "abcdefghijklmnopqrstuvwxyz0123456789ABCD".substring(0, n);
            for (int round = 0; round < 2; round++) { // the second round reads them back from the cache
                for (int i = 0; i < n; i++) {
                    char[] c = base.toCharArray();
                    c[i] = '#';
                    String variant = new String(c);
                    byte[] b = bytes("xx" + variant + "yy");
                    assertThat(cache.get(b, 2, n)).isEqualTo(variant);
                }
                byte[] b = bytes(base);
                assertThat(cache.get(b, 0, n)).isEqualTo(base);
            }
        }
    }

    @Test
    void protocolErrorCarriesOffsetAndLineNumber() {
        AmiDecoder d = new AmiDecoder(AmiLimits.DEFAULT, true);
        AmiProtocolException e = org.junit.jupiter.api.Assertions.assertThrows(AmiProtocolException.class,
                () -> feed(d, GREETING + "Event: X\r\n\r\nbad line\r\n"));
        assertThat(e.byteOffset()).isEqualTo(GREETING.length() + 12);
        assertThat(e.lineNumber()).isEqualTo(4);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
