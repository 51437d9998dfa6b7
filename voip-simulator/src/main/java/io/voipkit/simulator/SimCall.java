package io.voipkit.simulator;

import io.voipkit.simulator.internal.SimModel;

/**
 * A call placed through {@link PbxSimulator}'s scripted API ({@link PbxSimulator#placeCall},
 * {@link PbxSimulator#queueCall}): pass it back to {@code answer}, {@code transfer} or {@code hangup}.
 * The channel names and Uniqueid are the ones the simulator's AMI events carry, so a test can
 * match its own observations against them.
 *
 * <p>Thread-safe: reads reflect the simulator's state at the time of the call.
 */
public final class SimCall {
    private final SimModel model;
    final SimModel.CallRecord record;

    SimCall(SimModel model, SimModel.CallRecord record) {
        this.model = model;
        this.record = record;
    }

    /** The calling channel, e.g. {@code PJSIP/101-ep-00000001}. */
    public String callerChannel() {
        synchronized (model) {
            return record.callerChannel();
        }
    }

    /** The called channel, or {@code null} while a queue caller waits. */
    public String calleeChannel() {
        synchronized (model) {
            return record.calleeChannel();
        }
    }

    /** The caller channel's {@code Uniqueid} (also the call's {@code Linkedid}). */
    public String uniqueid() {
        return record.uniqueid();
    }

    /** Whether the call was answered. */
    public boolean answered() {
        synchronized (model) {
            return record.answered();
        }
    }

    /** Whether the call has ended. */
    public boolean ended() {
        synchronized (model) {
            return record.ended();
        }
    }

    @Override
    public String toString() {
        return "SimCall[" + callerChannel() + " -> " + calleeChannel() + ", uniqueid=" + uniqueid() + "]";
    }
}
