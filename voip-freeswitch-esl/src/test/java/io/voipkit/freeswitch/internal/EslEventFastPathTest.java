package io.voipkit.freeswitch.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast plain-event path (known-name table, hot-field positions, byte-level URL decoding) gives
 * exactly the answers of the straightforward implementation it replaced: an {@link EslEvent} built
 * from the same decoded fields, looked up by scanning, and {@link EslUrl#decode(String)}.
 */
class EslEventFastPathTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The same fields without the parser's index: every lookup scans. */
    private static EslEvent scanned(EslEvent e) {
        String[] pairs = new String[e.size() * 2];
        for (int i = 0; i < e.size(); i++) {
            pairs[2 * i] = e.nameAt(i);
            pairs[2 * i + 1] = e.valueAt(i);
        }
        return EslEvent.of(e.format(), e.body(), pairs);
    }

    private static void assertSameLookups(EslEvent parsed) {
        EslEvent reference = scanned(parsed);
        assertThat(parsed).isEqualTo(reference);
        for (int id = 0; id < EslHeaderNames.HOT; id++) {
            String name = EslHeaderNames.name(id);
            assertThat(parsed.field(id)).as(name).isEqualTo(reference.get(name));
            assertThat(parsed.get(name)).as(name).isEqualTo(reference.get(name));
            // A spelling the table does not hold goes through the scan, with the same answer.
            String upper = name.toUpperCase(java.util.Locale.ROOT);
            assertThat(parsed.get(upper)).as(upper).isEqualTo(reference.get(upper));
        }
        for (int i = 0; i < parsed.size(); i++) {
            assertThat(parsed.get(parsed.nameAt(i))).isEqualTo(reference.get(parsed.nameAt(i)));
        }
        assertThat(parsed.name()).isEqualTo(reference.name());
        assertThat(parsed.subclass()).isEqualTo(reference.subclass());
        assertThat(parsed.uniqueId()).isEqualTo(reference.uniqueId());
        assertThat(parsed.jobUuid()).isEqualTo(reference.jobUuid());
    }

    @Test
    void everyRecordedPlainEventAnswersEveryHotLookupAsAScanWould() {
        int checked = 0;
        for (String name : EslFixtures.names()) {
            for (EslMessage f : EslFixtures.decodeWhole(EslFixtures.received(name))) {
                if ("text/event-plain".equals(f.contentType())) {
                    assertSameLookups(EslEvent.parse(f));
                    checked++;
                }
            }
        }
        assertThat(checked).as("plain events in the transcripts").isGreaterThan(100);
    }

    @Test
    void aKnownNameIsTheSameInternedStringInEveryEventAndAnUnknownOneIsStillDecoded() {
        EslEvent a = EslEvent.parsePlain(bytes("Event-Name: HEARTBEAT\nX-Made-Up-Header: 1\n\n"));
        EslEvent b = EslEvent.parsePlain(bytes("Event-Name: HEARTBEAT\nX-Made-Up-Header: 2\n\n"));
        assertThat(a.nameAt(0)).isSameAs(b.nameAt(0)).isSameAs("Event-Name");
        assertThat(a.nameAt(1)).isEqualTo("X-Made-Up-Header");
        assertThat(b.get("X-Made-Up-Header")).isEqualTo("2");
    }

    @Test
    void anExactSpellingWinsOverAnEarlierCaseVariantAndTheVariantAnswersWhenAlone() {
        // fact 7: names are data; get() prefers the exact spelling, then any case.
        EslEvent both = EslEvent.parsePlain(bytes("channel-name: lower\nChannel-Name: exact\n\n"));
        assertThat(both.get("Channel-Name")).isEqualTo("exact");
        assertThat(both.get("channel-name")).isEqualTo("lower");
        EslEvent variant = EslEvent.parsePlain(bytes("CHANNEL-name: odd\nevent-NAME: CUSTOM\n\n"));
        assertThat(variant.get("Channel-Name")).isEqualTo("odd");
        assertThat(variant.name()).isEqualTo("CUSTOM");
        assertSameLookups(both);
        assertSameLookups(variant);
    }

    @Test
    void aNonAsciiNameFallsBackToScanningWithTheSameAnswers() {
        // U+212A KELVIN SIGN equals 'K' ignoring case in Java; the table's ASCII folding does not model it.
        EslEvent e = EslEvent.parsePlain(bytes("Ünique-ID: u\n\u212Aey: k\nUnique-ID: real\n\n"));
        assertThat(e.nameAt(0)).isEqualTo("Ünique-ID");
        assertThat(e.uniqueId()).isEqualTo("real");
        assertThat(e.get("KEY")).isEqualTo("k");
        assertSameLookups(e);
    }

    @Test
    void valuesAreUrlDecodedFromTheBytesExactlyAsFromTheText() {
        EslEvent e = EslEvent.parsePlain(bytes("A: 50%25%20off\nB: caf%C3%A9 \u00e9\nC: 100%\nD: %zz%4\nE: a+b\nF: \nG:x\n\n"));
        assertThat(e.get("A")).isEqualTo("50% off");
        assertThat(e.get("B")).isEqualTo("café é");
        assertThat(e.get("C")).isEqualTo("100%");
        assertThat(e.get("D")).isEqualTo("%zz%4");
        assertThat(e.get("E")).isEqualTo("a+b");
        assertThat(e.get("F")).isEmpty();
        assertThat(e.get("G")).isEqualTo("x");

        Random random = new Random(7);
        String alphabet = "%%%2aB5fFgz+ -:é€\u00ff09";
        for (int round = 0; round < 2_000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String raw = sb.toString();
            byte[] line = bytes("V: " + raw + "\n\n");
            assertThat(EslEvent.parsePlain(line).get("V")).as(raw).isEqualTo(EslUrl.decode(raw));
        }
    }

    @Test
    void theLastInnerContentLengthStillSizesTheBody() {
        EslEvent e = EslEvent.parsePlain(bytes("Content-Length: 99\nEvent-Name: X\nContent-Length: 2\n\nhi"));
        assertThat(e.body()).isEqualTo("hi");
        assertThat(e.getAll("Content-Length")).containsExactly("99", "2");
    }

    @Test
    void everyKnownNameLooksUpToItselfAndNoOther() {
        List<String> names = new ArrayList<>();
        for (int id = 0; id < EslHeaderNames.count(); id++) {
            String name = EslHeaderNames.name(id);
            byte[] b = bytes(name);
            int found = EslHeaderNames.lookup(b, 0, b.length, EslHeaderNames.hash(b, 0, b.length));
            assertThat((found & 0xffff) - 1).as(name).isEqualTo(id);
            names.add(name);
        }
        assertThat(names).doesNotHaveDuplicates().contains("Event-Name", "Channel-Read-Codec-Name", "channel-read-codec-name");
        byte[] unknown = bytes("Not-A-FreeSWITCH-Header");
        assertThat(EslHeaderNames.lookup(unknown, 0, unknown.length, EslHeaderNames.hash(unknown, 0, unknown.length)))
                .isZero();
    }

    /** What {@link EslHeaderNames#matches} must answer, byte by byte. */
    private static boolean matchesByBytes(int id, byte[] b, int from) {
        byte[] name = bytes(EslHeaderNames.name(id));
        if (from + name.length >= b.length || b[from + name.length] != ':') {
            return false;
        }
        return java.util.Arrays.equals(name, 0, name.length, b, from, from + name.length);
    }

    @Test
    void theWordAtATimeNameCheckAnswersAsAByteCompareWhereverTheLineSitsAndWhateverByteDiffers() {
        int checked = 0;
        for (int id = 0; id < EslHeaderNames.count(); id++) {
            byte[] line = bytes(EslHeaderNames.name(id) + ": v");
            int nameLength = EslHeaderNames.length(id);
            // the line at every offset of a word, with 0..9 bytes after the colon before the array ends
            for (int lead = 0; lead < 8; lead++) {
                for (int tail = -2; tail <= 9; tail++) {
                    int length = lead + nameLength + 1 + tail;
                    if (length < lead) {
                        continue;
                    }
                    byte[] b = new byte[length];
                    java.util.Arrays.fill(b, (byte) 'x');
                    System.arraycopy(line, 0, b, lead, Math.min(line.length, length - lead));
                    assertThat(EslHeaderNames.matches(id, b, lead, b.length)).as("%s lead %d tail %d", EslHeaderNames.name(id), lead, tail)
                            .isEqualTo(matchesByBytes(id, b, lead)).isEqualTo(tail >= 0);
                    // every byte of the name and the colon changed in turn: never a match
                    for (int k = 0; k <= nameLength && tail >= 0; k++) {
                        byte kept = b[lead + k];
                        b[lead + k] = (byte) (kept ^ 0x01);
                        assertThat(EslHeaderNames.matches(id, b, lead, b.length)).as("%s byte %d changed", EslHeaderNames.name(id), k)
                                .isEqualTo(matchesByBytes(id, b, lead)).isFalse();
                        b[lead + k] = kept;
                        checked++;
                    }
                    // any bytes after the colon (the value) do not matter
                    for (int k = lead + nameLength + 1; k < b.length; k++) {
                        b[k] = (byte) (k * 37);
                    }
                    assertThat(EslHeaderNames.matches(id, b, lead, b.length)).isEqualTo(tail >= 0);
                }
            }
        }
        assertThat(checked).isGreaterThan(100_000);
    }

    @Test
    void digitsParsesPlainDecimalsAndRefusesEverythingElseWithoutThrowing() {
        assertThat(EslEventMapper.digits("1764072000123456")).isEqualTo(1764072000123456L);
        assertThat(EslEventMapper.digits("0")).isZero();
        assertThat(EslEventMapper.digits("")).isEqualTo(-1);
        assertThat(EslEventMapper.digits(" 12")).isEqualTo(-1);
        assertThat(EslEventMapper.digits("-12")).isEqualTo(-1);
        assertThat(EslEventMapper.digits("1".repeat(19))).isEqualTo(-1);
    }

    // ------------------------------------------------------------ lazy values, name guessing, byte search

    /** The eager reading of a plain body: every line split at its first ':', values decoded. */
    private static List<String> eagerPairs(byte[] body) {
        List<String> out = new ArrayList<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            String value = line.substring(colon + 1);
            out.add(line.substring(0, colon));
            out.add(EslUrl.decode(value.startsWith(" ") ? value.substring(1) : value));
        }
        return out;
    }

    @Test
    void aParserThatGuessesNamesAnswersExactlyAsOneThatDoesNot() {
        EslEvent.Parser parser = new EslEvent.Parser();
        int checked = 0;
        for (int round = 0; round < 2; round++) { // the second round guesses from everything seen
            for (String name : EslFixtures.names()) {
                for (EslMessage f : EslFixtures.decodeWhole(EslFixtures.received(name))) {
                    if (!"text/event-plain".equals(f.contentType())) {
                        continue;
                    }
                    EslEvent guessed = parser.parse(f);
                    EslEvent plain = EslEvent.parse(f);
                    assertThat(guessed).isEqualTo(plain);
                    assertThat(List.of(guessed.materializePairs())).isEqualTo(eagerPairs(f.bodyBytes()));
                    assertThat(guessed.rawFields()).isEqualTo(io.voipkit.core.event.RawFields.of(plain.materializePairs()));
                    assertSameLookups(guessed);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(200);
    }

    @Test
    void aWrongGuessFallsBackToTheFullLookup() {
        EslEvent.Parser parser = new EslEvent.Parser();
        parser.parse(EslMessage.of("Event-Name: A\nUnique-ID: 1\n\n", "Content-Type", "text/event-plain"));
        // After Event-Name the parser now guesses Unique-ID: a longer name starting with it, the name
        // without its colon, another name, and the same name in other case must all still be read right.
        String[] bodies = {
            "Event-Name: B\nUnique-ID-Extra: 2\nUnique-ID: 3\n\n",
            "Event-Name: B\nUnique-ID\n\n",
            "Event-Name: B\nChannel-Name: c\n\n",
            "Event-Name: B\nunique-id: 4\n\n",
            "Event-Name: B\nUnique-ID:5\n\n",
            "Event-Name: B\nUnique-ID: 6",
        };
        for (String body : bodies) {
            EslMessage frame = EslMessage.of(body, "Content-Type", "text/event-plain");
            Object guessed;
            Object plain;
            try {
                guessed = parser.parse(frame).materializePairs();
            } catch (EslProtocolException e) {
                guessed = e.getMessage();
            }
            try {
                plain = EslEvent.parse(frame).materializePairs();
            } catch (EslProtocolException e) {
                plain = e.getMessage();
            }
            assertThat(guessed).as(body).isEqualTo(plain);
        }
        assertThat(parser.parse(EslMessage.of("Event-Name: B\nunique-id: 4\n\n", "Content-Type", "text/event-plain")).uniqueId())
                .isEqualTo("4");
    }

    @Test
    void aRawLookupBeforeMaterialisingAnswersAsTheMaterialisedFieldsWould() {
        int checked = 0;
        EslEvent.Parser parser = new EslEvent.Parser();
        for (String name : EslFixtures.names()) {
            for (EslMessage f : EslFixtures.decodeWhole(EslFixtures.received(name))) {
                if (!f.isEvent()) {
                    continue;
                }
                EslEvent e = "text/event-plain".equals(f.contentType()) ? parser.parse(f) : EslEvent.parse(f);
                io.voipkit.core.event.RawFields all = io.voipkit.core.event.RawFields.of(e.materializePairs());
                List<String> asked = new ArrayList<>(List.of("Nope", "", "UNIQUE-ID", "unique-id", "\u212Aey", "Event-Name"));
                for (int i = 0; i < e.size(); i++) {
                    String n = e.nameAt(i);
                    asked.add(n);
                    asked.add(n.toUpperCase(java.util.Locale.ROOT));
                    asked.add(n.toLowerCase(java.util.Locale.ROOT));
                    asked.add(n + "x");
                }
                for (String n : asked) {
                    // a fresh lazy view per lookup, so each one goes through the source
                    assertThat(e.rawFields().firstOrNull(n)).as("%s in %s", n, name).isEqualTo(all.firstOrNull(n));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
        // a later field spelled exactly loses to an earlier one spelled otherwise, as in RawFields
        EslEvent twice = EslEvent.parsePlain(bytes("Event-Name: X\nmy-header: first\nMy-Header: second\n\n"));
        assertThat(twice.rawFields().firstOrNull("My-Header")).isEqualTo("first");
        // non-ASCII: left to the materialised scan, same answer
        EslEvent unicode = EslEvent.parsePlain(bytes("Event-Name: X\n\u00c4rger: 1\n\n"));
        assertThat(unicode.rawFields().firstOrNull("\u00e4RGER")).isEqualTo("1");
    }

    @Test
    void aLazyEventKeepsNoStringsItWasNotAskedFor() {
        EslEvent e = EslEvent.parsePlain(bytes("Event-Name: X\nA: 50%25%20off\nB: \n\n"));
        // Values come from the bytes each time they are asked for, decoded the same way.
        assertThat(e.valueAt(1)).isEqualTo("50% off").isEqualTo(e.valueAt(1));
        assertThat(e.valueAt(2)).isEmpty();
        assertThat(e.rawFields().toString()).isEqualTo("RawFields[Event-Name=X, A=50% off, B=]");
        assertThat(e.rawFields().size()).isEqualTo(3);
        assertThat(e.fieldDigits(EslHeaderNames.EVENT_DATE_TIMESTAMP)).isEqualTo(-1);
        EslEvent ts = EslEvent.parsePlain(bytes("Event-Date-Timestamp: 1795556087438826\nUnique-ID: 12a\n\n"));
        assertThat(ts.fieldDigits(EslHeaderNames.EVENT_DATE_TIMESTAMP)).isEqualTo(1795556087438826L);
        assertThat(ts.fieldDigits(EslHeaderNames.UNIQUE_ID)).isEqualTo(-1);
    }

    @Test
    void byteSearchesFindWhatALoopFinds() {
        Random random = new Random(7);
        byte[] alphabet = bytes("ab:\n%\u00e9 0");
        for (int round = 0; round < 5_000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            int to = from + random.nextInt(b.length - from + 1);
            int lf = -1;
            int colonOrLf = -1;
            for (int i = to - 1; i >= from; i--) {
                if (b[i] == '\n') {
                    lf = i;
                }
                if (b[i] == '\n' || b[i] == ':') {
                    colonOrLf = i;
                }
            }
            assertThat(EslBytes.indexOfLf(b, from, to)).isEqualTo(lf);
            assertThat(EslBytes.indexOfColonOrLf(b, from, to)).isEqualTo(colonOrLf);
        }
    }
}
