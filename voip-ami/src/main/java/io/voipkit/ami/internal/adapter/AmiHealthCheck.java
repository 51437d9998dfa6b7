package io.voipkit.ami.internal.adapter;

import io.voipkit.ami.internal.AmiAction;
import io.voipkit.ami.internal.AmiMessage;
import io.voipkit.core.CallQuality;
import io.voipkit.core.ChannelsCheck;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.HealthCheck;
import io.voipkit.core.HealthCheckResult;
import io.voipkit.core.HealthReport;
import io.voipkit.core.LiveState;
import io.voipkit.core.QueuesCheck;
import io.voipkit.core.SystemInfo;
import io.voipkit.core.internal.CallQualityWindow;
import io.voipkit.core.internal.Checks;
import io.voipkit.core.internal.HealthReports;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@link HealthCheck} over AMI: {@code Ping} for the connection, {@code CoreSettings} plus
 * {@code CoreStatus} for system info, the live state for channels, endpoints and queues (no PBX
 * round trip, so a dashboard may call them often), and a {@link CallQualityWindow} fed by
 * {@link CallQualityTap} for call quality. The combining rules are voip-core's
 * {@link HealthReports}, shared with the other adapters.
 */
final class AmiHealthCheck implements HealthCheck {
    private final AmiGateway gateway;
    private final Supplier<ConnectionState> connectionState;
    private final LiveState state;
    private final CallQualityWindow quality;
    private final ZoneId zone;
    private final Clock clock;

    AmiHealthCheck(AmiGateway gateway, Supplier<ConnectionState> connectionState, LiveState state,
                   CallQualityWindow quality, ZoneId zone, Clock clock) {
        this.gateway = gateway;
        this.connectionState = connectionState;
        this.state = state;
        this.quality = quality;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public HealthCheckResult checkConnection() {
        return HealthReports.checkConnection(connectionState.get(), () -> gateway.call(AmiAction.of("Ping")), clock);
    }

    @Override
    public SystemInfo systemInfo() {
        // Both in flight at once: one round trip instead of two.
        CompletableFuture<AmiMessage> settings = gateway.send(AmiAction.of("CoreSettings"));
        CompletableFuture<AmiMessage> status = gateway.send(AmiAction.of("CoreStatus"));
        AmiMessage s = io.voipkit.ami.internal.AmiConnection.requireSuccess("CoreSettings",
                AmiGateway.await(settings, "CoreSettings", gateway.actionTimeout()));
        AmiMessage st = io.voipkit.ami.internal.AmiConnection.requireSuccess("CoreStatus",
                AmiGateway.await(status, "CoreStatus", gateway.actionTimeout()));
        return AmiRecords.systemInfo(s, st, zone, clock.instant());
    }

    @Override
    public ChannelsCheck checkChannels() {
        return HealthReports.channelsCheck(state);
    }

    @Override
    public QueuesCheck checkQueues() {
        return HealthReports.queuesCheck(state.queues(), HealthReports.DEFAULT_LONG_WAIT);
    }

    @Override
    public HealthReport fullReport() {
        return HealthReports.fullReport(checkConnection(), this::systemInfo, this::checkChannels, this::checkQueues, clock);
    }

    @Override
    public CallQuality callQuality(Duration window) {
        Checks.positive(window, "window");
        Checks.atMost(window, quality.retention(), "window");
        return quality.snapshot(window);
    }
}
