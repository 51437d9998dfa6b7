package io.voipkit.cdr;

import java.util.List;

/**
 * Where imported records go; the host application implements it, or uses
 * {@link InMemoryCallRecordSink} or {@link JdbcCallRecordSink}.
 *
 * <p>The sink is the memory of the dedup: it must store an entry only if it does not hold one
 * with the same {@link CallLogEntry#key()} yet (across calls, runs and sources, and within one
 * batch), and say how many it stored. Done that way, re-running an import, importing overlapping
 * sources or resuming an interrupted run never duplicates a call.
 *
 * <p><b>Threads.</b> {@link CdrImporter} calls {@code write} from a writer thread of each import
 * (not the thread calling {@code importFrom}), so parsing the next batch overlaps this write.
 * Within one import the writer thread is the only caller, one batch at a time and in source order,
 * and each call happens-after the previous one returned: a sink used by one import at a time need
 * not be thread-safe. A sink shared by imports running in parallel is called from several writer
 * threads at once and must be thread-safe (the built-in ones are). A sink that must run on the
 * calling thread (a transaction or security context bound to it) needs
 * {@link CdrImporter.Builder#overlapWrites(boolean) overlapWrites(false)}.
 */
public interface CallRecordSink {
    /**
     * Stores the entries whose key it does not hold yet.
     *
     * @param entries a batch, in source order; not empty
     * @return how many were newly stored (the rest were duplicates)
     * @throws RuntimeException if the batch could not be stored; the import stops and its
     *                          checkpoint stays before this batch
     */
    int write(List<CallLogEntry> entries);
}
