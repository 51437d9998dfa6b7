package io.voipkit.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain-socket AMI client for tests: raw bytes out, messages (header lists) in. Not thread-safe. */
final class AmiTestClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    AmiTestClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
        out = socket.getOutputStream();
    }

    /** Connects, reads the greeting, logs in (plain) and waits for the login response. */
    static AmiTestClient login(int port, String user, String secret, String events) throws IOException {
        AmiTestClient c = new AmiTestClient(port);
        c.readLine();
        c.send("Action: Login\r\nUsername: " + user + "\r\nSecret: " + secret + "\r\nEvents: " + events + "\r\n\r\n");
        List<String[]> r = c.readMessage();
        if (r == null || !"Success".equals(Wire.value(r, "Response"))) {
            throw new IOException("login failed: " + Wire.format(r));
        }
        return c;
    }

    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One line without its CRLF, or null at EOF. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                byte[] l = line.toByteArray();
                int n = l.length;
                if (n > 0 && l[n - 1] == '\r') {
                    return new String(l, 0, n - 1, StandardCharsets.UTF_8);
                }
                // A bare LF inside a value (fact 2) is kept, as the fixture parser keeps it.
                return n == 0 ? "" : new String(l, 0, n, StandardCharsets.UTF_8) + "\n";
            }
            line.write(b);
        }
    }

    /**
     * The next message (empty lines before it skipped), or null at EOF. Values may hold a bare LF at
     * the end (fact 2): a line ending in LF without CR followed by an empty line is kept as part of
     * the value, the way the fixtures were parsed.
     */
    List<String[]> readMessage() throws IOException {
        List<String[]> headers = new ArrayList<>();
        while (true) {
            String l = readLine();
            if (l == null) {
                return headers.isEmpty() ? null : headers;
            }
            if (l.isEmpty()) {
                if (headers.isEmpty()) {
                    continue;
                }
                return headers;
            }
            int colon = l.indexOf(": ");
            if (colon < 0 && l.endsWith(":")) {
                headers.add(new String[] {l.substring(0, l.length() - 1), ""});
            } else if (colon < 0) {
                headers.add(new String[] {l, null});
            } else {
                headers.add(new String[] {l.substring(0, colon), l.substring(colon + 2)});
            }
        }
    }

    /** Reads messages until one satisfies the predicate; returns all read, that one last. */
    List<List<String[]>> readUntil(java.util.function.Predicate<List<String[]>> stop) throws IOException {
        List<List<String[]>> got = new ArrayList<>();
        while (true) {
            List<String[]> m = readMessage();
            if (m == null) {
                return got;
            }
            got.add(m);
            if (stop.test(m)) {
                return got;
            }
        }
    }

    /** Reads until EOF or timeout; returns what came. */
    List<List<String[]>> readAll() throws IOException {
        List<List<String[]>> got = new ArrayList<>();
        try {
            for (List<String[]> m; (m = readMessage()) != null; ) {
                got.add(m);
            }
        } catch (SocketTimeoutException e) {
            // that's all for now
        }
        return got;
    }

    /** True when the server has closed the connection (reads EOF within the timeout). */
    boolean isClosedByServer() throws IOException {
        try {
            // Whatever was still in flight before the close is skipped.
            for (int b; (b = in.read()) >= 0; ) {
                skipped.append((char) b);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Bytes skipped by {@link #isClosedByServer()}, for diagnostics. */
    String skipped() {
        return skipped.toString();
    }

    private final StringBuilder skipped = new StringBuilder();

    /** Non-blocking check whether the server has closed this connection (without reading data). */
    boolean isClosedQuickly() {
        try {
            socket.getOutputStream().write(new byte[0]);
            return socket.isClosed();
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
