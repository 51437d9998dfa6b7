package io.voipkit.ami.adapter;

import io.voipkit.ami.AsteriskPbx;
import io.voipkit.core.PbxConfig;
import io.voipkit.simulator.PbxSimulator;

import java.time.Duration;

/** The {@link AsteriskPbxContract} against the in-process {@link PbxSimulator}. */
class AsteriskPbxSimulatorTest extends AsteriskPbxContract {

    /** Fast reconnects: the simulator restarts in about 0.4 s. */
    static final PbxConfig FAST = PbxConfig.builder()
            .connectTimeout(Duration.ofSeconds(3))
            .actionTimeout(Duration.ofSeconds(5))
            .reconnectInitialDelay(Duration.ofMillis(100))
            .reconnectMaxDelay(Duration.ofMillis(500))
            .build();

    private PbxSimulator sim;

    @Override
    protected void startTarget() {
        sim = PbxSimulator.builder().endpoints(5)
                .user("monitor", "monitor-secret", "all", "all")
                .user("readonly", "readonly-secret", "system,call,agent,user,reporting", "")
                .build().start();
    }

    @Override
    protected void stopTarget() {
        if (sim != null) {
            sim.close();
        }
    }

    @Override
    protected Target target() {
        return new Target() {
            @Override
            public AsteriskPbx.Builder admin() {
                return AsteriskPbx.builder().host("127.0.0.1").port(sim.amiPort()).username("monitor")
                        .secret("monitor-secret").config(FAST);
            }

            @Override
            public AsteriskPbx.Builder readonly() {
                return AsteriskPbx.builder().host("127.0.0.1").port(sim.amiPort()).username("readonly")
                        .secret("readonly-secret").config(FAST);
            }

            @Override
            public void registerPhone(String endpoint) {
                sim.registerPhone(endpoint);
            }

            @Override
            public void unregisterPhone(String endpoint) {
                sim.unregisterPhone(endpoint);
            }

            @Override
            public void restart() {
                sim.restart();
            }
        };
    }
}
