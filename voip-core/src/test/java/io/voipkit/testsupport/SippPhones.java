package io.voipkit.testsupport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * SIP phones played by {@code sipp} processes for the real-PBX ITs (Asterisk and FreeSWITCH): each
 * registers from its own free UDP port and keeps answering until it is unregistered or
 * {@link #close()}d. How sipp is called (scenario, credentials, PBX address) is the PBX's
 * business and given as {@link Commands}. Thread-safe.
 */
public final class SippPhones implements AutoCloseable {

    /** The sipp command lines of one PBX. */
    public interface Commands {
        /** The command that registers {@code user} from {@code port} and stays up answering. */
        List<String> register(String user, int port);

        /** The command that unregisters {@code user} from {@code port} and exits. */
        List<String> unregister(String user, int port);
    }

    private record Phone(Process process, int port) {
    }

    private final Commands commands;
    private final Map<String, Phone> phones = new ConcurrentHashMap<>();

    /** Phones started with these commands. */
    public SippPhones(Commands commands) {
        this.commands = java.util.Objects.requireNonNull(commands, "commands");
    }

    /** Starts a registering sipp for {@code user}; returns at once (the registration follows). */
    public void register(String user) throws IOException {
        int port = freeUdpPort();
        Process p = new ProcessBuilder(commands.register(user, port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        phones.put(user, new Phone(p, port));
    }

    /**
     * Stops {@code user}'s phone and unregisters it from the same port, waiting up to 20 s for
     * sipp to finish; does nothing for a user that is not registered here.
     */
    public void unregister(String user) throws IOException, InterruptedException {
        Phone phone = phones.remove(user);
        if (phone == null) {
            return;
        }
        // The registering sipp still owns its port: stop it first, then unregister from that port.
        phone.process().destroy();
        phone.process().waitFor(5, TimeUnit.SECONDS);
        Process un = new ProcessBuilder(commands.unregister(user, phone.port()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!un.waitFor(20, TimeUnit.SECONDS)) {
            un.destroyForcibly();
            throw new AssertionError("sipp unregister of " + user + " did not finish within 20 s");
        }
    }

    /** Kills every phone still running (no unregistration). */
    @Override
    public void close() {
        phones.values().forEach(p -> p.process().destroyForcibly());
        phones.clear();
    }

    /** A UDP port free on this machine now. */
    public static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
