package io.voipkit.freeswitch.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake FreeSWITCH placing one call into an outbound server, scripted from an
 * {@code outbound-*} transcript (where the recorder played the server): it connects, writes each
 * {@code <<<} block (what FreeSWITCH sent) and reads each {@code >>>} block (what the server
 * sent), which must match the recording byte for byte; after the script it closes, as FreeSWITCH
 * does after its disconnect notice.
 */
final class TranscriptCaller {
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    TranscriptCaller(String name, int port) {
        List<EslFixtures.Block> blocks = EslFixtures.blocks(name);
        Thread t = new Thread(() -> play(blocks, port), "transcript-caller-" + name);
        t.setDaemon(true);
        t.start();
    }

    List<String> problems() {
        return problems;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    private void play(List<EslFixtures.Block> blocks, int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (EslFixtures.Block b : blocks) {
                if (b.received()) { // the recorder received it: FreeSWITCH wrote it
                    out.write(b.bytes());
                    out.flush();
                } else {
                    byte[] got = in.readNBytes(b.bytes().length);
                    if (!Arrays.equals(got, b.bytes())) {
                        problems.add("server sent '" + new String(got, StandardCharsets.UTF_8).replace("\n", "\\n")
                                + "' where the recording has '" + new String(b.bytes(), StandardCharsets.UTF_8).replace("\n", "\\n") + "'");
                        return;
                    }
                }
            }
        } catch (IOException e) {
            problems.add("caller I/O: " + e);
        } finally {
            done.complete(null);
        }
    }
}
