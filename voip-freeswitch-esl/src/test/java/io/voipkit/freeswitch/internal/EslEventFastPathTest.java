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

    @Test
    void digitsParsesPlainDecimalsAndRefusesEverythingElseWithoutThrowing() {
        assertThat(EslEventMapper.digits("1764072000123456")).isEqualTo(1764072000123456L);
        assertThat(EslEventMapper.digits("0")).isZero();
        assertThat(EslEventMapper.digits("")).isEqualTo(-1);
        assertThat(EslEventMapper.digits(" 12")).isEqualTo(-1);
        assertThat(EslEventMapper.digits("-12")).isEqualTo(-1);
        assertThat(EslEventMapper.digits("1".repeat(19))).isEqualTo(-1);
    }
}
