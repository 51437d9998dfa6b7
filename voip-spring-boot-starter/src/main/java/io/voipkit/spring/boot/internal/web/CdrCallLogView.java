package io.voipkit.spring.boot.internal.web;

import io.voipkit.cdr.CallLogStatistics;
import io.voipkit.cdr.CallStatistics;
import io.voipkit.cdr.ImportReport;
import io.voipkit.cdr.StatisticsQuery;
import io.voipkit.spring.boot.internal.CdrImportRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link CallLogView} over voip-cdr's {@link CallLogStatistics} and the import runner. */
public final class CdrCallLogView implements CallLogView {
    private final CallLogStatistics statistics;
    private final CdrImportRunner runner;

    /**
     * @param statistics the call log's statistics, or {@code null} when the sink computes none
     * @param runner     the import runner, or {@code null}
     */
    public CdrCallLogView(CallLogStatistics statistics, CdrImportRunner runner) {
        this.statistics = statistics;
        this.runner = runner;
    }

    @Override
    public boolean hasStatistics() {
        return statistics != null;
    }

    @Override
    public Figures total(Instant from, Instant to, Duration serviceLevel) {
        List<CallStatistics> all = statistics.statistics(StatisticsQuery.between(from, to).serviceLevel(serviceLevel));
        return all.isEmpty() ? new Figures(null, 0, 0, 0, Duration.ZERO, Duration.ZERO, 0) : figures(all.get(0));
    }

    @Override
    public List<Figures> byOperator(Instant from, Instant to, Duration serviceLevel) {
        List<Figures> out = new ArrayList<>();
        for (CallStatistics s : statistics.statistics(StatisticsQuery.between(from, to)
                .groupBy(StatisticsQuery.Grouping.OPERATOR).serviceLevel(serviceLevel))) {
            out.add(figures(s));
        }
        return out;
    }

    private static Figures figures(CallStatistics s) {
        return new Figures(s.group(), s.total(), s.answered(), s.missed(), s.averageWait(), s.averageDuration(),
                s.answeredInTime());
    }

    @Override
    public Map<String, Object> importStatus() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (runner == null) {
            return m;
        }
        m.put("source_configured", runner.hasSource());
        m.put("scheduled", runner.scheduled());
        m.put("runs", runner.runs());
        m.put("failed_runs", runner.failedRuns());
        m.put("imported", runner.imported());
        m.put("duplicates", runner.duplicates());
        m.put("rejected", runner.rejected());
        m.put("last_error", runner.lastError());
        ImportReport r = runner.lastReport().orElse(null);
        if (r != null) {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("source", r.source());
            last.put("rows_read", r.rowsRead());
            last.put("imported", r.imported());
            last.put("duplicates", r.duplicates());
            last.put("rejected", r.rejected());
            last.put("elapsed_ms", r.elapsed().toMillis());
            m.put("last_import", last);
        }
        return m;
    }
}
