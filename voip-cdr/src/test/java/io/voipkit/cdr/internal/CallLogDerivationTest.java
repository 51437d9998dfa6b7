package io.voipkit.cdr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.voipkit.core.CallDisposition;
import io.voipkit.core.CallRecord;
import io.voipkit.core.internal.EndpointNaming;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallLogDerivationTest {
    private static final Instant T = Instant.parse("2026-11-24T20:16:39Z");

    @Test
    void theOperatorIsWhatTheStandardNamingSaysForEveryKindOfChannelAlsoWhenMemoised() {
        EndpointNaming naming = EndpointNaming.standard();
        CallLogDerivation derivation = new CallLogDerivation(6, Set.of(), Set.of(), null);
        String[] channels = {"Local/300@test-00000000;2", "local/300@test-0000000a;1", "LOCAL/x", "Local/",
            "PJSIP/101-ep-00000000", "PJSIP/101-ep-0000000b", "pjsip/102-ep-0000000c", "SIP/trunk-00000001",
            "PJSIP/101-ep", "PJSIP/101-ep-zz", "Local/300@test-00000000;2<ZOMBIE>", " PJSIP/103-00000001",
            "DAHDI/1-1", "IAX2/peer-123", "Localx/1-1", "sofia/internal/1000@10.0.0.1"};
        for (int round = 0; round < 2; round++) {              // the second round answers from the memo
            for (String channel : channels) {
                CallRecord r = new CallRecord("1795551399.1", null, null, "101", "102", "test", null, channel, null,
                        "Dial", null, T, null, T, Duration.ZERO, Duration.ZERO, CallDisposition.NO_ANSWER, null, null,
                        null);
                assertThat(derivation.entry(r, "Master.csv").operator()).as(channel)
                        .isEqualTo(naming.endpointOf(r.channel()));
            }
        }
    }

    @Test
    void theKeyOfAnEntryIsTheKeyOfItsRecordForEveryKindOfIdAndTime() {
        CallLogDerivation derivation = new CallLogDerivation(6, Set.of(), Set.of(), null);
        String[] ids = {"1795551399.1", "pbx7-1795551399.12", "caf\u00e9-\u00ff.1", "\u03a9-1.2", "x".repeat(150),
            "y".repeat(151), "1"};
        Instant[] starts = {T, T, T.plusSeconds(1), Instant.EPOCH, Instant.ofEpochSecond(9), Instant.ofEpochSecond(-86_400),
            Instant.parse("9999-12-31T23:59:59Z")};
        for (String id : ids) {
            for (Instant start : starts) {                   // repeated seconds use the remembered digits
                CallRecord r = new CallRecord(id, null, null, "101", "102", "test", null, "PJSIP/101-ep-00000001",
                        null, "Dial", null, start, null, start.plusSeconds(70_000), Duration.ofSeconds(70_000),
                        Duration.ZERO, CallDisposition.NO_ANSWER, null, null, null);
                assertThat(derivation.entry(r, "Master.csv").key()).as("%s %s", id, start)
                        .isEqualTo(CallLogDerivation.key(r));
            }
        }
        CallRecord first = new CallRecord("1795551399.1", null, null, "+15551234567", "300", "test", null,
                "Local/300@test-00000000;2", "PJSIP/101-ep-00000000", "Dial", null, T, null, T.plusSeconds(10),
                Duration.ofSeconds(10), Duration.ZERO, CallDisposition.NO_ANSWER, null, null, null);
        assertThat(derivation.entry(first, "Master.csv").key()).isEqualTo("1795551399.1/1795551399/5a6c4bef13485ed8");
    }

    @Test
    void rowsOfOneCallInOneSecondThatDifferInOneHashedPartGetDifferentKeys() {
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        java.util.List<CallRecord> rows = new java.util.ArrayList<>();
        String[] channels = {null, "Local/300@test-00000000;1", "Local/300@test-00000000;2", "PJSIP/101-ep-00000000"};
        for (String channel : channels) {
            rows.add(row(channel, "PJSIP/101-ep-00000001", "Dial", 10, 0, CallDisposition.NO_ANSWER));
        }
        // the legs' channels differ in one hex digit of the sequence number, at every position
        for (int pos = 0; pos < 8; pos++) {
            for (char digit : "123456789abcdef".toCharArray()) {
                char[] seq = "00000000".toCharArray();
                seq[pos] = digit;
                rows.add(row("PJSIP/101-ep-" + new String(seq), "PJSIP/101-ep-00000001", "Dial", 10, 0,
                        CallDisposition.NO_ANSWER));
                rows.add(row("PJSIP/101-ep-00000000", "PJSIP/102-ep-" + new String(seq), "Dial", 10, 0,
                        CallDisposition.NO_ANSWER));
            }
        }
        for (String app : new String[] {null, "Dial", "Queue", "Hangup", "AppDial2"}) {
            rows.add(row("PJSIP/101-ep-00000000", "PJSIP/101-ep-00000001", app, 10, 0, CallDisposition.NO_ANSWER));
        }
        for (long seconds = 0; seconds < 300; seconds++) {
            rows.add(row("PJSIP/101-ep-00000000", "PJSIP/101-ep-00000001", "Dial", 300 + seconds, 0,
                    CallDisposition.NO_ANSWER));
            rows.add(row("PJSIP/101-ep-00000000", "PJSIP/101-ep-00000001", "Dial", 1000, seconds,
                    CallDisposition.ANSWERED));
        }
        for (CallDisposition d : CallDisposition.values()) {
            rows.add(row("PJSIP/101-ep-00000000", "PJSIP/101-ep-00000001", "Dial", 10, 0, d));
        }
        // the same parts moved to another field are another row too
        rows.add(row("PJSIP/101-ep-00000001", "PJSIP/101-ep-00000000", "Dial", 10, 0, CallDisposition.NO_ANSWER));
        rows.add(row(null, "Dial", "PJSIP/101-ep-00000001", 10, 0, CallDisposition.NO_ANSWER));
        CallLogDerivation derivation = new CallLogDerivation(6, Set.of(), Set.of(), null);
        for (CallRecord r : rows) {
            String key = derivation.entry(r, "Master.csv").key();
            String before = seen.putIfAbsent(key, r.toString());
            if (before != null && !before.equals(r.toString())) {
                throw new AssertionError("two rows share the key " + key + ":\n" + before + "\n" + r);
            }
        }
        long distinctRows = rows.stream().map(CallRecord::toString).distinct().count();
        assertThat(distinctRows).isGreaterThan(500);
        assertThat((long) seen.size()).isEqualTo(distinctRows);
    }

    private static CallRecord row(String channel, String dstChannel, String app, long duration, long billsec,
                                  CallDisposition disposition) {
        return new CallRecord("1795551399.1", null, null, "101", "300", "test", null, channel, dstChannel, app, null,
                T, null, T.plusSeconds(duration), Duration.ofSeconds(duration), Duration.ofSeconds(billsec),
                disposition, null, null, null);
    }
}
