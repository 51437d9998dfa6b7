package io.voipkit.cdr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Synthetic ids ({@code csv-<hash of the row>}) and the hashed form of over-long unique ids end up
 * in stored dedup keys: these hashes must never change. The values were computed by the
 * implementation of 2026-11-26 (the same as every build before it).
 */
class HashingTest {
    @Test
    void storedHashesKeepTheirValues() {
        byte[] row = "\"\",\"101\",\"300\",\"test\"".getBytes(StandardCharsets.UTF_8);
        assertThat(Hashing.hex(Hashing.hash(row, 0, row.length, 0x5eed))).isEqualTo("4397c5f1d83df207");
        assertThat(Hashing.hex(Hashing.hash(0x1d, "x".repeat(151)))).isEqualTo("85a1cbd35c1188fb");
        assertThat(Hashing.hex(Hashing.hash(7, "a", null, "\u00e9\u03a9"))).isEqualTo("ac1fbabb78dce70c");
    }

    @Test
    void textsAreSeparatedSoThatTheirBoundariesCount() {
        assertThat(Hashing.hash(7, "ab", "c")).isNotEqualTo(Hashing.hash(7, "a", "bc"));
        assertThat(Hashing.hash(7, "a", null)).isNotEqualTo(Hashing.hash(7, "a"));
    }

    @Test
    void bytesAddedSliceBySliceHashAsTheirConcatenation() {
        byte[] b = "channel\u00e9dst-app".getBytes(StandardCharsets.UTF_8);
        long whole = Hashing.hash(b, 0, b.length, 0x5eed);
        long h = Hashing.start(0x5eed);
        h = Hashing.addBytes(h, b, 0, 3);
        h = Hashing.addBytes(h, b, 3, 3);
        h = Hashing.addBytes(h, b, 3, b.length);
        assertThat(Hashing.finish(h)).isEqualTo(whole);
    }
}
