package io.voipkit.core;

import io.voipkit.core.internal.Checks;

/**
 * A request to let a supervisor listen to, whisper into or barge into a call. The PBX first rings
 * {@link #spyChannel()} (the supervisor's phone) and, once answered, attaches it to
 * {@link #targetChannel()} (Asterisk {@code ChanSpy}, FreeSWITCH {@code eavesdrop}).
 *
 * <pre>{@code
 * pbx.calls().spy(SpyRequest.builder("PJSIP/105-ep", "PJSIP/101-ep-00000012").mode(SpyMode.WHISPER).build());
 * }</pre>
 *
 * @param spyChannel    the supervisor's dial string, for example {@code PJSIP/105-ep}; required
 * @param targetChannel the channel to spy on (the agent's leg), for example
 *                      {@code PJSIP/101-ep-00000012}; required
 * @param mode          listen, whisper or barge; default {@link SpyMode#LISTEN}
 * @param callerId      the caller id shown on the supervisor's phone, or {@code null}
 * @param quiet         whether to suppress the beep and channel announcement the spied parties
 *                      could otherwise hear; default true
 */
public record SpyRequest(String spyChannel, String targetChannel, SpyMode mode, String callerId, boolean quiet) {

    /** Validates every field. */
    public SpyRequest {
        Checks.wireText(spyChannel, "spyChannel");
        Checks.wireText(targetChannel, "targetChannel");
        Checks.notNull(mode, "mode");
        Checks.optionalWireText(callerId, "callerId");
        if (spyChannel.equals(targetChannel)) {
            throw new InvalidRequestException("targetChannel", "must differ from spyChannel");
        }
    }

    /** A quiet request without caller id. */
    public static SpyRequest of(String spyChannel, String targetChannel, SpyMode mode) {
        return new SpyRequest(spyChannel, targetChannel, mode, null, true);
    }

    /** Starts a builder for a spy request. */
    public static Builder builder(String spyChannel, String targetChannel) {
        return new Builder(spyChannel, targetChannel);
    }

    /** Builds a {@link SpyRequest}. Not thread-safe. */
    public static final class Builder {
        private final String spyChannel;
        private final String targetChannel;
        private SpyMode mode = SpyMode.LISTEN;
        private String callerId;
        private boolean quiet = true;

        private Builder(String spyChannel, String targetChannel) {
            this.spyChannel = Checks.wireText(spyChannel, "spyChannel");
            this.targetChannel = Checks.wireText(targetChannel, "targetChannel");
        }

        /** Listen, whisper or barge; default listen. */
        public Builder mode(SpyMode mode) {
            this.mode = Checks.notNull(mode, "mode");
            return this;
        }

        /** The caller id shown on the supervisor's phone. */
        public Builder callerId(String callerId) {
            this.callerId = Checks.optionalWireText(callerId, "callerId");
            return this;
        }

        /** Whether to suppress the beep the spied parties would hear; default true. */
        public Builder quiet(boolean quiet) {
            this.quiet = quiet;
            return this;
        }

        /** Builds the immutable request. */
        public SpyRequest build() {
            return new SpyRequest(spyChannel, targetChannel, mode, callerId, quiet);
        }
    }
}
