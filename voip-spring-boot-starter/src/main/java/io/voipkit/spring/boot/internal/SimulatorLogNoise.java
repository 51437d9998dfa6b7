package io.voipkit.spring.boot.internal;

import io.voipkit.core.internal.Checks;
import io.voipkit.simulator.PbxSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * {@code voip.simulator.log-noise}: writes, every {@link #INTERVAL}, one log line of the kinds a
 * busy Asterisk writes besides call progress (NOTICE, WARNING, ERROR, DEBUG, VERBOSE, about a
 * random phone), so that a log viewer on the simulator shows every level. Reproducible from the
 * simulator's seed.
 *
 * <p>Runs on one daemon thread of its own from {@link #start()} to {@link #stop()}; thread-safe.
 */
public final class SimulatorLogNoise implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SimulatorLogNoise.class);
    /** Time between two lines. */
    public static final Duration INTERVAL = Duration.ofSeconds(3);

    private final PbxSimulator simulator;
    private final long seed;
    private ScheduledExecutorService scheduler;

    /**
     * @param simulator the simulator that writes the lines (into its log file)
     * @param seed      the seed of the random choice of line and phone
     */
    public SimulatorLogNoise(PbxSimulator simulator, long seed) {
        this.simulator = Checks.notNull(simulator, "simulator");
        this.seed = seed;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        Random random = new Random(seed);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "voipkit-simulator-log-noise");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> writeOne(random), 2000, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One line; never throws (a failure must not end the schedule). */
    void writeOne(Random random) {
        try {
            List<String> phones = simulator.endpoints();
            if (phones.isEmpty()) {
                return;
            }
            String ep = phones.get(random.nextInt(phones.size()));
            switch (random.nextInt(6)) {
                case 0 -> simulator.log("NOTICE", "res_pjsip/pjsip_distributor.c", "Request 'REGISTER' from '<sip:" + ep
                        + "@10.0.0.1>' failed for '10.0.0.77:5060' (callid: a84c1e) - No matching endpoint found");
                case 1 -> simulator.log("WARNING", "res_pjsip_registrar.c", "Endpoint '" + ep + "' has no configured AORs");
                case 2 -> simulator.log("ERROR", "res_pjsip_outbound_registration.c", "Fatal response '403' received from "
                        + "'sip:trunk.example.net' on registration attempt to 'sip:" + ep + "@trunk.example.net'");
                case 3 -> simulator.log("DEBUG", "res_pjsip/pjsip_options.c", "Qualifying all contacts on AOR '" + ep + "'");
                case 4 -> simulator.log("NOTICE", "chan_pjsip.c", "Endpoint '" + ep + "' is now Reachable");
                default -> simulator.log("VERBOSE", "res_pjsip/pjsip_configuration.c", "Endpoint " + ep + " is now Reachable");
            }
        } catch (RuntimeException e) {
            log.debug("Simulated log line failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public String toString() {
        return "SimulatorLogNoise[interval=" + INTERVAL + ", running=" + isRunning() + "]";
    }
}
