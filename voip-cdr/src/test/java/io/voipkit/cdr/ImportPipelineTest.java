package io.voipkit.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.voipkit.cdr.internal.SerialHandoff;
import io.voipkit.testsupport.ItServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The importer's writer thread: parsing overlaps writing, batches are stored and checkpointed in
 * order, at most two batches are held, and errors, rejects and interrupts leave no batch lost, no
 * checkpoint past an unwritten batch and no thread running. The fixture has 712 rows; with batches
 * of 100 that is 7 full batches and one of 12.
 */
class ImportPipelineTest {
    private static final Path MASTER = ItServices.fixtures().resolve("cdr/asterisk-Master.csv");
    private static final int BATCH = 100;
    private static final ImportOptions BATCHES = ImportOptions.builder().batchSize(BATCH).build();

    private final InMemoryCallRecordSink sink = new InMemoryCallRecordSink();
    private final RecordingCheckpoints checkpoints = new RecordingCheckpoints();
    private final CdrSource source = CdrSource.asteriskCsv(MASTER);

    @AfterEach
    void noWriterThreadIsLeftRunning() {
        assertThat(writerThreads()).isEmpty();
    }

    private static List<String> writerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(SerialHandoff.THREAD_NAME_PREFIX)).toList();
    }

    @Test
    void aSinkFailingOnTheThirdBatchStopsTheImportWithTheCheckpointAfterTheSecond() {
        AtomicInteger calls = new AtomicInteger();
        CallRecordSink failing = batch -> {
            if (calls.incrementAndGet() == 3) {
                throw new IllegalStateException("database went away");
            }
            return sink.write(batch);
        };

        assertThatThrownBy(() -> CdrImporter.builder().sink(failing).checkpoints(checkpoints).build()
                .importFrom(source, BATCHES)).isInstanceOf(CdrImportException.class)
                .hasMessageContaining("database went away")
                .hasCauseInstanceOf(IllegalStateException.class);

        assertThat(calls).hasValue(3);                 // nothing after the failed batch is written
        assertThat(sink.size()).isEqualTo(2 * BATCH);
        assertThat(checkpoints.saved).hasSize(2);      // saved after batches 1 and 2 only
        // the saved position is the one after row 200: a fresh import of 200 rows ends there
        RecordingCheckpoints reference = new RecordingCheckpoints();
        CdrImporter.builder().sink(new InMemoryCallRecordSink()).checkpoints(reference).build()
                .importFrom(source, BATCHES);
        assertThat(checkpoints.saved).containsExactlyElementsOf(reference.saved.subList(0, 2));

        ImportReport rerun = CdrImporter.builder().sink(sink).checkpoints(checkpoints).build()
                .importFrom(source, BATCHES);
        assertThat(rerun.rowsRead()).isEqualTo(512);
        assertThat(rerun.imported()).isEqualTo(512);
        assertThat(rerun.duplicates()).isZero();
        assertThat(sink.entries()).extracting(CallLogEntry::key).doesNotHaveDuplicates().hasSize(712);
    }

    @Test
    void parsingGoesOnWhileABatchIsWrittenButNeverMoreThanTwoBatchesAhead() throws Exception {
        GatedSink gated = new GatedSink(sink);
        AtomicLong maxRowsSeen = new AtomicLong();
        AtomicLong maxHeld = new AtomicLong();
        List<ImportProgress> seen = Collections.synchronizedList(new ArrayList<>());
        ImportOptions options = ImportOptions.builder().batchSize(BATCH).progressEveryRows(1).progress(p -> {
            seen.add(p);
            maxRowsSeen.accumulateAndGet(p.rowsRead(), Math::max);
            // rows read but not yet returned by the sink: the batch being written and the one being built
            maxHeld.accumulateAndGet(p.rowsRead() - gated.rowsStored.get(), Math::max);
        }).build();
        CdrImporter importer = CdrImporter.builder().sink(gated).checkpoints(checkpoints).build();
        AtomicReference<ImportReport> report = new AtomicReference<>();
        Thread importing = new Thread(() -> report.set(importer.importFrom(source, options)), "test-importer");
        importing.start();

        // the first write is held; parsing went on to the end of batch 2 and waits at its hand-off
        await().atMost(Duration.ofSeconds(30)).until(() -> gated.entered.get() == 1 && maxRowsSeen.get() == 2 * BATCH - 1
                && importing.getState() == Thread.State.WAITING);
        assertThat(gated.rowsStored).hasValue(0);
        assertThat(checkpoints.saved).isEmpty();
        assertThat(maxRowsSeen).hasValue(2 * BATCH - 1);

        gated.release.countDown();
        importing.join();

        assertThat(report.get().imported()).isEqualTo(712);
        assertThat(gated.maxConcurrent).hasValue(1);
        assertThat(gated.writerThreads).hasSize(1).allSatisfy(n -> assertThat(n).startsWith(SerialHandoff.THREAD_NAME_PREFIX));
        assertThat(maxHeld.get()).isLessThanOrEqualTo(2L * BATCH);
        assertThat(gated.batchSizes).containsExactly(100, 100, 100, 100, 100, 100, 100, 12);
        // stored in source order, exactly as an import on the calling thread stores them
        InMemoryCallRecordSink inline = new InMemoryCallRecordSink();
        CdrImporter.builder().sink(inline).overlapWrites(false).build().importFrom(source, BATCHES);
        assertThat(sink.entries()).extracting(CallLogEntry::key)
                .containsExactlyElementsOf(inline.entries().stream().map(CallLogEntry::key).toList());
        // the last callback is exact even though earlier ones may lag
        ImportProgress last = seen.get(seen.size() - 1);
        assertThat(last.rowsRead()).isEqualTo(712);
        assertThat(last.imported()).isEqualTo(712);
        assertThat(checkpoints.saved).hasSize(8);
    }

    @Test
    void anInterruptWaitsForTheBatchInFlightAndKeepsItsCheckpoint() throws Exception {
        GatedSink gated = new GatedSink(sink);
        AtomicLong maxRowsSeen = new AtomicLong();
        ImportOptions options = ImportOptions.builder().batchSize(BATCH).progressEveryRows(1)
                .progress(p -> maxRowsSeen.accumulateAndGet(p.rowsRead(), Math::max)).build();
        CdrImporter importer = CdrImporter.builder().sink(gated).checkpoints(checkpoints).build();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread importing = new Thread(() -> {
            try {
                importer.importFrom(source, options);
            } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        }, "test-importer");
        importing.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> maxRowsSeen.get() == 2 * BATCH - 1
                && importing.getState() == Thread.State.WAITING);

        importing.interrupt();
        // release the write only once the interrupt has been taken: the importer is then waiting
        // for the writer to end (an interrupt racing with the writer's signal may legitimately
        // count as coming after it and let batch 2 through; that is not what this test is about)
        await().atMost(Duration.ofSeconds(30)).until(() -> java.util.Arrays.stream(importing.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(SerialHandoff.class.getName())
                        && f.getMethodName().equals("finish")));
        gated.release.countDown();
        importing.join();

        assertThat(thrown.get()).isInstanceOf(CdrImportException.class).hasMessageContaining("interrupted")
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(gated.batchSizes).containsExactly(BATCH);   // the batch in flight completed, no later one
        assertThat(sink.size()).isEqualTo(BATCH);
        assertThat(checkpoints.saved).hasSize(1);

        ImportReport rerun = CdrImporter.builder().sink(sink).checkpoints(checkpoints).build()
                .importFrom(source, BATCHES);
        assertThat(rerun.imported()).isEqualTo(612);
        assertThat(rerun.duplicates()).isZero();
        assertThat(sink.size()).isEqualTo(712);
    }

    @Test
    void theFirstRejectIsFatalOnlyAfterTheBatchBeforeItIsStored(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        List<String> lines = java.nio.file.Files.readAllLines(MASTER);
        List<String> withReject = new ArrayList<>(lines.subList(0, 250));
        withReject.add("\"not\",\"a\",\"cdr\"");
        withReject.addAll(lines.subList(250, 260));
        Path file = java.nio.file.Files.write(dir.resolve("Master.csv"), withReject);
        GatedSink slow = new GatedSink(sink);
        slow.release.countDown();

        assertThatThrownBy(() -> CdrImporter.builder().sink(slow).checkpoints(checkpoints).build()
                .importFrom(CdrSource.asteriskCsv(file),
                        ImportOptions.builder().batchSize(BATCH).failOnFirstReject(true).build()))
                .isInstanceOf(CdrImportException.class).hasMessageContaining("first malformed row");

        assertThat(sink.size()).isEqualTo(250);             // 100, 100 and the 50 before the reject
        assertThat(slow.batchSizes).containsExactly(100, 100, 50);
        assertThat(checkpoints.saved).hasSize(3);
    }

    @Test
    void aSinkErrorAfterTheLastHandOffIsStillReported() {
        CallRecordSink failsLast = batch -> {
            if (batch.size() == 12) {
                throw new IllegalStateException("disk full");
            }
            return sink.write(batch);
        };

        assertThatThrownBy(() -> CdrImporter.builder().sink(failsLast).checkpoints(checkpoints).build()
                .importFrom(source, BATCHES)).isInstanceOf(CdrImportException.class).hasMessageContaining("disk full");
        assertThat(sink.size()).isEqualTo(700);
        assertThat(checkpoints.saved).hasSize(7);
    }

    @Test
    void aSinkMiscountingIsReportedAsBefore() {
        CallRecordSink lying = batch -> batch.size() + 1;

        assertThatThrownBy(() -> CdrImporter.builder().sink(lying).build().importFrom(source, BATCHES))
                .isInstanceOf(CdrImportException.class).hasMessageContaining("the sink reported 101 stored records");
    }

    @Test
    void withoutOverlapTheSinkIsCalledOnTheCallingThread() {
        List<Thread> callers = Collections.synchronizedList(new ArrayList<>());
        CallRecordSink recording = batch -> {
            callers.add(Thread.currentThread());
            return sink.write(batch);
        };

        ImportReport r = CdrImporter.builder().sink(recording).overlapWrites(false).build().importFrom(source, BATCHES);

        assertThat(r.imported()).isEqualTo(712);
        assertThat(callers).hasSize(8).containsOnly(Thread.currentThread());
    }

    @Test
    void anImportWithNothingToWriteStartsNoThread() {
        CdrImporter importer = CdrImporter.builder().sink(sink).checkpoints(checkpoints).build();
        importer.importFrom(source, BATCHES);
        List<String> callers = Collections.synchronizedList(new ArrayList<>());
        CallRecordSink recording = batch -> {
            callers.add(Thread.currentThread().getName());
            return batch.size();
        };

        ImportReport again = CdrImporter.builder().sink(recording).checkpoints(checkpoints).build()
                .importFrom(source, BATCHES);

        assertThat(again.rowsRead()).isZero();
        assertThat(callers).isEmpty();
    }

    /** A sink whose first write waits for {@link #release}, recording concurrency and batch sizes. */
    private static final class GatedSink implements CallRecordSink {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger entered = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();
        final AtomicLong rowsStored = new AtomicLong();
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        final List<String> writerThreads = Collections.synchronizedList(new ArrayList<>());
        private final CallRecordSink target;

        GatedSink(CallRecordSink target) {
            this.target = target;
        }

        @Override
        public int write(List<CallLogEntry> entries) {
            entered.incrementAndGet();
            maxConcurrent.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (!writerThreads.contains(Thread.currentThread().getName())) {
                    writerThreads.add(Thread.currentThread().getName());
                }
                release.await();
                batchSizes.add(entries.size());
                int stored = target.write(entries);
                rowsStored.addAndGet(entries.size());
                return stored;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the writer was interrupted", e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    /** Keeps every saved position, in order. */
    private static final class RecordingCheckpoints implements CheckpointStore {
        final List<String> saved = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Optional<String> load(String sourceId) {
            synchronized (saved) {
                return saved.isEmpty() ? Optional.empty() : Optional.of(saved.get(saved.size() - 1));
            }
        }

        @Override
        public void save(String sourceId, String position) {
            saved.add(position);
        }
    }
}
