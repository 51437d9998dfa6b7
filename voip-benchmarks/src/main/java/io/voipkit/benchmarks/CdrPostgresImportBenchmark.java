package io.voipkit.benchmarks;

import io.voipkit.cdr.CdrDatabase;
import io.voipkit.cdr.CdrImporter;
import io.voipkit.cdr.CdrSource;
import io.voipkit.cdr.ImportOptions;
import io.voipkit.cdr.ImportReport;
import io.voipkit.cdr.JdbcCallRecordSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue #5's database target, as a plain main (one long run, not JMH iterations): a generated
 * {@code Master.csv} of N rows imported by {@link CdrImporter} into a {@link JdbcCallRecordSink}
 * on the real PostgreSQL ({@code COPY} through PgJDBC), reporting rows/s and the heap used.
 * Target: at least 200,000 rows/s, and 10,000,000 rows in {@code -Xmx256m}.
 * {@code -Dbatch=N} sets the import's batch size (default 50,000).
 * {@code -Dlayout=repeated} imports the worst-case file instead of the chronological one (see
 * {@link #generate}).
 * {@code -Dagain=true} imports the file a second time with a fresh importer (no checkpoint), so
 * every row is a duplicate: the speed of a re-run, which goes through the staging table.
 * {@code -Dvoipkit.cdr.pg.connections=1} writes each batch on one connection instead of two, to
 * compare (see {@code PgCallLogWriter}).
 *
 * <pre>
 * java -Xmx256m -cp voip-benchmarks/target/benchmarks.jar io.voipkit.benchmarks.CdrPostgresImportBenchmark \
 *      -Drows=10000000 -Ddir=voip-benchmarks/target -Dvoipkit.it.config=target/it/services.properties
 * </pre>
 *
 * <p>The file ({@code cdr-bench-chrono-<rows>.csv} in {@code dir}, built from the real
 * fixture's 712 rows, see {@link #generate}) is generated once and
 * kept for the next run; the call-log table gets a random name and is dropped afterwards. Without
 * the services file (or its {@code postgres.*} keys) the run prints why and exits 0. Peak heap is
 * the sum of the heap pools' peaks, and "after GC" the largest heap a collection left behind,
 * which is what must fit in {@code -Xmx}.
 */
public final class CdrPostgresImportBenchmark {
    private static final Pattern TAIL = Pattern.compile(",\"([^\"]*)\",\"([^\"]*)\"$");

    private CdrPostgresImportBenchmark() {
    }

    /** Runs the import; see the class comment for the system properties. */
    public static void main(String[] args) throws Exception {
        long rows = Long.getLong("rows", 1_000_000);
        // a bulk import: each batch is one or more COPY transactions, so bigger batches pay fewer round
        // trips and commits (10,000: 175-192 k rows/s, 50,000: 194-214 k on the 10M file, 2026-11-26);
        // two batches in memory still fit -Xmx256m. The importer's default (1,000) suits live tails.
        int batch = Integer.getInteger("batch", 50_000);
        Path dir = Path.of(System.getProperty("dir", "voip-benchmarks/target-cdr"));
        Path config = Path.of(System.getProperty("voipkit.it.config", "target/it/services.properties"));
        if (!Files.isRegularFile(config)) {
            System.out.println("[cdr-pg] skipped: no services file " + config.toAbsolutePath()
                    + " (start the services with scripts/services.sh start, or pass -Dvoipkit.it.config=FILE)");
            return;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(config)) {
            p.load(in);
        }
        String url = p.getProperty("postgres.url");
        if (url == null) {
            System.out.println("[cdr-pg] skipped: " + config + " has no postgres.url");
            return;
        }
        boolean chronological = !"repeated".equals(System.getProperty("layout", "chronological"));
        Path file = generate(dir, rows, chronological);
        String table = "voip_call_log_bench_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        try (CdrDatabase db = CdrDatabase.connect(url, p.getProperty("postgres.user"), p.getProperty("postgres.password"))) {
            JdbcCallRecordSink log = db.callLog(table);
            log.migrate();
            try {
                long started = System.nanoTime();
                ImportReport r = CdrImporter.builder().sink(log).build().importFrom(CdrSource.asteriskCsv(file),
                        ImportOptions.builder().completeFile(true).batchSize(batch).progressEveryRows(1_000_000)
                                .progress(x -> System.out.printf("[cdr-pg] %,d rows, %,d MB heap after GC%n",
                                        x.rowsRead(), afterGc() >> 20))
                                .build());
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("[cdr-pg] %s (%s layout, pg connections: %s): %,d rows, %,d imported, %,d duplicates, %,d rejected in %.1f s: "
                                + "%,.0f rows/s; heap max %,d MB, peak %,d MB, largest after GC %,d MB%n",
                        file.getFileName(), chronological ? "chronological" : "repeated",
                        System.getProperty("voipkit.cdr.pg.connections", "2"), r.rowsRead(), r.imported(), r.duplicates(), r.rejected(), seconds,
                        r.rowsRead() / seconds, Runtime.getRuntime().maxMemory() >> 20, peak() >> 20, afterGc() >> 20);
                if (r.imported() != rows) {
                    throw new IllegalStateException("expected " + rows + " imported rows: " + r);
                }
                if (Boolean.getBoolean("again")) {
                    started = System.nanoTime();
                    ImportReport again = CdrImporter.builder().sink(log).build().importFrom(CdrSource.asteriskCsv(file),
                            ImportOptions.builder().completeFile(true).batchSize(batch).build());
                    seconds = (System.nanoTime() - started) / 1e9;
                    System.out.printf("[cdr-pg] again (every row a duplicate): %,d rows, %,d imported, %,d duplicates "
                                    + "in %.1f s: %,.0f rows/s%n", again.rowsRead(), again.imported(), again.duplicates(),
                            seconds, again.rowsRead() / seconds);
                    if (again.duplicates() != rows) {
                        throw new IllegalStateException("expected " + rows + " duplicates: " + again);
                    }
                }
            } finally {
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + table);
                }
            }
        }
    }

    /**
     * The file of {@code rows} rows in {@code dir}, generated if missing: copies of the real
     * fixture's 712 rows. {@code chronological} shifts copy {@code k} by {@code k} hours (every
     * time and the uniqueid's epoch), so the file reads like a real {@code Master.csv}, which
     * Asterisk appends to as calls end: times and uniqueids rise through the file. Otherwise every
     * copy keeps the fixture's times and gets a uniqueid prefix {@code pbx<k>-}, as
     * {@link CdrCsvBenchmark} does: the same 712 calls 1,400 times over, keys and times landing
     * all over both indexes (the worst case for the database).
     */
    static Path generate(Path dir, long rows, boolean chronological) throws IOException {
        Path file = dir.resolve("cdr-bench-" + (chronological ? "chrono-" : "") + rows + ".csv");
        if (Files.isRegularFile(file)) {
            return file;
        }
        Files.createDirectories(dir);
        List<String> fixture = Files.readAllLines(CdrCsvBenchmark.fixture(), StandardCharsets.UTF_8);
        Path tmp = dir.resolve(file.getFileName() + ".part");
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (int copy = 0; written < rows; copy++) {
                for (int i = 0; i < fixture.size() && written < rows; i++, written++) {
                    Matcher m = TAIL.matcher(fixture.get(i));
                    if (!m.find()) {
                        throw new IllegalStateException("fixture line " + (i + 1) + " does not end in uniqueid, userfield");
                    }
                    if (chronological) {
                        long shift = copy * 3_600L;
                        out.write(shiftTimes(fixture.get(i).substring(0, m.start()), shift));
                        out.write(",\"" + shiftUniqueId(m.group(1), shift) + "\",\"" + m.group(2) + "\"\n");
                    } else {
                        out.write(fixture.get(i), 0, m.start());
                        out.write(",\"pbx" + copy + "-" + m.group(1) + "\",\"" + m.group(2) + "\"\n");
                    }
                }
            }
        }
        Files.move(tmp, file);
        System.out.printf("[cdr-pg] generated %s: %,d rows, %,d bytes%n", file, rows, Files.size(file));
        return file;
    }

    private static final Pattern TIME = Pattern.compile("\"(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)\"");
    private static final DateTimeFormatter CDR_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static String shiftTimes(String row, long seconds) {
        return TIME.matcher(row).replaceAll(t -> "\"" + LocalDateTime.parse(t.group(1), CDR_TIME).plusSeconds(seconds)
                .format(CDR_TIME) + "\"");
    }

    /** {@code 1795554054.514} shifted by {@code seconds}: the epoch part moves, the sequence stays. */
    private static String shiftUniqueId(String id, long seconds) {
        int dot = id.indexOf('.');
        if (dot <= 0) {
            throw new IllegalStateException("fixture uniqueid " + id + " is not epoch.sequence");
        }
        return (Long.parseLong(id.substring(0, dot)) + seconds) + id.substring(dot);
    }

    private static long peak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long afterGc() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                sum += pool.getCollectionUsage().getUsed();
            }
        }
        return sum;
    }
}
