package io.voipkit.cdr.internal;

import io.voipkit.cdr.CallLogEntry;
import io.voipkit.core.CallRecord;
import io.voipkit.core.InvalidRequestException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * The columns of the call-log table and the values of one {@link CallLogEntry} for them, in one
 * place for the {@code INSERT} and the {@code COPY} paths, with the same shortening of long texts
 * and the same check that no text holds a NUL character.
 */
public final class CallLogRows {
    /** The call-log columns, in the order of {@link #values}. */
    public static final String[] COLUMNS = {"dedup_key", "source", "unique_id", "linked_id", "direction", "caller",
        "called", "operator", "call_start", "answered_at", "call_end", "duration_s", "billable_s", "disposition",
        "recording", "contact_id", "account_code", "context", "caller_id", "channel", "dst_channel", "last_app",
        "last_data", "user_field"};

    /** Column widths in characters ({@code 0}: not text). */
    private static final int[] WIDTH = {255, 1024, 255, 255, 0, 255, 255, 255, 0, 0, 0, 0, 0, 0, 1024, 255, 255, 255,
        255, 255, 255, 255, 1024, 1024};

    private CallLogRows() {
    }

    /**
     * The values of {@code e} in column order into {@code out} (length {@link #COLUMNS}):
     * {@code String} (already shortened to the column), {@code Instant} or {@code null}, or
     * {@code Long} for the two durations.
     *
     * @throws InvalidRequestException naming {@code entries[index]} and the field if a text holds
     *                                 NUL (U+0000): PostgreSQL cannot store it in any text column,
     *                                 and a call log that differs between databases would be worse
     */
    public static void values(CallLogEntry e, int index, Object[] out) {
        CallRecord r = e.record();
        out[0] = e.key();
        out[1] = e.source();
        out[2] = r.uniqueId();
        out[3] = r.linkedId();
        out[4] = e.direction().name();
        out[5] = e.caller();
        out[6] = e.called();
        out[7] = e.operator();
        out[8] = r.start();
        out[9] = r.answer();
        out[10] = r.end();
        out[11] = r.duration().toSeconds();
        out[12] = r.billableSeconds().toSeconds();
        out[13] = r.disposition().name();
        out[14] = e.recording();
        out[15] = e.contactId();
        out[16] = r.accountCode();
        out[17] = r.destinationContext();
        out[18] = r.callerId();
        out[19] = r.channel();
        out[20] = r.destinationChannel();
        out[21] = r.lastApplication();
        out[22] = r.lastData();
        out[23] = r.userField();
        for (int i = 0; i < out.length; i++) {
            if (WIDTH[i] > 0 && out[i] instanceof String s) {
                if (s.indexOf(0) >= 0) {
                    throw new InvalidRequestException("entries[" + index + "]." + COLUMNS[i],
                            "must not contain NUL (U+0000), which PostgreSQL cannot store; key " + e.key());
                }
                out[i] = cut(s, WIDTH[i]);
            }
        }
    }

    /** The first field of {@code r} holding a NUL character, or {@code null}. */
    public static String nulField(CallRecord r) {
        String[] names = {"uniqueid", "linkedid", "accountcode", "src", "dst", "dcontext", "clid", "channel",
            "dstchannel", "lastapp", "lastdata", "amaflags", "userfield"};
        String[] values = {r.uniqueId(), r.linkedId(), r.accountCode(), r.source(), r.destination(),
            r.destinationContext(), r.callerId(), r.channel(), r.destinationChannel(), r.lastApplication(),
            r.lastData(), r.amaFlags(), r.userField()};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && values[i].indexOf(0) >= 0) {
                return names[i];
            }
        }
        for (var x : r.extra().entrySet()) {
            if (x.getValue().indexOf(0) >= 0) {
                return x.getKey();
            }
        }
        return null;
    }

    /** Shortens to {@code max} characters without splitting a surrogate pair. */
    static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    /** {@code t} as the UTC {@code LocalDateTime} a {@code timestamp}/{@code datetime} column holds. */
    public static LocalDateTime utc(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /** A fresh value array for {@link #values}. */
    public static Object[] newRow() {
        Object[] row = new Object[COLUMNS.length];
        Arrays.fill(row, null);
        return row;
    }
}
