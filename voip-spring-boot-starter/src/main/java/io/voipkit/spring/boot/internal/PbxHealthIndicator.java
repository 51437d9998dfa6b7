package io.voipkit.spring.boot.internal;

import io.voipkit.core.HealthCheckResult;
import io.voipkit.core.HealthReport;
import io.voipkit.core.Pbx;
import io.voipkit.core.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of one PBX from {@link io.voipkit.core.HealthCheck#fullReport()}: {@code UP},
 * {@code DEGRADED} (a status of its own; Spring Boot's default aggregation ranks it like an
 * unknown code, below {@code UP}, and answers HTTP 200 — add it to
 * {@code management.endpoint.health.status.order} to rank it) or {@code DOWN}, with the
 * report's checks as details. No secret is part of the report.
 *
 * <p>Each call runs the checks against the PBX (a few actions, each bounded by the PBX's action
 * timeout); when the PBX is not connected it answers at once with {@code DOWN}.
 */
public final class PbxHealthIndicator implements HealthIndicator {
    /** The status of a working PBX whose report has findings (for example queues without agents). */
    public static final Status DEGRADED = new Status("DEGRADED", "working, but something needs attention");

    private final Pbx pbx;

    /** @param pbx the PBX to report on */
    public PbxHealthIndicator(Pbx pbx) {
        this.pbx = Checks.notNull(pbx, "pbx");
    }

    @Override
    public Health health() {
        HealthReport report;
        try {
            report = pbx.health().fullReport();
        } catch (RuntimeException e) {
            return Health.down().withDetail("pbx", pbx.id()).withDetail("connectionState", pbx.connectionState().name())
                    .withDetail("error", e.getClass().getSimpleName() + ": " + Checks.abbreviate(String.valueOf(e.getMessage())))
                    .build();
        }
        Health.Builder b = switch (report.status()) {
            case UP -> Health.up();
            case DEGRADED -> Health.status(DEGRADED);
            case DOWN -> Health.down();
        };
        HealthCheckResult c = report.connection();
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("status", c.status().name());
        connection.put("state", c.connectionState().name());
        if (c.responseTime() != null) {
            connection.put("responseTimeMs", c.responseTime().toMillis());
        }
        if (c.message() != null) {
            connection.put("message", c.message());
        }
        b.withDetail("pbx", pbx.id()).withDetail("kind", pbx.kind().name()).withDetail("connection", connection);
        if (report.system() != null) {
            b.withDetail("system", report.system());
        }
        if (report.channels() != null) {
            b.withDetail("channels", report.channels());
        }
        if (report.queues() != null) {
            b.withDetail("queues", report.queues());
        }
        if (!report.problems().isEmpty()) {
            b.withDetail("problems", report.problems());
        }
        return b.withDetail("checkedAt", report.checkedAt().toString()).build();
    }

    @Override
    public String toString() {
        return "PbxHealthIndicator[" + pbx.id() + "]";
    }
}
