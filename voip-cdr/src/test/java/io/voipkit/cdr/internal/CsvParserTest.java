package io.voipkit.cdr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.voipkit.testsupport.ItServices;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvParserTest {

    /** One parsed row: its line, fields, or error with column. */
    private record Row(long line, List<String> fields, String error, int column) {
    }

    private static List<Row> parse(String text) throws IOException {
        return parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 64, 256, false);
    }

    private static List<Row> parse(InputStream in, int maxField, int maxRecord, boolean acceptLast) throws IOException {
        CsvParser p = new CsvParser(in, 0, 1, maxField, maxRecord, 32, acceptLast);
        List<Row> rows = new ArrayList<>();
        while (p.next()) {
            List<String> f = new ArrayList<>();
            for (int i = 0; i < p.fieldCount(); i++) {
                f.add(p.field(i));
            }
            rows.add(new Row(p.recordLine(), f, p.error(), p.errorColumn()));
        }
        return rows;
    }

    @Test
    void quotedFieldsHoldCommasDoubledQuotesAndLineBreaks() throws IOException {
        List<Row> rows = parse("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",plain,,\"\"\nx,y\n");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).fields()).containsExactly("a,b", "say \"hi\"", "two\nlines", "plain", "", "");
        assertThat(rows.get(1).line()).isEqualTo(3);
        assertThat(rows.get(1).fields()).containsExactly("x", "y");
    }

    @Test
    void crlfLineEndsAndBlankLinesAreAccepted() throws IOException {
        List<Row> rows = parse("a,b\r\n\r\n\nc,d\r\n");

        assertThat(rows).extracting(Row::fields).containsExactly(List.of("a", "b"), List.of("c", "d"));
        assertThat(rows).extracting(Row::line).containsExactly(1L, 4L);
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsRejectedWithItsLineAndColumnAndTheNextRowIsRead() throws IOException {
        List<Row> rows = parse("ok,1\nab,c\"d,e\nnext,2\n");

        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).error()).contains("quote inside an unquoted field");
        assertThat(rows.get(1).line()).isEqualTo(2);
        assertThat(rows.get(1).column()).isEqualTo(2);
        assertThat(rows.get(2).fields()).containsExactly("next", "2");
        assertThat(rows.get(2).line()).isEqualTo(3);
    }

    @Test
    void textAfterAClosingQuoteIsRejected() throws IOException {
        List<Row> rows = parse("\"a\"b,c\nd\n");

        assertThat(rows.get(0).error()).contains("after a closing quote");
        assertThat(rows.get(0).column()).isEqualTo(1);
        assertThat(rows.get(1).fields()).containsExactly("d");
    }

    @Test
    void anOversizedFieldIsRejectedAndParsingResumesOnTheNextLine() throws IOException {
        String huge = "x".repeat(1_000_000);
        List<Row> rows = parse(new ByteArrayInputStream(("a," + huge + ",b\nc,d\n").getBytes(StandardCharsets.UTF_8)),
                64, 256, false);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).error()).isEqualTo("field longer than 64 bytes");
        assertThat(rows.get(0).column()).isEqualTo(2);
        assertThat(rows.get(1).fields()).containsExactly("c", "d");
        assertThat(rows.get(1).line()).isEqualTo(2);
    }

    @Test
    void anOversizedRecordOfManySmallFieldsIsRejected() throws IOException {
        String row = String.join(",", java.util.Collections.nCopies(20, "y".repeat(30)));
        List<Row> rows = parse(new ByteArrayInputStream((row + "\nok\n").getBytes(StandardCharsets.UTF_8)),
                64, 256, false);

        assertThat(rows.get(0).error()).isEqualTo("record longer than 256 bytes");
        assertThat(rows.get(1).fields()).containsExactly("ok");
    }

    @Test
    void tooManyFieldsAreRejected() throws IOException {
        List<Row> rows = parse(",".repeat(40) + "\nok\n");

        assertThat(rows.get(0).error()).isEqualTo("more than 32 fields");
        assertThat(rows.get(1).fields()).containsExactly("ok");
    }

    @Test
    void anUnterminatedLastLineIsLeftForTheNextRunUnlessTheFileIsComplete() throws IOException {
        byte[] text = "a,b\nc,\"d".getBytes(StandardCharsets.UTF_8);
        CsvParser p = new CsvParser(new ByteArrayInputStream(text), 0, 1, 64, 256, 32, false);
        assertThat(p.next()).isTrue();
        assertThat(p.recordEndOffset()).isEqualTo(4);
        assertThat(p.next()).isFalse();
        assertThat(p.pendingBytes()).isEqualTo(4);

        List<Row> complete = parse(new ByteArrayInputStream("a,b\nc,d".getBytes(StandardCharsets.UTF_8)), 64, 256, true);
        assertThat(complete).extracting(Row::fields).containsExactly(List.of("a", "b"), List.of("c", "d"));
        List<Row> open = parse(new ByteArrayInputStream(text), 64, 256, true);
        assertThat(open.get(1).error()).contains("unterminated quoted field");
    }

    @Test
    void multiByteUtf8SurvivesBufferBoundaries() throws IOException {
        String name = "Zoë \uD83D\uDCDE Müller";
        List<Row> rows = parse(new OneByteAtATime(new ByteArrayInputStream(("\"" + name + "\",1\n")
                .getBytes(StandardCharsets.UTF_8))), 64, 256, false);

        assertThat(rows.get(0).fields()).containsExactly(name, "1");
    }

    @Test
    void theRealMasterCsvParsesTheSameWhateverTheReadSizes() throws IOException {
        byte[] file = Files.readAllBytes(ItServices.fixtures().resolve("cdr/asterisk-Master.csv"));

        List<Row> bulk = parse(new ByteArrayInputStream(file), 8192, 65536, false);
        List<Row> trickle = parse(new OneByteAtATime(new ByteArrayInputStream(file)), 8192, 65536, false);

        assertThat(bulk).hasSize(712).allSatisfy(r -> {
            assertThat(r.error()).isNull();
            assertThat(r.fields()).hasSize(18);
        });
        assertThat(trickle).isEqualTo(bulk);
        assertThat(bulk.get(0).fields().get(4)).isEqualTo("\"Customer\" <+15551234567>");
    }

    /** Returns at most one byte per read, to exercise every buffer boundary. */
    private static final class OneByteAtATime extends FilterInputStream {
        OneByteAtATime(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
        }
    }

    @Test
    void aNulByteRejectsItsRowWithLineAndColumnAndTheNextRowIsRead() throws IOException {
        List<Row> rows = parse("\"a\",\"b\0c\"\nx,y\0z\n\"long quoted field with a NUL\0 after eight bytes\",q\nok,1\n");

        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).error()).contains("NUL");
        assertThat(rows.get(0).column()).isEqualTo(2);
        assertThat(rows.get(1).error()).contains("NUL");
        assertThat(rows.get(1).column()).isEqualTo(2);
        assertThat(rows.get(2).error()).contains("NUL");
        assertThat(rows.get(2).line()).isEqualTo(3);
        assertThat(rows.get(3)).isEqualTo(new Row(4, List.of("ok", "1"), null, 0));
    }

    @Test
    void longQuotedFieldsKeepTheirDoubledQuotesAndLineBreaks() throws IOException {
        String field = "0123456789abcdef\"\"0123456789\n0123456789abcdefghij";   // quote and LF at odd offsets
        List<Row> rows = parse("\"" + field + "\",\"" + "x".repeat(40) + "\"\nnext,row\n");

        assertThat(rows.get(0).fields()).containsExactly("0123456789abcdef\"0123456789\n0123456789abcdefghij",
                "x".repeat(40));
        assertThat(rows.get(1)).isEqualTo(new Row(3, List.of("next", "row"), null, 0));
    }

    @Test
    void aRecordLongerThanTheReadBufferIsReadWholeWhenTheLimitsAllowIt() throws IOException {
        String big = "b".repeat(300_000);                      // more than the 256 KiB buffer
        String quoted = "q\"\"".repeat(100_000);             // 400,000 bytes, 300,000 after undoing the doubled quotes
        byte[] text = ("a," + big + ",\"" + quoted + "\",z\nnext,row\n").getBytes(StandardCharsets.UTF_8);

        for (InputStream in : List.of(new ByteArrayInputStream(text), new OneByteAtATime(new ByteArrayInputStream(text)))) {
            List<Row> rows = parse(in, 400_000, 1_000_000, false);
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).error()).isNull();
            assertThat(rows.get(0).fields()).containsExactly("a", big, "q\"".repeat(100_000), "z");
            assertThat(rows.get(1)).isEqualTo(new Row(2, List.of("next", "row"), null, 0));
        }
    }

    @Test
    void doubledQuotesAreUndoneOnlyInTheirOwnFieldsAlsoAtTheEndOfACompleteFile() throws IOException {
        List<Row> rows = parse(new ByteArrayInputStream("\"a\"\"b\",\"c\",\"\"\"\",d\n\"x\"\"\"".getBytes(
                StandardCharsets.UTF_8)), 64, 256, true);

        assertThat(rows.get(0).fields()).containsExactly("a\"b", "c", "\"", "d");
        assertThat(rows.get(1).fields()).containsExactly("x\"");
    }

    /**
     * The parser remembers where the first 64 doubled quotes of a record are and moves the bytes
     * between them; past 64 it finds them again field by field. Both ways, around that number, with
     * the pairs at a field's start, end and side by side, and fields without any between them.
     */
    @Test
    void everyCountOfDoubledQuotesAroundWhatTheParserRemembersIsUndone() throws IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(64);
        for (int total = 0; total <= 140; total++) {
            List<String> values = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            int left = total;
            while (left > 0 || values.size() < 3) {
                int here = values.size() % 3 == 1 ? 0 : Math.min(left, random.nextInt(1, 24));
                StringBuilder value = new StringBuilder();
                for (int q = 0; q < here; q++) {
                    value.append("ab", 0, random.nextInt(3)).append('"');   // 0 to 2 bytes, then a quote
                }
                value.append("xyz", 0, random.nextInt(4));
                left -= here;
                values.add(value.toString());
                line.append(line.length() == 0 ? "" : ",").append('"').append(value.toString().replace("\"", "\"\""))
                        .append('"');
            }
            line.append(",tail\n");
            values.add("tail");
            for (boolean complete : List.of(false, true)) {
                List<Row> rows = parse(new ByteArrayInputStream((line + "next\n").getBytes(StandardCharsets.UTF_8)),
                        10_000, 100_000, complete);
                assertThat(rows.get(0).error()).as("%d doubled quotes: %s", total, line).isNull();
                assertThat(rows.get(0).fields()).as("%d doubled quotes: %s", total, line).isEqualTo(values);
                assertThat(rows.get(1).fields()).containsExactly("next");
            }
        }
    }

    @Test
    void tabsAndOtherControlBytesInsideQuotesAreText() throws IOException {
        List<Row> rows = parse("\"a\tb\u0001c\r\nd\",e\n");

        assertThat(rows.get(0).fields()).containsExactly("a\tb\u0001c\r\nd", "e");
        assertThat(rows.get(0).line()).isEqualTo(1);
    }

    @Test
    void valuesHashIsTheHashOfTheFieldValuesOneAfterTheOther() throws IOException {
        byte[] text = "\"ab\"\"c\",,x,\"\"\n".getBytes(StandardCharsets.UTF_8);
        CsvParser p = new CsvParser(new ByteArrayInputStream(text), 0, 1, 64, 256, 32, false);
        assertThat(p.next()).isTrue();

        byte[] values = "ab\"cx".getBytes(StandardCharsets.UTF_8);
        assertThat(p.valuesHash(4, 0x5eed)).isEqualTo(Hashing.hash(values, 0, values.length, 0x5eed));
        assertThat(p.valuesHash(1, 7)).isEqualTo(Hashing.hash(values, 0, 4, 7));
    }
}
