package io.voipkit.spring.boot.internal;

import io.voipkit.core.Pbx;
import io.voipkit.core.PbxException;
import io.voipkit.core.PbxRegistry;
import io.voipkit.core.internal.Checks;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Connects every PBX of the registry when the application starts and closes them when it stops.
 *
 * <p>Start-up policy: a PBX listed in {@code failFast} is connected on the starting thread and
 * its failure fails the start-up. Every other PBX is connected in the background: a failed first
 * connect is logged as a warning naming the PBX and the reason, and retried with the PBX's own
 * backoff ({@link io.voipkit.core.PbxConfig#reconnectDelay(int)}) until it succeeds or the
 * application stops, so that the application comes up (health DOWN) while the PBX is away.
 * After the first success the adapter reconnects by itself.
 *
 * <p>Thread-safe; {@link #start()} and {@link #stop()} are called by Spring.
 */
public final class PbxConnector implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PbxConnector.class);
    /** Starts before the web server and user beans that read the PBX, stops after them. */
    public static final int PHASE = Integer.MIN_VALUE + 1000;

    private final PbxRegistry registry;
    private final Set<String> failFast;
    private volatile ScheduledExecutorService scheduler;
    private volatile boolean running;

    /**
     * @param registry the PBXs to connect and close
     * @param failFast ids of the PBXs whose first connect must succeed for the start-up to succeed
     */
    public PbxConnector(PbxRegistry registry, Set<String> failFast) {
        this.registry = Checks.notNull(registry, "registry");
        this.failFast = Set.copyOf(Checks.notNull(failFast, "failFast"));
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "voipkit-connect");
            t.setDaemon(true);
            return t;
        });
        for (Pbx pbx : registry.all()) {
            if (failFast.contains(pbx.id())) {
                log.info("Connecting to PBX '{}' (fail-fast)", pbx.id());
                try {
                    pbx.connect();
                } catch (RuntimeException e) {
                    stop();
                    throw e;
                }
                log.info("Connected to PBX '{}'", pbx.id());
            } else {
                scheduler.execute(() -> connect(pbx, 1));
            }
        }
    }

    private void connect(Pbx pbx, int attempt) {
        if (!running) {
            return;
        }
        try {
            pbx.connect();
            log.info("Connected to PBX '{}'{}", pbx.id(), attempt > 1 ? " after " + attempt + " attempts" : "");
        } catch (PbxException e) {
            Duration delay = pbx.config().reconnectDelay(attempt);
            log.warn("Cannot connect to PBX '{}' (attempt {}): {}. The application keeps running; retrying in {} ms.",
                    pbx.id(), attempt, e.getMessage(), delay.toMillis());
            ScheduledExecutorService s = scheduler;
            if (running && s != null && !s.isShutdown()) {
                s.schedule(() -> connect(pbx, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (IllegalStateException e) {
            log.debug("Not connecting PBX '{}': {}", pbx.id(), e.getMessage()); // closed meanwhile
        } catch (RuntimeException e) {
            // Not a PbxException: a bug or a broken environment; still keep the application up.
            log.error("Unexpected failure connecting PBX '{}'; not retrying", pbx.id(), e);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
        }
        registry.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public String toString() {
        return "PbxConnector[pbx=" + registry.ids() + ", failFast=" + failFast + ", running=" + running + "]";
    }
}
