package io.voipkit.cdr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Dedup keys are stored in databases: the hash must never change. These values were computed by
 * the byte-at-a-time implementation before the squared-prime shortcut for chars below 0x100.
 */
class HashingTest {
    @Test
    void keyHashIsTheSameAsBeforeTheShortcut() {
        long h = Hashing.start(0x6b6579);
        h = Hashing.add(h, "PJSIP/101-ep-0000000a");
        h = Hashing.add(h, "PJSIP/trunk-\u03a9-00000b");
        h = Hashing.add(h, "Dial");
        h = Hashing.add(h, (String) null);
        h = Hashing.add(h, 42L);
        assertThat(Hashing.hex(Hashing.finish(h))).isEqualTo("70115787d5e6da64");
        assertThat(Hashing.hex(Hashing.finish(Hashing.add(Hashing.start(1), "a\ud83d\ude00b\u00ff\u0100"))))
                .isEqualTo("fd131968f4eab06c");
    }

    @Test
    void textHashEqualsTheTwoStepsPerCharDefinitionForAnyText() {
        SplittableRandom random = new SplittableRandom(5);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(40);
            for (int i = 0; i < len; i++) {
                int kind = random.nextInt(4);
                sb.append((char) (kind == 0 ? random.nextInt(0x10000) : kind == 1 ? random.nextInt(0x100)
                        : 0x20 + random.nextInt(0x5f)));
            }
            String s = sb.toString();
            long seed = random.nextLong();
            assertThat(Hashing.add(seed, s)).as("%s", s).isEqualTo(reference(seed, s));
        }
    }

    @Test
    void numberHashEqualsTheEightBytesDefinitionForAnyNumber() {
        SplittableRandom random = new SplittableRandom(9);
        long[] edges = {0, 1, 0xff, 0x100, 0xffff, 0x10000, Long.MAX_VALUE, Long.MIN_VALUE, -1};
        for (int n = 0; n < 5_000 + edges.length; n++) {
            long v = n < edges.length ? edges[n] : random.nextLong() >>> random.nextInt(64);
            long h = random.nextLong();
            assertThat(Hashing.add(h, v)).as("%d", v).isEqualTo(eightByteSteps(h, v));
        }
        // every number of two bytes or less (every duration of up to 18 hours: the short way) and past it
        long h = random.nextLong();
        for (long v = 0; v < 0x20000; v++) {
            long expected = eightByteSteps(h, v);
            if (Hashing.add(h, v) != expected) {
                assertThat(Hashing.add(h, v)).as("%d", v).isEqualTo(expected);
            }
        }
    }

    /** The definition {@link Hashing#add(long, long)} must equal: an FNV-1a step for each of the eight bytes. */
    private static long eightByteSteps(long h, long v) {
        for (int i = 0; i < 8; i++) {
            h ^= (v >>> (i * 8)) & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    @Test
    void bytesAddedSliceBySliceHashAsTheirConcatenation() {
        byte[] b = "channel\u00e9dst-app".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long whole = Hashing.hash(b, 0, b.length, 0x5eed);
        long h = Hashing.start(0x5eed);
        h = Hashing.addBytes(h, b, 0, 3);
        h = Hashing.addBytes(h, b, 3, 3);
        h = Hashing.addBytes(h, b, 3, b.length);
        assertThat(Hashing.finish(h)).isEqualTo(whole);
    }

    /** The definition: low byte, multiply, high byte, multiply, per UTF-16 unit; then a separator. */
    private static long reference(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h ^= c & 0xff;
            h *= 0x100000001b3L;
            h ^= c >>> 8;
            h *= 0x100000001b3L;
        }
        h ^= 0x1f;
        h *= 0x100000001b3L;
        return h;
    }
}
