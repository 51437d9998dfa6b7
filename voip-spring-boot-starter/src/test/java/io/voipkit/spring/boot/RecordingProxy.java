package io.voipkit.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay in front of a server (here the FreeSWITCH simulator's Event Socket) that
 * keeps every byte the clients send, so that a test sees the commands the starter's PBX sends
 * ({@code event json ...}, {@code uuid_transfer ... valet_park:...}) without a hook in the
 * adapter. Both directions are relayed unchanged.
 */
final class RecordingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final StringBuffer sent = new StringBuffer();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    RecordingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "recording-proxy-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** Where clients connect. */
    int port() {
        return server.getLocalPort();
    }

    /** Everything the clients sent so far (ISO-8859-1, one string over all connections). */
    String sent() {
        return sent.toString();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                relay(client, upstream, true);
                relay(upstream, client, false);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket from, Socket to, boolean record) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (record) {
                        sent.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side closed: close the other below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "recording-proxy-relay");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(RecordingProxy::closeQuietly);
    }
}
