package io.voipkit.freeswitch.internal;

/**
 * {@link EslConnectionReplayTest} with the reader doing all the work itself
 * ({@link EslConnectionConfig#dispatchThread()} off), so both modes replay every transcript.
 */
class EslConnectionReplaySingleThreadTest extends EslConnectionReplayTest {
    @Override
    boolean dispatchThread() {
        return false;
    }
}
