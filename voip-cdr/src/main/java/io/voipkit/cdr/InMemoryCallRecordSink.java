package io.voipkit.cdr;

import io.voipkit.core.internal.Checks;
import io.voipkit.cdr.internal.StatisticsAccumulator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link CallRecordSink} that keeps the entries in memory, in import order; for tests, demos and
 * small installations. Thread-safe.
 */
public final class InMemoryCallRecordSink implements CallRecordSink, CallLogStatistics {
    private final Map<String, CallLogEntry> entries = new LinkedHashMap<>();

    /** An empty sink. */
    public InMemoryCallRecordSink() {
    }

    @Override
    public synchronized int write(List<CallLogEntry> batch) {
        Checks.notNull(batch, "entries");
        int added = 0;
        for (CallLogEntry e : batch) {
            if (entries.putIfAbsent(Checks.notNull(e, "entries[]").key(), e) == null) {
                added++;
            }
        }
        return added;
    }

    /** A snapshot of the stored entries, in the order they were first stored. */
    public synchronized List<CallLogEntry> entries() {
        return List.copyOf(new ArrayList<>(entries.values()));
    }

    /** How many entries are stored. */
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public List<CallStatistics> statistics(StatisticsQuery query) {
        Checks.notNull(query, "query");
        long sl = query.serviceLevel().toSeconds();
        Map<String, StatisticsAccumulator> groups = new java.util.HashMap<>();
        for (CallLogEntry e : entries()) {
            if (inPeriod(e, query)) {
                String group = switch (query.grouping()) {
                    case NONE -> null;
                    case OPERATOR -> e.operator();
                    case CONTEXT -> e.record().destinationContext();
                };
                groups.computeIfAbsent(group, g -> new StatisticsAccumulator()).add(e.record().answered(),
                        e.record().duration().toSeconds(), e.record().billableSeconds().toSeconds(), sl);
            }
        }
        List<CallStatistics> out = new ArrayList<>();
        groups.forEach((g, a) -> out.add(CallStatistics.of(g, a.total, a.answered, a.waitSum, a.talkSum, a.inTime)));
        out.sort(Comparator.comparing(CallStatistics::group, Comparator.nullsFirst(Comparator.naturalOrder())));
        return List.copyOf(out);
    }

    @Override
    public List<MissedCall> missedCalls(StatisticsQuery query, int limit) {
        Checks.notNull(query, "query");
        Checks.nonNegative(limit, "limit");
        return entries().stream()
                .filter(e -> inPeriod(e, query) && !e.record().answered())
                .sorted(Comparator.comparing((CallLogEntry e) -> e.record().start()).thenComparing(CallLogEntry::key))
                .limit(limit)
                .map(e -> new MissedCall(e.key(), e.record().start(), e.caller(), e.called(), e.operator(), e.contactId()))
                .toList();
    }

    private static boolean inPeriod(CallLogEntry e, StatisticsQuery q) {
        return !e.record().start().isBefore(q.from()) && e.record().start().isBefore(q.to());
    }
}
