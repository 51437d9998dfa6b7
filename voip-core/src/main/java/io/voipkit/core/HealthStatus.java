package io.voipkit.core;

/** The verdict of a health check, from best to worst. */
public enum HealthStatus {
    /** Working as expected. */
    UP,
    /** Working, but something needs attention (for example a queue with callers and no available agent). */
    DEGRADED,
    /** Not working: no connection to the PBX, or the PBX does not answer. */
    DOWN;

    /** The worse of this and {@code other}. */
    public HealthStatus worst(HealthStatus other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
