package io.voipkit.spring.boot.internal;

import io.voipkit.cdr.CdrImporter;
import io.voipkit.cdr.CdrSource;
import io.voipkit.cdr.ImportOptions;
import io.voipkit.cdr.ImportReport;
import io.voipkit.core.internal.Checks;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Imports the configured call-record source: on a fixed delay while the application runs (when
 * the schedule is positive and a source is configured), or once when {@link #runOnce()} is
 * called. Each run is logged with its report (imported, duplicates, rejected, the first rejects);
 * a failed run is logged and the next one tries again from the last checkpoint.
 *
 * <p>Thread-safe; runs never overlap (a second {@link #runOnce()} waits for the first). The
 * counters are cumulative since start, for metrics.
 */
public final class CdrImportRunner implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(CdrImportRunner.class);
    private static final int REJECTS_LOGGED = 5;

    private final CdrImporter importer;
    private final Supplier<CdrSource> source;
    private final ImportOptions options;
    private final Duration schedule;
    private final Duration initialDelay;
    private final Object runLock = new Object();
    private final Object lifecycleLock = new Object();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failedRuns = new AtomicLong();
    private final AtomicLong imported = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile ImportReport lastReport;
    private volatile String lastError;
    private ScheduledExecutorService executor;
    private boolean running;

    /**
     * @param importer     the importer
     * @param source       the source of each run (called per run, so a database source's date range moves),
     *                     or {@code null} when none is configured
     * @param options      the import options
     * @param schedule     the pause between runs; {@code ZERO} = no scheduled runs
     * @param initialDelay the wait before the first scheduled run
     */
    public CdrImportRunner(CdrImporter importer, Supplier<CdrSource> source, ImportOptions options, Duration schedule,
                           Duration initialDelay) {
        this.importer = Checks.notNull(importer, "importer");
        this.source = source;
        this.options = Checks.notNull(options, "options");
        this.schedule = Checks.nonNegative(schedule, "schedule");
        this.initialDelay = Checks.nonNegative(initialDelay, "initialDelay");
    }

    /** Whether a source is configured. */
    public boolean hasSource() {
        return source != null;
    }

    /**
     * Imports the source once, now, on the calling thread.
     *
     * @return the report
     * @throws IllegalStateException when no source is configured
     * @throws RuntimeException      when the import fails (also counted and remembered)
     */
    public ImportReport runOnce() {
        if (source == null) {
            throw new IllegalStateException("no call-record source configured (voip.cdr.source.type)");
        }
        synchronized (runLock) {
            CdrSource s = source.get();
            try {
                ImportReport r = importer.importFrom(s, options);
                runs.incrementAndGet();
                imported.addAndGet(r.imported());
                duplicates.addAndGet(r.duplicates());
                rejected.addAndGet(r.rejected());
                lastReport = r;
                lastError = null;
                if (r.imported() > 0 || r.rejected() > 0) {
                    log.info("voipkit cdr: {}: {} new, {} duplicates, {} rejected, {} rows in {} ms", r.source(),
                            r.imported(), r.duplicates(), r.rejected(), r.rowsRead(), r.elapsed().toMillis());
                } else {
                    log.debug("voipkit cdr: {}: nothing new ({} rows read)", r.source(), r.rowsRead());
                }
                r.rejects().stream().limit(REJECTS_LOGGED).forEach(x -> log.warn("voipkit cdr: rejected {}", x));
                return r;
            } catch (RuntimeException e) {
                runs.incrementAndGet();
                failedRuns.incrementAndGet();
                lastError = e.getMessage();
                throw e;
            }
        }
    }

    private void scheduledRun() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("voipkit cdr: import failed, retrying in {}: {}", schedule, e.getMessage());
        }
    }

    /** The last successful run's report, if any. */
    public Optional<ImportReport> lastReport() {
        return Optional.ofNullable(lastReport);
    }

    /** Why the last run failed, or {@code null} when it succeeded (or none ran). */
    public String lastError() {
        return lastError;
    }

    /** Runs since start, failed ones included. */
    public long runs() {
        return runs.get();
    }

    /** Runs that failed. */
    public long failedRuns() {
        return failedRuns.get();
    }

    /** Records newly stored, summed over all runs. */
    public long imported() {
        return imported.get();
    }

    /** Duplicates skipped, summed over all runs. */
    public long duplicates() {
        return duplicates.get();
    }

    /** Rows rejected, summed over all runs. */
    public long rejected() {
        return rejected.get();
    }

    /** Whether runs are scheduled (a source and a positive schedule). */
    public boolean scheduled() {
        return source != null && !schedule.isZero();
    }

    @Override
    public void start() {
        synchronized (lifecycleLock) {
            running = true;
            if (!scheduled() || executor != null) {
                return;
            }
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "voipkit-cdr-import");
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(this::scheduledRun, initialDelay.toMillis(), schedule.toMillis(),
                    TimeUnit.MILLISECONDS);
            log.info("voipkit cdr: importing every {} (first in {})", schedule, initialDelay);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService e;
        synchronized (lifecycleLock) {
            running = false;
            e = executor;
            executor = null;
        }
        if (e != null) {
            // An import in progress is interrupted; its checkpoint stays at the last stored batch.
            e.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lifecycleLock) {
            return running;
        }
    }

    @Override
    public String toString() {
        return "CdrImportRunner[" + (source == null ? "no source" : "every " + schedule) + "]";
    }
}
