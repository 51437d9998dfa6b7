package io.voipkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LongPairSetTest {
    @Test
    void pairsAreAddedOnceAndTheSetGrows() {
        LongPairSet set = new LongPairSet(4);
        for (long i = 0; i < 10_000; i++) {
            assertThat(set.add(i, -i)).isTrue();
            assertThat(set.add(i, i + 1)).isTrue();          // same high half, other low half
        }
        for (long i = 0; i < 10_000; i++) {
            assertThat(set.add(i, -i)).isFalse();
        }
        assertThat(set.add(0, 0)).isFalse();                // the zero pair is a value like any other
        assertThat(set.size()).isEqualTo(20_000);
    }

    @Test
    void fingerprintsTellKeysApart() {
        LongPairSet set = new LongPairSet(16);
        for (int i = 0; i < 50_000; i++) {
            String key = "pbx-" + i + ".1/1795551399/00000000000000" + (i % 100);
            assertThat(set.add(LongPairSet.fingerprintHigh(key), LongPairSet.fingerprintLow(key))).isTrue();
        }
        assertThat(set.add(LongPairSet.fingerprintHigh("pbx-7.1/1795551399/000000000000007"),
                LongPairSet.fingerprintLow("pbx-7.1/1795551399/000000000000007"))).isFalse();
        assertThat(LongPairSet.fingerprintLow("ab")).isNotEqualTo(LongPairSet.fingerprintLow("ba"));
    }

    @Test
    void addKeyIsAddOfBothFingerprintHalves() {
        LongPairSet byKey = new LongPairSet(16);
        LongPairSet byHalves = new LongPairSet(16);
        for (int i = 0; i < 5_000; i++) {
            String key = key(i);
            assertThat(byKey.addKey(key)).isTrue();
            assertThat(byHalves.add(LongPairSet.fingerprintHigh(key), LongPairSet.fingerprintLow(key))).isTrue();
            assertThat(byHalves.add(LongPairSet.fingerprintHigh(key), LongPairSet.fingerprintLow(key))).isFalse();
            assertThat(byKey.addKey(key)).isFalse();
        }
        // the same pairs: adding the halves of every key to the set filled by addKey finds them all
        for (int i = 0; i < 5_000; i++) {
            String key = key(i);
            assertThat(byKey.add(LongPairSet.fingerprintHigh(key), LongPairSet.fingerprintLow(key))).isFalse();
        }
        assertThat(byKey.addKey("")).isTrue();
        assertThat(byKey.addKey("")).isFalse();
    }

    @Test
    void addKeysOfABatchIsAddKeyOneByOne() {
        LongPairSet batched = new LongPairSet(16);
        LongPairSet single = new LongPairSet(16);
        String[] batch = new String[300];
        int expected = 0;
        for (int round = 0; round < 40; round++) {
            int n = 1 + round * 7;
            for (int i = 0; i < n; i++) {
                batch[i] = key((round * 131 + i * 17) % 2_000);     // overlaps earlier batches and itself
            }
            for (int i = 0; i < n; i++) {
                if (single.addKey(batch[i])) {
                    expected++;
                }
            }
            int before = batched.size();
            assertThat(batched.addKeys(batch, n)).isEqualTo(batched.size() - before);
            assertThat(batched.size()).isEqualTo(expected);
        }
        for (int i = 0; i < 2_000; i++) {
            assertThat(batched.addKey(key(i))).isEqualTo(single.addKey(key(i)));
        }
    }

    @Test
    void keysThatShareTheirLowBytesOrTailOrPrefixAreToldApart() {
        LongPairSet set = new LongPairSet(16);
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (int len = 0; len <= 24; len++) {                  // every length around the eight-byte words
            keys.add("k".repeat(len));
            if (len > 0) {
                keys.add("\0".repeat(len));                   // zero bytes: only the length tells them apart
            }
        }
        // chars whose low bytes are equal (a key read as Latin-1 bytes would be the same), other scripts
        keys.addAll(java.util.List.of("\u0101/1795551399/x", "\u0201/1795551399/x", "\u0001/1795551399/x",
                "\u00e9.1/1795551399/x", "e\u0301.1/1795551399/x", "\ud83d\ude00.1/1795551399/x", "ab", "\0ab",
                "ab\0", "pbx7-1795551399.1/1795551399/0123456789abcdef", "pbx7-1795551399.1/1795551399/0123456789abcdeg"));
        for (String key : keys) {
            assertThat(set.addKey(key)).as("%s", key).isTrue();
        }
        for (String key : keys) {
            assertThat(set.addKey(key)).as("%s", key).isFalse();
            assertThat(set.add(LongPairSet.fingerprintHigh(key), LongPairSet.fingerprintLow(key))).isFalse();
        }
        assertThat(set.size()).isEqualTo(keys.size());
    }

    /** Keys of every length modulo eight (the tail of the eight-bytes-per-step hash). */
    private static String key(int i) {
        String hex = String.format("%016x", i * 0x9e3779b97f4a7c15L);
        return "pbx" + i + "-1795551399." + (i % 7) + "/1795551399/" + hex.substring(0, 1 + i % 16);
    }
}
