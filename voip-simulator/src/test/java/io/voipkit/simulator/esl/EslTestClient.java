package io.voipkit.simulator.esl;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal ESL client for the tests: raw frames, no decoding beyond the framing. */
final class EslTestClient implements Closeable {
    /** One frame: outer headers in order, body (or null). */
    record Frame(List<String[]> headers, String body) {
        String get(String name) {
            for (String[] h : headers) {
                if (h[0].equals(name)) {
                    return h[1];
                }
            }
            return null;
        }

        String type() {
            return get("Content-Type");
        }

        /** The body of a text/event-plain frame as headers (values still URL-encoded), stopping at the blank line. */
        List<String[]> eventHeaders() {
            List<String[]> out = new ArrayList<>();
            for (String l : body.split("\n", -1)) {
                if (l.isEmpty()) {
                    break;
                }
                int c = l.indexOf(": ");
                out.add(c < 0 ? new String[] {l, ""} : new String[] {l.substring(0, c), l.substring(c + 2)});
            }
            return out;
        }

        Map<String, String> event() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String[] h : eventHeaders()) {
                m.putIfAbsent(h[0], h[1]);
            }
            return m;
        }
    }

    final Socket socket;
    private final InputStream in;

    EslTestClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** Connects and authenticates with ClueCon; asserts nothing, returns the client. */
    static EslTestClient authed(int port) throws IOException {
        EslTestClient c = new EslTestClient(port);
        c.read(); // auth/request
        c.send("auth ClueCon");
        Frame f = c.read();
        if (!"+OK accepted".equals(f.get("Reply-Text"))) {
            throw new IOException("auth failed: " + f.headers());
        }
        return c;
    }

    void send(String command) throws IOException {
        socket.getOutputStream().write((command + "\n\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                return null;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private final java.util.ArrayDeque<Frame> pending = new java.util.ArrayDeque<>();

    /** The next frame (first those {@link #api} stepped over), or null at end of stream. */
    Frame read() throws IOException {
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        return readWire();
    }

    private Frame readWire() throws IOException {
        List<String[]> headers = new ArrayList<>();
        for (String l; ; ) {
            l = line();
            if (l == null) {
                return null;
            }
            if (l.isEmpty()) {
                if (headers.isEmpty()) {
                    continue;
                }
                break;
            }
            int c = l.indexOf(": ");
            headers.add(c < 0 ? new String[] {l, ""} : new String[] {l.substring(0, c), l.substring(c + 2)});
        }
        String body = null;
        for (String[] h : headers) {
            if (h[0].equals("Content-Length") && h[1].matches("\\d+")) {
                body = new String(in.readNBytes(Integer.parseInt(h[1])), StandardCharsets.UTF_8);
            }
        }
        return new Frame(headers, body);
    }

    /** Reads until a frame of this content type arrives; the frames before it are added to {@code skipped}. */
    Frame readUntil(String type, List<Frame> skipped) throws IOException {
        for (Frame f; (f = read()) != null; ) {
            if (type.equals(f.type())) {
                return f;
            }
            skipped.add(f);
        }
        return null;
    }

    /** Plain events until the marker event {@code test::end}, which this method sends (subscribe to it first). */
    List<Map<String, String>> eventsUntilMarker() throws IOException {
        send("sendevent CUSTOM\nEvent-Subclass: test::end");
        List<Map<String, String>> out = new ArrayList<>();
        for (Frame f; (f = read()) != null; ) {
            if (f.type() != null && f.type().startsWith("text/event-plain")) {
                Map<String, String> e = f.event();
                if ("test%3A%3Aend".equals(e.get("Event-Subclass"))) {
                    return out;
                }
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Reads plain events until one matches (events that come later, e.g. after a dialplan sleep);
     * the events before it are added to {@code skipped}. Fails after the socket timeout (10 s).
     */
    Map<String, String> awaitEvent(java.util.function.Predicate<Map<String, String>> wanted, List<Map<String, String>> skipped)
            throws IOException {
        for (Frame f; (f = read()) != null; ) {
            if (f.type() != null && f.type().startsWith("text/event-plain")) {
                Map<String, String> e = f.event();
                if (wanted.test(e)) {
                    return e;
                }
                skipped.add(e);
            }
        }
        throw new IOException("the connection ended before the event came");
    }

    /** Sends an api command and returns the api/response body; frames before it stay for {@link #read}. */
    String api(String command) throws IOException {
        send("api " + command);
        Frame response = next("api/response");
        return response == null ? null : response.body();
    }

    /** Sends a command and returns its Reply-Text; frames before the reply stay for {@link #read}. */
    String command(String command) throws IOException {
        send(command);
        Frame reply = next("command/reply");
        return reply == null ? null : reply.get("Reply-Text");
    }

    private Frame next(String type) throws IOException {
        List<Frame> before = new ArrayList<>();
        Frame found = null;
        for (Frame f; (f = readWire()) != null; ) {
            if (type.equals(f.type())) {
                found = f;
                break;
            }
            before.add(f);
        }
        pending.addAll(before);
        return found;
    }

    /** Everything until end of stream. */
    byte[] readAll() throws IOException {
        return in.readAllBytes();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
