package io.voipkit.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Drives calls on one PBX: click-to-call, hang up, transfer, park, spy, bridge, DTMF, recording,
 * channel queries. Obtained from {@link Pbx#calls()}.
 *
 * <pre>{@code
 * OriginateResult r = pbx.calls().originate(
 *         OriginateRequest.toExtension("PJSIP/101-ep", "+15551234567", "outbound").build());
 * if (!r.success()) {
 *     log.info("customer not reached: {}", r.failure());
 * }
 * }</pre>
 *
 * <p><b>Errors.</b> Every method validates its arguments first and throws
 * {@link InvalidRequestException} (naming the field) before anything is sent. Blocking methods wait
 * at most the configured {@link PbxConfig#actionTimeout()} (originate: the request's ringing timeout
 * plus the action timeout) and throw
 * <ul>
 *   <li>{@link PbxNotConnectedException} at once when there is no session to the PBX,</li>
 *   <li>{@link PbxTimeoutException} when the PBX does not answer in time,</li>
 *   <li>{@link PbxActionFailedException} when the PBX refuses the action (its own message is kept,
 *       for example {@code No such channel} or {@code Permission denied}).</li>
 * </ul>
 *
 * <p><b>Threading.</b> Implementations are thread-safe; methods may be called from any thread,
 * but never from an event listener (a blocking call there would stall event delivery).
 */
public interface CallControl {

    /** The DTMF tone duration used by {@link #sendDtmf(String, String)}: 100 ms, Asterisk's default. */
    Duration DEFAULT_DTMF_DURATION = Duration.ofMillis(100);

    /**
     * Places a call and waits for its outcome: rings {@link OriginateRequest#channel()} and, once
     * it answers, connects it to the request's destination. A call that is not answered (busy, no
     * answer, unreachable) is a normal outcome reported in the result, not an exception.
     *
     * @throws InvalidRequestException   never for a built request (it is validated), only for {@code null}
     * @throws PbxNotConnectedException  when not connected
     * @throws PbxTimeoutException       when the PBX reports no outcome within the request's timeout
     *                                   plus the action timeout
     * @throws PbxActionFailedException  when the PBX refuses the originate outright (for example
     *                                   {@code Extension does not exist.} or {@code Permission denied})
     */
    OriginateResult originate(OriginateRequest request);

    /**
     * Like {@link #originate(OriginateRequest)} without blocking the caller. The future completes
     * with the result, or exceptionally with one of the exceptions {@code originate} throws
     * ({@link InvalidRequestException} and {@link PbxNotConnectedException} may also be thrown
     * directly, before the future exists). Cancelling the future does not hang up the call.
     */
    CompletableFuture<OriginateResult> originateAsync(OriginateRequest request);

    /**
     * Hangs up a channel with cause {@link HangupCause#NORMAL_CLEARING}.
     *
     * @throws PbxActionFailedException when the channel does not exist
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    default void hangup(String channel) {
        hangup(channel, HangupCause.NORMAL_CLEARING);
    }

    /**
     * Hangs up a channel with the given cause (the other party may hear busy for
     * {@link HangupCause#USER_BUSY}, for example). {@link HangupCause#UNKNOWN} is rejected.
     *
     * @throws PbxActionFailedException when the channel does not exist
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    void hangup(String channel, HangupCause cause);

    /**
     * Blind transfer: sends {@code channel} to {@code exten@context} and lets go of it (Asterisk
     * {@code Redirect}/{@code BlindTransfer}, FreeSWITCH {@code uuid_transfer}).
     *
     * @throws PbxActionFailedException when the channel does not exist or the PBX refuses
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    void transfer(String channel, String exten, String context);

    /**
     * Attended transfer: {@code channel} (the transferring party) calls {@code exten} while its
     * current peer waits on hold, and completes the transfer by hanging up (Asterisk
     * {@code Atxfer}, FreeSWITCH {@code att_xfer}).
     *
     * @param context the dialplan context, or {@code null} for the channel's current one
     * @throws PbxActionFailedException when the channel does not exist or the PBX refuses
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    void attendedTransfer(String channel, String exten, String context);

    /**
     * Parks {@code channel} and returns where. After {@code timeout} the parked call rings back
     * {@code timeoutChannel} (or the channel that parked it when {@code null}).
     *
     * @param timeoutChannel the channel to call back on timeout, or {@code null}
     * @param timeout        how long the call stays parked; positive
     * @throws PbxActionFailedException when the channel does not exist or no space is free
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    ParkResult park(String channel, String timeoutChannel, Duration timeout);

    /**
     * Rings the supervisor's phone and, once answered, attaches it to the target channel in the
     * requested mode. The result describes the supervisor's leg.
     *
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX reports no outcome in time
     * @throws PbxActionFailedException when the PBX refuses (for example the spy application is missing)
     */
    OriginateResult spy(SpyRequest request);

    /**
     * Bridges two existing channels into one call (Asterisk {@code Bridge}, FreeSWITCH
     * {@code uuid_bridge}).
     *
     * @throws PbxActionFailedException when a channel does not exist
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    void bridge(String channel1, String channel2);

    /**
     * Plays DTMF digits on a channel as if the far end had pressed them.
     *
     * @param digits       1 to 64 of {@code 0-9 * # A-D}
     * @param toneDuration how long each tone lasts; positive, at most 10 seconds
     * @throws PbxActionFailedException when the channel does not exist
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    void sendDtmf(String channel, String digits, Duration toneDuration);

    /** Like {@link #sendDtmf(String, String, Duration)} with {@link #DEFAULT_DTMF_DURATION}. */
    default void sendDtmf(String channel, String digits) {
        sendDtmf(channel, digits, DEFAULT_DTMF_DURATION);
    }

    /**
     * Starts recording a call and returns the file being written.
     *
     * @throws PbxActionFailedException when the channel does not exist or recording is unavailable
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    Recording startRecording(RecordingRequest request);

    /**
     * Stops the recording started on {@code channel}.
     *
     * @throws PbxActionFailedException when the channel does not exist or is not being recorded
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    void stopRecording(String channel);

    /**
     * Asks the PBX about one channel; empty when it does not exist.
     *
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    Optional<ChannelInfo> channelInfo(String channel);

    /**
     * Asks the PBX for all its channels (Asterisk {@code CoreShowChannels}, FreeSWITCH
     * {@code show channels}). For a cheap, event-fed view use {@link Pbx#state()} instead.
     *
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    List<ChannelInfo> activeChannels();
}
