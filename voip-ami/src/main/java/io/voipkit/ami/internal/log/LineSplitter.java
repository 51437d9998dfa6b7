package io.voipkit.ami.internal.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts a byte stream into lines at {@code '\n'}, with a hard bound on the bytes kept per line.
 *
 * <p>Why bytes and not a {@code Reader}: the tailer must know exactly how many bytes of the file
 * it has consumed (its position survives rotation checks), and a partial last line (Asterisk
 * still writing it) must wait in this buffer until its newline arrives, never be emitted half.
 *
 * <p>A line longer than {@code maxLineBytes} keeps its first {@code maxLineBytes} bytes; the rest
 * up to the newline is skipped and counted, so a hostile or broken writer cannot make the tailer
 * hold more than {@code maxLineBytes} per file. Text is decoded as UTF-8 (Asterisk writes bytes
 * as it gets them; malformed sequences become U+FFFD), a trailing CR is removed, and control
 * characters other than TAB become U+FFFD so that no downstream consumer (a WebSocket JSON
 * frame, a terminal) ever sees raw control bytes.
 *
 * <p>Not thread-safe: one instance per followed file, used by the tailer thread only.
 */
public final class LineSplitter {
    /** Receives each complete line. */
    @FunctionalInterface
    public interface Sink {
        /**
         * One line.
         *
         * @param text         the decoded line, without its line terminator
         * @param droppedBytes how many bytes beyond the bound were skipped (0 when not truncated)
         */
        void line(String text, long droppedBytes);
    }

    private final int maxLineBytes;
    private byte[] buf = new byte[256];
    private int length;
    private long dropped;
    /** Set while the bytes up to the next newline must be thrown away (start in the middle of a line). */
    private boolean skipToNewline;

    /** A splitter that keeps at most {@code maxLineBytes} bytes of one line. */
    public LineSplitter(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1, was " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** Consumes all remaining bytes of {@code data}, emitting every line completed by them. */
    public void feed(ByteBuffer data, Sink sink) {
        while (data.hasRemaining()) {
            byte b = data.get();
            if (b == '\n') {
                if (skipToNewline) {
                    skipToNewline = false;
                } else {
                    emit(sink);
                }
            } else if (skipToNewline) {
                continue;
            } else if (length < maxLineBytes) {
                if (length == buf.length) {
                    buf = Arrays.copyOf(buf, Math.min(maxLineBytes, buf.length * 2));
                }
                buf[length++] = b;
            } else {
                dropped++;
            }
        }
    }

    /** Whether bytes of an unfinished line are waiting for their newline. */
    public boolean hasPartial() {
        return length > 0 || dropped > 0;
    }

    /** Emits the unfinished line as if it ended here (its file will never be written again). */
    public void flushPartial(Sink sink) {
        if (hasPartial()) {
            emit(sink);
        }
        skipToNewline = false;
    }

    /** Forgets the unfinished line, if any. */
    public void discardPartial() {
        length = 0;
        dropped = 0;
        skipToNewline = false;
        shrink();
    }

    /** Throws away everything up to and including the next newline (used when joining a file mid-line). */
    public void skipToNextNewline() {
        discardPartial();
        skipToNewline = true;
    }

    private void emit(Sink sink) {
        int end = length;
        if (end > 0 && buf[end - 1] == '\r' && dropped == 0) {
            end--;
        }
        String text = sanitize(new String(buf, 0, end, StandardCharsets.UTF_8));
        long droppedNow = dropped;
        length = 0;
        dropped = 0;
        shrink();
        sink.line(text, droppedNow);
    }

    /** Gives back the memory of one huge line so an idle follower does not keep 64 KiB per file. */
    private void shrink() {
        if (buf.length > 4096) {
            buf = new byte[256];
        }
    }

    /** Replaces control characters other than TAB by U+FFFD; returns the same string when clean. */
    static String sanitize(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                break;
            }
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        char[] chars = s.toCharArray();
        for (; i < chars.length; i++) {
            char c = chars[i];
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                chars[i] = '\uFFFD';
            }
        }
        return new String(chars);
    }
}
