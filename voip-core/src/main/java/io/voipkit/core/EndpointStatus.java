package io.voipkit.core;

/** Reachability of a phone (PJSIP endpoint, FreeSWITCH registration) as the PBX reports it. */
public enum EndpointStatus {
    /** Registered and reachable (for example a contact that answers qualify). */
    ONLINE,
    /** Known to the PBX but not reachable: unregistered, unreachable, or its contact removed. */
    OFFLINE,
    /** No data: the PBX has not said, or voipkit is not connected to it. */
    UNKNOWN
}
