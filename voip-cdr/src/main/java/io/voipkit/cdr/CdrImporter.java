package io.voipkit.cdr;

import io.voipkit.cdr.internal.CallLogDerivation;
import io.voipkit.cdr.internal.RecordCursor;
import io.voipkit.cdr.internal.SerialHandoff;
import io.voipkit.core.CallRecord;
import io.voipkit.core.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Imports call records from a {@link CdrSource} into a {@link CallRecordSink}, once each.
 *
 * <pre>{@code
 * CdrImporter importer = CdrImporter.builder()
 *         .sink(sink)                                            // yours, or JdbcCallRecordSink
 *         .checkpoints(CheckpointStore.directory(Path.of("/var/lib/crm/cdr")))
 *         .build();
 * ImportReport r = importer.importFrom(CdrSource.asteriskCsv(Path.of("/var/log/asterisk/cdr-csv/Master.csv")),
 *         ImportOptions.defaults());
 * log.info("{} new, {} duplicates, {} rejected", r.imported(), r.duplicates(), r.rejected());
 * r.rejects().forEach(x -> log.warn("{}", x));                  // Master.csv:17:13: must not be negative, was "-5"
 * }</pre>
 *
 * <p><b>Once each.</b> Every record gets a dedup key ({@link CallLogEntry#key()}): its unique id,
 * its start second, and a hash of its channel, destination channel, last application, duration,
 * billsec and disposition. The unique id alone is not enough: a real Asterisk writes several CDRs with
 * the same uniqueid for one channel (one per dial attempt or bridge; see the fixtures), and the
 * extra components tell them apart while staying equal for the same CDR read from
 * {@code Master.csv} or from the database. The sink stores a key once (see {@link CallRecordSink}).
 *
 * <p><b>Resumable.</b> After each batch the sink stored, the source's position is saved in the
 * {@link CheckpointStore}; the next run starts there. A run that dies mid-batch restarts at the
 * last saved position and the re-read records are duplicates, not new rows.
 *
 * <p><b>Malformed rows</b> are rejected with their line, column and reason, and the import goes
 * on (or stops, with {@link ImportOptions#failOnFirstReject()}). Memory use does not depend on the
 * size of the source: rows are streamed and at most two batches are held.
 *
 * <p><b>Parsing overlaps writing.</b> A full batch is handed to a writer thread of this import
 * (a daemon thread named {@code voipkit-cdr-writer-...}, started at the first batch and ended
 * before {@code importFrom} returns or throws), which stores it and then saves its checkpoint,
 * while the importing thread parses the next batch; it waits only if the writer is still busy
 * with the previous batch. Batches are stored one at a time and in order, and a checkpoint is
 * saved only after its batch (and every earlier one) was stored. A sink error stops the import at
 * the next batch boundary; a failed import or an interrupted one always waits for the batch being
 * written, so no checkpoint passes an unwritten batch and no thread is left running. The progress
 * callback's {@code imported} and {@code duplicates} may lag its {@code rowsRead} by up to two
 * batches; the last callback and the report are exact. {@link Builder#overlapWrites(boolean)}
 * turns this off for a sink that must run on the calling thread.
 *
 * <p>Thread-safe: imports of different sources may run in parallel. Two imports of the same
 * source at once are safe for the data (the sink deduplicates) but waste work.
 */
public final class CdrImporter {
    private final CallRecordSink sink;
    private final CheckpointStore checkpoints;
    private final ContactLinker contacts;
    private final boolean overlapWrites;

    private CdrImporter(Builder b) {
        sink = b.sink;
        checkpoints = b.checkpoints;
        contacts = b.contacts;
        overlapWrites = b.overlapWrites;
    }

    /** A builder; a sink is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Imports with {@link ImportOptions#defaults()}. */
    public ImportReport importFrom(CdrSource source) {
        return importFrom(source, ImportOptions.defaults());
    }

    /**
     * Imports what is new in {@code source} since its last checkpoint.
     *
     * @return what was imported, skipped as duplicate and rejected
     * @throws CdrImportException if the source cannot be read, the sink fails, or a row is
     *                            rejected under {@link ImportOptions#failOnFirstReject()}
     */
    public ImportReport importFrom(CdrSource source, ImportOptions options) {
        Checks.notNull(source, "source");
        Checks.notNull(options, "options");
        Run run = new Run(source, options);
        long started = System.nanoTime();
        String checkpoint = checkpoints.load(source.id()).orElse(null);
        run.position = checkpoint;
        try (RecordCursor cursor = source.open(checkpoint, options)) {
            run.cursor = cursor;
            try {
                while (cursor.next()) {
                    run.row();
                }
                run.flush();
            } catch (Throwable e) {
                // on every path the batch being written completes (or fails) and the writer ends
                // before we rethrow or close the source; its failure came first in the stream, so
                // it wins and carries this one
                try {
                    run.finishWrites();
                } catch (SerialHandoff.Failed f) {
                    f.addSuppressed(e);
                    throw f;
                }
                throw e;
            }
            run.finishWrites();
            run.pendingBytes = cursor.pendingBytes();
            run.report(true);
        } catch (SerialHandoff.Failed e) {
            throw run.sinkFailure(e.getCause(), e.getSuppressed());
        } catch (CdrImportException e) {
            throw e;
        } catch (Interrupted e) {
            throw new CdrImportException("import of " + source.name() + " interrupted after " + run.rows
                    + " rows; the checkpoint is after the last stored batch", e.getCause());
        } catch (Exception e) {
            throw run.sinkFailure(e);
        }
        return new ImportReport(source.name(), run.rows, run.imported, run.duplicates, run.rejected,
                run.rejects, run.bytesRead(), run.pendingBytes, Duration.ofNanos(System.nanoTime() - started),
                run.position == null ? "" : run.position);
    }

    /** A batch on its way to the sink, with the position to save once it is stored. */
    private record Batch(List<CallLogEntry> entries, String position) {
    }

    /** The state of one import run. */
    private final class Run {
        private final CdrSource source;
        private final ImportOptions options;
        private final CallLogDerivation derivation;
        private final List<CallLogEntry> batch;
        private final List<ImportReject> rejects = new ArrayList<>();
        private final Consumer<ImportProgress> progress;
        private final SerialHandoff<Batch> writes;
        private RecordCursor cursor;
        // written by the writer thread only (or the importing thread when not overlapping), read
        // by the progress callback on the importing thread: volatile; exact after finishWrites()
        private volatile String position;
        private volatile long imported;
        private volatile long duplicates;
        private boolean positionDirty;
        private long rows;
        private long rejected;
        private long pendingBytes;
        private long nextProgress;

        Run(CdrSource source, ImportOptions options) {
            this.source = source;
            this.options = options;
            this.derivation = new CallLogDerivation(options.internalNumberMaxLength(), options.trunks(),
                    options.inboundContexts(), contacts == null ? null : number -> contacts.contactOf(number).orElse(null));
            this.batch = new ArrayList<>(Math.min(options.batchSize(), 10_000));
            this.progress = options.progress();
            this.nextProgress = options.progressEveryRows();
            this.writes = overlapWrites ? SerialHandoff.threaded(this::store, source.name())
                    : SerialHandoff.inline(this::store);
        }

        void row() {
            rows++;
            CallRecord record = cursor.record();
            if (record == null) {
                ImportReject reject = new ImportReject(source.name(), Math.max(1, cursor.line()), cursor.column(),
                        cursor.reason());
                if (options.failOnFirstReject()) {
                    flush();                        // what came before the reject is good: keep it
                    rejected++;
                    throw new CdrImportException(reject);
                }
                rejected++;
                if (rejects.size() < options.maxRejectsKept()) {
                    rejects.add(reject);
                }
            } else {
                batch.add(derivation.entry(record, source.name()));
            }
            cursor.markPosition();
            positionDirty = true;
            if (batch.size() >= options.batchSize()) {
                flush();
            }
            if (progress != null && rows >= nextProgress) {
                nextProgress = rows + options.progressEveryRows();
                report(false);
            }
        }

        /** Hands the batch read so far and the position after it to the writer. */
        void flush() {
            if (batch.isEmpty() && !positionDirty) {
                return;
            }
            // a batch of only rejects still moves the checkpoint, in order with the batches
            Batch b = new Batch(List.copyOf(batch), positionDirty ? cursor.markedPosition() : null);
            batch.clear();
            positionDirty = false;
            try {
                writes.submit(b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();     // kept for the caller of importFrom
                throw new Interrupted(e);
            }
        }

        /** On the writer thread: stores a batch, then saves its position; strictly in order. */
        private void store(Batch b) {
            List<CallLogEntry> entries = b.entries();
            if (!entries.isEmpty()) {
                int stored = sink.write(entries);
                if (stored < 0 || stored > entries.size()) {
                    throw new CdrImportException("the sink reported " + stored + " stored records for a batch of "
                            + entries.size(), null);
                }
                imported += stored;
                duplicates += entries.size() - stored;
            }
            if (b.position() != null) {
                // only now is everything before this position in the sink
                checkpoints.save(source.id(), b.position());
                position = b.position();
            }
        }

        /**
         * Waits for the writer to store what it has and end; called on every path. Throws the
         * writer's failure unless {@link #flush} already did.
         */
        void finishWrites() {
            writes.finish();
        }

        /** The exception the import throws for an error of the sink or the source, as before. */
        CdrImportException sinkFailure(Throwable e, Throwable... suppressed) {
            for (Throwable s : suppressed) {
                e.addSuppressed(s);
            }
            if (e instanceof Error error) {
                throw error;
            }
            return e instanceof CdrImportException c ? c
                    : new CdrImportException("import of " + source.name() + " failed after " + rows + " rows: " + e, e);
        }

        void report(boolean last) {
            if (progress != null) {
                progress.accept(new ImportProgress(rows, bytesRead(), cursor.totalBytes(), imported, duplicates,
                        rejected));
            }
        }

        long bytesRead() {
            return cursor == null ? 0 : Math.max(0, cursor.bytesRead());
        }
    }

    /** An interrupt while handing a batch to the writer, carried out of {@code Run.row()}. */
    private static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted(InterruptedException cause) {
            super(cause);
        }
    }

    /** Builds a {@link CdrImporter}; not thread-safe. */
    public static final class Builder {
        private CallRecordSink sink;
        private CheckpointStore checkpoints = CheckpointStore.inMemory();
        private ContactLinker contacts;
        private boolean overlapWrites = true;

        private Builder() {
        }

        /** Where records go; required. */
        public Builder sink(CallRecordSink v) { sink = Checks.notNull(v, "sink"); return this; }

        /** Where positions are kept between runs; default {@link CheckpointStore#inMemory()}. */
        public Builder checkpoints(CheckpointStore v) { checkpoints = Checks.notNull(v, "checkpoints"); return this; }

        /**
         * Links each call's external party (the caller of an inbound call, the called number of an
         * outbound one) to a CRM contact; default none.
         */
        public Builder contacts(ContactLinker v) { contacts = Checks.notNull(v, "contacts"); return this; }

        /**
         * Whether a batch is written on a writer thread of the import while the next one is parsed
         * (default {@code true}; see the class comment). Turn it off only for a sink that must be
         * called on the thread calling {@code importFrom}, e.g. one joining a transaction or a
         * security context bound to that thread: then every batch is written on the calling thread
         * and parsing waits for it, as before this option existed. Either way the sink is called by
         * one thread at a time.
         */
        public Builder overlapWrites(boolean v) { overlapWrites = v; return this; }

        /** The importer. */
        public CdrImporter build() {
            Checks.notNull(sink, "sink");
            return new CdrImporter(this);
        }
    }
}
