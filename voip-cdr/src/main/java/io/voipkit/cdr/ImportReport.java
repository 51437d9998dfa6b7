package io.voipkit.cdr;

import io.voipkit.core.internal.Checks;
import java.time.Duration;
import java.util.List;

/**
 * What an import did.
 *
 * @param source         the source's name
 * @param rowsRead       rows read in this run
 * @param imported       records newly stored in the sink
 * @param duplicates     records skipped because the sink already held them (from an earlier run,
 *                       another source, or earlier in this one)
 * @param rejected       malformed rows, all of them
 * @param rejects        the first {@link ImportOptions#maxRejectsKept()} rejects, in order
 * @param bytesRead      bytes consumed in this run ({@code 0} for database sources)
 * @param pendingBytes   bytes of an unterminated last line left for the next run (a file still being written)
 * @param elapsed        how long the run took
 * @param checkpoint     the position the next run starts from
 */
public record ImportReport(String source, long rowsRead, long imported, long duplicates, long rejected,
                           List<ImportReject> rejects, long bytesRead, long pendingBytes, Duration elapsed,
                           String checkpoint) {
    /** Validates and copies {@code rejects}. */
    public ImportReport {
        Checks.notNull(source, "source");
        rejects = Checks.copyOf(rejects, "rejects");
        Checks.nonNegative(elapsed, "elapsed");
    }

    /** Whether every row read was imported or a known duplicate. */
    public boolean clean() {
        return rejected == 0;
    }
}
