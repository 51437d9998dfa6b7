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
