package io.voipkit.spring.boot.internal;

import io.voipkit.core.internal.Checks;
import io.voipkit.routing.RoutingEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps a {@link RoutingEngine}'s rules in step with its rule file: every interval it compares
 * the file's modification time and size with those of the last attempt and, when they changed,
 * reloads the file. A file that does not parse leaves the rule set in use and is logged once (with
 * file, line, column and field); it is tried again only when it changes again. Polling rather than
 * a {@code WatchService} because it also sees files replaced through symbolic links (Kubernetes
 * config maps) and files on network mounts.
 *
 * <p>Thread-safe: the checks run on one daemon thread of its own; {@link #checkNow()} may also be
 * called from any thread (checks are serialised).
 */
public final class RuleFileReloader implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RuleFileReloader.class);

    /** A file's identity for change detection. */
    private record Stamp(long modified, long size) {
    }

    private final RoutingEngine engine;
    private final Path file;
    private final Duration interval;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private Stamp lastSeen;
    private volatile String lastError;
    private volatile long reloads;
    private volatile long failures;
    private ScheduledExecutorService executor;
    private boolean running;

    /**
     * @param engine   the engine to reload
     * @param file     its rule file, already loaded once (its current state is the baseline)
     * @param interval the pause between two checks; {@code ZERO} checks only when {@link #checkNow()} is called
     */
    public RuleFileReloader(RoutingEngine engine, Path file, Duration interval) {
        this.engine = Checks.notNull(engine, "engine");
        this.file = Checks.notNull(file, "file");
        this.interval = Checks.nonNegative(interval, "interval");
        this.lastSeen = stamp();
    }

    /** Runs {@code listener} after every successful reload (on the reloading thread; must be fast). */
    public void addListener(Runnable listener) {
        listeners.add(Checks.notNull(listener, "listener"));
    }

    /**
     * Checks the file once and reloads it if it changed.
     *
     * @return whether a new rule set was installed
     */
    public boolean checkNow() {
        synchronized (lock) {
            Stamp now = stamp();
            if (Objects.equals(now, lastSeen)) {
                return false;
            }
            lastSeen = now;
            if (now == null) {
                fail("cannot read " + file + " (missing or not accessible)");
                return false;
            }
            try {
                long version = engine.reload(file);
                reloads++;
                lastError = null;
                log.info("voipkit routing: reloaded {} as rule-set version {} ({} rules)", file, version,
                        engine.ruleSet().rules().size());
            } catch (RuntimeException e) {
                fail(e.getMessage());
                return false;
            }
        }
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                log.warn("voipkit routing: a reload listener failed", e);
            }
        }
        return true;
    }

    private void fail(String why) {
        failures++;
        lastError = why;
        log.warn("voipkit routing: {} not reloaded, rule-set version {} stays in use: {}", file, engine.version(), why);
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().toMillis(), a.size());
        } catch (IOException e) {
            return null;
        }
    }

    /** The rule file. */
    public Path file() {
        return file;
    }

    /** Why the last reload failed, or {@code null} when the last attempt succeeded (or none failed). */
    public String lastError() {
        return lastError;
    }

    /** Successful reloads since start. */
    public long reloads() {
        return reloads;
    }

    /** Failed reload attempts since start. */
    public long failures() {
        return failures;
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (executor != null || interval.isZero()) {
                running = true;
                return;
            }
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "voipkit-routing-reload");
                t.setDaemon(true);
                return t;
            });
            long ms = interval.toMillis();
            executor.scheduleWithFixedDelay(() -> {
                try {
                    checkNow();
                } catch (RuntimeException e) {
                    log.warn("voipkit routing: checking {} failed", file, e);
                }
            }, ms, ms, TimeUnit.MILLISECONDS);
            running = true;
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService e;
        synchronized (lock) {
            e = executor;
            executor = null;
            running = false;
        }
        if (e != null) {
            e.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    @Override
    public String toString() {
        return "RuleFileReloader[" + file + " every " + interval + "]";
    }
}
