package io.voipkit.freeswitch.adapter;

import io.voipkit.core.PbxConfig;
import io.voipkit.freeswitch.FreeSwitchPbx;
import io.voipkit.freeswitch.internal.RealFreeSwitch;
import io.voipkit.testsupport.SippPhones;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;


/**
 * The {@link FreeSwitchPbxContract} against the real FreeSWITCH 1.10.12 of {@code ../shared/pbx},
 * started once for the class by {@link RealFreeSwitch} (which skips with the reason where it is
 * absent or cannot run) and stopped afterwards. Phones are {@code sipp} with the project's
 * {@code scripts/sipp/register.xml}; the restart is a SIGKILL and a fresh start on the same ports.
 */
class FreeSwitchPbxRealIT extends FreeSwitchPbxContract {

    /** Quick reconnects: the restarted FreeSWITCH opens its ESL port within seconds. */
    static final PbxConfig CONFIG = PbxConfig.builder()
            .connectTimeout(Duration.ofSeconds(10))
            .actionTimeout(Duration.ofSeconds(15))
            .reconnectInitialDelay(Duration.ofMillis(500))
            .reconnectMaxDelay(Duration.ofSeconds(2))
            .build();

    static RealFreeSwitch fs;
    private final SippPhones phones = new SippPhones(new SippPhones.Commands() {
        @Override
        public List<String> register(String user, int port) {
            return sipp("register.xml", user, port, List.of("-key", "expires", "3600", "-d", "600000", "-aa"));
        }

        @Override
        public List<String> unregister(String user, int port) {
            return sipp("unregister.xml", user, port, List.of());
        }
    });

    @BeforeAll
    static void start() throws Exception {
        fs = RealFreeSwitch.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fs != null) {
            fs.close();
        }
    }

    @org.junit.jupiter.api.AfterEach
    void stopPhones() {
        phones.close();
    }

    @Override
    protected Target target() {
        return new Target() {
            @Override
            public FreeSwitchPbx.Builder builder() {
                return FreeSwitchPbx.builder().host("127.0.0.1").port(fs.eslPort).password(fs.password).config(CONFIG);
            }

            @Override
            public void registerPhone(String user) throws IOException {
                phones.register(user);
            }

            @Override
            public void unregisterPhone(String user) throws Exception {
                phones.unregister(user);
            }

            @Override
            public void restart() throws Exception {
                fs.restart();
            }

            @Override
            public Dialplan dialplan() {
                return new Dialplan("loopback/7703/default", "7700", "default", "loopback/7701/default",
                        "loopback/7704/default", "voipkit@default", "longest-idle-agent",
                        List.of("agent7001@default", "agent7002@default"), "loopback/7705/default",
                        "[leg_timeout=10]loopback/7707/default", "1005", "1019");
            }
        };
    }

    private static List<String> sipp(String scenario, String user, int port, List<String> extra) {
        Path sipp = Path.of("/usr/bin/sipp");
        Path scenarios = Path.of("..", "scripts", "sipp").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isExecutable(sipp) && Files.isRegularFile(scenarios.resolve(scenario)),
                "sipp or scripts/sipp is missing: no SIP phone can register here");
        List<String> cmd = new java.util.ArrayList<>(List.of(sipp.toString(), "127.0.0.1:" + fs.sipPort(),
                "-sf", scenarios.resolve(scenario).toString(), "-s", user, "-au", user, "-ap", fs.sipPassword(),
                "-i", "127.0.0.1", "-p", Integer.toString(port), "-key", "contact_port", Integer.toString(port),
                "-m", "1", "-nostdin"));
        cmd.addAll(extra);
        return cmd;
    }
}
