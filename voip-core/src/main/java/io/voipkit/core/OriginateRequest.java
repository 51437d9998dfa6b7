package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request to place a call: ring {@link #channel()} first and, once it answers, connect it to a
 * dialplan extension or to an application. Click-to-call rings the operator's phone, then the
 * customer:
 *
 * <pre>{@code
 * OriginateRequest r = OriginateRequest.toExtension("PJSIP/101-ep", "+15551234567", "outbound")
 *         .callerId("Company <+1234567890>")
 *         .timeout(Duration.ofSeconds(30))
 *         .variable("CRM_CONTACT_ID", "4711")
 *         .build();
 * }</pre>
 *
 * <p>Exactly one destination is set: either {@code exten} + {@code context} (+ {@code priority}),
 * or {@code application} (+ {@code appData}). Every value goes onto the wire, so CR, LF and NUL
 * are rejected everywhere with an {@link InvalidRequestException} naming the field.
 *
 * @param channel     the dial string of the first leg, for example {@code PJSIP/101-ep} or
 *                    {@code sofia/internal/101%example.com}; required
 * @param exten       the extension to connect to after answer, or {@code null} with an application
 * @param context     the dialplan context of {@code exten}, or {@code null} with an application
 * @param priority    the dialplan priority (Asterisk), at least 1; default 1
 * @param application the application to run after answer (for example {@code Playback}), or
 *                    {@code null} with an extension
 * @param appData     the application's arguments, or {@code null}
 * @param callerId    the caller id shown on the first leg, such as {@code "Name" <number>}, or
 *                    {@code null} for the PBX's default
 * @param timeout     how long the first leg may ring; positive, at most one day; default 30 s
 * @param variables   channel variables to set, in order; names non-blank without {@code =}
 * @param account     the account code for CDRs, or {@code null}
 * @param earlyMedia  whether to connect on early media (progress) instead of answer; default false
 */
public record OriginateRequest(String channel, String exten, String context, int priority, String application,
                               String appData, String callerId, Duration timeout, Map<String, String> variables,
                               String account, boolean earlyMedia) {

    /** The default ringing timeout of the first leg: 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    /** Validates every field; see the class documentation. */
    public OriginateRequest {
        Checks.wireText(channel, "channel");
        Checks.optionalWireText(exten, "exten");
        Checks.optionalWireText(context, "context");
        Checks.positive(priority, "priority");
        Checks.optionalWireText(application, "application");
        Checks.noLineBreaks(appData, "appData");
        Checks.optionalWireText(callerId, "callerId");
        Checks.positive(timeout, "timeout");
        Checks.atMost(timeout, MAX_TIMEOUT, "timeout");
        variables = Checks.copyOfWireMap(variables == null ? Map.of() : variables, "variables");
        Checks.optionalWireText(account, "account");
        if (application == null) {
            if (exten == null) {
                throw new InvalidRequestException("exten", "is required when no application is given");
            }
            if (context == null) {
                throw new InvalidRequestException("context", "is required with an extension");
            }
            if (appData != null) {
                throw new InvalidRequestException("appData", "is only allowed with an application");
            }
        } else if (exten != null || context != null) {
            throw new InvalidRequestException(exten != null ? "exten" : "context",
                    "must not be set together with an application (choose one destination)");
        }
    }

    /** Whether this request connects to an application rather than a dialplan extension. */
    public boolean isApplication() {
        return application != null;
    }

    /** Starts a request that rings {@code channel} and then connects it to {@code exten@context}. */
    public static Builder toExtension(String channel, String exten, String context) {
        Builder b = new Builder(channel);
        b.exten = Checks.wireText(exten, "exten");
        b.context = Checks.wireText(context, "context");
        return b;
    }

    /**
     * Starts a request that rings {@code channel} and then runs {@code application} with
     * {@code data} ({@code null} for none).
     */
    public static Builder toApplication(String channel, String application, String data) {
        Builder b = new Builder(channel);
        b.application = Checks.wireText(application, "application");
        b.appData = Checks.noLineBreaks(data, "appData");
        return b;
    }

    /** A builder holding this request's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(channel);
        b.exten = exten;
        b.context = context;
        b.priority = priority;
        b.application = application;
        b.appData = appData;
        b.callerId = callerId;
        b.timeout = timeout;
        b.variables.putAll(variables);
        b.account = account;
        b.earlyMedia = earlyMedia;
        return b;
    }

    /** Builds an {@link OriginateRequest}; obtained from the static factories. Not thread-safe. */
    public static final class Builder {
        private final String channel;
        private String exten;
        private String context;
        private int priority = 1;
        private String application;
        private String appData;
        private String callerId;
        private Duration timeout = DEFAULT_TIMEOUT;
        private final Map<String, String> variables = new LinkedHashMap<>();
        private String account;
        private boolean earlyMedia;

        private Builder(String channel) {
            this.channel = Checks.wireText(channel, "channel");
        }

        /** The dialplan priority to start at (Asterisk only); default 1. */
        public Builder priority(int priority) {
            this.priority = Checks.positive(priority, "priority");
            return this;
        }

        /** The caller id shown on the first leg, for example {@code "Company" <+1234567890>}. */
        public Builder callerId(String callerId) {
            this.callerId = Checks.optionalWireText(callerId, "callerId");
            return this;
        }

        /** How long the first leg may ring before the originate fails with {@code NO_ANSWER}. */
        public Builder timeout(Duration timeout) {
            Checks.positive(timeout, "timeout");
            this.timeout = Checks.atMost(timeout, MAX_TIMEOUT, "timeout");
            return this;
        }

        /** Sets one channel variable; a later value for the same name replaces the earlier one. */
        public Builder variable(String name, String value) {
            Checks.copyOfWireMap(Map.of(Checks.notNull(name, "variables name"), Checks.notNull(value,
                    "variables[" + name + "]")), "variables");
            variables.put(name, value);
            return this;
        }

        /** Adds channel variables, keeping the map's iteration order. */
        public Builder variables(Map<String, String> values) {
            variables.putAll(Checks.copyOfWireMap(values, "variables"));
            return this;
        }

        /** The account code written to the call's CDR. */
        public Builder account(String account) {
            this.account = Checks.optionalWireText(account, "account");
            return this;
        }

        /** Connect on early media instead of answer (Asterisk {@code EarlyMedia}). */
        public Builder earlyMedia(boolean earlyMedia) {
            this.earlyMedia = earlyMedia;
            return this;
        }

        /** Builds the immutable request. */
        public OriginateRequest build() {
            return new OriginateRequest(channel, exten, context, priority, application, appData, callerId, timeout,
                    variables, account, earlyMedia);
        }
    }
}
