package io.voipkit.examples.pjsipmonitor.internal;

import io.voipkit.ami.AsteriskPbx;
import io.voipkit.ami.LogBuffer;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.PbxException;
import io.voipkit.examples.pjsipmonitor.MonitorProperties;
import io.voipkit.simulator.PbxSimulator;
import io.voipkit.simulator.TrafficGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The PBX the monitor watches, and in simulation mode the simulator behind it: builds them from
 * the properties, connects in the background (so the page comes up, red, while Asterisk is
 * down) and closes everything on shutdown.
 *
 * <p>In simulation mode a {@link PbxSimulator} with {@code voip.simulator.phones} phones runs on
 * a loopback port, writes its Asterisk-format log to {@code <data-dir>/simulator/full}, and the
 * real {@link AsteriskPbx} adapter connects to it over AMI and tails that file — the same code
 * path as with a real Asterisk.
 *
 * <p>Thread-safe; {@link #start()} and {@link #stop()} are called by Spring.
 */
public final class PbxRuntime implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PbxRuntime.class);
    /** The simulator's built-in AMI user. */
    private static final String SIMULATOR_USER = "voipkit";

    private final MonitorProperties properties;
    private final PbxSimulator simulator;
    private final AsteriskPbx pbx;
    private final ScheduledExecutorService scheduler;
    private volatile TrafficGenerator traffic;
    private volatile boolean running;

    /**
     * Builds (but does not connect) the PBX, starting the simulator first in simulation mode.
     *
     * @throws InvalidRequestException naming the property when the configuration is incomplete
     */
    public PbxRuntime(MonitorProperties properties, LogBuffer logBuffer) {
        this.properties = properties;
        MonitorProperties.Asterisk a = properties.asterisk();
        AsteriskPbx.Builder builder = AsteriskPbx.builder().id(a.configured() ? "asterisk" : "simulator");
        if (a.configured()) {
            if (a.secret() == null || a.secret().isBlank()) {
                throw new InvalidRequestException("voip.asterisk.secret", "is required with voip.asterisk.host (the AMI user's secret)");
            }
            this.simulator = null;
            int port = a.port() != 0 ? a.port() : a.tls() ? AsteriskPbx.DEFAULT_TLS_PORT : AsteriskPbx.DEFAULT_PORT;
            builder.host(a.host()).port(port).username(a.username()).secret(a.secret()).tls(a.tls());
            if (a.zone() != null) {
                builder.zoneId(a.zone());
            }
            if (!a.logFiles().isEmpty()) {
                builder.logFiles(a.logFiles().toArray(Path[]::new)).logBuffer(logBuffer);
            }
        } else {
            MonitorProperties.Simulator s = properties.simulator();
            Path logFile = properties.monitor().dataDir().resolve("simulator").resolve("full");
            try {
                Files.createDirectories(logFile.getParent());
                // Ours alone: start each run with an empty log rather than an ever-growing one.
                Files.deleteIfExists(logFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the simulator's log file " + logFile, e);
            }
            this.simulator = PbxSimulator.builder().endpoints(s.phones()).seed(s.seed()).logFile(logFile).build().start();
            // The simulator writes its log and CDR times in UTC, whatever this machine's zone.
            builder.host("127.0.0.1").port(simulator.amiPort()).username(SIMULATOR_USER).secret(SIMULATOR_USER)
                    .zoneId(ZoneOffset.UTC).logFiles(logFile).logBuffer(logBuffer);
        }
        this.pbx = builder.build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pjsip-monitor-pbx");
            t.setDaemon(true);
            return t;
        });
    }

    /** The PBX (connected or not). */
    public AsteriskPbx pbx() {
        return pbx;
    }

    /** The simulator in simulation mode. */
    public Optional<PbxSimulator> simulator() {
        return Optional.ofNullable(simulator);
    }

    /** {@code simulation} or {@code asterisk}. */
    public String mode() {
        return simulator != null ? "simulation" : "asterisk";
    }

    @Override
    public void start() {
        running = true;
        if (simulator != null) {
            MonitorProperties.Simulator s = properties.simulator();
            for (String phone : simulator.endpoints().subList(0, s.registered())) {
                simulator.registerPhone(phone);
            }
            log.info("Simulation mode: {} PJSIP phones ({} registered) on 127.0.0.1:{}, {} traffic steps/s, seed {}",
                    s.phones(), s.registered(), simulator.amiPort(), s.callsPerSecond(), s.seed());
        } else {
            log.info("Watching Asterisk {}", properties.asterisk());
        }
        scheduler.execute(() -> connect(1));
    }

    private void connect(int attempt) {
        if (!running) {
            return;
        }
        try {
            pbx.connect();
            log.info("Connected to {}; {} endpoints", pbx.id(), pbx.state().endpoints().size());
            afterConnect();
        } catch (PbxException e) {
            // After the first success AsteriskPbx reconnects by itself; until then we retry here.
            long delay = Math.min(30, 1L << Math.min(attempt, 5));
            log.warn("Cannot connect to {} (attempt {}): {}. Retrying in {} s.", pbx.id(), attempt, e.getMessage(), delay);
            if (running) {
                scheduler.schedule(() -> connect(attempt + 1), delay, TimeUnit.SECONDS);
            }
        } catch (IllegalStateException e) {
            log.debug("Not connecting: {}", e.getMessage()); // closed meanwhile
        }
    }

    private void afterConnect() {
        if (simulator == null || !running) {
            return;
        }
        MonitorProperties.Simulator s = properties.simulator();
        if (s.callsPerSecond() > 0) {
            traffic = simulator.traffic(s.seed(), s.callsPerSecond()).start();
        }
        if (s.logNoise()) {
            Random random = new Random(s.seed());
            scheduler.scheduleWithFixedDelay(() -> logNoise(random), 2, 3, TimeUnit.SECONDS);
        }
    }

    /** Lines of the other levels a busy Asterisk writes, so the viewer shows all of them. */
    private void logNoise(Random random) {
        try {
            List<String> phones = simulator.endpoints();
            String ep = phones.get(random.nextInt(phones.size()));
            switch (random.nextInt(6)) {
                case 0 -> simulator.log("NOTICE", "res_pjsip/pjsip_distributor.c",
                        "Request 'REGISTER' from '<sip:" + ep + "@10.0.0.1>' failed for '10.0.0.77:5060' (callid: a84c1e) - No matching endpoint found");
                case 1 -> simulator.log("WARNING", "res_pjsip_registrar.c",
                        "Endpoint '" + ep + "' has no configured AORs");
                case 2 -> simulator.log("ERROR", "res_pjsip_outbound_registration.c",
                        "Fatal response '403' received from 'sip:trunk.example.net' on registration attempt to 'sip:" + ep + "@trunk.example.net'");
                case 3 -> simulator.log("DEBUG", "res_pjsip/pjsip_options.c",
                        "Qualifying all contacts on AOR '" + ep + "'");
                case 4 -> simulator.log("NOTICE", "chan_pjsip.c",
                        "Endpoint '" + ep + "' is now Reachable");
                default -> simulator.log("VERBOSE", "res_pjsip/pjsip_configuration.c",
                        "Endpoint " + ep + " is now Reachable");
            }
        } catch (RuntimeException e) {
            log.debug("Simulated log line failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        scheduler.shutdownNow();
        TrafficGenerator t = traffic;
        if (t != null) {
            t.stop();
        }
        pbx.close();
        if (simulator != null) {
            simulator.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web server and the publishers (which read the PBX), stops after them. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    @Override
    public String toString() {
        return "PbxRuntime[mode=" + mode() + ", pbx=" + pbx + "]";
    }
}
