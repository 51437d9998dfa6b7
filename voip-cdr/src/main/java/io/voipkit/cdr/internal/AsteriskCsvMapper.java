package io.voipkit.cdr.internal;

import io.voipkit.core.CallDisposition;
import io.voipkit.core.CallRecord;
import io.voipkit.core.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Maps Asterisk {@code cdr_csv} rows ({@code Master.csv}). The columns, in Asterisk's order:
 * accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata, start, answer,
 * end, duration, billsec, disposition, amaflags, then uniqueid if {@code loguniqueid = yes}, then
 * userfield if {@code loguserfield = yes} (16, 17 or 18 columns).
 *
 * <p>With no uniqueid column, a synthetic id {@code csv-<hash of the row>} is used: identical rows
 * get the same id, so a re-import is still recognised as a duplicate.
 */
public final class AsteriskCsvMapper implements RowMapper {
    /** Columns (1-based) as they appear in every layout. */
    static final int START = 10;
    static final int ANSWER = 11;
    static final int END = 12;
    static final int DURATION = 13;
    static final int BILLSEC = 14;
    static final int DISPOSITION = 15;

    private final LocalTimestamps times;
    private final Boolean uniqueIdColumn;
    private final int fixedColumns;
    /** Repeated column values (contexts, applications, numbers of the own phones) decoded once. */
    private final StringCache strings = new StringCache(12);
    private final SecondsCache durations = new SecondsCache();
    private final java.util.Map<String, CallDisposition> dispositions = new java.util.HashMap<>();
    private String lastDispositionText;
    private CallDisposition lastDisposition;

    /**
     * @param zone           the zone of the timestamps ({@code usegmtime = yes} writes UTC)
     * @param uniqueIdColumn for 17-column rows: {@code true} if the 17th column is uniqueid,
     *                       {@code false} if it is userfield; {@code null} means a fixed layout is
     *                       not configured and 17 columns are read as uniqueid
     * @param fixedColumns   the only column count accepted, or {@code 0} for 16, 17 or 18
     */
    public AsteriskCsvMapper(ZoneId zone, Boolean uniqueIdColumn, int fixedColumns) {
        this.times = new LocalTimestamps(zone);
        this.uniqueIdColumn = uniqueIdColumn;
        this.fixedColumns = fixedColumns;
    }

    @Override
    public CallRecord map(CsvParser row) throws RowRejected {
        int n = row.fieldCount();
        if (fixedColumns != 0 ? n != fixedColumns : n < 16 || n > 18) {
            throw new RowRejected(0, "expected " + (fixedColumns != 0 ? String.valueOf(fixedColumns) : "16 to 18")
                    + " columns (accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata, "
                    + "start, answer, end, duration, billsec, disposition, amaflags[, uniqueid][, userfield]), found "
                    + n);
        }
        int uniqueIdIndex = -1;
        int userFieldIndex = -1;
        if (n == 18) {
            uniqueIdIndex = 16;
            userFieldIndex = 17;
        } else if (n == 17) {
            if (uniqueIdColumn == null || uniqueIdColumn) {
                uniqueIdIndex = 16;
            } else {
                userFieldIndex = 16;
            }
        }
        byte[] b = row.bytes();
        Instant start = required(row, START, "start");
        Instant end = required(row, END, "end");
        Instant answer = row.isEmpty(ANSWER - 1) ? null
                : times.parse(b, row.start(ANSWER - 1), row.end(ANSWER - 1), ANSWER, 1);
        if (end.isBefore(start)) {
            throw new RowRejected(END, "end " + end + " is before start " + start);
        }
        if (answer != null && answer.isBefore(start)) {
            throw new RowRejected(ANSWER, "answer " + answer + " is before start " + start);
        }
        if (answer != null && answer.isAfter(end)) {
            throw new RowRejected(ANSWER, "answer " + answer + " is after end " + end);
        }
        long duration = CdrValues.seconds(b, row.start(DURATION - 1), row.end(DURATION - 1), DURATION);
        long billsec = CdrValues.seconds(b, row.start(BILLSEC - 1), row.end(BILLSEC - 1), BILLSEC);
        if (billsec > duration) {
            throw new RowRejected(BILLSEC, "billsec " + billsec + " exceeds duration " + duration);
        }
        String uniqueId = uniqueIdIndex >= 0 && !row.isEmpty(uniqueIdIndex) ? row.field(uniqueIdIndex).strip() : "";
        if (uniqueId.isEmpty()) {
            uniqueId = "csv-" + Hashing.hex(row.valuesHash(n, 0x5eed));
        }
        try {
            // the canonical constructor, not the builder: one object less per row, same validation
            return new CallRecord(uniqueId, null, cached(row, 0), cached(row, 1), cached(row, 2), cached(row, 3),
                    cached(row, 4), text(row, 5), text(row, 6), cached(row, 7), cached(row, 8), start, answer, end,
                    durations.of(duration), durations.of(billsec), disposition(row), cached(row, 15),
                    userFieldIndex >= 0 ? cached(row, userFieldIndex) : null, null);
        } catch (InvalidRequestException e) {
            throw new RowRejected(0, e.getMessage());     // every known rule is checked above; a safety net
        }
    }

    private CallDisposition disposition(CsvParser row) {
        String text = cached(row, DISPOSITION - 1);
        if (text == null) {
            return CallDisposition.UNKNOWN;
        }
        if (text == lastDispositionText) {              // the same instance: cached() found the same bytes
            return lastDisposition;
        }
        CallDisposition d = dispositions.get(text);
        if (d == null) {
            d = CallDisposition.parse(text);
            if (dispositions.size() < 64) {                // hostile files cannot grow it
                dispositions.put(text, d);
            }
        }
        lastDispositionText = text;
        lastDisposition = d;
        return d;
    }

    private Instant required(CsvParser row, int column, String name) throws RowRejected {
        if (row.isEmpty(column - 1)) {
            throw new RowRejected(column, name + " is required, was empty");
        }
        return times.parse(row.bytes(), row.start(column - 1), row.end(column - 1), column, column == START ? 0 : 2);
    }

    private static String text(CsvParser row, int index) {
        return row.isEmpty(index) ? null : row.field(index);
    }

    /**
     * The text of a column that repeats: the same string as in the row before when the bytes are
     * the same (contexts, applications, AMA flags, dispositions, the dialled extension: mostly
     * equal from one row to the next, and the previous value's bytes are in the first-level
     * cache), else through {@link StringCache}. The caller's number and caller id (columns 2 and
     * 5) equal the row before's in only one row in five of the real fixture: they go to the
     * cache directly.
     */
    private String cached(CsvParser row, int index) {
        int s = row.start(index);
        int e = row.end(index);
        int len = e - s;
        if (len == 0) {
            return null;
        }
        byte[] b = row.bytes();
        if (index == 1 || index == 4) {
            return strings.get(b, s, e);           // src and clid: the caller changes from row to row
        }
        if (len == lastLength[index] && len <= MEMO_BYTES
                && Bytes.equal(lastBytes, index * MEMO_BYTES, b, s, len)) {
            return lastValue[index];
        }
        String v = strings.get(b, s, e);
        if (len <= MEMO_BYTES) {
            System.arraycopy(b, s, lastBytes, index * MEMO_BYTES, len);
            lastLength[index] = len;
            lastValue[index] = v;
        }
        return v;
    }

    /** Longest value remembered per column. */
    private static final int MEMO_BYTES = 32;
    /** The previous row's value per column: its bytes ({@link #MEMO_BYTES} per column), length and string. */
    private final byte[] lastBytes = new byte[18 * MEMO_BYTES];
    private final int[] lastLength = new int[18];
    private final String[] lastValue = new String[18];
}
