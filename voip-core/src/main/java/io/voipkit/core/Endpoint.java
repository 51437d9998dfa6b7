package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Instant;
import java.util.List;

/**
 * A phone or other SIP endpoint as the live state sees it (an Asterisk PJSIP endpoint such as
 * {@code 101-ep}, a FreeSWITCH registration such as {@code 101}).
 *
 * @param name        the endpoint name as the PBX knows it
 * @param status      online, offline or unknown
 * @param detail      the PBX's own words for the status (for example {@code Reachable},
 *                    {@code Unreachable}, {@code Removed}), or {@code null}
 * @param contacts    the registered contact URIs, possibly empty
 * @param deviceState the device state text (for example {@code Not in use}, {@code In use}), or {@code null}
 * @param lastChange  when the status, contacts or device state last changed
 * @param activeCalls the calls this endpoint is on now, oldest first
 */
public record Endpoint(String name, EndpointStatus status, String detail, List<String> contacts, String deviceState,
                       Instant lastChange, List<ActiveCall> activeCalls) {

    /** Validates every value and copies the lists. */
    public Endpoint {
        Checks.wireText(name, "name");
        Checks.notNull(status, "status");
        detail = Checks.blankToNull(detail);
        contacts = Checks.copyOf(contacts, "contacts");
        deviceState = Checks.blankToNull(deviceState);
        Checks.notNull(lastChange, "lastChange");
        activeCalls = Checks.copyOf(activeCalls, "activeCalls");
    }

    /** An endpoint known only by name: status {@link EndpointStatus#UNKNOWN}, no contacts, no calls. */
    public static Endpoint unknown(String name, Instant at) {
        return new Endpoint(name, EndpointStatus.UNKNOWN, null, List.of(), null, at, List.of());
    }

    /** How many calls the endpoint is on now. */
    public int activeCallCount() {
        return activeCalls.size();
    }

    /** Whether the endpoint is on at least one call (the dashboard highlights it). */
    public boolean isBusy() {
        return !activeCalls.isEmpty();
    }

    /** A copy with another status and detail, stamped {@code at}. */
    public Endpoint withStatus(EndpointStatus newStatus, String newDetail, Instant at) {
        return new Endpoint(name, newStatus, newDetail, contacts, deviceState, at, activeCalls);
    }

    /** A copy with other active calls (the live state store maintains them). */
    public Endpoint withActiveCalls(List<ActiveCall> calls) {
        return new Endpoint(name, status, detail, contacts, deviceState, lastChange, calls);
    }

    /**
     * Whether this and {@code other} describe the same reachability (status, detail, contacts,
     * device state), ignoring the time stamp and the calls.
     */
    public boolean sameRegistration(Endpoint other) {
        return other != null && name.equals(other.name) && status == other.status
                && java.util.Objects.equals(detail, other.detail) && contacts.equals(other.contacts)
                && java.util.Objects.equals(deviceState, other.deviceState);
    }
}
