package io.voipkit.freeswitch.internal;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts the real FreeSWITCH 1.10.12 of {@code ../shared/pbx} for integration tests, with a
 * configuration this project writes (following that directory's README): the vanilla
 * {@code conf/} copied to a temporary working directory, then Event Socket on 127.0.0.1 at a
 * free port with a generated password, SIP on loopback at free ports (so an Asterisk on 5060 is
 * not disturbed), no STUN, a non-default directory password (the vanilla dialplan sleeps 10 s on
 * every call otherwise), only the modules the build contains (mod_callcenter included), the IPv6
 * SIP profiles removed, and test extensions {@code 7700} (answer + park), {@code 7701} (answer
 * + echo) and {@code 7702} ({@code socket 127.0.0.1:${voipkit_socket_port} async full}) at the top
 * of context {@code default}; for {@code FreeSwitchPbx}: {@code 7703} (answer + sleep 60 s, a long
 * call), {@code 7704} (answer, {@code read} up to 8 digits ending in {@code #} into
 * {@code voipkit_digits}, then park), {@code 7705} (into the mod_callcenter queue
 * {@code voipkit@default}, whose agents {@code agent7001@default} and {@code agent7002@default}
 * call {@code loopback/7707}, which bridges to 7708: answer, 5 s, hang up; an agent leg that
 * answers itself makes mod_callcenter fail with {@code bridge-agent-fail}, as the pbx README
 * warns). Directory
 * users 1000-1019 register with {@link #sipPassword()} on {@link #sipPort()}.
 *
 * <p>Tests abort (skip) with a message saying why when {@code ../shared/pbx} is absent (a user's
 * machine), when {@code tar}/{@code xz} are missing, or when the binary cannot run here (a runtime
 * library is missing: the message names it and the Debian packages to install).
 */
public final class RealFreeSwitch implements AutoCloseable {

    private static final String TARBALL = "freeswitch-1.10.12-debian12-amd64.tar.xz";

    /** The Event Socket password (generated). */
    public final String password;
    /** The Event Socket port on 127.0.0.1 (free port). */
    public final int eslPort;
    private final int sipPort;
    private final Path work;
    private final Path dist;
    private final ProcessBuilder builder;
    private volatile Process process;

    private RealFreeSwitch(Path work, Path dist, int eslPort, int sipPort, String password, ProcessBuilder builder,
                           Process process) {
        this.sipPort = sipPort;
        this.builder = builder;
        this.password = password;
        this.work = work;
        this.dist = dist;
        this.eslPort = eslPort;
        this.process = process;
    }

    /** The internal SIP profile's UDP port on 127.0.0.1, where phones (sipp) register. */
    public int sipPort() {
        return sipPort;
    }

    /** The directory users' SIP password (the vanilla {@code default_password}, changed). */
    public String sipPassword() {
        return "voipkit-it-" + eslPort;
    }

    static Path pbxDir() {
        List<Path> candidates = new ArrayList<>();
        String fixtures = System.getProperty("voipkit.fixtures");
        if (fixtures != null && !fixtures.isBlank()) {
            candidates.add(Path.of(fixtures).resolveSibling("pbx"));
        }
        candidates.add(Path.of("..", "..", "shared", "pbx"));
        candidates.add(Path.of("..", "shared", "pbx"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p.resolve(TARBALL))) {
                return p.toAbsolutePath().normalize();
            }
        }
        Assumptions.abort("The real FreeSWITCH is not here (no " + TARBALL + " in " + candidates
                + "): ../shared/pbx exists only on the project's machines, so these integration tests skip.");
        throw new AssertionError("unreachable");
    }

    /** Unpacks, configures and starts FreeSWITCH; returns when {@code api status} answers over ESL. */
    public static RealFreeSwitch start() throws Exception {
        Path pbx = pbxDir();
        Path work = Files.createTempDirectory("voipkit-freeswitch-");
        run(work, Duration.ofMinutes(2), "tar", "xJf", pbx.resolve(TARBALL).toString(), "-C", work.toString());
        Path dist;
        try (Stream<Path> s = Files.list(work)) {
            dist = s.filter(p -> Files.isRegularFile(p.resolve("bin/freeswitch"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no bin/freeswitch in " + TARBALL));
        }
        String missing = run(work, Duration.ofSeconds(30), "env", "LD_LIBRARY_PATH=" + dist.resolve("lib"),
                "ldd", dist.resolve("bin/freeswitch").toString());
        if (missing.contains("not found")) {
            Assumptions.abort("FreeSWITCH cannot run on this machine, missing libraries: "
                    + missing.lines().filter(l -> l.contains("not found")).map(String::strip).toList()
                    + " (Debian: apt-get install -y libpcre3 libspeex1 libspeexdsp1 libedit2 libsndfile1 libopus0"
                    + " libjpeg62-turbo libtiff6 libsqlite3-0 libcurl4; see ../shared/pbx/README.md)");
        }
        int esl = freePort();
        String password = "it-" + Long.toHexString(System.nanoTime());
        int sip = freePort();
        configure(dist, work, esl, sip, password);
        List<String> cmd = new ArrayList<>(List.of(dist.resolve("bin/freeswitch").toString(), "-nf", "-nc", "-nonat",
                "-base", work.toString(), "-conf", work.resolve("conf").toString(), "-mod", dist.resolve("mod").toString()));
        for (String d : new String[] {"log", "db", "run", "temp", "storage", "recordings", "sounds", "cache", "certs",
            "scripts", "grammar", "htdocs"}) {
            Files.createDirectories(work.resolve(d));
            cmd.add("-" + d);
            cmd.add(work.resolve(d).toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("freeswitch.out").toFile());
        pb.environment().put("LD_LIBRARY_PATH", dist.resolve("lib").toString());
        Process p = pb.start();
        RealFreeSwitch fs = new RealFreeSwitch(work, dist, esl, sip, password, pb, p);
        try {
            fs.awaitReady(Duration.ofSeconds(90));
        } catch (Exception | AssertionError e) {
            fs.close();
            throw e;
        }
        return fs;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void configure(Path dist, Path work, int eslPort, int sipPort, String password) throws IOException {
        Path conf = work.resolve("conf");
        copyTree(dist.resolve("conf"), conf);
        Path vars = conf.resolve("vars.xml");
        String v = Files.readString(vars);
        v = v.replace("cmd=\"stun-set\" data=\"external_rtp_ip=stun:stun.freeswitch.org\"", "cmd=\"set\" data=\"external_rtp_ip=127.0.0.1\"")
                .replace("cmd=\"stun-set\" data=\"external_sip_ip=stun:stun.freeswitch.org\"", "cmd=\"set\" data=\"external_sip_ip=127.0.0.1\"")
                .replace("data=\"default_password=1234\"", "data=\"default_password=voipkit-it-" + eslPort + "\"")
                .replace("data=\"internal_sip_port=5060\"", "data=\"internal_sip_port=" + sipPort + "\"")
                .replace("data=\"internal_tls_port=5061\"", "data=\"internal_tls_port=" + freePort() + "\"")
                .replace("data=\"external_sip_port=5080\"", "data=\"external_sip_port=" + freePort() + "\"")
                .replace("data=\"external_tls_port=5081\"", "data=\"external_tls_port=" + freePort() + "\"")
                .replace("<include>", "<include>\n  <X-PRE-PROCESS cmd=\"set\" data=\"local_ip_v4=127.0.0.1\"/>");
        Files.writeString(vars, v);
        Files.deleteIfExists(conf.resolve("sip_profiles/internal-ipv6.xml"));
        Files.deleteIfExists(conf.resolve("sip_profiles/external-ipv6.xml"));
        StringBuilder modules = new StringBuilder("<configuration name=\"modules.conf\" description=\"Modules\">\n  <modules>\n");
        for (String m : new String[] {"mod_console", "mod_logfile", "mod_event_socket", "mod_sofia", "mod_loopback",
            "mod_commands", "mod_db", "mod_dptools", "mod_expr", "mod_fifo", "mod_hash", "mod_esf", "mod_callcenter",
            "mod_conference", "mod_valet_parking", "mod_dialplan_xml", "mod_sndfile", "mod_native_file",
            "mod_tone_stream", "mod_say_en"}) {
            modules.append("    <load module=\"").append(m).append("\"/>\n");
        }
        Files.writeString(conf.resolve("autoload_configs/modules.conf.xml"), modules.append("  </modules>\n</configuration>\n"));
        Files.writeString(conf.resolve("autoload_configs/event_socket.conf.xml"), """
                <configuration name="event_socket.conf" description="Socket Client">
                  <settings>
                    <param name="nat-map" value="false"/>
                    <param name="listen-ip" value="127.0.0.1"/>
                    <param name="listen-port" value="%d"/>
                    <param name="password" value="%s"/>
                  </settings>
                </configuration>
                """.formatted(eslPort, password));
        Path ours = conf.resolve("dialplan/voipkit_it/extensions.xml");
        Files.createDirectories(ours.getParent());
        Files.writeString(ours, """
                <include>
                  <extension name="voipkit_it_park">
                    <condition field="destination_number" expression="^7700$">
                      <action application="answer"/>
                      <action application="park"/>
                    </condition>
                  </extension>
                  <extension name="voipkit_it_echo">
                    <condition field="destination_number" expression="^7701$">
                      <action application="answer"/>
                      <action application="echo"/>
                    </condition>
                  </extension>
                  <extension name="voipkit_it_long">
                    <condition field="destination_number" expression="^7703$">
                      <action application="answer"/>
                      <action application="sleep" data="60000"/>
                    </condition>
                  </extension>
                  <extension name="voipkit_it_read">
                    <condition field="destination_number" expression="^7704$">
                      <action application="answer"/>
                      <action application="read" data="1 8 silence_stream://250 voipkit_digits 20000 #"/>
                      <action application="park"/>
                    </condition>
                  </extension>
                  <extension name="voipkit_it_queue">
                    <condition field="destination_number" expression="^7705$">
                      <action application="answer"/>
                      <action application="callcenter" data="voipkit@default"/>
                    </condition>
                  </extension>
                  <extension name="voipkit_it_agent">
                    <condition field="destination_number" expression="^7707$">
                      <action application="bridge" data="loopback/7708/default"/>
                    </condition>
                  </extension>
                  <extension name="voipkit_it_agent_phone">
                    <condition field="destination_number" expression="^7708$">
                      <action application="answer"/>
                      <action application="sleep" data="5000"/>
                      <action application="hangup"/>
                    </condition>
                  </extension>
                  <extension name="voipkit_it_socket">
                    <condition field="destination_number" expression="^7702$">
                      <action application="socket" data="127.0.0.1:${voipkit_socket_port} async full"/>
                    </condition>
                  </extension>
                </include>
                """);
        Files.writeString(conf.resolve("autoload_configs/callcenter.conf.xml"), """
                <configuration name="callcenter.conf" description="CallCenter">
                  <settings/>
                  <queues>
                    <queue name="voipkit@default">
                      <param name="strategy" value="longest-idle-agent"/>
                      <param name="moh-sound" value="silence_stream://-1"/>
                      <param name="time-base-score" value="system"/>
                      <param name="max-wait-time" value="0"/>
                      <param name="max-wait-time-with-no-agent" value="0"/>
                      <param name="tier-rules-apply" value="false"/>
                      <param name="discard-abandoned-after" value="60"/>
                      <param name="abandoned-resume-allowed" value="false"/>
                    </queue>
                  </queues>
                  <agents>
                    <agent name="agent7001@default" type="callback" contact="[leg_timeout=10]loopback/7707/default"
                           status="Available" max-no-answer="3" wrap-up-time="1" reject-delay-time="1"
                           busy-delay-time="1"/>
                    <agent name="agent7002@default" type="callback" contact="[leg_timeout=10]loopback/7707/default"
                           status="Available" max-no-answer="3" wrap-up-time="1" reject-delay-time="1"
                           busy-delay-time="1"/>
                  </agents>
                  <tiers>
                    <tier agent="agent7001@default" queue="voipkit@default" level="1" position="1"/>
                    <tier agent="agent7002@default" queue="voipkit@default" level="1" position="2"/>
                  </tiers>
                </configuration>
                """);
        // The vanilla include of default/*.xml sits at the END of context default, after the demo
        // extensions; ours go first, by absolute path.
        Path dp = conf.resolve("dialplan/default.xml");
        String d = Files.readString(dp);
        int ctx = d.indexOf("<context name=\"default\">");
        int after = d.indexOf('>', ctx) + 1;
        d = d.substring(0, after) + "\n    <X-PRE-PROCESS cmd=\"include\" data=\"" + ours.toAbsolutePath() + "\"/>"
                + d.substring(after);
        Files.writeString(dp, d);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                    t.toFile().setWritable(true);
                }
            }
        }
    }

    private void awaitReady(Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("FreeSWITCH exited with " + process.exitValue() + " during start-up; output:\n" + tail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", eslPort), 500);
            } catch (IOException notYet) {
                Thread.sleep(250);
                continue;
            }
            // The ESL port opens before the later modules (loopback, dialplan) have loaded.
            try (EslConnection c = new EslConnection(EslConnectionConfig.builder().host("127.0.0.1").port(eslPort)
                    .password(password).build())) {
                c.connect();
                if (c.api("status", null).get(10, TimeUnit.SECONDS).contains("is ready")) {
                    return;
                }
            } catch (Exception notReady) {
                // retry until the deadline
            }
            Thread.sleep(250);
        }
        throw new AssertionError("FreeSWITCH was not ready on ESL port " + eslPort + " within " + max + "; output:\n" + tail());
    }

    /** Stops FreeSWITCH the hard way (SIGKILL, as a crash) and starts it again with the same configuration and ports. */
    public void restart() throws Exception {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        process = builder.start();
        awaitReady(Duration.ofSeconds(90));
    }

    /** The last lines FreeSWITCH printed, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(work.resolve("freeswitch.out"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static String run(Path dir, Duration max, String... cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("cannot run " + cmd[0] + " to prepare the real FreeSWITCH: " + e.getMessage());
            throw new AssertionError("unreachable");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0 && !cmd[0].equals("env")) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    /** Stops FreeSWITCH (SIGTERM, then SIGKILL after 20 s) and deletes the working directory. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> s = Files.walk(work)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (UncheckedIOException | IOException ignored) {
            // best effort: a temp directory
        }
    }
}
