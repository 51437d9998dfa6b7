package io.voipkit.benchmarks;

import io.voipkit.cdr.CallLogEntry;
import io.voipkit.cdr.CallRecordSink;
import io.voipkit.cdr.CdrImporter;
import io.voipkit.cdr.CdrSource;
import io.voipkit.cdr.ImportOptions;
import io.voipkit.cdr.ImportReport;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Asterisk {@code Master.csv} rows per second on one thread (issue #5: parse + dedup at least
 * 1,500,000 rows/s, against a naive {@code BufferedReader} + {@code split} parser in the same run).
 *
 * <p>The input is built in the setup from the 712 real rows a real Asterisk 22 wrote
 * ({@code ../shared/fixtures/cdr/asterisk-Master.csv}), repeated {@value #COPIES} times
 * ({@value #ROWS} rows, about 220 MB). Each copy gets its own uniqueid prefix, the way a
 * {@code systemname} in asterisk.conf prefixes uniqueids ({@code pbx7-1795551399.1}), so every row
 * is a distinct call for the dedup and none is skipped. The file sits in the page cache: this
 * measures CPU, not the disk.
 *
 * <ul>
 *   <li>{@code importer}: {@link CdrImporter#importFrom} into a sink that keeps the dedup keys as
 *       128-bit fingerprints in an open-addressing set (a batch hashed first, then probed): RFC 4180
 *       parsing with size limits, validation, timestamps, the {@code CallRecord} and
 *       {@code CallLogEntry} objects a user gets, call-log derivation (direction, operator), dedup
 *       key, batches, checkpoint positions; the sink runs on the importer's writer thread (the
 *       default: parsing overlaps storing);</li>
 *   <li>{@code importerOneThread}: the same with the sink on the parsing thread, all on one
 *       thread;</li>
 *   <li>{@code naiveSplit}: {@code BufferedReader.readLine} + {@code String.split(",")}, two
 *       integers parsed and a dedup key in a {@code HashSet<String>} (the naive way); it ignores quoting (a comma inside
 *       a quoted field shifts the columns, so it reads the tail columns from the end), validates
 *       nothing and builds no record: the lower bound of any CSV import;</li>
 *   <li>{@code naiveSplitWithDates}: {@code naiveSplit} plus the three timestamps parsed with a
 *       {@link DateTimeFormatter}, closer to the work an import has to do;</li>
 *   <li>{@code naiveSplitOnly}: {@code readLine} + {@code split(",")} and nothing else, the
 *       issue's "naive BufferedReader + split parser" taken literally (the fastest naive loop,
 *       and far less work than an import: no dedup, no numbers, no record).</li>
 * </ul>
 * The setup runs each once and checks that every one counts every row, so none of them is fast by
 * skipping work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
public class CdrCsvBenchmark {

    /** Rows in the real fixture; checked in the setup. */
    static final int FIXTURE_ROWS = 712;
    /** How often the fixture is repeated: 1,000,360 rows, the "1M-row file". */
    static final int COPIES = 1405;
    /** Rows per benchmark invocation. */
    static final int ROWS = FIXTURE_ROWS * COPIES;

    /** The two last columns of an 18-column row: uniqueid and userfield, both quoted. */
    private static final Pattern TAIL = Pattern.compile(",\"([^\"]*)\",\"([^\"]*)\"$");
    private static final DateTimeFormatter CDR_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Path file;
    private CdrSource source;
    private ImportOptions options;

    @Setup
    public void setUp() throws IOException {
        List<String> fixture = Files.readAllLines(fixture(), StandardCharsets.UTF_8);
        if (fixture.size() != FIXTURE_ROWS) {
            throw new IllegalStateException("expected " + FIXTURE_ROWS + " rows in the fixture, found "
                    + fixture.size() + ": update FIXTURE_ROWS");
        }
        file = Files.createTempFile("voipkit-bench-Master", ".csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int copy = 0; copy < COPIES; copy++) {
                for (int i = 0; i < fixture.size(); i++) {
                    Matcher m = TAIL.matcher(fixture.get(i));
                    if (!m.find()) {
                        throw new IllegalStateException("fixture line " + (i + 1)
                                + " does not end in a quoted uniqueid and userfield");
                    }
                    out.write(fixture.get(i), 0, m.start());
                    out.write(",\"pbx" + copy + "-" + m.group(1) + "\",\"" + m.group(2) + "\"\n");
                }
            }
        }
        source = CdrSource.asteriskCsv(file);
        options = ImportOptions.builder().completeFile(true).build();

        ImportReport report = runImport();
        if (report.imported() != ROWS || report.rejected() != 0 || report.duplicates() != 0) {
            throw new IllegalStateException("the import should store every row once: " + report
                    + (report.rejects().isEmpty() ? "" : ", first reject " + report.rejects().get(0)));
        }
        if (importerOneThread() != ROWS) {
            throw new IllegalStateException("the one-thread import should store every row once");
        }
        check("naiveSplit", naiveSplit());
        check("naiveSplitWithDates", naiveSplitWithDates());
        check("naiveSplitOnly", naiveSplitOnly());
        System.out.printf("%n[cdr] %s: %d rows, %d bytes%n", file, ROWS, Files.size(file));
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    /** voipkit's importer: parse, validate, derive, dedup. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long importer() {
        return runImport().imported();
    }

    /**
     * The same import with {@code overlapWrites(false)}: the sink's dedup runs on the parsing
     * thread too, so everything is on one thread. {@link #importer} (the default) parses on the
     * calling thread while a writer thread stores the batch before, which is what a user gets,
     * but is two threads.
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long importerOneThread() {
        return CdrImporter.builder().sink(new KeySetSink()).overlapWrites(false).build().importFrom(source, options)
                .imported();
    }

    /** Lower bound: split on commas, no quoting, no validation, no dates. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long naiveSplit() {
        return naive(false);
    }

    /**
     * The yardstick taken literally, "a naive {@code BufferedReader} + {@code split}
     * parser": every line read and split, nothing else (no key, no set, no numbers, no record).
     * The floor of reading the file line by line as Strings; it does much less than an import.
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long naiveSplitOnly() {
        long fields = 0;
        long rows = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                fields += line.split(",", -1).length;
                rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows << 32 | (fields & 0xffffffffL);
    }

    /** Naive split plus the three timestamps. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long naiveSplitWithDates() {
        return naive(true);
    }

    /**
     * A second way to measure, for a machine shared with other work: runs the importer and the
     * naive loop alternately ({@code -Drounds=N}, default 5) on this thread and reports rows per
     * second of <em>thread CPU time</em>, which other processes do not inflate the way they inflate
     * wall-clock time (they still cost cache; compare only numbers from the same run). The first
     * round of each is a warm-up and not reported. Run from the repository root:
     * {@code java -cp voip-benchmarks/target/benchmarks.jar io.voipkit.benchmarks.CdrCsvBenchmark}.
     */
    public static void main(String[] args) throws IOException {
        int rounds = Integer.getInteger("rounds", 5);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        CdrCsvBenchmark b = new CdrCsvBenchmark();
        b.setUp();
        try {
            for (int round = 0; round <= rounds; round++) {
                long t0 = threads.getCurrentThreadCpuTime();
                long imported = b.importer();
                long t1 = threads.getCurrentThreadCpuTime();
                long naive = b.naiveSplit();
                long t2 = threads.getCurrentThreadCpuTime();
                if (imported != ROWS || (naive >>> 32) != ROWS) {
                    throw new IllegalStateException("rows lost: importer " + imported + ", naive " + (naive >>> 32));
                }
                if (round > 0) {
                    System.out.printf("[cdr] round %d: importer %,.0f rows/s CPU, naiveSplit %,.0f rows/s CPU%n", round,
                            ROWS * 1e9 / (t1 - t0), ROWS * 1e9 / (t2 - t1));
                }
            }
        } finally {
            b.tearDown();
        }
    }

    private ImportReport runImport() {
        // A fresh importer has a fresh in-memory checkpoint store, so every run reads the whole file.
        return CdrImporter.builder().sink(new KeySetSink()).build().importFrom(source, options);
    }

    private long naive(boolean dates) {
        Set<String> keys = new HashSet<>();
        long sum = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(",", -1);
                int n = f.length;
                // From the end: start, answer, end, duration, billsec, disposition, amaflags, uniqueid, userfield.
                int duration = Integer.parseInt(f[n - 6]);
                int billsec = Integer.parseInt(f[n - 5]);
                if (dates) {
                    LocalDateTime start = LocalDateTime.parse(unquote(f[n - 9]), CDR_TIME);
                    String answer = unquote(f[n - 8]);
                    LocalDateTime answered = answer.isEmpty() ? null : LocalDateTime.parse(answer, CDR_TIME);
                    LocalDateTime end = LocalDateTime.parse(unquote(f[n - 7]), CDR_TIME);
                    sum += start.getSecond() + end.getSecond() + (answered == null ? 0 : 1);
                }
                if (keys.add(f[n - 2] + '|' + f[n - 9] + '|' + f[n - 7] + '|' + duration + '|' + billsec + '|' + f[n - 4]
                        + '|' + f[5] + '|' + f[6] + '|' + f[7])) {
                    sum += 1L << 32;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sum;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.charAt(0) == '"' ? s.substring(1, s.length() - 1) : s;
    }

    private static void check(String name, long result) {
        if ((result >>> 32) != ROWS) {
            throw new IllegalStateException(name + " kept " + (result >>> 32) + " rows, expected " + ROWS);
        }
    }

    /**
     * Finds the fixture: {@code -Dvoipkit.fixtures=DIR}, else {@code ../shared/fixtures} or
     * {@code shared/fixtures} relative to the working directory (run from the repository root).
     */
    static Path fixture() {
        String dir = System.getProperty("voipkit.fixtures");
        List<Path> candidates = dir != null ? List.of(Path.of(dir))
                : List.of(Path.of("../shared/fixtures"), Path.of("shared/fixtures"));
        for (Path c : candidates) {
            Path f = c.resolve("cdr/asterisk-Master.csv");
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new IllegalStateException("cdr/asterisk-Master.csv not found under " + candidates
                + " (working directory " + Path.of("").toAbsolutePath()
                + "); run from the repository root or pass -Dvoipkit.fixtures=DIR");
    }

    /**
     * Dedup like a real sink, in memory: stores a key only once and counts the new ones. Keys are
     * kept as their 128-bit fingerprints in an open-addressing set (voip-cdr's internal
     * {@code LongPairSet}, both halves in one pass over the key, the pair in one slot), 16 bytes
     * each: a {@code HashSet<String>} of a million keys spends most of its time in cache misses.
     * The set starts small and grows as a real one would; a batch's keys are hashed first and
     * probed after ({@code addKeys}), so the probes' cache misses overlap.
     */
    private static final class KeySetSink implements CallRecordSink {
        private final LongPairSet keys = new LongPairSet(1 << 16);
        private String[] batch = new String[0];

        @Override
        public int write(List<CallLogEntry> entries) {
            int n = entries.size();
            if (batch.length < n) {
                batch = new String[n];
            }
            for (int i = 0; i < n; i++) {
                batch[i] = entries.get(i).key();
            }
            // the whole batch at once: hashing first, then probing, overlaps the probes' cache misses
            return keys.addKeys(batch, n);
        }
    }
}
