package io.voipkit.testsupport;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * The real services an integration test ({@code *IT}) talks to: Asterisk 22 (AMI plain and TLS,
 * its CLI and log files, PJSIP phones), PostgreSQL 15, MariaDB 10.11 and sipp, all on 127.0.0.1.
 *
 * <p>{@code scripts/services.sh start} (run by {@code scripts/test.sh}) starts them and writes
 * their addresses and generated credentials to {@code target/it/services.properties}; Failsafe
 * passes that file's path as the system property {@value #CONFIG_PROPERTY}. Without it an
 * integration test is skipped, or fails when {@value #REQUIRED_PROPERTY} is {@code true} (as
 * {@code scripts/test.sh} sets it), so that a CI run can never pass by skipping everything.
 *
 * <pre>{@code
 * class QueueIT {
 *     static ItServices services;
 *
 *     @BeforeAll
 *     static void services() {
 *         services = ItServices.require();
 *     }
 *
 *     @Test
 *     void ... {
 *         try (Socket s = new Socket(services.asteriskHost(), services.amiPort())) { ... }
 *         String contacts = services.asteriskCli("pjsip show contacts");
 *     }
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe. {@link #toString()} never shows a secret.
 */
public final class ItServices {

    /** System property naming the properties file written by {@code scripts/services.sh start}. */
    public static final String CONFIG_PROPERTY = "voipkit.it.config";
    /** System property that turns "services missing" from a skip into a failure. */
    public static final String REQUIRED_PROPERTY = "voipkit.it.required";
    /** System property naming the recorded real-PBX data ({@code ../shared/fixtures}). */
    public static final String FIXTURES_PROPERTY = "voipkit.fixtures";

    static final String HINT = "run scripts/test.sh, which starts the real services "
            + "(or scripts/services.sh start, then pass -D" + CONFIG_PROPERTY
            + "=<checkout>/target/it/services.properties)";

    /** What {@code asterisk -rx} prints last when it exits; not part of a command's output. */
    private static final String CLI_EXIT_LINE_PREFIX = "Asterisk ending (";
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(30);
    /** The properties file is small; anything bigger is not ours. */
    private static final long MAX_CONFIG_BYTES = 64 * 1024;

    private final Path source;
    private final Properties properties;

    private ItServices(Path source, Properties properties) {
        this.source = source;
        this.properties = properties;
    }

    /**
     * The services described by the file that {@value #CONFIG_PROPERTY} names.
     *
     * <p>When the property is unset or the file is missing, the calling test is aborted (JUnit
     * shows it as skipped) with a hint how to start the services, or fails with that hint when
     * {@value #REQUIRED_PROPERTY} is {@code true}.
     *
     * @return the services, never {@code null}
     * @throws IllegalStateException when the services are required but missing, or the file is
     *     unreadable or malformed
     */
    public static ItServices require() {
        String configured = System.getProperty(CONFIG_PROPERTY, "").strip();
        if (configured.isEmpty()) {
            return missing("system property " + CONFIG_PROPERTY + " is not set");
        }
        Path file = Path.of(configured).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            return missing(file + " does not exist");
        }
        return load(file);
    }

    /**
     * Reads a services file written by {@code scripts/services.sh start}.
     *
     * @param file the {@code services.properties} file
     * @return the services it describes
     * @throws InvalidRequestException when {@code file} is {@code null}
     * @throws IllegalStateException when the file cannot be read, is too big or lacks the
     *     Asterisk address
     */
    public static ItServices load(Path file) {
        Checks.notNull(file, "file");
        Properties properties = new Properties();
        try {
            long size = Files.size(file);
            if (size > MAX_CONFIG_BYTES) {
                throw new IllegalStateException(file + " has " + size + " bytes, more than the "
                        + MAX_CONFIG_BYTES + " a services file can have; " + HINT);
            }
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the services file " + file + ": " + e.getMessage(), e);
        }
        ItServices services = new ItServices(file.toAbsolutePath(), properties);
        // Fail at once on a truncated or foreign file rather than in the middle of a test.
        services.value("asterisk.host");
        services.value("asterisk.port");
        return services;
    }

    /**
     * The recorded real-PBX data ({@code ../shared/fixtures}: {@code ami/}, {@code esl/},
     * {@code cdr/}, {@code logs/}), from the system property {@value #FIXTURES_PROPERTY}.
     *
     * <p>A user's checkout has no {@code ../shared}: then the calling test is aborted (skipped)
     * with a message, also when {@value #REQUIRED_PROPERTY} is {@code true} — the recordings are
     * not a service the test command can start, and the same assertions also run against the real
     * PBXs.
     *
     * @return the fixtures directory
     */
    public static Path fixtures() {
        String configured = System.getProperty(FIXTURES_PROPERTY, "").strip();
        if (configured.isEmpty()) {
            return noFixtures("system property " + FIXTURES_PROPERTY + " is not set (the root pom sets it to "
                    + "../shared/fixtures beside the checkout)");
        }
        Path dir = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            return noFixtures("the recorded fixtures " + dir + " are not there (they live beside the checkout, "
                    + "in ../shared/fixtures)");
        }
        return dir;
    }

    private static <T> T noFixtures(String why) {
        Assumptions.abort("Recorded real-PBX data not available: " + why);
        throw new AssertionError("unreachable: Assumptions.abort returned");
    }

    private static <T> T missing(String why) {
        String message = "Real services not available: " + why + "; " + HINT;
        if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
            throw new IllegalStateException(message + " (" + REQUIRED_PROPERTY + "=true, so this is a failure)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable: Assumptions.abort returned");
    }

    /** The file these services were read from. */
    public Path source() {
        return source;
    }

    // ---- Asterisk: AMI ----

    /** The address Asterisk listens on (AMI and SIP): {@code 127.0.0.1}. */
    public String asteriskHost() {
        return value("asterisk.host");
    }

    /** The plain AMI port (5038 unless moved with {@code VOIPKIT_AMI_PORT}). */
    public int amiPort() {
        return port("asterisk.port");
    }

    /** The AMI-over-TLS port (5039 unless moved); trust it with {@link #truststorePath()}. */
    public int amiTlsPort() {
        return port("asterisk.tls.port");
    }

    /** The AMI user with read and write access to everything. */
    public String amiUsername() {
        return value("asterisk.username");
    }

    /** The secret of {@link #amiUsername()}, generated per machine. Never log it. */
    public String amiSecret() {
        return value("asterisk.secret");
    }

    /**
     * The least-privilege AMI user: reads {@code system,call,agent,user,reporting}, may write
     * nothing (every acting action is answered {@code Permission denied}).
     */
    public String readonlyUsername() {
        return value("asterisk.readonly.username");
    }

    /** The secret of {@link #readonlyUsername()}. Never log it. */
    public String readonlySecret() {
        return value("asterisk.readonly.secret");
    }

    /** A PKCS12 truststore holding exactly the self-signed certificate of AMI over TLS (CN and SAN 127.0.0.1). */
    public Path truststorePath() {
        return path("asterisk.truststore.path");
    }

    /** The password of {@link #truststorePath()}. */
    public String truststorePassword() {
        return value("asterisk.truststore.password");
    }

    // ---- Asterisk: the process, its CLI and logs ----

    /** The Debian sid root Asterisk runs in ({@code chroot}); its files are below it. */
    public Path asteriskChroot() {
        return path("asterisk.chroot");
    }

    /**
     * Where Asterisk writes its logs, as seen from outside the chroot: {@code full},
     * {@code messages}, {@code queue_log}, {@code cdr-csv/Master.csv}.
     */
    public Path asteriskLogDir() {
        return path("asterisk.log.dir");
    }

    /** The Asterisk version, as {@code asterisk -V} reports it (22.x). */
    public String asteriskVersion() {
        return value("asterisk.version");
    }

    /**
     * Runs one Asterisk CLI command (as {@code asterisk -rx COMMAND}) and returns what it
     * printed, without the {@code Asterisk ending (0).} line the remote console adds on exit.
     * The command prefix is {@code asterisk.cli} of the services file, split at whitespace
     * ({@code chroot <cache>/asterisk-sid /usr/sbin/asterisk -rx}); it needs root, as the
     * services do.
     *
     * @param command for example {@code "pjsip show contacts"}; no line breaks
     * @return the command's output
     * @throws InvalidRequestException when {@code command} is blank or holds CR or LF
     * @throws IllegalStateException when the CLI cannot be run, fails or takes longer than 30 s
     */
    public String asteriskCli(String command) {
        Checks.wireText(command, "command");
        List<String> argv = new ArrayList<>(Arrays.asList(value("asterisk.cli").trim().split("\\s+")));
        argv.add(command);
        String output = run(argv, CLI_TIMEOUT);
        List<String> lines = new ArrayList<>(output.lines().toList());
        while (!lines.isEmpty() && (lines.get(lines.size() - 1).startsWith(CLI_EXIT_LINE_PREFIX)
                || lines.get(lines.size() - 1).isBlank())) {
            lines.remove(lines.size() - 1);
        }
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    // ---- Asterisk: PJSIP phones ----

    /** The SIP (PJSIP, UDP) port of Asterisk (5060 unless moved with {@code VOIPKIT_SIP_PORT}). */
    public int sipPort() {
        return port("asterisk.sip.port");
    }

    /** The PJSIP endpoints configured for tests: {@code 101-ep} .. {@code 105-ep}, in context {@code internal}. */
    public List<String> pjsipEndpoints() {
        return List.of(value("pjsip.endpoints").split(","));
    }

    /**
     * The digest password of a PJSIP endpoint (its auth user name is the endpoint name).
     *
     * @param endpoint one of {@link #pjsipEndpoints()}
     * @return its password, generated per machine
     * @throws InvalidRequestException when {@code endpoint} is not one of them
     */
    public String pjsipPassword(String endpoint) {
        Checks.wireText(endpoint, "endpoint");
        if (!pjsipEndpoints().contains(endpoint)) {
            throw new InvalidRequestException("endpoint", "'" + Checks.abbreviate(endpoint)
                    + "' is not a test endpoint; known: " + pjsipEndpoints());
        }
        return value("pjsip." + endpoint + ".password");
    }

    // ---- sipp ----

    /** The sipp executable (Debian's sip-tester). */
    public Path sippPath() {
        return path("sipp.path");
    }

    /** The project's sipp scenarios: {@code register.xml}, {@code unregister.xml} (see scripts/README.md). */
    public Path sippScenariosDir() {
        return path("sipp.scenarios.dir");
    }

    /**
     * The command line of a phone that registers {@code endpoint} and stays registered for
     * {@code hold}, answering Asterisk's qualify OPTIONS ({@code -aa}), so that AMI reports
     * {@code ContactStatus: Reachable}. Run it with {@link ProcessBuilder} and destroy the process
     * to make the phone vanish (its contact then turns Unreachable); run
     * {@link #sippUnregisterCommand} to remove the contact ({@code ContactStatus: Removed}).
     *
     * @param endpoint one of {@link #pjsipEndpoints()}
     * @param localPort the UDP port sipp sends from and answers on (1024..65535)
     * @param contactPort the port registered as the phone's contact: {@code localPort}, or the
     *     port of a separate {@code sipp -sn uas -aa} that also answers calls
     * @param hold how long the phone stays up after registering (at least 1 ms)
     * @return the command, for {@link ProcessBuilder}
     */
    public List<String> sippRegisterCommand(String endpoint, int localPort, int contactPort, Duration hold) {
        String password = pjsipPassword(endpoint);
        Checks.inRange(localPort, 1024, 65535, "localPort");
        Checks.inRange(contactPort, 1024, 65535, "contactPort");
        Checks.positive(hold, "hold");
        return List.of(sippPath().toString(), asteriskHost() + ":" + sipPort(),
                "-sf", sippScenariosDir().resolve("register.xml").toString(),
                "-s", endpoint, "-au", endpoint, "-ap", password,
                "-i", asteriskHost(), "-p", Integer.toString(localPort),
                "-key", "contact_port", Integer.toString(contactPort),
                "-key", "expires", "3600",
                "-d", Long.toString(hold.toMillis()),
                "-aa", "-m", "1", "-nostdin");
    }

    /**
     * The command line that removes the registration {@link #sippRegisterCommand} made
     * ({@code Expires: 0}); it exits 0 once Asterisk accepted it.
     *
     * @param endpoint one of {@link #pjsipEndpoints()}
     * @param localPort a free UDP port to send from (not the registering phone's, if it still runs)
     * @param contactPort the contact port the phone registered
     * @return the command, for {@link ProcessBuilder}
     */
    public List<String> sippUnregisterCommand(String endpoint, int localPort, int contactPort) {
        String password = pjsipPassword(endpoint);
        Checks.inRange(localPort, 1024, 65535, "localPort");
        Checks.inRange(contactPort, 1024, 65535, "contactPort");
        return List.of(sippPath().toString(), asteriskHost() + ":" + sipPort(),
                "-sf", sippScenariosDir().resolve("unregister.xml").toString(),
                "-s", endpoint, "-au", endpoint, "-ap", password,
                "-i", asteriskHost(), "-p", Integer.toString(localPort),
                "-key", "contact_port", Integer.toString(contactPort),
                "-m", "1", "-nostdin");
    }

    // ---- databases ----

    /** JDBC URL of the PostgreSQL 15 test database {@code voipkit} (also holds Asterisk's {@code cdr} table). */
    public String postgresUrl() {
        return value("postgres.url");
    }

    /** The owner of the PostgreSQL test database. */
    public String postgresUser() {
        return value("postgres.user");
    }

    /** The password of {@link #postgresUser()}. Never log it. */
    public String postgresPassword() {
        return value("postgres.password");
    }

    /** JDBC URL of the MariaDB 10.11 test database {@code voipkit} (utf8mb4, UTC). */
    public String mariadbUrl() {
        return value("mariadb.url");
    }

    /** The MariaDB user with all privileges on {@code voipkit}. */
    public String mariadbUser() {
        return value("mariadb.user");
    }

    /** The password of {@link #mariadbUser()}. Never log it. */
    public String mariadbPassword() {
        return value("mariadb.password");
    }

    // ---- raw access ----

    /**
     * Any value of the services file, for keys without a getter.
     *
     * @param key for example {@code asterisk.sip.host}
     * @return its value
     * @throws IllegalStateException when the file has no such key
     */
    public String value(String key) {
        Checks.wireText(key, "key");
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the services file " + source + " has no '" + key
                    + "'; it was written by an older scripts/services.sh: " + HINT);
        }
        return value.strip();
    }

    private int port(String key) {
        String text = value(key);
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException("out of range");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("'" + key + "' in " + source + " is not a port: '"
                    + Checks.abbreviate(text) + "'", e);
        }
    }

    private Path path(String key) {
        return Path.of(value(key));
    }

    /** Runs a short command, returns its standard output; standard error is added to failures. */
    private static String run(List<String> argv, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(argv).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv.get(0) + " (is this the machine that ran "
                    + "scripts/services.sh start, as root?)", e);
        }
        // Read both streams concurrently so that a chatty command cannot block on a full pipe.
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv.subList(argv.size() - 1, argv.size()))
                        + " did not finish within " + timeout.toSeconds() + " s");
            }
            String stdout = out.get(5, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("'" + argv.get(argv.size() - 1) + "' exited with "
                        + process.exitValue() + ": " + Checks.abbreviate(err.get(5, TimeUnit.SECONDS) + stdout));
            }
            return stdout;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + argv.get(argv.size() - 1), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the output of " + argv.get(argv.size() - 1), e);
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shows where the services are, never their secrets. */
    @Override
    public String toString() {
        return "ItServices[" + source + ": asterisk " + properties.getProperty("asterisk.host") + ":"
                + properties.getProperty("asterisk.port") + ", postgres " + properties.getProperty("postgres.url")
                + ", mariadb " + properties.getProperty("mariadb.url") + "]";
    }
}
