package io.voipkit.freeswitch.adapter;

import io.voipkit.core.PbxConfig;
import io.voipkit.freeswitch.FreeSwitchPbx;
import io.voipkit.freeswitch.internal.RealFreeSwitch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

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
    private final Map<String, Phone> phones = new ConcurrentHashMap<>();

    private record Phone(Process process, int port) {
    }

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
        phones.values().forEach(p -> p.process().destroyForcibly());
        phones.clear();
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
                int port = freeUdpPort();
                Process p = new ProcessBuilder(sipp("register.xml", user, port, List.of("-key", "expires", "3600",
                        "-d", "600000", "-aa")))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                phones.put(user, new Phone(p, port));
            }

            @Override
            public void unregisterPhone(String user) throws Exception {
                Phone phone = phones.remove(user);
                if (phone == null) {
                    return;
                }
                phone.process().destroy();
                phone.process().waitFor(5, TimeUnit.SECONDS);
                Process un = new ProcessBuilder(sipp("unregister.xml", user, phone.port(), List.of()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                assertThat(un.waitFor(20, TimeUnit.SECONDS)).as("sipp unregister of %s finished", user).isTrue();
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

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
