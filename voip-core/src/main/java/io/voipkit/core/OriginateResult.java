package io.voipkit.core;

import io.voipkit.core.internal.Checks;

/**
 * The outcome of {@link CallControl#originate(OriginateRequest)}.
 *
 * @param success    whether the first leg was answered and connected to its destination
 * @param channel    the channel the PBX created for the first leg, or {@code null} when it never
 *                   existed (for example a dial string the PBX refused)
 * @param uniqueId   that channel's unique id (Asterisk {@code Uniqueid}, FreeSWITCH UUID), or
 *                   {@code null} when unknown
 * @param failure    why it failed; {@code null} exactly when {@code success} is true
 * @param pbxMessage the PBX's own text about the outcome, never {@code null} (may be empty)
 */
public record OriginateResult(boolean success, String channel, String uniqueId, OriginateFailure failure,
                              String pbxMessage) {

    /** Validates that {@code failure} is present exactly for failed results. */
    public OriginateResult {
        channel = Checks.blankToNull(channel);
        uniqueId = Checks.blankToNull(uniqueId);
        pbxMessage = pbxMessage == null ? "" : pbxMessage;
        if (success && failure != null) {
            throw new InvalidRequestException("failure", "must be null for a successful originate, was " + failure);
        }
        if (!success && failure == null) {
            throw new InvalidRequestException("failure", "must be set for a failed originate");
        }
    }

    /** A successful originate. */
    public static OriginateResult succeeded(String channel, String uniqueId, String pbxMessage) {
        return new OriginateResult(true, channel, uniqueId, null, pbxMessage);
    }

    /** A failed originate. */
    public static OriginateResult failed(OriginateFailure failure, String channel, String pbxMessage) {
        return new OriginateResult(false, channel, null, Checks.notNull(failure, "failure"), pbxMessage);
    }
}
