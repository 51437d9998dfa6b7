package io.voipkit.cdr;

import java.util.List;

/**
 * Statistics over a stored call log: {@link InMemoryCallRecordSink} computes them in memory,
 * {@link JdbcCallRecordSink} in SQL, with the same definitions (see {@link CallStatistics}) and the
 * same results.
 */
public interface CallLogStatistics {
    /** The figures per group, ordered by group name ({@code null} first). */
    List<CallStatistics> statistics(StatisticsQuery query);

    /** Unanswered calls that started in {@code query}'s period, oldest first, at most {@code limit}. */
    List<MissedCall> missedCalls(StatisticsQuery query, int limit);
}
