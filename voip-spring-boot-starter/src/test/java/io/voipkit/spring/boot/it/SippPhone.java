package io.voipkit.spring.boot.it;

import io.voipkit.testsupport.ItServices;
import java.io.IOException;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real phone for the test: {@code sipp} registers a PJSIP endpoint with digest auth and keeps
 * answering Asterisk's qualify OPTIONS, so the endpoint is ONLINE (and stays ONLINE across an
 * Asterisk restart: the contact is kept in Asterisk's database and qualified again).
 * {@link #close()} stops it and removes the registration.
 */
final class SippPhone implements AutoCloseable {

    private final ItServices services;
    private final String endpoint;
    private final int port;
    private final Process process;

    private SippPhone(ItServices services, String endpoint, int port, Process process) {
        this.services = services;
        this.endpoint = endpoint;
        this.port = port;
        this.process = process;
    }

    /** Starts a phone that registers {@code endpoint} and stays up for {@code hold}. */
    static SippPhone register(ItServices services, String endpoint, Duration hold) throws IOException {
        int port = freeUdpPort();
        Process p = new ProcessBuilder(services.sippRegisterCommand(endpoint, port, port, hold))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return new SippPhone(services, endpoint, port, p);
    }

    String endpoint() {
        return endpoint;
    }

    /** Stops the phone, then unregisters its contact from the same port (the registering sipp owns it until then). */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        Process un = new ProcessBuilder(services.sippUnregisterCommand(endpoint, port, port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!un.waitFor(20, TimeUnit.SECONDS)) {
            un.destroyForcibly();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return "SippPhone[" + endpoint + " on udp " + port + "]";
    }
}
