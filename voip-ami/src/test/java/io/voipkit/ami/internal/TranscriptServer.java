package io.voipkit.ami.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback server that plays one recorded transcript back to one client, following
 * NAME.annotated.txt block by block: a {@code <<<} block writes the next N recorded bytes of
 * NAME.txt (the recorded TCP read), a {@code >>>} block reads exactly N bytes from the client and
 * compares them with the next N bytes of NAME.sent.txt, an EOF note closes the connection.
 */
final class TranscriptServer implements AutoCloseable {

    private static final Pattern BLOCK = Pattern.compile(
            "^---\\s+[0-9.]+s (<<<|>>>|\\*\\*\\*) ?(?:\\((\\d+) bytes\\))?(.*)$", Pattern.MULTILINE);

    private record Block(String direction, int bytes, String note) {
    }

    private final String name;
    private final List<Block> blocks = new ArrayList<>();
    private final byte[] received;
    private final byte[] sent;
    private final ServerSocket server;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean clientClosedEarly;

    TranscriptServer(String name) {
        this.name = name;
        this.received = AmiFixtures.received(name);
        this.sent = AmiFixtures.sent(name);
        Matcher m = BLOCK.matcher(AmiFixtures.annotated(name));
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)), m.group(3)));
        }
        try {
            server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::serve, "transcript-" + name);
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Differences between what the client sent and what the recorder sent; empty when byte-identical. */
    List<String> problems() {
        return problems;
    }

    /** {@code true} when the client closed before sending all the recorded bytes (what it sent matched). */
    boolean clientClosedEarly() {
        return clientClosedEarly;
    }

    /** Completes when the script has been played (or the client went away). */
    CompletableFuture<Void> done() {
        return done;
    }

    private void serve() {
        int r = 0;
        int s = 0;
        try (Socket socket = server.accept()) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (Block b : blocks) {
                switch (b.direction()) {
                    case "<<<" -> {
                        out.write(received, r, b.bytes());
                        out.flush();
                        r += b.bytes();
                    }
                    case ">>>" -> {
                        byte[] got = in.readNBytes(b.bytes());
                        byte[] expected = Arrays.copyOfRange(sent, s, s + b.bytes());
                        s += b.bytes();
                        boolean closedEarly = got.length < expected.length
                                && Arrays.equals(got, 0, got.length, expected, 0, got.length);
                        if (closedEarly) {
                            clientClosedEarly = true;
                            return;
                        }
                        if (!Arrays.equals(got, expected)) {
                            problems.add(name + ": client sent\n" + show(got) + "\nbut the recording has\n" + show(expected));
                            if (got.length < expected.length) {
                                return; // the client stopped sending (closed); nothing more to play
                            }
                        }
                    }
                    default -> {
                        if (b.note().contains("EOF")) {
                            return; // try-with-resources closes the socket: EOF for the client
                        }
                    }
                }
            }
            // Script over without a recorded EOF: wait for the client to close.
            while (in.read() >= 0) {
                // drain
            }
        } catch (IOException e) {
            problems.add(name + ": " + e);
        } finally {
            done.complete(null);
        }
    }

    private static String show(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n\n");
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // test teardown
        }
    }
}
