package io.voipkit.simulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads client actions from a socket stream, bounded and lenient like Asterisk's manager:
 * lines end in LF (a CR before it is dropped, so LF-only clients work), a line without a colon is
 * ignored, empty lines between actions are skipped. A line longer than {@link #MAX_LINE} bytes or an
 * action with more than {@link #MAX_HEADERS} headers is a {@link FrameTooLargeException}: the caller
 * closes that connection instead of buffering without end.
 *
 * <p>Not thread-safe: one reader per connection thread.
 */
public final class ActionReader {
    /** Longest accepted line in bytes (Asterisk's own buffer is 1025 bytes; we are more generous). */
    public static final int MAX_LINE = 8192;
    /** Most headers in one action (Asterisk: AST_MAX_MANHEADERS = 128). */
    public static final int MAX_HEADERS = 128;

    private final InputStream in;
    private final byte[] line = new byte[MAX_LINE];

    public ActionReader(InputStream in) {
        this.in = in;
    }

    /** Thrown when a client sends a frame beyond the limits; says which limit and where. */
    public static final class FrameTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        FrameTooLargeException(String message) {
            super(message);
        }
    }

    /**
     * The next action, or {@code null} at end of stream. An action is returned when an empty line
     * closes it; a block of only non-header lines returns an action without headers, which the
     * caller answers with {@code Missing action in request} as Asterisk does.
     */
    public Action next() throws IOException {
        List<String[]> headers = new ArrayList<>();
        boolean sawAnyLine = false;
        while (true) {
            String l = readLine(headers.size());
            if (l == null) {
                return null;
            }
            if (l.isEmpty()) {
                if (sawAnyLine) {
                    return new Action(headers);
                }
                continue;
            }
            sawAnyLine = true;
            int colon = l.indexOf(':');
            if (colon <= 0) {
                continue; // Asterisk ignores lines that are not headers
            }
            if (headers.size() >= MAX_HEADERS) {
                throw new FrameTooLargeException("action has more than " + MAX_HEADERS + " headers");
            }
            String name = l.substring(0, colon).trim();
            String value = l.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            headers.add(new String[] {name, value});
        }
    }

    private String readLine(int headerIndex) throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                if (n > 0 && line[n - 1] == '\r') {
                    n--;
                }
                return new String(line, 0, n, StandardCharsets.UTF_8);
            }
            if (n == MAX_LINE) {
                throw new FrameTooLargeException("line longer than " + MAX_LINE + " bytes at header " + (headerIndex + 1));
            }
            line[n++] = (byte) b;
        }
    }
}
