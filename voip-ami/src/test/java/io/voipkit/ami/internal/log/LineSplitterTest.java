package io.voipkit.ami.internal.log;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();
    private final List<Long> dropped = new ArrayList<>();
    private final LineSplitter.Sink sink = (text, d) -> {
        lines.add(text);
        dropped.add(d);
    };

    private void feed(LineSplitter s, String text) {
        s.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), sink);
    }

    @Test
    void splitsAtNewlineAndKeepsAPartialLineUntilItsNewline() {
        LineSplitter s = new LineSplitter(100);

        feed(s, "one\ntwo\nthr");
        assertThat(lines).containsExactly("one", "two");
        assertThat(s.hasPartial()).isTrue();

        feed(s, "ee\n");
        assertThat(lines).containsExactly("one", "two", "three");
        assertThat(s.hasPartial()).isFalse();
    }

    @Test
    void crlfAndEmptyLines() {
        LineSplitter s = new LineSplitter(100);

        feed(s, "REGISTER sip:x SIP/2.0\r\n\r\n\n");

        assertThat(lines).containsExactly("REGISTER sip:x SIP/2.0", "", "");
    }

    @Test
    void longLineIsCutAtTheBoundAndTheRestCounted() {
        LineSplitter s = new LineSplitter(10);

        feed(s, "0123456789ABCDEF\nnext\n");

        assertThat(lines).containsExactly("0123456789", "next");
        assertThat(dropped).containsExactly(6L, 0L);
    }

    @Test
    void megabyteLineNeverHoldsMoreThanTheBound() {
        LineSplitter s = new LineSplitter(64 * 1024);
        byte[] huge = new byte[1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'x');

        s.feed(ByteBuffer.wrap(huge), sink);
        s.feed(ByteBuffer.wrap(new byte[] {'\n'}), sink);

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).hasSize(64 * 1024);
        assertThat(dropped).containsExactly(1024L * 1024 - 64 * 1024);
    }

    @Test
    void binaryBytesBecomeReplacementCharacters() {
        LineSplitter s = new LineSplitter(100);

        s.feed(ByteBuffer.wrap(new byte[] {'a', 0, 7, 27, '\t', (byte) 0xff, (byte) 0xc3, 'b', '\r', 'c', '\n'}), sink);

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("a\uFFFD\uFFFD\uFFFD\t\uFFFD").endsWith("c").doesNotContain("\r", "\0");
    }

    @Test
    void utf8IsDecoded() {
        LineSplitter s = new LineSplitter(100);

        feed(s, "Müller → 101\n");

        assertThat(lines).containsExactly("Müller → 101");
    }

    @Test
    void flushEmitsTheUnfinishedLineAndDiscardForgetsIt() {
        LineSplitter s = new LineSplitter(100);
        feed(s, "last words");

        s.flushPartial(sink);
        feed(s, "gone");
        s.discardPartial();
        s.flushPartial(sink);

        assertThat(lines).containsExactly("last words");
    }

    @Test
    void skipToNextNewlineDropsTheFragment() {
        LineSplitter s = new LineSplitter(100);
        s.skipToNextNewline();

        feed(s, "ment of a line\nwhole\n");

        assertThat(lines).containsExactly("whole");
    }

    @Test
    void rejectsANonPositiveBound() {
        assertThatThrownBy(() -> new LineSplitter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
