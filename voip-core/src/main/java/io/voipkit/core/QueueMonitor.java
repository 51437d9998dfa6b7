package io.voipkit.core;

import java.util.List;
import java.util.Optional;

/**
 * Watches and administers the call queues of one PBX. Obtained from {@link Pbx#queues()}.
 *
 * <pre>{@code
 * QueueSummary s = pbx.queues().summary("support");
 * if (s.callers() > 0 && s.available() == 0) {
 *     pbx.queues().pauseMember("support", "PJSIP/103-ep", false, null);   // bring Carol back
 * }
 * }</pre>
 *
 * <p>The query methods ask the PBX; for a cheap, event-fed view of the same data use
 * {@link LiveState#queues()}. Every method validates its arguments first
 * ({@link InvalidRequestException}), waits at most {@link PbxConfig#actionTimeout()} and throws
 * {@link PbxNotConnectedException}, {@link PbxTimeoutException} or
 * {@link PbxActionFailedException} (with the PBX's message). Implementations are thread-safe.
 */
public interface QueueMonitor {

    /**
     * The status of every queue, with members and waiting callers.
     *
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    List<QueueStatus> queues();

    /**
     * The status of one queue; empty when the PBX has no queue of that name.
     *
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    Optional<QueueStatus> queue(String name);

    /**
     * The wallboard figures of one queue.
     *
     * @throws PbxActionFailedException when the PBX has no queue of that name
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    QueueSummary summary(String name);

    /**
     * Adds a member to a queue.
     *
     * @throws PbxActionFailedException when the queue does not exist or the member is already in it
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    void addMember(AddMemberRequest request);

    /**
     * Removes a member from a queue.
     *
     * @throws PbxActionFailedException when the member is not in the queue (Asterisk:
     *                                  {@code Unable to remove interface: Not there})
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    void removeMember(String queue, String interfaceName);

    /**
     * Pauses or unpauses a member.
     *
     * @param queue  the queue, or {@code null} for every queue the member is in
     * @param reason why (shown to supervisors), or {@code null}
     * @throws PbxActionFailedException when the member is not found
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    void pauseMember(String queue, String interfaceName, boolean paused, String reason);

    /**
     * Sets a member's penalty (0 or more; lower is rung first).
     *
     * @param queue the queue, or {@code null} for every queue the member is in
     * @throws PbxActionFailedException when the member is not found
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    void setPenalty(String queue, String interfaceName, int penalty);

    /**
     * Reloads a queue's configuration (members, parameters) from the PBX's configuration.
     *
     * @param queue the queue, or {@code null} for all queues
     * @throws PbxActionFailedException when the PBX refuses
     * @throws PbxNotConnectedException when not connected
     * @throws PbxTimeoutException      when the PBX does not answer in time
     */
    void reload(String queue);
}
