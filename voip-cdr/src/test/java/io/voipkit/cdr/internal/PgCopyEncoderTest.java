package io.voipkit.cdr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voipkit.core.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The binary {@code COPY} encoding, byte for byte (PostgreSQL documentation, "COPY", "Binary Format"). */
class PgCopyEncoderTest {
    private static Object[] row() {
        Object[] row = CallLogRows.newRow();
        row[0] = "key-1";
        row[1] = "Master.csv";
        row[2] = "1795551399.1";
        row[4] = "INBOUND";
        row[8] = Instant.parse("2000-01-01T00:00:00.001500Z");
        row[10] = Instant.parse("1999-12-31T23:59:59Z");
        row[11] = 30L;
        row[12] = -1L;
        row[13] = "ANSWERED";
        row[22] = "tab\t \"q\" \\N \\. \r\n é € 😀";
        row[23] = "lone \ud800 surrogate";
        return row;
    }

    private static byte[] bytes(PgCopyEncoder e) {
        byte[] out = new byte[e.pending()];
        System.arraycopy(e.buffer(), 0, out, 0, out.length);
        return out;
    }

    @Test
    void aStreamIsSignatureRowsAndTrailer() {
        PgCopyEncoder e = new PgCopyEncoder();
        e.header();
        e.row(row());
        e.trailer();
        ByteBuffer b = ByteBuffer.wrap(bytes(e));
        byte[] signature = new byte[11];
        b.get(signature);
        assertThat(HexFormat.of().formatHex(signature)).isEqualTo("5047434f50590aff0d0a00");
        assertThat(b.getInt()).as("flags").isZero();
        assertThat(b.getInt()).as("header extension").isZero();
        assertThat(b.getShort()).as("fields").isEqualTo((short) CallLogRows.COLUMNS.length);
        Object[] row = row();
        for (int i = 0; i < row.length; i++) {
            int len = b.getInt();
            Object v = row[i];
            if (v == null) {
                assertThat(len).as(CallLogRows.COLUMNS[i]).isEqualTo(-1);
            } else if (v instanceof String s) {
                byte[] text = new byte[len];
                b.get(text);
                assertThat(text).as(CallLogRows.COLUMNS[i]).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
            } else {
                assertThat(len).isEqualTo(8);
                long value = b.getLong();
                if (v instanceof Long n) {
                    assertThat(value).isEqualTo(n);
                }
            }
        }
        assertThat(b.getShort()).as("trailer").isEqualTo((short) -1);
        assertThat(b.hasRemaining()).isFalse();
    }

    @Test
    void timesAreMicrosecondsSince2000() {
        PgCopyEncoder e = new PgCopyEncoder();
        e.row(row());
        ByteBuffer b = ByteBuffer.wrap(bytes(e));
        b.getShort();
        for (int i = 0; i < 8; i++) {                 // skip to call_start
            int len = b.getInt();
            b.position(b.position() + Math.max(0, len));
        }
        assertThat(b.getInt()).isEqualTo(8);
        assertThat(b.getLong()).isEqualTo(1_500);      // truncated to microseconds; the column rounds to ms
        assertThat(b.getInt()).as("answered_at").isEqualTo(-1);
        assertThat(b.getInt()).isEqualTo(8);
        assertThat(b.getLong()).isEqualTo(-1_000_000);
    }

    @Test
    void chunksHandedOnAddUpToTheSameStream() throws Exception {
        PgCopyEncoder whole = new PgCopyEncoder();
        PgCopyEncoder chunked = new PgCopyEncoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] calls = {0};
        PgCopyEncoder.Sink sink = (b, off, len) -> {
            calls[0]++;
            out.write(b, off, len);
        };
        whole.header();
        chunked.header();
        Object[] row = row();
        row[21] = "x".repeat(200);
        for (int i = 0; i < 2_000; i++) {
            whole.row(row);
            chunked.row(row);
            chunked.flushIfFull(sink);
        }
        whole.trailer();
        chunked.trailer();
        chunked.flush(sink);
        assertThat(out.toByteArray()).isEqualTo(bytes(whole));
        assertThat(calls[0]).isGreaterThan(5);
        assertThat(chunked.pending()).isZero();
    }

    @Test
    void timesOutsidePostgresqlsRangeAreRefusedWithTheirEntry() {
        Object[] row = row();
        PgCopyEncoder.check(row, 3);
        row[9] = Instant.parse("+294277-01-01T00:00:00Z");
        assertThatThrownBy(() -> PgCopyEncoder.check(row, 3)).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("entries[3].answered_at:");
        row[9] = Instant.parse("+294276-12-31T23:59:59.999Z");
        PgCopyEncoder.check(row, 3);
        row[9] = Instant.parse("-4713-11-24T00:00:00Z");  // 4714 BC, the first day
        PgCopyEncoder.check(row, 3);
        row[9] = Instant.parse("-4713-11-23T23:59:59Z");
        assertThatThrownBy(() -> PgCopyEncoder.check(row, 3)).isInstanceOf(InvalidRequestException.class);
    }
}
