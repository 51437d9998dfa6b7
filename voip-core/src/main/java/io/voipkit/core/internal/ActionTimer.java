package io.voipkit.core.internal;

import io.voipkit.core.ActionObserver;
import io.voipkit.core.ActionObserver.Outcome;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.PbxTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The adapters' side of {@link ActionObserver}: one per PBX, it reads the clock when an action is
 * sent and tells the observer when the action completes, shielding the action from the
 * observer's exceptions. With {@link ActionObserver#NONE} every method returns at once without
 * reading the clock or allocating, so an unobserved PBX pays nothing.
 *
 * <pre>{@code
 * long start = timer.start();
 * ... send; on the answer:
 * timer.record("Hangup", start, Outcome.SUCCESS);      // or timer.failed("Hangup", start, exception)
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ActionTimer {
    private static final Logger LOG = LoggerFactory.getLogger(ActionTimer.class);

    private final String pbxId;
    private final ActionObserver observer;
    private final boolean enabled;
    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * A timer reporting to {@code observer} for the PBX {@code pbxId}.
     *
     * @throws io.voipkit.core.InvalidRequestException when an argument is {@code null}
     */
    public ActionTimer(String pbxId, ActionObserver observer) {
        this.pbxId = Checks.notNull(pbxId, "pbxId");
        this.observer = Checks.notNull(observer, "observer");
        this.enabled = observer != ActionObserver.NONE;
    }

    /** {@code false} when the observer is {@link ActionObserver#NONE}: nothing is timed. */
    public boolean enabled() {
        return enabled;
    }

    /** The start of an action: {@link System#nanoTime()}, or 0 when nothing is timed. */
    public long start() {
        return enabled ? System.nanoTime() : 0L;
    }

    /** Reports an action that started at {@code startNanos} (from {@link #start()}) and ended now. */
    public void record(String action, long startNanos, Outcome outcome) {
        if (!enabled) {
            return;
        }
        // A clock read before start() cannot happen with nanoTime, but a negative latency must never reach a timer.
        long nanos = Math.max(0L, System.nanoTime() - startNanos);
        try {
            observer.actionCompleted(pbxId, action, Duration.ofNanos(nanos), outcome);
        } catch (RuntimeException e) {
            // Once loudly, then quietly: a broken observer must not flood the log at the action rate.
            if (warned.compareAndSet(false, true)) {
                LOG.warn("PBX {}: the action observer {} threw on {} ({}); the action is not affected. Later"
                        + " failures of this observer are logged at debug level", pbxId, observer.getClass().getName(),
                        action, outcome, e);
            } else {
                LOG.debug("PBX {}: the action observer threw on {} ({})", pbxId, action, outcome, e);
            }
        }
    }

    /** Reports an action that ended with {@code failure}, classified by {@link #outcomeOf(Throwable)}. */
    public void failed(String action, long startNanos, Throwable failure) {
        if (enabled) {
            record(action, startNanos, outcomeOf(failure));
        }
    }

    /**
     * Reports {@code future}'s action when it completes: {@code succeeded} decides between
     * {@link Outcome#SUCCESS} and {@link Outcome#FAILED} for a normal completion (an error
     * response can be a normal completion); an exceptional one is classified by
     * {@link #outcomeOf(Throwable)}, a cancellation (a caller gave up waiting) counting as
     * {@link Outcome#TIMEOUT}. Returns {@code future} itself, so that cancelling what is returned
     * still reaches the action.
     */
    public <T> CompletableFuture<T> track(CompletableFuture<T> future, String action, long startNanos,
                                          Predicate<? super T> succeeded) {
        if (!enabled) {
            return future;
        }
        future.whenComplete((value, failure) -> {
            if (failure != null) {
                failed(action, startNanos, failure);
            } else {
                boolean ok;
                try {
                    ok = succeeded.test(value);
                } catch (RuntimeException e) {
                    ok = false;
                }
                record(action, startNanos, ok ? Outcome.SUCCESS : Outcome.FAILED);
            }
        });
        return future;
    }

    /**
     * The outcome an action's failure stands for: {@link Outcome#TIMEOUT} for
     * {@link PbxTimeoutException}, {@link TimeoutException} and {@link CancellationException};
     * {@link Outcome#NOT_CONNECTED} for {@link PbxNotConnectedException}; else
     * {@link Outcome#FAILED}. Completion and execution wrappers are looked through.
     */
    public static Outcome outcomeOf(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof PbxTimeoutException || t instanceof TimeoutException || t instanceof CancellationException) {
            return Outcome.TIMEOUT;
        }
        if (t instanceof PbxNotConnectedException) {
            return Outcome.NOT_CONNECTED;
        }
        return Outcome.FAILED;
    }

    @Override
    public String toString() {
        return "ActionTimer[" + pbxId + (enabled ? ", observed" : ", off") + "]";
    }
}
