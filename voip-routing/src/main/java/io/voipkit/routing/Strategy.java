package io.voipkit.routing;

/**
 * How a {@link NumberGroup} spreads calls over its available members. The decision lists the
 * members in the order they should be tried ({@link RouteDecision#targets()}); {@link #RING_ALL}
 * rings them all at once.
 *
 * <p>State (the round-robin position, the last member used, call counts, idle times) lives in the
 * {@link RoutingEngine}, per group name, and is updated atomically: concurrent calls never pick
 * the same "next" member twice and never skip one.
 */
public enum Strategy {
    /** Members in turn, by call count: the n-th call starts with member {@code n mod size}, skipping unavailable ones. */
    ROUND_ROBIN,
    /** A uniformly random available member first, then the others in random order. */
    RANDOM,
    /** Lowest {@link GroupMember#priority()} first, then highest {@link GroupMember#weight()}, then list order. */
    PRIORITY,
    /** Every available member at once (Asterisk {@code Dial(A&B&C)}, app_queue {@code ringall}). */
    RING_ALL,
    /**
     * The member idle longest first: the one whose last call (given by this engine, or ended, or
     * as the PBX's queue statistics report it: {@link RoutingEngine#seed}) is oldest (app_queue
     * {@code leastrecent}).
     */
    LEAST_RECENT,
    /** app_queue {@code rrmemory}: start with the available member after the one used last, remembered by name. */
    RR_MEMORY,
    /** app_queue {@code linear}: always in list order, first available member first. */
    LINEAR,
    /**
     * app_queue {@code fewestcalls}: the member with the fewest calls first (calls given by this
     * engine, starting from the PBX's calls taken: {@link RoutingEngine#seed}; ties: list order).
     */
    FEWEST_CALLS,
    /** app_queue {@code wrandom}: random, each member's chance proportional to its {@link GroupMember#weight()}. */
    WEIGHTED_RANDOM;

    /** Parses a strategy name case-insensitively, accepting app_queue spellings ({@code rrmemory}, {@code wrandom}, {@code ringall}...). */
    public static Strategy parse(String name) {
        io.voipkit.core.internal.Checks.wireText(name, "strategy");
        String n = name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        return switch (n) {
            case "RRMEMORY", "RR_MEMORY" -> RR_MEMORY;
            case "RINGALL", "RING_ALL" -> RING_ALL;
            case "LEASTRECENT", "LEAST_RECENT" -> LEAST_RECENT;
            case "FEWESTCALLS", "FEWEST_CALLS" -> FEWEST_CALLS;
            case "WRANDOM", "WEIGHTED_RANDOM" -> WEIGHTED_RANDOM;
            case "ROUNDROBIN", "ROUND_ROBIN" -> ROUND_ROBIN;
            case "RANDOM" -> RANDOM;
            case "PRIORITY" -> PRIORITY;
            case "LINEAR" -> LINEAR;
            default -> throw new io.voipkit.core.InvalidRequestException("strategy", "unknown strategy "
                    + io.voipkit.core.internal.Checks.abbreviate(name) + "; expected one of "
                    + java.util.Arrays.toString(values()));
        };
    }
}
