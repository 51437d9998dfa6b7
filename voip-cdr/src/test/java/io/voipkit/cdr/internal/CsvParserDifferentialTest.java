package io.voipkit.cdr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The zero-copy parser gives what the parser before it gave (kept as {@link ReferenceCsvParser}),
 * on random input made of the bytes that matter to CSV, with random limits (and for the new one,
 * random read sizes: its result must not depend on them): every
 * row's fields (of a well-formed row: a rejected row has none to read), error, error column,
 * line, end offset and the pending bytes of an unterminated last line.
 */
class CsvParserDifferentialTest {
    private static final byte[][] PIECES = {
        "a".getBytes(StandardCharsets.UTF_8), "bc".getBytes(StandardCharsets.UTF_8), ",".getBytes(StandardCharsets.UTF_8),
        ",".getBytes(StandardCharsets.UTF_8), "\"".getBytes(StandardCharsets.UTF_8), "\"\"".getBytes(StandardCharsets.UTF_8),
        "\n".getBytes(StandardCharsets.UTF_8), "\r\n".getBytes(StandardCharsets.UTF_8), "\r".getBytes(StandardCharsets.UTF_8),
        "\t".getBytes(StandardCharsets.UTF_8), "é".getBytes(StandardCharsets.UTF_8), "0123456789".getBytes(StandardCharsets.UTF_8),
        "\"quoted, with comma\"".getBytes(StandardCharsets.UTF_8), "\"2026-11-24 20:16:39\"".getBytes(StandardCharsets.UTF_8),
        {0}};

    /** What either parser said about one row. */
    private record Row(long line, List<String> fields, String error, int column, long end, long lineAfter) {
    }

    @Test
    void randomInputParsesAsBefore() throws IOException {
        SplittableRandom random = new SplittableRandom(2026_11_25);
        for (int n = 0; n < 3_000; n++) {
            byte[] text = randomText(random);
            int maxField = 4 + random.nextInt(40);
            int maxRecord = maxField + random.nextInt(120);
            int maxFields = 1 + random.nextInt(12);
            boolean complete = random.nextBoolean();
            int readSize = random.nextInt(4) == 0 ? 1 + random.nextInt(7) : Integer.MAX_VALUE;

            CsvParser now = new CsvParser(reads(text, readSize), 0, 1, maxField, maxRecord, maxFields, complete);
            // the reference reads the whole input at once: with small reads it reported a field's length
            // before a bad byte further on that a larger read showed first, which the new parser never does
            ReferenceCsvParser before = new ReferenceCsvParser(new ByteArrayInputStream(text), 0, 1, maxField,
                    maxRecord, maxFields, complete);
            String what = "input " + n + ": " + printable(text) + " limits " + maxField + "/" + maxRecord + "/"
                    + maxFields + " complete " + complete + " reads " + readSize;
            List<Row> expected = new ArrayList<>();
            while (before.next()) {
                List<String> f = new ArrayList<>();
                for (int i = 0; i < before.fieldCount(); i++) {
                    f.add(before.field(i));
                }
                expected.add(new Row(before.recordLine(), before.error() == null ? f : List.of(), before.error(), before.errorColumn(),
                        before.recordEndOffset(), before.line()));
            }
            List<Row> actual = new ArrayList<>();
            while (now.next()) {
                List<String> f = new ArrayList<>();
                for (int i = 0; i < now.fieldCount(); i++) {
                    f.add(now.field(i));
                }
                actual.add(new Row(now.recordLine(), now.error() == null ? f : List.of(), now.error(), now.errorColumn(), now.recordEndOffset(),
                        now.line()));
            }
            assertThat(actual).as(what).isEqualTo(expected);
            assertThat(now.pendingBytes()).as(what).isEqualTo(before.pendingBytes());
        }
    }

    private static byte[] randomText(SplittableRandom random) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int pieces = random.nextInt(60);
        for (int i = 0; i < pieces; i++) {
            // mostly well-formed quoted fields, so that rows get past their first byte
            byte[] p = random.nextInt(3) == 0 ? PIECES[12 + random.nextInt(2)] : PIECES[random.nextInt(PIECES.length)];
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static InputStream reads(byte[] text, int size) {
        return new FilterInputStream(new ByteArrayInputStream(text)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, size));
            }
        };
    }

    private static String printable(byte[] text) {
        return new String(text, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0")
                .replace("\t", "\\t");
    }
}
