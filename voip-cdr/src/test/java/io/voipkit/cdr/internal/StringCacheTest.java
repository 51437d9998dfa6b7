package io.voipkit.cdr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StringCacheTest {
    @Test
    void decodesEverySliceLengthAndReturnsTheSameInstanceForTheSameBytes() {
        StringCache cache = new StringCache(12);
        String text = "\"Customer\" <+15551234567>,Local/300@test-00000000;2,ünïcödé,DOCUMENTATION,0123456789abcdefghijklmnopqrstuvwxyz";
        byte[] b = ("xx" + text).getBytes(StandardCharsets.UTF_8);
        for (int s = 2; s < b.length; s += 3) {
            for (int e = s; e <= b.length && e - s <= 80; e++) {
                String expected = new String(b, s, e - s, StandardCharsets.UTF_8);
                String first = cache.get(b, s, e);
                assertThat(first).isEqualTo(expected);
                byte[] copy = new byte[b.length + 5];
                System.arraycopy(b, s, copy, 5, e - s);
                String again = cache.get(copy, 5, 5 + e - s);
                assertThat(again).isEqualTo(expected);
                if (e - s <= 64) {
                    assertThat(again).isSameAs(first);           // a cache hit, from other bytes at another offset
                }
            }
        }
    }

    @Test
    void slicesThatDifferOnlyInOneByteAreDifferentStrings() {
        StringCache cache = new StringCache(4);                    // 16 slots: collisions are certain
        for (int i = 0; i < 1_000; i++) {
            String v = "PJSIP/101-ep-" + i;
            byte[] b = v.getBytes(StandardCharsets.US_ASCII);
            assertThat(cache.get(b, 0, b.length)).isEqualTo(v);
        }
    }
}
