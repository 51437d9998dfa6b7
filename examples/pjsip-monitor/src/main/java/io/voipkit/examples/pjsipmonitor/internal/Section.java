package io.voipkit.examples.pjsipmonitor.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A named card on the dashboard bound to one or more PJSIP endpoints (an office, a desk, a
 * department).
 *
 * @param id        stable identifier: {@code ep:<endpoint>} for a default section, {@code s-...} for a saved one
 * @param name      what the card shows
 * @param endpoints the endpoints, in the user's order, without duplicates
 */
public record Section(String id, String name, List<String> endpoints) {
    static final int MAX_NAME = 100;
    static final int MAX_ENDPOINTS = 500;
    static final int MAX_ENDPOINT_NAME = 80;

    /** Validates the values, strips names, removes duplicate endpoints and copies the list. */
    public Section {
        Checks.wireText(id, "id");
        if (id.length() > MAX_ENDPOINT_NAME + 3) {
            throw new InvalidRequestException("id", "at most " + (MAX_ENDPOINT_NAME + 3) + " characters");
        }
        Checks.wireText(name, "name");
        name = name.strip();
        if (name.length() > MAX_NAME) {
            throw new InvalidRequestException("name", "at most " + MAX_NAME + " characters, was " + name.length());
        }
        Checks.notNull(endpoints, "endpoints");
        if (endpoints.isEmpty() || endpoints.size() > MAX_ENDPOINTS) {
            throw new InvalidRequestException("endpoints", "must list 1.." + MAX_ENDPOINTS + " endpoints, was " + endpoints.size());
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < endpoints.size(); i++) {
            String e = Checks.wireText(endpoints.get(i), "endpoints[" + i + "]").strip();
            if (e.length() > MAX_ENDPOINT_NAME || e.contains(" ") || e.contains(",")) {
                throw new InvalidRequestException("endpoints[" + i + "]",
                        "must be an endpoint name of at most " + MAX_ENDPOINT_NAME + " characters without spaces or commas, was "
                                + Checks.abbreviate(e));
            }
            unique.add(e);
        }
        endpoints = List.copyOf(unique);
    }

    /** The id prefix of default sections (one per endpoint not in a saved section). */
    static final String DEFAULT_PREFIX = "ep:";

    /** The default section of one endpoint: named like it. */
    static Section of(String endpoint) {
        return new Section(DEFAULT_PREFIX + endpoint, endpoint, List.of(endpoint));
    }

    /** Whether this is an endpoint's default section rather than a saved one. */
    boolean isDefault() {
        return id.startsWith(DEFAULT_PREFIX);
    }
}
