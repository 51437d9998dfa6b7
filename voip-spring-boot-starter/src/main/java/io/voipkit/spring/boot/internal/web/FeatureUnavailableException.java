package io.voipkit.spring.boot.internal.web;

/**
 * An endpoint needs a voipkit bean the application does not have (no call log, no routing
 * engine, no PBX): answered 503 with a problem detail naming what to configure.
 */
final class FeatureUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FeatureUnavailableException(String message) {
        super(message, null, false, false);
    }
}
