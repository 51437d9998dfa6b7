package io.voipkit.freeswitch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The plain-event parser finds line ends and colons eight bytes at a time and guesses names from
 * the event before. These tests hold it to the obvious line-by-line reading of the format on
 * layouts chosen to break such tricks: several LFs in one eight-byte word, the empty line at
 * every offset of a word and across words, an empty first line, an unterminated last line, bytes
 * that differ from an LF in one bit ({@code 0x0B}, {@code 0x8A} inside a UTF-8 character), bodies
 * after the headers, and very long events. (Also kept as the guard for a two-pass variant that
 * found all line ends first: correct, but measured slower, and dropped.)
 */
class EslPlainLinesTest {

    /** What the line-by-line reading gives: the pairs, or "error" for a malformed event. */
    private static Object reference(byte[] body) {
        List<String> pairs = new ArrayList<>();
        int p = 0;
        while (true) {
            if (p == body.length) {
                return pairs;                       // no empty line: tolerated when the last line ended
            }
            if (body[p] == '\n') {
                int rest = body.length - p - 1;
                int declared = pairs.indexOf("Content-Length");
                if (declared < 0) {
                    return rest == 0 ? pairs : "error";    // bytes after the headers need a Content-Length
                }
                if (Integer.parseInt(pairs.get(declared + 1).trim()) != rest) {
                    return "error";
                }
                pairs.add("body");
                pairs.add(new String(body, p + 1, rest, StandardCharsets.UTF_8));
                return pairs;
            }
            int lf = -1;
            for (int i = p; i < body.length; i++) {
                if (body[i] == '\n') {
                    lf = i;
                    break;
                }
            }
            if (lf < 0) {
                return "error";                      // last header line without LF
            }
            String line = new String(body, p, lf - p, StandardCharsets.UTF_8);
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return "error";                      // no name
            }
            String value = line.substring(colon + 1);
            pairs.add(line.substring(0, colon));
            pairs.add(EslUrl.decode(value.startsWith(" ") ? value.substring(1) : value));
            p = lf + 1;
        }
    }

    private static Object parsed(EslEvent.Parser parser, byte[] body) {
        try {
            EslEvent e = parser == null ? EslEvent.parsePlain(body)
                    : parser.parse(EslMessage.of(new String(body, StandardCharsets.UTF_8), "Content-Type", "text/event-plain"));
            List<String> pairs = new ArrayList<>(List.of(e.materializePairs()));
            if (e.body() != null) {
                pairs.add("body");
                pairs.add(e.body());
            }
            return pairs;
        } catch (EslProtocolException e) {
            return "error";
        }
    }

    private static void assertSame(EslEvent.Parser parser, byte[] body) {
        Object expected = reference(body);
        String shown = new String(body, StandardCharsets.UTF_8).replace("\n", "\\n");
        assertThat(parsed(null, body)).as(shown).isEqualTo(expected);
        assertThat(parsed(parser, body)).as("guessing: " + shown).isEqualTo(expected);
    }

    @Test
    void randomDenseLayoutsReadAsLineByLine() {
        // LF-heavy: many words hold two, three or eight LFs; the rest breaks names and the bit tricks
        String[] pieces = {"\n", "\n", "\n", "a", "b", ":", ": ", " ", "%20", "%", "\u000b", "\u028a", "\u00e9",
            "Event-Name", "Unique-ID", "Channel-Name", "Core-UUID", "\u0000", "\t"};
        SplittableRandom random = new SplittableRandom(11);
        EslEvent.Parser parser = new EslEvent.Parser();
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(60);
            for (int i = 0; i < n; i++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            assertSame(parser, sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void theEmptyLineAtEveryOffsetOfAWordEndsTheHeaders() {
        EslEvent.Parser parser = new EslEvent.Parser();
        for (int pad = 0; pad < 24; pad++) {
            for (String tail : new String[] {"", "\n", "x", "Content-Length: 1\n\nx"}) {
                // names and values of every length around the empty line, so it lands on each byte of a word
                String body = "A: " + "v".repeat(pad) + "\nB:\n\n" + tail;
                assertSame(parser, body.getBytes(StandardCharsets.UTF_8));
                assertSame(parser, ("N" + "n".repeat(pad) + ": 1\n\n" + tail).getBytes(StandardCharsets.UTF_8));
            }
        }
        for (int pad = 0; pad < 24; pad++) {
            // the empty line on every byte of a word with a body behind it: the body must not be read as headers
            assertSame(parser, ("Content-Length: 10\nA: " + "v".repeat(pad) + "\n\n0123456789").getBytes(StandardCharsets.UTF_8));
            assertSame(parser, ("Content-Length: 10\nA: " + "v".repeat(pad) + "\n\nB:1\n\n\n\n\n\n\n").getBytes(StandardCharsets.UTF_8));
        }
        // an event that is only the empty line, and nothing at all
        assertThat(parsed(null, "\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(List.of());
        assertThat(parsed(null, new byte[0])).isEqualTo(List.of());
    }

    @Test
    void aBodyWithManyLinesAfterTheHeadersIsTheBodyNotMoreHeaders() {
        String inner = "line\n".repeat(300) + "\n\n:::\n";
        String body = "Event-Name: API\nContent-Length: " + inner.length() + "\n\n" + inner;
        EslEvent e = EslEvent.parsePlain(body.getBytes(StandardCharsets.UTF_8));
        assertThat(e.size()).isEqualTo(2);
        assertThat(e.body()).isEqualTo(inner);
    }

    @Test
    void eventsLongerThanTheReusedOffsetsReadTheSameAndTheParserStaysUsable() {
        EslEvent.Parser parser = new EslEvent.Parser();
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        for (int i = 0; i < 5_000; i++) {
            big.writeBytes(("H" + i + ": " + (i % 7 == 0 ? "" : "x".repeat(i % 13)) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        big.write('\n');
        assertSame(parser, big.toByteArray());
        assertSame(parser, "Event-Name: SMALL\nUnique-ID: 1\n\n".getBytes(StandardCharsets.US_ASCII));
        // a very large one: the parser does not keep its grown array, and still reads the next one
        ByteArrayOutputStream huge = new ByteArrayOutputStream();
        for (int i = 0; i < 40_000; i++) {
            huge.writeBytes("a:\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertSame(parser, huge.toByteArray());
        assertSame(parser, "Event-Name: AFTER\n\n".getBytes(StandardCharsets.US_ASCII));
    }
}
