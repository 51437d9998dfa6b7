package io.voipkit.ami;

import static org.assertj.core.api.Assertions.assertThat;

import io.voipkit.testsupport.ItServices;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain from a test to the real Asterisk 22 that {@code scripts/test.sh} starts: AMI over
 * plain TCP and TLS with the generated users, the permissions of the read-only user, the loaded
 * modules, and a sipp phone registering with digest authentication. Uses a bare socket (no
 * library code), so that a failure here points at the set-up, not at the AMI adapter.
 */
class AmiChainIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private ItServices services;

    /** Per test, so that without services each test shows as skipped (or failed, under scripts/test.sh). */
    @BeforeEach
    void services() {
        services = ItServices.require();
    }

    @Test
    void plainLoginIsGreetedAcceptedAndAnswersPing() throws IOException {
        try (AmiSession ami = AmiSession.open(new Socket(services.asteriskHost(), services.amiPort()))) {
            assertThat(ami.greeting()).startsWith("Asterisk Call Manager/");

            Map<String, String> login = ami.login(services.amiUsername(), services.amiSecret());
            assertThat(login).containsEntry("Response", "Success").containsEntry("Message", "Authentication accepted");

            Map<String, String> pong = ami.action("Ping");
            assertThat(pong).containsEntry("Response", "Success").containsEntry("Ping", "Pong");

            assertThat(ami.action("Logoff")).containsEntry("Response", "Goodbye");
        }
    }

    @Test
    void wrongSecretIsRefusedAndTheConnectionClosed() throws IOException {
        try (AmiSession ami = AmiSession.open(new Socket(services.asteriskHost(), services.amiPort()))) {
            ami.greeting();

            Map<String, String> login = ami.login(services.amiUsername(), services.amiSecret() + "-wrong");

            assertThat(login).containsEntry("Response", "Error").containsEntry("Message", "Authentication failed");
            assertThat(ami.readsEndOfStream()).as("server closes the connection after a failed login").isTrue();
        }
    }

    @Test
    void readonlyUserMayPingButNotOriginate() throws IOException {
        try (AmiSession ami = AmiSession.open(new Socket(services.asteriskHost(), services.amiPort()))) {
            ami.greeting();
            assertThat(ami.login(services.readonlyUsername(), services.readonlySecret()))
                    .containsEntry("Response", "Success");

            assertThat(ami.action("Ping")).containsEntry("Ping", "Pong");
            Map<String, String> originate = ami.action("Originate", "Channel", "Local/999@test",
                    "Application", "Wait", "Data", "1");

            assertThat(originate).containsEntry("Response", "Error").containsEntry("Message", "Permission denied");
        }
    }

    @Test
    void tlsWithTheGeneratedTruststoreVerifiesTheCertificateAndLogsIn() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(services.truststorePath())) {
            trust.load(in, services.truststorePassword().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(services.asteriskHost(), services.amiTlsPort());
        // Check the host against the certificate's subjectAltName (IP 127.0.0.1), as a client should.
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);

        try (AmiSession ami = AmiSession.open(socket)) {
            assertThat(ami.greeting()).startsWith("Asterisk Call Manager/");
            assertThat(ami.login(services.amiUsername(), services.amiSecret())).containsEntry("Response", "Success");
            assertThat(ami.action("Ping")).containsEntry("Ping", "Pong");
        }
    }

    @Test
    void asteriskIs22WithTheModulesTheTestsNeed() {
        assertThat(services.asteriskCli("core show version")).startsWith("Asterisk 22.");
        String modules = services.asteriskCli("module show");
        assertThat(modules).contains("chan_pjsip.so", "res_pjsip_registrar.so", "app_queue.so", "app_confbridge.so",
                "res_parking.so", "cdr_csv.so", "cdr_manager.so", "cel_manager.so", "app_mixmonitor.so",
                "app_chanspy.so", "res_agi.so", "func_curl.so", "cdr_pgsql.so");
        // modules.conf has autoload = no: nothing beyond the list, e.g. no IAX2 on 0.0.0.0:4569.
        assertThat(modules).doesNotContain("chan_iax2.so");
        assertThat(services.asteriskLogDir().resolve("full")).isRegularFile();
    }

    @Test
    void sippPhoneRegistersBecomesReachableAndIsRemovedOnUnregister(@TempDir Path tmp) throws Exception {
        String endpoint = "105-ep";
        int phonePort = freeUdpPort();
        try (AmiSession ami = AmiSession.open(new Socket(services.asteriskHost(), services.amiPort()))) {
            ami.greeting();
            assertThat(ami.login(services.amiUsername(), services.amiSecret())).containsEntry("Response", "Success");

            Process phone = new ProcessBuilder(services.sippRegisterCommand(endpoint, phonePort, phonePort,
                    Duration.ofSeconds(60)))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("register.log").toFile()).start();
            try {
                Map<String, String> reachable = ami.awaitEvent(e -> "ContactStatus".equals(e.get("Event"))
                        && endpoint.equals(e.get("AOR")) && "Reachable".equals(e.get("ContactStatus")),
                        Duration.ofSeconds(30));
                assertThat(reachable.get("URI")).isEqualTo("sip:" + endpoint + "@127.0.0.1:" + phonePort);
                assertThat(services.asteriskCli("pjsip show contacts")).contains(endpoint + "/sip:" + endpoint);
            } finally {
                phone.destroy();
                phone.waitFor(10, TimeUnit.SECONDS);
            }

            Process unregister = new ProcessBuilder(services.sippUnregisterCommand(endpoint, freeUdpPort(), phonePort))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("unregister.log").toFile()).start();
            assertThat(unregister.waitFor(30, TimeUnit.SECONDS)).as("sipp unregister finished").isTrue();
            assertThat(unregister.exitValue()).as("sipp unregister exit code, see %s", tmp.resolve("unregister.log"))
                    .isZero();
            ami.awaitEvent(e -> "ContactStatus".equals(e.get("Event")) && endpoint.equals(e.get("AOR"))
                    && "Removed".equals(e.get("ContactStatus")), Duration.ofSeconds(30));
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }

    /**
     * A minimal AMI client for this test: messages are CRLF-terminated header lines closed by
     * an empty line; responses are matched by ActionID and events are kept for
     * {@link #awaitEvent}. Lines and messages are bounded.
     */
    private static final class AmiSession implements AutoCloseable {
        private static final int MAX_LINE = 8192;
        private static final int MAX_HEADERS = 500;

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final List<Map<String, String>> events = new ArrayList<>();
        private int nextActionId = 1;

        private AmiSession(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        static AmiSession open(Socket socket) throws IOException {
            return new AmiSession(socket);
        }

        /** The one-line greeting, e.g. {@code Asterisk Call Manager/11.0.0}. */
        String greeting() throws IOException {
            String line = readLine();
            if (line == null) {
                throw new EOFException("connection closed before the AMI greeting");
            }
            return line;
        }

        Map<String, String> login(String username, String secret) throws IOException {
            return action("Login", "Username", username, "Secret", secret);
        }

        /** Sends an action and returns its response, keeping events that arrive before it. */
        Map<String, String> action(String name, String... headers) throws IOException {
            String actionId = "chain-" + nextActionId++;
            StringBuilder message = new StringBuilder("Action: ").append(name).append("\r\n")
                    .append("ActionID: ").append(actionId).append("\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                message.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            out.write(message.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                Map<String, String> reply = readMessage();
                if (reply == null) {
                    throw new EOFException("connection closed before the response to " + name);
                }
                if (reply.containsKey("Event")) {
                    events.add(reply);
                } else if (actionId.equals(reply.get("ActionID"))) {
                    return reply;
                }
            }
        }

        /** The first event (already received or arriving within {@code timeout}) that matches. */
        Map<String, String> awaitEvent(Predicate<Map<String, String>> matching, Duration timeout) throws IOException {
            for (Map<String, String> event : events) {
                if (matching.test(event)) {
                    return event;
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Map<String, String> message;
                try {
                    message = readMessage();
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (message == null) {
                    throw new EOFException("connection closed while waiting for an event");
                }
                events.add(message);
                if (matching.test(message)) {
                    return message;
                }
            }
            throw new AssertionError("no matching event within " + timeout + "; received: " + events);
        }

        /** True when the server closes the connection (within the read timeout). */
        boolean readsEndOfStream() throws IOException {
            try {
                while (true) {
                    Map<String, String> message = readMessage();
                    if (message == null) {
                        return true;
                    }
                }
            } catch (SocketTimeoutException e) {
                return false;
            }
        }

        /** One message; leading empty lines are skipped (Asterisk sometimes sends stray ones). */
        private Map<String, String> readMessage() throws IOException {
            Map<String, String> headers = new LinkedHashMap<>();
            String line;
            while ((line = readLine()) != null) {
                if (line.isEmpty()) {
                    if (headers.isEmpty()) {
                        continue;
                    }
                    return headers;
                }
                if (headers.size() >= MAX_HEADERS) {
                    throw new IOException("AMI message with more than " + MAX_HEADERS + " headers");
                }
                int colon = line.indexOf(':');
                String key = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).strip();
                // Repeated headers (Output:) keep the first value; this test needs no more.
                headers.putIfAbsent(key, value);
            }
            return headers.isEmpty() ? null : headers;
        }

        /** A line without its CRLF (a bare LF also ends a line), or null at the end of the stream. */
        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.UTF_8);
                }
                if (line.size() >= MAX_LINE) {
                    throw new IOException("AMI line longer than " + MAX_LINE + " bytes");
                }
                line.write(b);
            }
            return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
