package io.voipkit.ami.internal.adapter;

import io.voipkit.ami.internal.AmiAction;
import io.voipkit.ami.internal.AmiConnection;
import io.voipkit.ami.internal.AmiListResponse;
import io.voipkit.ami.internal.AmiMessage;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxException;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.PbxTimeoutException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the API façades ({@link AmiCallControl}, {@link AmiQueueMonitor}, {@link AmiHealthCheck})
 * need from the session: send an action on the current connection, failing fast with
 * {@link PbxNotConnectedException} when there is none, and wait for events that answer an action
 * ({@link EventWaiters}). Implemented by {@link AmiSupervisor}, which swaps the connection on
 * every reconnect; the façades never hold a connection themselves.
 */
interface AmiGateway {

    /** Sends {@code action} on the current connection; fails fast when not connected. */
    CompletableFuture<AmiMessage> send(AmiAction action);

    /** Sends a list action on the current connection; fails fast when not connected. */
    CompletableFuture<AmiListResponse> sendList(AmiAction action);

    /** The configured per-action timeout. */
    Duration actionTimeout();

    /** Waiters for events that complete an action ({@code OriginateResponse}, {@code ParkedCall}). */
    EventWaiters waiters();

    /** Sends, waits, and requires {@code Response: Success} (else {@link PbxActionFailedException}). */
    default AmiMessage call(AmiAction action) {
        return AmiConnection.requireSuccess(action.name(), await(send(action), action.name(), actionTimeout()));
    }

    /** Sends a list action and waits for all its items; an error response is returned, not thrown. */
    default AmiListResponse list(AmiAction action) {
        return await(sendList(action), action.name(), actionTimeout());
    }

    /**
     * Waits for {@code future}. The connection already fails its futures at the action timeout;
     * the wait here is a guard with margin, so a lost timer cannot hang a caller. Exceptions are
     * unwrapped to the {@link PbxException} inside.
     */
    static <T> T await(CompletableFuture<T> future, String action, Duration timeout) {
        try {
            return future.get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new PbxTimeoutException(action, timeout);
        } catch (ExecutionException | CompletionException e) {
            throw unwrap(e, action);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PbxNotConnectedException("Interrupted while waiting for the answer to " + action, e);
        }
    }

    /** The {@link PbxException} behind a failed future, or one wrapping the unexpected cause. */
    static PbxException unwrap(Throwable t, String action) {
        Throwable c = t;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof PbxException p) {
            return p;
        }
        return new PbxActionFailedException(action, "unexpected failure: " + c, c);
    }
}
