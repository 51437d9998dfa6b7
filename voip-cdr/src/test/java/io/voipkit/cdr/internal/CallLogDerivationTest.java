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
}
