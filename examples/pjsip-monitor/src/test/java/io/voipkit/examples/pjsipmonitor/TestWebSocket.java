package io.voipkit.examples.pjsipmonitor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real WebSocket client (the JDK's) for the monitor's {@code /ws}, logged in with HTTP Basic. */
final class TestWebSocket implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How long {@link #next} waits for a message. */
    static final int WAIT_SECONDS = 30;
    private static final int MAX_SKIPPED = 1000;
    /** Messages {@link #next} passed over, oldest first (read only by the test thread). */
    private final java.util.ArrayDeque<JsonNode> skipped = new java.util.ArrayDeque<>();
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private volatile WebSocket socket;
    private volatile boolean closedByServer;

    private TestWebSocket() {
    }

    /** Opens {@code /ws}; the future fails with the handshake's error (such as a 401). */
    static CompletableFuture<TestWebSocket> open(int port, String user, String password) {
        TestWebSocket t = new TestWebSocket();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    if (Boolean.getBoolean("ws.debug")) {
                        System.err.println("WS< " + partial.substring(0, Math.min(300, partial.length())));
                    }
                    t.messages.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                t.closedByServer = true;
                return null;
            }
        };
        var builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (user != null) {
            builder.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), listener).thenApply(ws -> {
            t.socket = ws;
            return t;
        });
    }

    void send(String text) {
        // What was passed over before this request cannot be its consequence.
        skipped.clear();
        socket.sendText(text, true).join();
    }

    /**
     * The next message of {@code type} that {@code condition} accepts, skipping others; fails after
     * {@link #WAIT_SECONDS} s (generous: a shared, busy build machine can stall the first push for
     * several seconds; this is a wait for an event, not a speed assertion).
     */
    JsonNode next(String type, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            String m = messages.poll(100, TimeUnit.MILLISECONDS);
            if (m == null) {
                continue;
            }
            JsonNode node = JSON.readTree(m);
            if (node.path("type").asString().equals(type)) {
                if (condition.test(node)) {
                    return node;
                }
                last = node;
            }
            skipped.addLast(node);
            if (skipped.size() > MAX_SKIPPED) {
                skipped.removeFirst();
            }
        }
        throw new AssertionError("no " + type + " message matching the condition within " + WAIT_SECONDS + " s; the last one was "
                + (last == null ? "none" : last.toString().substring(0, Math.min(4000, last.toString().length()))));
    }

    JsonNode next(String type) throws InterruptedException {
        return next(type, n -> true);
    }

    /**
     * Like {@link #next(String, Predicate)}, but also accepts a message that an earlier
     * {@code next} skipped: for a push that may overtake the reply it was waited behind (the
     * server pushes a {@code statusUpdate} on its own thread, so it can arrive before or after
     * the {@code sectionSaved} reply to the same request).
     */
    JsonNode nextOrSkipped(String type, Predicate<JsonNode> condition) throws InterruptedException {
        for (var it = skipped.iterator(); it.hasNext(); ) {
            JsonNode node = it.next();
            if (node.path("type").asString().equals(type) && condition.test(node)) {
                it.remove();
                return node;
            }
        }
        return next(type, condition);
    }

    /** Whether the server has not closed the session. */
    boolean isOpen() {
        return !closedByServer && !socket.isInputClosed();
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
