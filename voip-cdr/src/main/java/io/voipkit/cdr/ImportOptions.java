package io.voipkit.cdr;

import io.voipkit.core.internal.Checks;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How to import: an immutable value built with {@link #builder()}; {@link #defaults()} for the
 * documented defaults.
 *
 * <pre>{@code
 * ImportOptions options = ImportOptions.builder()
 *         .zone(ZoneId.of("Europe/Berlin"))          // cdr.conf usegmtime = no
 *         .progress(p -> bar.update(p.fraction()))
 *         .build();
 * }</pre>
 */
public final class ImportOptions {
    private final ZoneId zone;
    private final boolean failOnFirstReject;
    private final int maxFieldBytes;
    private final int maxRecordBytes;
    private final int batchSize;
    private final int maxRejectsKept;
    private final boolean completeFile;
    private final int internalNumberMaxLength;
    private final long progressEveryRows;
    private final Consumer<ImportProgress> progress;
    private final Set<String> trunks;
    private final Set<String> inboundContexts;

    private ImportOptions(Builder b) {
        trunks = Set.copyOf(b.trunks);
        inboundContexts = Set.copyOf(b.inboundContexts);
        zone = b.zone;
        failOnFirstReject = b.failOnFirstReject;
        maxFieldBytes = b.maxFieldBytes;
        maxRecordBytes = b.maxRecordBytes;
        batchSize = b.batchSize;
        maxRejectsKept = b.maxRejectsKept;
        completeFile = b.completeFile;
        internalNumberMaxLength = b.internalNumberMaxLength;
        progressEveryRows = b.progressEveryRows;
        progress = b.progress;
    }

    /** The defaults: UTC, rejects reported not fatal, 8 KiB fields, 64 KiB rows, batches of 1000. */
    public static ImportOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The zone of timestamps without one (CSV files, {@code timestamp} columns); default UTC. */
    public ZoneId zone() {
        return zone;
    }

    /** Whether the first malformed row stops the import with a {@link CdrImportException}; default {@code false}. */
    public boolean failOnFirstReject() {
        return failOnFirstReject;
    }

    /** The longest field accepted, in bytes; longer ones reject the row. Default 8 KiB. */
    public int maxFieldBytes() {
        return maxFieldBytes;
    }

    /** The longest row accepted, in bytes; longer ones are rejected without being buffered. Default 64 KiB. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /**
     * Records per {@link CallRecordSink#write} call (and per checkpoint); default 1000, which
     * suits a file that is still being written. For a bulk import into PostgreSQL, 10,000 to
     * 50,000 pay fewer round trips and commits (each batch is one or more {@code COPY}
     * transactions); two batches are in memory at once.
     */
    public int batchSize() {
        return batchSize;
    }

    /** How many rejects the report lists (all are counted); default 1000. */
    public int maxRejectsKept() {
        return maxRejectsKept;
    }

    /**
     * Whether the file is complete, so a last line without a line break is imported. Default
     * {@code false}: the PBX may be writing that line, and the next run reads it whole.
     */
    public boolean completeFile() {
        return completeFile;
    }

    /** Numbers of at most this many digits are internal extensions (for the call direction); default 6. */
    public int internalNumberMaxLength() {
        return internalNumberMaxLength;
    }

    /** How often, in rows, progress is reported (also after every batch and at the end); default 10,000. */
    public long progressEveryRows() {
        return progressEveryRows;
    }

    /**
     * The endpoints that are trunks (for example {@code provider-a} for {@code PJSIP/provider-a-0000001f},
     * or a FreeSWITCH gateway name): a call coming in on one is INBOUND, a call going out on one
     * OUTBOUND, whatever the numbers look like. Default none.
     */
    public Set<String> trunks() {
        return trunks;
    }

    /** Dialplan contexts where calls from outside arrive (for example {@code from-pstn}): such calls are INBOUND. Default none. */
    public Set<String> inboundContexts() {
        return inboundContexts;
    }

    /** The progress callback, or {@code null}. Called on the importing thread; keep it fast. */
    public Consumer<ImportProgress> progress() {
        return progress;
    }

    /** Builds {@link ImportOptions}; not thread-safe. Each setter validates its argument. */
    public static final class Builder {
        private ZoneId zone = ZoneOffset.UTC;
        private boolean failOnFirstReject;
        private int maxFieldBytes = 8 * 1024;
        private int maxRecordBytes = 64 * 1024;
        private int batchSize = 1000;
        private int maxRejectsKept = 1000;
        private boolean completeFile;
        private int internalNumberMaxLength = 6;
        private long progressEveryRows = 10_000;
        private Consumer<ImportProgress> progress;
        private final Set<String> trunks = new LinkedHashSet<>();
        private final Set<String> inboundContexts = new LinkedHashSet<>();

        private Builder() {
        }

        /** See {@link ImportOptions#trunks()}; replaces earlier values. */
        public Builder trunks(Collection<String> endpoints) {
            trunks.clear();
            for (String t : Checks.copyOf(endpoints, "trunks")) {
                trunks.add(Checks.wireText(t, "trunks[]"));
            }
            return this;
        }

        /** See {@link ImportOptions#inboundContexts()}; replaces earlier values. */
        public Builder inboundContexts(Collection<String> contexts) {
            inboundContexts.clear();
            for (String c : Checks.copyOf(contexts, "inboundContexts")) {
                inboundContexts.add(Checks.wireText(c, "inboundContexts[]"));
            }
            return this;
        }

        /** See {@link ImportOptions#zone()}. */
        public Builder zone(ZoneId v) { zone = Checks.notNull(v, "zone"); return this; }

        /** See {@link ImportOptions#failOnFirstReject()}. */
        public Builder failOnFirstReject(boolean v) { failOnFirstReject = v; return this; }

        /** See {@link ImportOptions#maxFieldBytes()}; 16 to 16 MiB. */
        public Builder maxFieldBytes(int v) { maxFieldBytes = Checks.inRange(v, 16, 16 << 20, "maxFieldBytes"); return this; }

        /** See {@link ImportOptions#maxRecordBytes()}; 64 to 64 MiB. */
        public Builder maxRecordBytes(int v) { maxRecordBytes = Checks.inRange(v, 64, 64 << 20, "maxRecordBytes"); return this; }

        /** See {@link ImportOptions#batchSize()}; 1 to 100,000. */
        public Builder batchSize(int v) { batchSize = Checks.inRange(v, 1, 100_000, "batchSize"); return this; }

        /** See {@link ImportOptions#maxRejectsKept()}; 0 to 1,000,000. */
        public Builder maxRejectsKept(int v) { maxRejectsKept = Checks.inRange(v, 0, 1_000_000, "maxRejectsKept"); return this; }

        /** See {@link ImportOptions#completeFile()}. */
        public Builder completeFile(boolean v) { completeFile = v; return this; }

        /** See {@link ImportOptions#internalNumberMaxLength()}; 1 to 15. */
        public Builder internalNumberMaxLength(int v) {
            internalNumberMaxLength = Checks.inRange(v, 1, 15, "internalNumberMaxLength");
            return this;
        }

        /** See {@link ImportOptions#progressEveryRows()}; at least 1. */
        public Builder progressEveryRows(long v) {
            if (v < 1) {
                throw new io.voipkit.core.InvalidRequestException("progressEveryRows", "must be at least 1, was " + v);
            }
            progressEveryRows = v;
            return this;
        }

        /** See {@link ImportOptions#progress()}; {@code null} for none. */
        public Builder progress(Consumer<ImportProgress> v) { progress = v; return this; }

        /** The options. */
        public ImportOptions build() {
            if (maxFieldBytes > maxRecordBytes) {
                throw new io.voipkit.core.InvalidRequestException("maxFieldBytes",
                        "must not exceed maxRecordBytes " + maxRecordBytes + ", was " + maxFieldBytes);
            }
            return new ImportOptions(this);
        }
    }
}
