package io.voipkit.ami.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback AMI server a test drives by hand: accept a session, send raw text, read the actions
 * the client wrote (decoded with our own decoder, as {@code Action: X, ActionID: Y, ...}).
 */
final class FakeAmiServer implements AutoCloseable {
    static final String GREETING = "Asterisk Call Manager/11.0.0\r\n";

    private final ServerSocket server;
    private final BlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    FakeAmiServer() {
        this(0);
    }

    /** @param sendBufferSize SO_SNDBUF of accepted sockets, 0 for the default */
    FakeAmiServer(int sendBufferSize) {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    if (sendBufferSize > 0) {
                        s.setSendBufferSize(sendBufferSize);
                    }
                    sessions.add(new Session(s));
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-ami-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next accepted session, waiting up to 10 s. */
    Session session() {
        try {
            Session s = sessions.poll(10, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("no client connected within 10 s");
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // test teardown
        }
        Session s;
        while ((s = sessions.poll()) != null) {
            s.close();
        }
    }

    /** One accepted client connection. */
    static final class Session implements AutoCloseable {
        final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final AmiDecoder decoder = new AmiDecoder(AmiLimits.DEFAULT, false);
        private final Deque<AmiMessage> frames = new ArrayDeque<>();
        private final byte[] buf = new byte[8192];

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void send(String text) {
            sendBytes(text.getBytes(StandardCharsets.UTF_8));
        }

        void sendBytes(byte[] bytes) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The next action the client sent, or {@code null} on EOF; waits up to {@code timeout}. */
        AmiMessage readAction(Duration timeout) {
            try {
                socket.setSoTimeout((int) timeout.toMillis());
                while (frames.isEmpty()) {
                    int n = in.read(buf);
                    if (n < 0) {
                        return null;
                    }
                    decoder.feed(buf, 0, n, new AmiDecoder.Handler() {
                        @Override
                        public void greeting(String line) {
                        }

                        @Override
                        public void message(AmiMessage message) {
                            frames.add(message);
                        }
                    });
                }
                return frames.poll();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        AmiMessage readAction() {
            AmiMessage m = readAction(Duration.ofSeconds(10));
            if (m == null) {
                throw new AssertionError("client closed the connection instead of sending an action");
            }
            return m;
        }

        /** Answers {@code action} with {@code Response: <status>}, its ActionID and extra headers. */
        void respond(AmiMessage action, String status, String... headers) {
            StringBuilder sb = new StringBuilder("Response: ").append(status).append("\r\n");
            if (action.actionId() != null) {
                sb.append("ActionID: ").append(action.actionId()).append("\r\n");
            }
            for (int i = 0; i < headers.length; i += 2) {
                sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            send(sb.append("\r\n").toString());
        }

        /** Greets, reads a plain Login and accepts it; returns the Login action. */
        AmiMessage acceptPlainLogin() {
            send(GREETING);
            AmiMessage login = readAction();
            if (!"Login".equals(login.get("Action"))) {
                throw new AssertionError("expected Login, got " + login);
            }
            respond(login, "Success", "Message", "Authentication accepted");
            return login;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // test teardown
            }
        }
    }
}
