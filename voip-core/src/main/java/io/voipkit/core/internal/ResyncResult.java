package io.voipkit.core.internal;

import java.util.List;

/**
 * What a {@link LiveStateStore#resync} changed: the material of the {@code StateResynced} event an
 * adapter publishes after a reconnect.
 *
 * @param endedCalls       unique ids of the channels that existed before and no longer do (their
 *                         hangup happened while voipkit was away), oldest first
 * @param newCalls         unique ids of channels the PBX has that the store did not know, oldest first
 * @param changedEndpoints names of endpoints that appeared, disappeared or changed status,
 *                         detail, contacts or device state, sorted
 * @param version          the store's version after the resync
 */
public record ResyncResult(List<String> endedCalls, List<String> newCalls, List<String> changedEndpoints,
                           long version) {

    /** Copies the lists. */
    public ResyncResult {
        endedCalls = Checks.copyOf(endedCalls, "endedCalls");
        newCalls = Checks.copyOf(newCalls, "newCalls");
        changedEndpoints = Checks.copyOf(changedEndpoints, "changedEndpoints");
    }

    /** Whether nothing changed while away. */
    public boolean isEmpty() {
        return endedCalls.isEmpty() && newCalls.isEmpty() && changedEndpoints.isEmpty();
    }
}
