package io.voipkit.ami.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.PbxNotConnectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AMI over TLS (Asterisk's {@code tlsenable}, port 5039) against a loopback TLS server with a throwaway certificate. */
class AmiConnectionTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static Path localhostCert;
    private static Path otherHostCert;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        localhostCert = keytool("ip-127", "SAN=ip:127.0.0.1");
        otherHostCert = keytool("other", "SAN=dns:pbx.example.org");
    }

    private static Path keytool(String name, String san) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "ami", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", san, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return store;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** A TLS server presenting {@code keyStore}; yields sessions whose handshake completed. */
    private BlockingQueue<FakeAmiServer.Session> tlsServer(Path keyStore, int[] port) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        toClose.add(server);
        port[0] = server.getLocalPort();
        BlockingQueue<FakeAmiServer.Session> sessions = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    SSLSocket s = (SSLSocket) server.accept();
                    try {
                        s.startHandshake();
                        FakeAmiServer.Session session = new FakeAmiServer.Session(s);
                        toClose.add(session);
                        sessions.add(session);
                    } catch (IOException refusedByClient) {
                        s.close();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "tls-acceptor");
        t.setDaemon(true);
        t.start();
        return sessions;
    }

    private AmiConnection connection(AmiConnectionConfig.Builder b) {
        AmiConnection c = new AmiConnection(b.build());
        toClose.add(c);
        return c;
    }

    private static AmiConnectionConfig.Builder config(int port) {
        return AmiConnectionConfig.builder().host("127.0.0.1").port(port).username("monitor").secret("monitor-secret")
                .authType(AmiConnectionConfig.AuthType.PLAIN).connectTimeout(Duration.ofSeconds(5))
                .logoffTimeout(Duration.ofMillis(200)).eventSink(m -> { });
    }

    @Test
    void logsInOverTlsWithATrustStoreAndHostnameVerification() throws Exception {
        int[] port = new int[1];
        BlockingQueue<FakeAmiServer.Session> sessions = tlsServer(localhostCert, port);
        AmiConnection c = connection(config(port[0]).tlsTrustStore(localhostCert, PASSWORD.clone()));
        CompletableFuture<Void> connecting = CompletableFuture.runAsync(c::connect);
        FakeAmiServer.Session s = sessions.poll(10, TimeUnit.SECONDS);
        assertThat(s).isNotNull();
        assertThat(s.socket).isInstanceOf(SSLSocket.class);
        AmiMessage login = s.acceptPlainLogin();
        connecting.get(10, TimeUnit.SECONDS);

        assertThat(login.get("Username")).isEqualTo("monitor");
        assertThat(c.isConnected()).isTrue();
    }

    @Test
    void certificateForAnotherHostIsRefusedUnlessVerificationIsOff() throws Exception {
        int[] port = new int[1];
        BlockingQueue<FakeAmiServer.Session> sessions = tlsServer(otherHostCert, port);
        AmiConnection strict = connection(config(port[0]).tlsTrustStore(otherHostCert, PASSWORD.clone()));
        assertThatThrownBy(strict::connect).isInstanceOf(PbxNotConnectedException.class)
                .hasMessageContaining("127.0.0.1:" + port[0]);

        AmiConnection lax = connection(config(port[0]).tlsTrustStore(otherHostCert, PASSWORD.clone())
                .hostnameVerification(false));
        CompletableFuture<Void> connecting = CompletableFuture.runAsync(lax::connect);
        FakeAmiServer.Session s = sessions.poll(10, TimeUnit.SECONDS);
        assertThat(s).isNotNull();
        s.acceptPlainLogin();
        connecting.get(10, TimeUnit.SECONDS);
        assertThat(lax.isConnected()).isTrue();
    }

    @Test
    void untrustedCertificateIsRefused() throws Exception {
        int[] port = new int[1];
        tlsServer(localhostCert, port);
        AmiConnection c = connection(config(port[0]).tls(SSLContext.getDefault()));
        assertThatThrownBy(c::connect).isInstanceOf(PbxNotConnectedException.class)
                .hasMessageContaining("Cannot connect to AMI at 127.0.0.1:" + port[0]);
    }

    @Test
    void unreadableTrustStoreIsAnInvalidRequest() {
        assertThatThrownBy(() -> config(5039).tlsTrustStore(dir.resolve("missing.p12"), PASSWORD.clone()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("tlsTrustStore"));
    }
}
