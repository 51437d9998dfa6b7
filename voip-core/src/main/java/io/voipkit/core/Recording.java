package io.voipkit.core;

import io.voipkit.core.internal.Checks;

/**
 * A recording the PBX started, returned by {@link CallControl#startRecording(RecordingRequest)}.
 *
 * @param channel the recorded channel
 * @param file    the file the PBX writes, as the PBX names it (with extension); keep it in the call
 *                log to find the recording later
 */
public record Recording(String channel, String file) {

    /** Validates that both values are present. */
    public Recording {
        Checks.wireText(channel, "channel");
        Checks.wireText(file, "file");
    }
}
