package io.voipkit.core.internal;

import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Derives the endpoint (phone) a channel belongs to from the channel's name, and maps endpoints
 * to extension numbers. The live state uses it to put calls on the right phone.
 *
 * <table>
 *   <caption>{@link #standard()} rules</caption>
 *   <tr><th>channel</th><th>endpoint</th><th>why</th></tr>
 *   <tr><td>{@code PJSIP/101-ep-00000012}</td><td>{@code 101-ep}</td><td>Asterisk appends {@code -} and a hex sequence number</td></tr>
 *   <tr><td>{@code SIP/101-0000a}</td><td>{@code 101}</td><td>same for chan_sip</td></tr>
 *   <tr><td>{@code PJSIP/101-ep}</td><td>{@code 101-ep}</td><td>a dial string: no sequence number (it would hold a digit)</td></tr>
 *   <tr><td>{@code PJSIP/101-ep-00000012<ZOMBIE>}</td><td>{@code 101-ep}</td><td>Asterisk's {@code <ZOMBIE>}/{@code <MASQ>} markers are ignored</td></tr>
 *   <tr><td>{@code Local/100@test-0000001a;1}</td><td>{@code null}</td><td>a Local channel is dialplan plumbing, not a phone</td></tr>
 *   <tr><td>{@code sofia/internal/101@10.0.0.5}</td><td>{@code 101}</td><td>FreeSWITCH: the user part, on the {@code internal} profile</td></tr>
 *   <tr><td>{@code sofia/external/+15551234567@gw}</td><td>{@code null}</td><td>other profiles face trunks, not phones</td></tr>
 *   <tr><td>{@code loopback/100-a}, {@code DAHDI/1-1}</td><td>{@code null}</td><td>technology not configured</td></tr>
 * </table>
 *
 * <p>Naming conventions are configurable, not hard-coded: which technologies and FreeSWITCH
 * profiles carry phones, and the suffix that tells an endpoint from its extension number
 * ({@code -ep} makes {@code 101-ep} extension {@code 101}). For anything else supply your own
 * function with {@link #of(Function, String)}. Immutable and thread-safe.
 */
public final class EndpointNaming {
    private static final EndpointNaming STANDARD = builder().build();

    private final Set<String> technologies;
    private final Set<String> sofiaProfiles;
    private final String endpointSuffix;
    private final Function<String, String> custom;

    private EndpointNaming(Set<String> technologies, Set<String> sofiaProfiles, String endpointSuffix,
                           Function<String, String> custom) {
        this.technologies = technologies;
        this.sofiaProfiles = sofiaProfiles;
        this.endpointSuffix = endpointSuffix;
        this.custom = custom;
    }

    /** Technologies {@code PJSIP}, {@code SIP}, {@code IAX2}; FreeSWITCH profile {@code internal}; no suffix. */
    public static EndpointNaming standard() {
        return STANDARD;
    }

    /** A builder starting from the {@link #standard()} rules. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Naming by a function of the channel name (returning {@code null} for "no endpoint"), with
     * an endpoint suffix for {@link #extensionOf(String)} ({@code ""} for none). The function must
     * be thread-safe and must not throw.
     */
    public static EndpointNaming of(Function<String, String> channelToEndpoint, String endpointSuffix) {
        Checks.notNull(channelToEndpoint, "channelToEndpoint");
        return new EndpointNaming(Set.of(), Set.of(), Checks.noLineBreaks(Checks.notNull(endpointSuffix,
                "endpointSuffix"), "endpointSuffix"), channelToEndpoint);
    }

    /**
     * The endpoint {@code channel} belongs to, or {@code null} when it belongs to none (see the
     * class documentation). Never throws; {@code null} or blank input gives {@code null}.
     */
    public String endpointOf(String channel) {
        if (channel == null || channel.isBlank()) {
            return null;
        }
        if (custom != null) {
            return Checks.blankToNull(custom.apply(channel));
        }
        String name = channel.trim();
        int marker = name.indexOf('<');
        if (marker >= 0) {
            name = name.substring(0, marker);
        }
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1) {
            return null;
        }
        String tech = name.substring(0, slash).toLowerCase(Locale.ROOT);
        String rest = name.substring(slash + 1);
        if (tech.equals("sofia")) {
            return sofiaEndpoint(rest);
        }
        if (!technologies.contains(tech)) {
            return null;
        }
        int dash = rest.lastIndexOf('-');
        if (dash > 0 && isSequenceNumber(rest, dash + 1)) {
            rest = rest.substring(0, dash);
        }
        return rest.isEmpty() ? null : rest;
    }

    /**
     * The extension number of an endpoint: the name without the configured suffix
     * ({@code 101-ep} → {@code 101} with suffix {@code -ep}); the name itself otherwise.
     */
    public String extensionOf(String endpoint) {
        Checks.notNull(endpoint, "endpoint");
        if (!endpointSuffix.isEmpty() && endpoint.endsWith(endpointSuffix) && endpoint.length() > endpointSuffix.length()) {
            return endpoint.substring(0, endpoint.length() - endpointSuffix.length());
        }
        return endpoint;
    }

    /** The endpoint of an extension number: the number plus the configured suffix. */
    public String endpointOfExtension(String extension) {
        Checks.wireText(extension, "extension");
        return extension + endpointSuffix;
    }

    /** The configured endpoint suffix, {@code ""} for none. */
    public String endpointSuffix() {
        return endpointSuffix;
    }

    private String sofiaEndpoint(String rest) {
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String profile = rest.substring(0, slash).toLowerCase(Locale.ROOT);
        if (!sofiaProfiles.contains(profile)) {
            return null;
        }
        String user = rest.substring(slash + 1);
        if (user.regionMatches(true, 0, "sip:", 0, 4)) {
            user = user.substring(4);
        }
        int at = user.indexOf('@');
        if (at >= 0) {
            user = user.substring(0, at);
        }
        return user.isEmpty() ? null : user;
    }

    /** A hex run to the end of {@code s} holding at least one digit: Asterisk's channel sequence number. */
    private static boolean isSequenceNumber(String s, int from) {
        if (from >= s.length()) {
            return false;
        }
        boolean digit = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (!((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return digit;
    }

    @Override
    public String toString() {
        return custom != null ? "EndpointNaming[custom, suffix=" + endpointSuffix + "]"
                : "EndpointNaming[technologies=" + technologies + ", sofiaProfiles=" + sofiaProfiles
                + ", suffix=" + endpointSuffix + "]";
    }

    /** Builds an {@link EndpointNaming}. Not thread-safe. */
    public static final class Builder {
        private Set<String> technologies = Set.of("pjsip", "sip", "iax2");
        private Set<String> sofiaProfiles = Set.of("internal");
        private String endpointSuffix = "";

        private Builder() {
        }

        /** The channel technologies whose channels belong to endpoints; default PJSIP, SIP, IAX2. */
        public Builder technologies(String... values) {
            this.technologies = lowerCaseSet(values, "technologies");
            return this;
        }

        /** The FreeSWITCH sofia profiles that carry phones; default {@code internal}. */
        public Builder sofiaProfiles(String... values) {
            this.sofiaProfiles = lowerCaseSet(values, "sofiaProfiles");
            return this;
        }

        /** The suffix that endpoint names add to extension numbers, such as {@code -ep}; default none. */
        public Builder endpointSuffix(String suffix) {
            this.endpointSuffix = Checks.noLineBreaks(Checks.notNull(suffix, "endpointSuffix"), "endpointSuffix");
            return this;
        }

        /** Builds the immutable naming rules. */
        public EndpointNaming build() {
            return new EndpointNaming(technologies, sofiaProfiles, endpointSuffix, null);
        }

        private static Set<String> lowerCaseSet(String[] values, String field) {
            return Checks.copyOf(java.util.Arrays.asList(Checks.notNull(values, field)), field).stream()
                    .map(v -> Checks.wireText(v, field).trim().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        }
    }
}
