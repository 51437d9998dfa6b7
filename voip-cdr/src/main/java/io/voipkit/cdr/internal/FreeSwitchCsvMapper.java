package io.voipkit.cdr.internal;

import io.voipkit.core.CallDisposition;
import io.voipkit.core.internal.CallDispositions;
import io.voipkit.core.CallRecord;
import io.voipkit.core.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Maps FreeSWITCH {@code mod_cdr_csv} rows. The template is configurable in FreeSWITCH, so the
 * columns are given as the channel variable names of the template, in order; the default template
 * is {@link #DEFAULT_TEMPLATE}. Known variables fill the record's components ({@code uuid},
 * {@code caller_id_name}, {@code caller_id_number}, {@code destination_number}, {@code context},
 * {@code start_stamp}, {@code answer_stamp}, {@code end_stamp}, {@code duration}, {@code billsec},
 * {@code accountcode}, {@code last_app}, {@code last_arg}); the rest, {@code hangup_cause}
 * included, go to {@link CallRecord#extra()}.
 *
 * <p>FreeSWITCH has no Asterisk-style disposition; it is derived: answered ({@code answer_stamp}
 * set or {@code billsec > 0}) is ANSWERED; otherwise {@code USER_BUSY} is BUSY, congestion causes
 * are CONGESTED, {@code NORMAL_CLEARING}, {@code NO_ANSWER}, {@code NO_USER_RESPONSE},
 * {@code ORIGINATOR_CANCEL} and {@code ALLOTTED_TIMEOUT} are NO_ANSWER, anything else FAILED.
 */
public final class FreeSwitchCsvMapper implements RowMapper {
    /** The variables of {@code mod_cdr_csv}'s default ("example") template, in order. */
    public static final List<String> DEFAULT_TEMPLATE = List.of("caller_id_name", "caller_id_number",
            "destination_number", "context", "start_stamp", "answer_stamp", "end_stamp", "duration", "billsec",
            "hangup_cause", "uuid", "bleg_uuid", "accountcode", "read_codec", "write_codec");

    private final ZoneId zone;
    /** One per mapper (a mapper serves one cursor): it caches the zone's offset across rows. */
    private final LocalTimestamps times;
    private final List<String> columns;
    private final int uuid;
    private final int name;
    private final int number;
    private final int destination;
    private final int context;
    private final int start;
    private final int answer;
    private final int end;
    private final int duration;
    private final int billsec;
    private final int cause;
    private final int account;
    private final int lastApp;
    private final int lastArg;

    /**
     * @param zone    the zone FreeSWITCH wrote its {@code *_stamp} values in (its local time)
     * @param columns the template's variables in order; must hold {@code uuid}, {@code start_stamp}
     *                and {@code end_stamp}
     */
    public FreeSwitchCsvMapper(ZoneId zone, List<String> columns) {
        this.zone = zone.normalized();
        this.times = new LocalTimestamps(this.zone);
        this.columns = List.copyOf(columns);
        uuid = require("uuid");
        start = require("start_stamp");
        end = require("end_stamp");
        name = columns.indexOf("caller_id_name");
        number = columns.indexOf("caller_id_number");
        destination = columns.indexOf("destination_number");
        context = columns.indexOf("context");
        answer = columns.indexOf("answer_stamp");
        duration = columns.indexOf("duration");
        billsec = columns.indexOf("billsec");
        cause = columns.indexOf("hangup_cause");
        account = columns.indexOf("accountcode");
        lastApp = columns.indexOf("last_app");
        lastArg = columns.indexOf("last_arg");
    }

    /** The same mapping reading timestamps in {@code zone}. */
    public FreeSwitchCsvMapper withZone(ZoneId zone) {
        return new FreeSwitchCsvMapper(zone, columns);
    }

    private int require(String variable) {
        int i = columns.indexOf(variable);
        if (i < 0) {
            throw new InvalidRequestException("columns", "must include " + variable + ", was " + columns);
        }
        return i;
    }

    @Override
    public CallRecord map(CsvParser row) throws RowRejected {
        if (row.fieldCount() != columns.size()) {
            throw new RowRejected(0, "expected " + columns.size() + " columns " + columns + ", found "
                    + row.fieldCount());
        }
        byte[] b = row.bytes();
        if (row.isEmpty(uuid)) {
            throw new RowRejected(uuid + 1, "uuid is required, was empty");
        }
        Instant s = stamp(row, start, true);
        Instant e = stamp(row, end, true);
        Instant a = answer >= 0 ? stamp(row, answer, false) : null;
        if (e.isBefore(s)) {
            throw new RowRejected(end + 1, "end_stamp " + e + " is before start_stamp " + s);
        }
        if (a != null && (a.isBefore(s) || a.isAfter(e))) {
            throw new RowRejected(answer + 1, "answer_stamp " + a + " is not between start_stamp " + s
                    + " and end_stamp " + e);
        }
        long dur = duration >= 0 ? CdrValues.seconds(b, row.start(duration), row.end(duration), duration + 1)
                : Duration.between(s, e).toSeconds();
        long bill = billsec >= 0 ? CdrValues.seconds(b, row.start(billsec), row.end(billsec), billsec + 1)
                : a == null ? 0 : Duration.between(a, e).toSeconds();
        if (bill > dur) {
            throw new RowRejected(billsec + 1, "billsec " + bill + " exceeds duration " + dur);
        }
        String hangupCause = text(row, cause);
        String callerName = text(row, name);
        String callerNumber = text(row, number);
        try {
            CallRecord.Builder r = CallRecord.builder()
                    .uniqueId(row.field(uuid).strip())
                    .source(callerNumber)
                    .destination(text(row, destination))
                    .destinationContext(text(row, context))
                    .callerId(callerName == null ? callerNumber
                            : '"' + callerName + '"' + (callerNumber == null ? "" : " <" + callerNumber + ">"))
                    .accountCode(text(row, account))
                    .lastApplication(text(row, lastApp))
                    .lastData(text(row, lastArg))
                    .start(s).answer(a).end(e)
                    .duration(Duration.ofSeconds(dur))
                    .billableSeconds(Duration.ofSeconds(bill))
                    .disposition(disposition(a != null || bill > 0, hangupCause));
            for (int i = 0; i < columns.size(); i++) {
                if (!isMapped(i) && !row.isEmpty(i)) {
                    r.extra(columns.get(i), row.field(i));
                }
            }
            return r.build();
        } catch (InvalidRequestException ex) {
            throw new RowRejected(0, ex.getMessage());
        }
    }

    private boolean isMapped(int i) {
        return i == uuid || i == name || i == number || i == destination || i == context || i == start
                || i == answer || i == end || i == duration || i == billsec || i == account || i == lastApp
                || i == lastArg;
    }

    private Instant stamp(CsvParser row, int index, boolean required) throws RowRejected {
        if (row.isEmpty(index)) {
            if (required) {
                throw new RowRejected(index + 1, columns.get(index) + " is required, was empty");
            }
            return null;
        }
        return times.parse(row.bytes(), row.start(index), row.end(index), index + 1);
    }

    private static String text(CsvParser row, int index) {
        return index < 0 || row.isEmpty(index) ? null : row.field(index);
    }

    /** The Asterisk-style disposition of a FreeSWITCH call; see the class comment. */
    static CallDisposition disposition(boolean answered, String hangupCause) {
        return CallDispositions.freeSwitch(answered, hangupCause);
    }
}
