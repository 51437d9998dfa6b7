package io.voipkit.ami.internal.mapping;

import io.voipkit.core.EndpointStatus;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registered contacts of each PJSIP endpoint with the PBX's last word on each
 * ({@code Reachable}, {@code NonQualified}, {@code Unreachable}, ...), and the endpoint status
 * they add up to: a phone registered from two places is online while either answers.
 *
 * <p>Filled from {@code ContactList} items at a resync and kept current from
 * {@code ContactStatus} events. Not thread-safe: used by the feed's single writer thread.
 */
final class ContactBook {
    private final Map<String, LinkedHashMap<String, String>> byEndpoint = new HashMap<>();

    /** Forgets everything (before a resync refills it). */
    void clear() {
        byEndpoint.clear();
    }

    /**
     * Records the PBX's word for one contact; {@code Removed} deletes the contact. An empty or
     * missing URI is recorded under the endpoint name so the status still counts.
     */
    void update(String endpoint, String uri, String word) {
        String key = uri == null || uri.isBlank() ? endpoint : uri;
        if (word != null && word.strip().equalsIgnoreCase("Removed")) {
            LinkedHashMap<String, String> contacts = byEndpoint.get(endpoint);
            if (contacts != null) {
                contacts.remove(key);
            }
            return;
        }
        byEndpoint.computeIfAbsent(endpoint, k -> new LinkedHashMap<>(2)).put(key, word == null ? "" : word);
    }

    /** Whether anything is known about the endpoint's contacts (even that all were removed). */
    boolean knows(String endpoint) {
        return byEndpoint.containsKey(endpoint);
    }

    /** The endpoint's contact URIs, in the order they were first seen. */
    List<String> uris(String endpoint) {
        LinkedHashMap<String, String> contacts = byEndpoint.get(endpoint);
        return contacts == null ? List.of() : List.copyOf(contacts.keySet());
    }

    /**
     * The status the contacts add up to: ONLINE when any contact is online, UNKNOWN when every
     * remaining contact's state is unknown, otherwise (all unreachable, or none left) OFFLINE.
     */
    EndpointStatus status(String endpoint) {
        LinkedHashMap<String, String> contacts = byEndpoint.get(endpoint);
        if (contacts == null || contacts.isEmpty()) {
            return EndpointStatus.OFFLINE;
        }
        boolean allUnknown = true;
        for (String word : contacts.values()) {
            EndpointStatus s = AmiValues.contactStatus(word);
            if (s == EndpointStatus.ONLINE) {
                return EndpointStatus.ONLINE;
            }
            allUnknown &= s == EndpointStatus.UNKNOWN;
        }
        return allUnknown ? EndpointStatus.UNKNOWN : EndpointStatus.OFFLINE;
    }

    /**
     * The word that explains {@link #status}: that of the first online contact when online,
     * else of the last contact, else {@code fallback} (for example {@code Removed}).
     */
    String detail(String endpoint, String fallback) {
        LinkedHashMap<String, String> contacts = byEndpoint.get(endpoint);
        if (contacts == null || contacts.isEmpty()) {
            return fallback;
        }
        String last = fallback;
        for (String word : contacts.values()) {
            if (AmiValues.contactStatus(word) == EndpointStatus.ONLINE) {
                return word;
            }
            last = word;
        }
        return last;
    }
}
