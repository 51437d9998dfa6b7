package io.voipkit.cdr;

/**
 * How far an import has got, for progress bars. Counts are for this run only.
 *
 * @param rowsRead   rows read from the source so far (imported, duplicate and rejected)
 * @param bytesRead  bytes of the source consumed so far in this run ({@code 0} for database sources)
 * @param totalBytes the bytes this run will read in all, or {@code -1} when not known
 * @param imported   records newly stored so far
 * @param duplicates records the sink already held
 * @param rejected   malformed rows so far
 */
public record ImportProgress(long rowsRead, long bytesRead, long totalBytes, long imported, long duplicates,
                             long rejected) {

    /** The fraction done between 0 and 1, or {@code -1} when the total is not known. */
    public double fraction() {
        return totalBytes <= 0 ? -1 : Math.min(1.0, (double) bytesRead / totalBytes);
    }
}
