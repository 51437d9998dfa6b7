package io.voipkit.freeswitch.adapter;

import io.voipkit.core.PbxConfig;
import io.voipkit.freeswitch.FreeSwitchPbx;
import io.voipkit.simulator.esl.FreeSwitchSimulator;

import java.time.Duration;
import java.util.List;

/**
 * The {@link FreeSwitchPbxContract} against voip-simulator's {@link FreeSwitchSimulator}, in
 * every build: the simulator models the switch the transcripts were recorded from (test
 * extensions 9000-9008, queue {@code verify@default} with agents {@code agent9100@default} and
 * {@code agent9101@default}, users 1000-1019). A restart is a new simulator on the same port
 * (calls gone, as after a FreeSWITCH crash). Every contract test runs here: the simulator models
 * {@code list_users}, the flipped caller id of originated legs, transfers ({@code transfer_source}),
 * {@code uuid_broadcast att_xfer}, valet parking, {@code eavesdrop} and mod_callcenter agents as
 * the real switch does (issue 7).
 */
class FreeSwitchPbxSimulatorTest extends FreeSwitchPbxContract {

    static final PbxConfig CONFIG = PbxConfig.builder()
            .actionTimeout(Duration.ofSeconds(5))
            .reconnectInitialDelay(Duration.ofMillis(100))
            .reconnectMaxDelay(Duration.ofMillis(500))
            .build();

    private volatile FreeSwitchSimulator sim;

    @Override
    protected void startTarget() {
        sim = FreeSwitchSimulator.builder().heartbeat(Duration.ZERO).build().start();
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
            public FreeSwitchPbx.Builder builder() {
                return FreeSwitchPbx.builder().host("127.0.0.1").port(sim.port()).password("ClueCon").config(CONFIG);
            }

            @Override
            public void registerPhone(String user) {
                sim.registerPhone(user);
            }

            @Override
            public void unregisterPhone(String user) {
                sim.unregisterPhone(user);
            }

            @Override
            public void restart() {
                int port = sim.port();
                sim.close();
                sim = FreeSwitchSimulator.builder().port(port).heartbeat(Duration.ZERO).build().start();
            }

            @Override
            public Dialplan dialplan() {
                return new Dialplan("loopback/9000/default", "9007", "default", "loopback/9001/default",
                        "loopback/9002/default", "verify@default", "round-robin",
                        List.of("agent9100@default", "agent9101@default"), "loopback/9003/default",
                        "[leg_timeout=10]loopback/9102/default", "1005", "1019");
            }
        };
    }
}
