package io.voipkit.simulator.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * The TCP listener shared by the simulated AMI and Event Socket servers: binds, runs one daemon
 * acceptor thread that hands every accepted socket (TCP_NODELAY set) to a callback, and stops.
 *
 * <p>What happens with a client (greeting, sessions, fan-out) stays with each protocol's server;
 * only the socket lifecycle, which was written twice, lives here. Thread-safe.
 */
public final class LoopbackListener {
    private static final Logger LOG = LoggerFactory.getLogger(LoopbackListener.class);

    /** Receives each accepted socket on the acceptor thread. */
    @FunctionalInterface
    public interface Acceptor {
        /** Takes ownership of {@code socket}; an IOException is logged and accepting goes on. */
        void accepted(Socket socket) throws IOException;
    }

    private final InetAddress bindAddress;
    private final String protocol;
    private final Acceptor acceptor;
    private volatile ServerSocket serverSocket;
    private volatile Thread thread;

    /**
     * A listener for {@code bindAddress}; {@code protocol} ("ami", "esl") names the acceptor thread
     * and log lines.
     */
    public LoopbackListener(InetAddress bindAddress, String protocol, Acceptor acceptor) {
        this.bindAddress = bindAddress;
        this.protocol = protocol;
        this.acceptor = acceptor;
    }

    /** Binds (port 0 = ephemeral) and starts accepting. */
    public synchronized void start(int port) {
        ServerSocket ss;
        try {
            ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(bindAddress, port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bindAddress.getHostAddress() + ":" + port, e);
        }
        serverSocket = ss;
        Thread t = new Thread(() -> acceptLoop(ss), "voipkit-sim-" + protocol + "-acceptor-" + ss.getLocalPort());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void acceptLoop(ServerSocket ss) {
        while (!ss.isClosed()) {
            try {
                Socket s = ss.accept();
                s.setTcpNoDelay(true);
                acceptor.accepted(s);
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                LOG.warn("{} accept failed: {}", protocol.toUpperCase(java.util.Locale.ROOT), e.toString());
            }
        }
    }

    /** The bound port, or -1 before {@link #start}. */
    public int port() {
        ServerSocket ss = serverSocket;
        return ss == null ? -1 : ss.getLocalPort();
    }

    /**
     * Stops listening, runs {@code dropClients} (after the socket is closed, so no new client slips
     * in), then waits up to 2 s for the acceptor thread to end.
     */
    public synchronized void stop(Runnable dropClients) {
        ServerSocket ss = serverSocket;
        if (ss != null) {
            try {
                ss.close();
            } catch (IOException ignored) {
                // already closing
            }
        }
        dropClients.run();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
