package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The full state of one call queue: parameters, statistics, members and waiting callers
 * (Asterisk {@code QueueStatus}: {@code QueueParams} + {@code QueueMember} + {@code QueueEntry}).
 *
 * @param name             the queue name
 * @param strategy         the ring strategy, for example {@code rrmemory}, or {@code null} if unknown
 * @param max              the maximum number of waiting callers, 0 for unlimited
 * @param calls            callers waiting now
 * @param holdTime         the average time callers waited before being answered
 * @param talkTime         the average talk time of answered calls
 * @param completed        calls answered by a member since the queue was (re)loaded
 * @param abandoned        callers who hung up while waiting
 * @param serviceLevel     the service level target: answered within this time counts as "in service level"
 * @param serviceLevelPerf the percentage (0..100) of answered calls within {@code serviceLevel}
 * @param weight           the queue's weight against other queues sharing members
 * @param members          the members, in the PBX's order
 * @param callers          the waiting callers, by position
 */
public record QueueStatus(String name, String strategy, int max, int calls, Duration holdTime, Duration talkTime,
                          int completed, int abandoned, Duration serviceLevel, double serviceLevelPerf, int weight,
                          List<QueueMember> members, List<QueueCaller> callers) {

    /** Validates every value and copies the lists. */
    public QueueStatus {
        Checks.wireText(name, "name");
        strategy = Checks.blankToNull(strategy);
        Checks.nonNegative(max, "max");
        Checks.nonNegative(calls, "calls");
        Checks.nonNegative(holdTime, "holdTime");
        Checks.nonNegative(talkTime, "talkTime");
        Checks.nonNegative(completed, "completed");
        Checks.nonNegative(abandoned, "abandoned");
        Checks.nonNegative(serviceLevel, "serviceLevel");
        Checks.inRange(serviceLevelPerf, 0.0, 100.0, "serviceLevelPerf");
        Checks.nonNegative(weight, "weight");
        members = Checks.copyOf(members, "members");
        callers = Checks.copyOf(callers, "callers");
    }

    /** A queue with this name and no members, callers or statistics; handy for adapters and tests. */
    public static QueueStatus empty(String name) {
        return new QueueStatus(name, null, 0, 0, Duration.ZERO, Duration.ZERO, 0, 0, Duration.ZERO, 0.0, 0,
                List.of(), List.of());
    }

    /** The member with this interface, if any. */
    public Optional<QueueMember> member(String interfaceName) {
        return members.stream().filter(m -> m.interfaceName().equals(interfaceName)).findFirst();
    }

    /** Members that could be offered a call now ({@link QueueMember#isAvailable()}). */
    public List<QueueMember> availableMembers() {
        return members.stream().filter(QueueMember::isAvailable).toList();
    }

    /** How long the longest-waiting caller has waited, zero when nobody waits. */
    public Duration longestWait() {
        return callers.stream().map(QueueCaller::waitTime).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** A copy with other members. */
    public QueueStatus withMembers(List<QueueMember> newMembers) {
        return new QueueStatus(name, strategy, max, calls, holdTime, talkTime, completed, abandoned, serviceLevel,
                serviceLevelPerf, weight, newMembers, callers);
    }

    /** A copy with other waiting callers; {@link #calls()} follows their number. */
    public QueueStatus withCallers(List<QueueCaller> newCallers) {
        Checks.notNull(newCallers, "callers");
        return new QueueStatus(name, strategy, max, newCallers.size(), holdTime, talkTime, completed, abandoned,
                serviceLevel, serviceLevelPerf, weight, members, newCallers);
    }
}
