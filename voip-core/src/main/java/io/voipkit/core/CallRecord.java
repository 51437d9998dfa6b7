package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished call's record (CDR), PBX-neutral: what Asterisk writes to {@code Master.csv} and
 * sends as the AMI {@code Cdr} event, and what FreeSWITCH writes to its CSV CDR or sends with
 * {@code CHANNEL_HANGUP_COMPLETE}. Built with {@link #builder()}.
 *
 * <pre>{@code
 * CallRecord r = CallRecord.builder()
 *         .uniqueId("1795551639.188").source("+15557778888").destination("201")
 *         .start(start).answer(start).end(start.plusSeconds(1))
 *         .duration(Duration.ofSeconds(1)).billableSeconds(Duration.ofSeconds(1))
 *         .disposition(CallDisposition.ANSWERED)
 *         .build();
 * }</pre>
 *
 * <p>Optional text components are {@code null} when the source did not have them (blank is
 * normalised to {@code null}). PBX-specific columns without a component of their own (for
 * example FreeSWITCH's codecs) go to {@link #extra()}.
 *
 * @param uniqueId           the call leg's unique id (Asterisk {@code uniqueid}, FreeSWITCH {@code uuid}); required
 * @param linkedId           the id shared by all legs of the call, or {@code null}
 * @param accountCode        the account code, or {@code null}
 * @param source             the caller's number ({@code src}), or {@code null}
 * @param destination        the dialled number ({@code dst}), or {@code null}
 * @param destinationContext the dialplan context of the destination, or {@code null}
 * @param callerId           the full caller id, for example {@code "Customer" <+15551234567>}, or {@code null}
 * @param channel            the calling channel, or {@code null}
 * @param destinationChannel the called channel, or {@code null}
 * @param lastApplication    the last dialplan application, for example {@code Dial}, or {@code null}
 * @param lastData           that application's arguments, or {@code null}
 * @param start              when the call started; required
 * @param answer             when it was answered, or {@code null} if it never was
 * @param end                when it ended; required, not before {@code start} (nor before {@code answer})
 * @param duration           start to end; required, non-negative
 * @param billableSeconds    answer to end; required, non-negative, not more than {@code duration}
 * @param disposition        how the call ended; required ({@link CallDisposition#UNKNOWN} if not known)
 * @param amaFlags           the AMA flags, for example {@code DOCUMENTATION}, or {@code null}
 * @param userField          the user field, or {@code null}
 * @param extra              further columns by name, in source order; copied, never {@code null}
 */
public record CallRecord(String uniqueId, String linkedId, String accountCode, String source, String destination,
                         String destinationContext, String callerId, String channel, String destinationChannel,
                         String lastApplication, String lastData, Instant start, Instant answer, Instant end,
                         Duration duration, Duration billableSeconds, CallDisposition disposition, String amaFlags,
                         String userField, Map<String, String> extra) {

    /** Validates required components and the order of times; normalises blank text to {@code null}; copies {@code extra}. */
    public CallRecord {
        Checks.notNull(uniqueId, "uniqueId");
        if (uniqueId.isBlank()) {
            throw new InvalidRequestException("uniqueId", "must not be blank");
        }
        linkedId = blankToNull(linkedId);
        accountCode = blankToNull(accountCode);
        source = blankToNull(source);
        destination = blankToNull(destination);
        destinationContext = blankToNull(destinationContext);
        callerId = blankToNull(callerId);
        channel = blankToNull(channel);
        destinationChannel = blankToNull(destinationChannel);
        lastApplication = blankToNull(lastApplication);
        lastData = blankToNull(lastData);
        amaFlags = blankToNull(amaFlags);
        userField = blankToNull(userField);
        Checks.notNull(start, "start");
        Checks.notNull(end, "end");
        if (end.isBefore(start)) {
            throw new InvalidRequestException("end", "must not be before start " + start + ", was " + end);
        }
        if (answer != null && (answer.isBefore(start) || answer.isAfter(end))) {
            throw new InvalidRequestException("answer",
                    "must be between start " + start + " and end " + end + ", was " + answer);
        }
        Checks.nonNegative(duration, "duration");
        Checks.nonNegative(billableSeconds, "billableSeconds");
        if (billableSeconds.compareTo(duration) > 0) {
            throw new InvalidRequestException("billableSeconds",
                    "must not exceed duration " + duration + ", was " + billableSeconds);
        }
        Checks.notNull(disposition, "disposition");
        extra = copyExtra(extra);
    }

    private static String blankToNull(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        // A value that starts with a visible Latin-1 character is not blank: no character from 0x21
        // to 0xFF is whitespace. A call-record import makes a dozen of these checks per row, and
        // isBlank's set-up cost more than the one compare that answers nearly all of them.
        char first = value.charAt(0);
        if (first > ' ' && first <= 0xFF) {
            return value;
        }
        return value.isBlank() ? null : value;
    }

    private static Map<String, String> copyExtra(Map<String, String> extra) {
        if (extra == null || extra.isEmpty()) {
            return Map.of();
        }
        var copy = new LinkedHashMap<String, String>(extra.size() * 2);
        for (var e : extra.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank()) {
                throw new InvalidRequestException("extra", "names must not be null or blank");
            }
            copy.put(e.getKey(), Checks.notNull(e.getValue(), "extra[" + e.getKey() + "]"));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** Whether the call was answered. */
    public boolean answered() {
        return answer != null || disposition == CallDisposition.ANSWERED;
    }

    /** A builder; set at least {@code uniqueId}, {@code start}, {@code end}. Durations default to the times. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.uniqueId = uniqueId;
        b.linkedId = linkedId;
        b.accountCode = accountCode;
        b.source = source;
        b.destination = destination;
        b.destinationContext = destinationContext;
        b.callerId = callerId;
        b.channel = channel;
        b.destinationChannel = destinationChannel;
        b.lastApplication = lastApplication;
        b.lastData = lastData;
        b.start = start;
        b.answer = answer;
        b.end = end;
        b.duration = duration;
        b.billableSeconds = billableSeconds;
        b.disposition = disposition;
        b.amaFlags = amaFlags;
        b.userField = userField;
        b.extra.putAll(extra);
        return b;
    }

    /**
     * Builds a {@link CallRecord}. If {@code duration} is not set it is {@code end - start}; if
     * {@code billableSeconds} is not set it is {@code end - answer} (zero when not answered);
     * {@code disposition} defaults to {@link CallDisposition#UNKNOWN}. Validation happens in
     * {@link #build()}. Not thread-safe.
     */
    public static final class Builder {
        private String uniqueId;
        private String linkedId;
        private String accountCode;
        private String source;
        private String destination;
        private String destinationContext;
        private String callerId;
        private String channel;
        private String destinationChannel;
        private String lastApplication;
        private String lastData;
        private Instant start;
        private Instant answer;
        private Instant end;
        private Duration duration;
        private Duration billableSeconds;
        private CallDisposition disposition = CallDisposition.UNKNOWN;
        private String amaFlags;
        private String userField;
        private final Map<String, String> extra = new LinkedHashMap<>();

        private Builder() {
        }

        /** The call leg's unique id; required. */
        public Builder uniqueId(String v) { uniqueId = v; return this; }
        /** The id shared by all legs of the call. */
        public Builder linkedId(String v) { linkedId = v; return this; }
        /** The account code. */
        public Builder accountCode(String v) { accountCode = v; return this; }
        /** The caller's number. */
        public Builder source(String v) { source = v; return this; }
        /** The dialled number. */
        public Builder destination(String v) { destination = v; return this; }
        /** The destination's dialplan context. */
        public Builder destinationContext(String v) { destinationContext = v; return this; }
        /** The full caller id. */
        public Builder callerId(String v) { callerId = v; return this; }
        /** The calling channel. */
        public Builder channel(String v) { channel = v; return this; }
        /** The called channel. */
        public Builder destinationChannel(String v) { destinationChannel = v; return this; }
        /** The last dialplan application. */
        public Builder lastApplication(String v) { lastApplication = v; return this; }
        /** The last application's arguments. */
        public Builder lastData(String v) { lastData = v; return this; }
        /** When the call started; required. */
        public Builder start(Instant v) { start = v; return this; }
        /** When it was answered, or {@code null}. */
        public Builder answer(Instant v) { answer = v; return this; }
        /** When it ended; required. */
        public Builder end(Instant v) { end = v; return this; }
        /** Start to end; defaults to {@code end - start}. */
        public Builder duration(Duration v) { duration = v; return this; }
        /** Answer to end; defaults to {@code end - answer}, or zero. */
        public Builder billableSeconds(Duration v) { billableSeconds = v; return this; }
        /** How the call ended. */
        public Builder disposition(CallDisposition v) { disposition = v; return this; }
        /** The AMA flags. */
        public Builder amaFlags(String v) { amaFlags = v; return this; }
        /** The user field. */
        public Builder userField(String v) { userField = v; return this; }

        /** Adds one extra column; a later value for the same name replaces the earlier one. */
        public Builder extra(String name, String value) {
            if (name == null || name.isBlank()) {
                throw new InvalidRequestException("extra", "names must not be null or blank");
            }
            extra.put(name, Checks.notNull(value, "extra[" + name + "]"));
            return this;
        }

        /** Adds extra columns in the map's order. */
        public Builder extra(Map<String, String> columns) {
            Checks.notNull(columns, "extra");
            columns.forEach(this::extra);
            return this;
        }

        /**
         * The record.
         *
         * @throws InvalidRequestException naming the first invalid field
         */
        public CallRecord build() {
            Duration d = duration;
            if (d == null && start != null && end != null) {
                d = Duration.between(start, end);
            }
            Duration b = billableSeconds;
            if (b == null) {
                b = answer != null && end != null ? Duration.between(answer, end) : Duration.ZERO;
            }
            return new CallRecord(uniqueId, linkedId, accountCode, source, destination, destinationContext, callerId,
                    channel, destinationChannel, lastApplication, lastData, start, answer, end, d, b, disposition,
                    amaFlags, userField, extra);
        }
    }
}
