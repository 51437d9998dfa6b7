package io.voipkit.cdr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BytesTest {
    @Test
    void equalIsArraysEqualsForEveryLengthOffsetAndDifferingByte() {
        SplittableRandom random = new SplittableRandom(11);
        byte[] a = new byte[80];
        byte[] b = new byte[80];
        for (int n = 0; n < 20_000; n++) {
            int len = random.nextInt(40);
            int as = random.nextInt(80 - len + 1);
            int bs = random.nextInt(80 - len + 1);
            for (int i = 0; i < len; i++) {
                a[as + i] = (byte) random.nextInt(3);
                b[bs + i] = random.nextInt(4) == 0 ? (byte) random.nextInt(3) : a[as + i];
            }
            assertThat(Bytes.equal(a, as, b, bs, len)).isEqualTo(Arrays.equals(a, as, as + len, b, bs, bs + len));
        }
    }
}
