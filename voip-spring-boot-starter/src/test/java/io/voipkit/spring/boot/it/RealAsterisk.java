package io.voipkit.spring.boot.it;

import io.voipkit.testsupport.ItServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Stops and starts the shared real Asterisk the way the project's scripts do, so that a test can
 * take the PBX away from a running application and give it back.
 *
 * <p>Stopping is Asterisk's own {@code core stop now} over the CLI. Starting is
 * {@code scripts/services.sh start asterisk}, with {@code VOIPKIT_STARTED_BY} set to whoever had
 * started it before ({@code target/it/state/asterisk.started}: {@code test} for
 * {@code scripts/test.sh}, {@code manual} for a hand-started {@code services.sh}), so that the
 * later {@code scripts/services.sh stop} of {@code scripts/test.sh} still stops it, and a
 * hand-started one is still left running.
 */
final class RealAsterisk {

    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    private final ItServices services;
    private final Path repo;
    private final Path itDir;

    private RealAsterisk(ItServices services, Path repo, Path itDir) {
        this.services = services;
        this.repo = repo;
        this.itDir = itDir;
    }

    /**
     * The Asterisk of {@code services}, controlled through the {@code scripts/} of the checkout
     * that wrote the services file ({@code <checkout>/target/it/services.properties}), or else of
     * the checkout this test runs in.
     *
     * @throws IllegalStateException when no {@code scripts/services.sh} is found
     */
    static RealAsterisk of(ItServices services) {
        // scripts/services.sh writes the services file into its run-state directory (VOIPKIT_IT_DIR),
        // where its state/ markers are too.
        Path itDir = services.source().toAbsolutePath().getParent();
        for (Path start : List.of(itDir, Path.of(System.getProperty("user.dir")).toAbsolutePath())) {
            for (Path d = start; d != null; d = d.getParent()) {
                if (Files.isExecutable(d.resolve("scripts/services.sh"))) {
                    return new RealAsterisk(services, d, itDir);
                }
            }
        }
        throw new IllegalStateException("no scripts/services.sh above " + itDir + " or the working directory: "
                + "cannot restart Asterisk");
    }

    /** Whether Asterisk answers on its CLI and accepts AMI connections. */
    boolean isRunning() {
        return cli("core show version") == 0 && amiOpen();
    }

    /** Who started Asterisk according to the scripts' state file, or {@code null} if they did not. */
    String startedBy() {
        Path marker = itDir.resolve("state/asterisk.started");
        try {
            return Files.isRegularFile(marker) ? Files.readString(marker, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + marker, e);
        }
    }

    /** {@code core stop now}, then waits until the process is gone and AMI refuses connections. */
    void stopNow() {
        // The remote console loses its peer while Asterisk exits: its exit code says nothing.
        cli("core stop now");
        await("Asterisk to stop").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> cli("core show version") != 0 && !amiOpen());
    }

    /**
     * Starts Asterisk with {@code scripts/services.sh start asterisk} as {@code startedBy} and
     * waits until AMI accepts connections.
     *
     * @param startedBy the value for {@code VOIPKIT_STARTED_BY} ({@code test} or {@code manual})
     * @throws IllegalStateException when the script fails or takes too long; the message holds its output
     */
    void start(String startedBy) {
        Path log;
        try {
            log = Files.createTempFile("voipkit-starter-it-asterisk-start", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(repo.resolve("scripts/services.sh").toString(), "start", "asterisk")
                    .directory(repo.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    // A file, not a pipe: Asterisk runs on in the background and must not hold our pipe open.
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("VOIPKIT_STARTED_BY", startedBy);
            pb.environment().put("VOIPKIT_IT_DIR", itDir.toString());
            Process p = pb.start();
            if (!p.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("scripts/services.sh start asterisk took longer than " + SCRIPT_TIMEOUT
                        + ": " + Files.readString(log, StandardCharsets.UTF_8));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("scripts/services.sh start asterisk exited with " + p.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            await("AMI after the start").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(this::isRunning);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run scripts/services.sh start asterisk", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Asterisk", e);
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    /** Starts Asterisk again if it is not running (for clean-up: other ITs run after this one). */
    void ensureRunning(String startedBy) {
        if (!isRunning()) {
            start(startedBy == null ? "manual" : startedBy);
        }
    }

    private boolean amiOpen() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(services.asteriskHost(), services.amiPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs an Asterisk CLI command, returns its exit code (-1 on a time-out); output discarded. */
    int cli(String command) {
        List<String> argv = new ArrayList<>(List.of(services.value("asterisk.cli").trim().split("\\s+")));
        argv.add(command);
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(CLI_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the Asterisk CLI", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the Asterisk CLI", e);
        }
    }

    @Override
    public String toString() {
        return "RealAsterisk[" + repo + ", " + itDir + "]";
    }
}
