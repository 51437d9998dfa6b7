package io.voipkit.simulator.esl;

import io.voipkit.simulator.esl.internal.FsModel;

/**
 * A call placed through {@link FreeSwitchSimulator}'s scripted API: pass it back to
 * {@code answer}, {@code transfer} or {@code hangup}. The UUIDs and channel names are the ones the
 * simulator's events carry ({@code Unique-ID}, {@code Channel-Name}), so a test can match what its
 * client saw.
 *
 * <p>Thread-safe: reads reflect the simulator's state at the time of the call.
 */
public final class FsCall {
    private final FsModel model;
    private final String from;
    private volatile String to;
    private final String callerUuid;
    private final String callerChannel;
    private volatile String calleeUuid;
    private volatile String calleeChannel;
    private volatile boolean answered;

    FsCall(FsModel model, String from, String to, String callerUuid, String callerChannel, String calleeUuid, String calleeChannel) {
        this.model = model;
        this.from = from;
        this.to = to;
        this.callerUuid = callerUuid;
        this.callerChannel = callerChannel;
        this.calleeUuid = calleeUuid;
        this.calleeChannel = calleeChannel;
    }

    /** The calling user, e.g. {@code 1000}. */
    public String from() {
        return from;
    }

    /** The user the call rings or rang last (changes on transfer). */
    public String to() {
        return to;
    }

    /** The caller leg's UUID (its inbound SIP channel). */
    public String callerUuid() {
        return callerUuid;
    }

    /** The caller leg's channel name, e.g. {@code sofia/internal/1000@127.0.0.1}. */
    public String callerChannel() {
        return callerChannel;
    }

    /** The callee leg's UUID, or {@code null} after a transfer to an extension that rings no phone. */
    public String calleeUuid() {
        return calleeUuid;
    }

    /** The callee leg's channel name, e.g. {@code sofia/internal/1001@127.0.0.1:16102}. */
    public String calleeChannel() {
        return calleeChannel;
    }

    /** Whether the current callee answered. */
    public boolean answered() {
        return answered;
    }

    /** Whether the caller leg is gone. */
    public boolean ended() {
        return model.channel(callerUuid) == null;
    }

    void answered(boolean value) {
        this.answered = value;
    }

    void callee(String user, String uuid, String channel) {
        this.to = user;
        this.calleeUuid = uuid;
        this.calleeChannel = channel;
        this.answered = false;
    }

    @Override
    public String toString() {
        return "FsCall[" + callerChannel + " -> " + calleeChannel + ", uuid=" + callerUuid + "]";
    }
}
