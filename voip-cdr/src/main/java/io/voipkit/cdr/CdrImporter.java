package io.voipkit.cdr;

import io.voipkit.cdr.internal.CallLogDerivation;
import io.voipkit.cdr.internal.RecordCursor;
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
 * size of the source: rows are streamed and only one batch is held.
 *
 * <p>Thread-safe: imports of different sources may run in parallel. Two imports of the same
 * source at once are safe for the data (the sink deduplicates) but waste work.
 */
public final class CdrImporter {
    private final CallRecordSink sink;
    private final CheckpointStore checkpoints;
    private final ContactLinker contacts;

    private CdrImporter(Builder b) {
        sink = b.sink;
        checkpoints = b.checkpoints;
        contacts = b.contacts;
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
        try (RecordCursor cursor = source.open(checkpoint, options)) {
            run.cursor = cursor;
            run.position = checkpoint;
            while (cursor.next()) {
                run.row();
            }
            run.flush();
            run.pendingBytes = cursor.pendingBytes();
            run.report(true);
        } catch (CdrImportException e) {
            throw e;
        } catch (Exception e) {
            throw new CdrImportException("import of " + source.name() + " failed after " + run.rows + " rows: " + e,
                    e);
        }
        return new ImportReport(source.name(), run.rows, run.imported, run.duplicates, run.rejected,
                run.rejects, run.bytesRead(), run.pendingBytes, Duration.ofNanos(System.nanoTime() - started),
                run.position == null ? "" : run.position);
    }

    /** The state of one import run. */
    private final class Run {
        private final CdrSource source;
        private final ImportOptions options;
        private final CallLogDerivation derivation;
        private final List<CallLogEntry> batch;
        private final List<ImportReject> rejects = new ArrayList<>();
        private final Consumer<ImportProgress> progress;
        private RecordCursor cursor;
        private String position;
        private boolean positionDirty;
        private long rows;
        private long imported;
        private long duplicates;
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

        void flush() {
            if (!batch.isEmpty()) {
                int stored = sink.write(List.copyOf(batch));
                if (stored < 0 || stored > batch.size()) {
                    throw new CdrImportException("the sink reported " + stored + " stored records for a batch of "
                            + batch.size(), null);
                }
                imported += stored;
                duplicates += batch.size() - stored;
                batch.clear();
            }
            if (positionDirty) {
                // only now is everything before this position in the sink
                position = cursor.markedPosition();
                checkpoints.save(source.id(), position);
                positionDirty = false;
            }
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

    /** Builds a {@link CdrImporter}; not thread-safe. */
    public static final class Builder {
        private CallRecordSink sink;
        private CheckpointStore checkpoints = CheckpointStore.inMemory();
        private ContactLinker contacts;

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

        /** The importer. */
        public CdrImporter build() {
            Checks.notNull(sink, "sink");
            return new CdrImporter(this);
        }
    }
}
