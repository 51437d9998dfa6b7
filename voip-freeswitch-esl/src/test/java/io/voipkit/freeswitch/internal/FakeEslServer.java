package io.voipkit.freeswitch.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small programmable Event Socket server for client behaviour the transcripts cannot script
 * (drops, reconnects, refusals): it greets with {@code auth/request}, checks the password,
 * answers {@code api status}, {@code bgapi} (reply, then a {@code BACKGROUND_JOB} event) and
 * {@code exit} as FreeSWITCH does in the transcripts, and {@code +OK} to everything else. Every
 * command line received is recorded per connection.
 */
final class FakeEslServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<List<String>> sessions = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile String password = "ClueCon";
    private volatile boolean rejectByAcl;
    private volatile java.util.function.UnaryOperator<String> framesBeforeJobResult = uuid -> "";
    private volatile String framesAfterJobResult = "";
    private static final java.util.regex.Pattern ORIGINATION_UUID = java.util.regex.Pattern.compile("origination_uuid=([^,}]+)");
    private volatile java.util.concurrent.CountDownLatch answerGate;
    private final java.util.Map<String, String> apiAnswers = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, String> framesBeforeAnswer = new java.util.concurrent.ConcurrentHashMap<>();

    FakeEslServer() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "fake-esl-server");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void password(String password) {
        this.password = password;
    }

    /** Answers {@code line} (for example {@code api show channels as json}) with an api/response of {@code body}. */
    void apiAnswer(String line, String body) {
        apiAnswers.put(line, body);
    }

    /** As {@link #apiAnswer}, with {@code frames} (raw ESL, e.g. events) written before the answer in the same write. */
    void apiAnswerAfter(String line, String frames, String body) {
        framesBeforeAnswer.put(line, frames);
        apiAnswers.put(line, body);
    }

    /** Raw ESL frames (e.g. events) every {@code bgapi} gets between its reply and its BACKGROUND_JOB, in one write. */
    void framesBeforeJobResult(String frames) {
        this.framesBeforeJobResult = uuid -> frames;
    }

    /**
     * As {@link #framesBeforeJobResult(String)}, the frames made from the {@code origination_uuid}
     * the command carries ({@code null} when none). A {@code bgapi originate} with one is answered
     * {@code +OK <that uuid>}, as FreeSWITCH does; every other {@code bgapi} {@code +OK done}.
     */
    void framesBeforeJobResult(java.util.function.UnaryOperator<String> frames) {
        this.framesBeforeJobResult = frames;
    }

    /**
     * Holds every answer to an {@code api} or {@code bgapi} command back until the returned latch
     * is counted down, so that a test can attach to a command's future before its answer arrives.
     */
    java.util.concurrent.CountDownLatch holdAnswers() {
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        answerGate = gate;
        return gate;
    }

    private void awaitGate() {
        java.util.concurrent.CountDownLatch gate = answerGate;
        try {
            if (gate != null && !gate.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("answer gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Raw ESL frames every {@code bgapi} gets right after its BACKGROUND_JOB, in the same write. */
    void framesAfterJobResult(String frames) {
        this.framesAfterJobResult = frames;
    }

    void rejectByAcl(boolean reject) {
        this.rejectByAcl = reject;
    }

    /** Command lines received, one list per accepted connection. */
    List<List<String>> sessions() {
        return sessions;
    }

    /** Closes every open connection, as a FreeSWITCH restart would. */
    void dropAll() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    /** Writes raw bytes to the newest connection. */
    void sendToLatest(byte[] bytes) throws IOException {
        Socket s = sockets.get(sockets.size() - 1);
        synchronized (s) {
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                List<String> received = new CopyOnWriteArrayList<>();
                sessions.add(received);
                Thread t = new Thread(() -> serve(s, received), "fake-esl-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void write(Socket s, String text) throws IOException {
        synchronized (s) {
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static String reply(String text) {
        return "Content-Type: command/reply\nReply-Text: " + text + "\n\n";
    }

    private void serve(Socket s, List<String> received) {
        try (s) {
            if (rejectByAcl) {
                write(s, "Content-Type: text/rude-rejection\nContent-Length: 24\n\nAccess Denied, go away.\n");
                return;
            }
            write(s, "Content-Type: auth/request\n\n");
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            while (true) {
                List<String> lines = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    lines.add(line);
                }
                if (line == null) {
                    return;
                }
                if (lines.isEmpty()) {
                    continue;
                }
                String cmd = lines.get(0);
                received.add(cmd);
                if (cmd.startsWith("auth ")) {
                    if (cmd.equals("auth " + password)) {
                        write(s, reply("+OK accepted"));
                    } else {
                        write(s, reply("-ERR invalid") + "Content-Type: text/disconnect-notice\nContent-Length: 0\n\n");
                        return;
                    }
                } else if (cmd.equals("exit")) {
                    write(s, reply("+OK bye"));
                    return;
                } else if (apiAnswers.containsKey(cmd)) {
                    awaitGate();
                    byte[] body = apiAnswers.get(cmd).getBytes(StandardCharsets.UTF_8);
                    write(s, framesBeforeAnswer.getOrDefault(cmd, "") + "Content-Type: api/response\nContent-Length: "
                            + body.length + "\n\n" + new String(body, StandardCharsets.UTF_8));
                } else if (cmd.equals("api status")) {
                    String body = "UP 0 years, 0 days\n";
                    write(s, "Content-Type: api/response\nContent-Length: " + body.length() + "\n\n" + body);
                } else if (cmd.startsWith("bgapi ")) {
                    awaitGate();
                    String job = UUID.randomUUID().toString();
                    java.util.regex.Matcher originated = ORIGINATION_UUID.matcher(cmd);
                    String uuid = originated.find() ? originated.group(1) : null;
                    String result = uuid == null ? "+OK done\n" : "+OK " + uuid + "\n";
                    String event = "Event-Name: BACKGROUND_JOB\nJob-UUID: " + job + "\nJob-Command: "
                            + cmd.substring(6).replace(" ", "%20") + "\nContent-Length: " + result.length() + "\n\n" + result;
                    write(s, "Content-Type: command/reply\nReply-Text: +OK Job-UUID: " + job + "\nJob-UUID: " + job + "\n\n"
                            + framesBeforeJobResult.apply(uuid) + "Content-Length: " + event.length() + "\nContent-Type: text/event-plain\n\n" + event + framesAfterJobResult);
                } else {
                    write(s, reply("+OK"));
                }
            }
        } catch (IOException e) {
            // connection dropped: the test decides what that means
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropAll();
    }
}
