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
    void slicesOfArraysShorterThanAWordAreReadWithoutRunningPastThem() {
        StringCache cache = new StringCache(12);
        byte[] text = "a+10ü9".getBytes(StandardCharsets.UTF_8);             // 7 bytes
        for (int n = 1; n <= text.length; n++) {
            byte[] b = java.util.Arrays.copyOf(text, n);
            for (int s = 0; s <= n; s++) {
                for (int e = s; e <= n; e++) {
                    String expected = new String(b, s, e - s, StandardCharsets.UTF_8);
                    String first = cache.get(b, s, e);
                    assertThat(first).isEqualTo(expected);
                    byte[] longer = new byte[32];
                    System.arraycopy(b, s, longer, 9, e - s);
                    longer[9 + e - s] = 'x';                                    // a byte past the slice that must not count
                    assertThat(cache.get(longer, 9, 9 + e - s)).isSameAs(first);
                }
            }
        }
    }

    @Test
    void theCacheSizeIsChecked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StringCache(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bits must be 1 to 24, was 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StringCache(25))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 25");
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
