package io.voipkit.freeswitch.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake FreeSWITCH scripted from one recorded transcript: it accepts one connection and plays
 * the annotated blocks in order, writing each received ({@code <<<}) block as recorded and
 * reading each sent ({@code >>>}) block from the client, which must match the recorded bytes
 * exactly. A mismatch is recorded in {@link #problems()} and ends the script. When the script
 * ends with the socket open, a trailing {@code exit} from the client is answered with
 * {@code +OK bye}; anything else is a problem.
 */
final class TranscriptServer implements AutoCloseable {

    private static final byte[] EXIT = "exit\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BYE = "Content-Type: command/reply\nReply-Text: +OK bye\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final List<EslFixtures.Block> blocks;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile Socket socket;

    TranscriptServer(String name) throws IOException {
        this.blocks = EslFixtures.blocks(name);
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::run, "transcript-server-" + name);
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<String> problems() {
        return problems;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    private void run() {
        try (Socket s = server.accept()) {
            socket = s;
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            boolean open = true;
            for (EslFixtures.Block b : blocks) {
                if (b.received()) {
                    out.write(b.bytes());
                    out.flush();
                    continue;
                }
                byte[] got = in.readNBytes(b.bytes().length);
                if (!Arrays.equals(got, b.bytes())) {
                    problems.add("client sent " + show(got) + " where the recording has " + show(b.bytes()));
                    return;
                }
            }
            // After the recorded script: FreeSWITCH closes after exit or a refusal; otherwise await exit.
            EslFixtures.Block last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
            if (last != null && last.received() && new String(last.bytes(), StandardCharsets.UTF_8).contains("text/disconnect-notice")) {
                open = false;
            }
            if (open) {
                byte[] rest = in.readNBytes(EXIT.length);
                if (rest.length == 0) {
                    return;
                }
                if (!Arrays.equals(rest, EXIT)) {
                    problems.add("client sent " + show(rest) + " after the end of the recording");
                    return;
                }
                out.write(BYE);
                out.flush();
            }
        } catch (IOException e) {
            if (!server.isClosed()) {
                problems.add("server I/O: " + e);
            }
        } finally {
            done.complete(null);
        }
    }

    private static String show(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8).replace("\n", "\\n");
        return "'" + (s.length() > 200 ? s.substring(0, 200) + "…" : s) + "'";
    }

    @Override
    public void close() throws IOException {
        Socket s = socket;
        if (s != null) {
            s.close();
        }
        server.close();
    }
}
