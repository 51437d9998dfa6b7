package io.voipkit.core.internal;

import io.voipkit.core.CallDisposition;

/**
 * Dispositions for PBXs that do not write one. Shared so that a FreeSWITCH call record published
 * live (voip-freeswitch-esl, from {@code CHANNEL_HANGUP_COMPLETE}) and the same call imported from
 * {@code mod_cdr_csv} (voip-cdr) always agree.
 */
public final class CallDispositions {

    private CallDispositions() {
    }

    /**
     * The Asterisk-style disposition of a FreeSWITCH call: answered wins; otherwise read from the
     * hang-up cause name ({@code USER_BUSY} → busy, congestion causes → congested, the causes of a
     * call nobody picked up → no answer, {@code null} → unknown, every other cause → failed).
     */
    public static CallDisposition freeSwitch(boolean answered, String hangupCause) {
        if (answered) {
            return CallDisposition.ANSWERED;
        }
        if (hangupCause == null) {
            return CallDisposition.UNKNOWN;
        }
        return switch (hangupCause) {
            case "USER_BUSY" -> CallDisposition.BUSY;
            case "NORMAL_CIRCUIT_CONGESTION", "SWITCH_CONGESTION" -> CallDisposition.CONGESTED;
            case "NORMAL_CLEARING", "NO_ANSWER", "NO_USER_RESPONSE", "ORIGINATOR_CANCEL", "ALLOTTED_TIMEOUT" ->
                    CallDisposition.NO_ANSWER;
            default -> CallDisposition.FAILED;
        };
    }
}
