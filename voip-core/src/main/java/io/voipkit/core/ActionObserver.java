package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Duration;

/**
 * Told once about every action a {@link Pbx} sends to its PBX, when the action completes: which
 * action, how long the PBX took to answer, and how it ended. Set it with
 * {@link PbxConfig.Builder#actionObserver(ActionObserver)}; the Spring Boot starter binds one to
 * the Micrometer timer {@code voip.action.latency}.
 *
 * <pre>{@code
 * PbxConfig config = PbxConfig.builder()
 *         .actionObserver((pbxId, action, latency, outcome) ->
 *                 log.debug("{} {} took {} ms: {}", pbxId, action, latency.toMillis(), outcome))
 *         .build();
 * }</pre>
 *
 * <h2>What is an action</h2>
 * Every command the API façades ({@link CallControl}, {@link QueueMonitor}, {@link HealthCheck})
 * send: on Asterisk the AMI action ({@code Originate}, {@code Hangup}, {@code QueueStatus},
 * {@code Ping}, ...), timed until Asterisk's {@code Response} (for a list action, until the list
 * is complete); on FreeSWITCH the {@code api}/{@code bgapi} command's first word
 * ({@code originate}, {@code uuid_kill}, {@code show}, {@code callcenter_config}, ...), timed until
 * FreeSWITCH's reply, for {@code bgapi} until the background job's result. The name never holds
 * the action's arguments (they can hold phone numbers or secrets).
 *
 * <p>Not included: the login and the state synchronisation after a (re)connect (their time is
 * bounded by {@link PbxConfig#connectTimeout()} and {@link PbxConfig#resyncTimeout()}), and
 * requests rejected before anything was sent ({@link InvalidRequestException}).
 *
 * <p><b>Originate differs between the PBXs.</b> Asterisk's {@code Originate} is sent with
 * {@code Async: true}: its latency is the time Asterisk takes to accept it, and the call's
 * outcome (busy, no answer) comes later as an event, so a busy callee is still
 * {@link Outcome#SUCCESS}. FreeSWITCH's {@code bgapi originate} answers when the call is
 * answered or has failed, so its latency includes the ringing time and a busy callee is
 * {@link Outcome#FAILED}; a caller that stops waiting first does not end the job, which is
 * reported when FreeSWITCH finishes it (the originate's own {@code originate_timeout} bounds that).
 *
 * <h2>Contract</h2>
 * Called exactly once per action, on the thread that completes it (the caller's thread or one of
 * the adapter's threads), possibly from several threads at once: implementations must be
 * thread-safe, fast and non-blocking. An exception thrown here is logged (the first one as a
 * warning, later ones at debug level) and never reaches the action.
 */
@FunctionalInterface
public interface ActionObserver {

    /** Observes nothing; the default. Adapters skip timing altogether when this is configured. */
    ActionObserver NONE = new ActionObserver() {
        @Override
        public void actionCompleted(String pbxId, String action, Duration latency, Outcome outcome) {
            // nothing: the adapters check for NONE and do not even read the clock
        }

        @Override
        public String toString() {
            return "ActionObserver.NONE";
        }
    };

    /** How an action ended. */
    enum Outcome {
        /** The PBX answered with success. */
        SUCCESS,
        /**
         * The PBX answered with an error ({@code Response: Error}, {@code -ERR ...}), or the answer
         * could not be used; the action threw (or would throw) {@link PbxActionFailedException}.
         */
        FAILED,
        /** No answer within the action timeout ({@link PbxTimeoutException}). */
        TIMEOUT,
        /**
         * There was no session to send on, or it was lost before the answer
         * ({@link PbxNotConnectedException}); the latency is then the time until that was known.
         */
        NOT_CONNECTED
    }

    /**
     * One action completed.
     *
     * @param pbxId   the id of the {@link Pbx} that sent it
     * @param action  the action's name: the AMI action ({@code Originate}) or the FreeSWITCH
     *                command's first word ({@code originate}); never its arguments
     * @param latency from just before sending to the answer (or the failure); never negative
     * @param outcome how it ended
     */
    void actionCompleted(String pbxId, String action, Duration latency, Outcome outcome);

    /**
     * An observer that tells this one, then {@code next} (also when this one throws; the first
     * exception is then rethrown, a second one added to it as suppressed). Composing with {@link #NONE} returns the other observer.
     *
     * @throws InvalidRequestException when {@code next} is {@code null}
     */
    default ActionObserver andThen(ActionObserver next) {
        Checks.notNull(next, "next");
        if (next == NONE) {
            return this;
        }
        if (this == NONE) {
            return next;
        }
        ActionObserver first = this;
        return (pbxId, action, latency, outcome) -> {
            RuntimeException failure = null;
            try {
                first.actionCompleted(pbxId, action, latency, outcome);
            } catch (RuntimeException e) {
                failure = e;
            }
            try {
                next.actionCompleted(pbxId, action, latency, outcome);
            } catch (RuntimeException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
            if (failure != null) {
                throw failure;
            }
        };
    }
}
