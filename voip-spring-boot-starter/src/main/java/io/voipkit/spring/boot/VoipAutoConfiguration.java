package io.voipkit.spring.boot;

import io.voipkit.ami.LogBuffer;
import io.voipkit.core.ActionObserver;
import io.voipkit.core.CallControl;
import io.voipkit.core.HealthCheck;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.LiveState;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxRegistry;
import io.voipkit.core.QueueMonitor;
import io.voipkit.simulator.PbxSimulator;
import io.voipkit.simulator.TrafficGenerator;
import io.voipkit.spring.boot.internal.LogBufferFeed;
import io.voipkit.spring.boot.internal.LogFilesCondition;
import io.voipkit.spring.boot.internal.PbxConnector;
import io.voipkit.spring.boot.internal.PbxEventListenerProcessor;
import io.voipkit.spring.boot.internal.PbxFactory;
import io.voipkit.spring.boot.internal.SimulatorEndpoint;
import io.voipkit.spring.boot.internal.SimulatorLogNoise;
import io.voipkit.spring.boot.internal.SimulatorModeCondition;
import io.voipkit.spring.boot.internal.SinglePbxCondition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Wires voipkit from the {@code voip.*} properties ({@link VoipProperties}).
 *
 * <ul>
 *   <li>{@link PbxRegistry} ({@code voipPbxRegistry}) with every configured PBX, unconnected;</li>
 *   <li>a lifecycle bean ({@code voipPbxConnector}) that connects them at start-up (in the
 *       background, retrying with backoff, unless {@code fail-fast}) and closes them at shutdown;</li>
 *   <li>when exactly one PBX is configured (or the simulator stands in): {@link Pbx},
 *       {@link CallControl}, {@link QueueMonitor}, {@link HealthCheck} and {@link LiveState};</li>
 *   <li>{@link PbxEventListener} methods of the application's beans subscribed to the PBXs;</li>
 *   <li>with {@code voip.simulator.enabled=true} and no PBX configured: an embedded
 *       {@link PbxSimulator} (and its random traffic when {@code calls-per-second > 0}, its
 *       Asterisk-format log at {@code log-file}, tailed by the PBX, and the log noise of
 *       {@code log-noise});</li>
 *   <li>when some PBX has log files ({@code voip.asterisk.log-files}, {@code voip.pbx.<id>.log-files}
 *       or the simulator's {@code log-file}) and {@code voip-ami} is present: a {@link LogBuffer}
 *       ({@code voipLogBuffer}, {@code voip.logs.buffer-lines}) filled with every PBX's
 *       {@code LogLineReceived} lines, for a log viewer's history, filters and counts.</li>
 * </ul>
 *
 * <p>Every bean backs off when the application defines one of the same type. An application
 * that defines its own {@link PbxRegistry} still gets its PBXs connected at start-up and closed
 * at shutdown by the lifecycle bean; it defines a bean named {@code voipPbxConnector} to take
 * that over too.
 */
@AutoConfiguration
@EnableConfigurationProperties(VoipProperties.class)
public final class VoipAutoConfiguration {

    /** For Spring. */
    VoipAutoConfiguration() {
    }

    /**
     * Every configured PBX by id, unconnected until the application starts. Every
     * {@link ActionObserver} bean (the starter's {@code voip.action.latency} timer, the
     * application's own) is told about every action of every PBX.
     */
    @Bean
    @ConditionalOnMissingBean
    static PbxRegistry voipPbxRegistry(VoipProperties properties, ObjectProvider<SimulatorEndpoint> simulator,
                                       ObjectProvider<ActionObserver> observers) {
        ActionObserver observer = observers.orderedStream().reduce(ActionObserver.NONE, ActionObserver::andThen);
        return PbxFactory.createRegistry(properties, simulator.getIfAvailable(), VoipAutoConfiguration.class.getClassLoader(),
                observer);
    }

    /** Connects the registry's PBXs on start-up and closes them on shutdown. */
    @Bean
    @ConditionalOnMissingBean(name = "voipPbxConnector")
    static PbxConnector voipPbxConnector(PbxRegistry registry, VoipProperties properties) {
        Set<String> failFast = new LinkedHashSet<>();
        if (properties.asteriskConfigured() && properties.asterisk().failFast()) {
            failFast.add(PbxFactory.ASTERISK_ID);
        }
        for (Map.Entry<String, VoipProperties.Connection> e : properties.pbx().entrySet()) {
            if (e.getValue() != null && e.getValue().failFast()) {
                failFast.add(e.getKey());
            }
        }
        return new PbxConnector(registry, failFast);
    }

    /** Subscribes the {@link PbxEventListener} methods of the application's beans. */
    @Bean
    @ConditionalOnMissingBean
    static PbxEventListenerProcessor voipPbxEventListenerProcessor(ObjectProvider<PbxRegistry> registry) {
        return new PbxEventListenerProcessor(registry);
    }

    /** The beans of the one PBX, when there is exactly one. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(SinglePbxCondition.class)
    static class SinglePbxConfiguration {

        /** Closed by the registry (and the connector), not by Spring a second time. */
        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean
        static Pbx voipPbx(PbxRegistry registry) {
            List<Pbx> all = registry.all();
            if (all.size() != 1) {
                throw new IllegalStateException("voipkit: expected exactly one PBX in the PbxRegistry for the single-PBX "
                        + "beans, found " + registry.ids() + "; define a Pbx bean yourself or use PbxRegistry.require(id)");
            }
            return all.get(0);
        }

        @Bean
        @ConditionalOnMissingBean
        static CallControl voipCallControl(Pbx pbx) {
            return pbx.calls();
        }

        @Bean
        @ConditionalOnMissingBean
        static QueueMonitor voipQueueMonitor(Pbx pbx) {
            return pbx.queues();
        }

        @Bean
        @ConditionalOnMissingBean
        static HealthCheck voipHealthCheck(Pbx pbx) {
            return pbx.health();
        }

        @Bean
        @ConditionalOnMissingBean
        static LiveState voipLiveState(Pbx pbx) {
            return pbx.state();
        }
    }

    /** The embedded simulator, when enabled and no PBX is configured. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(PbxSimulator.class)
    @Conditional(SimulatorModeCondition.class)
    static class SimulatorConfiguration {

        /** Started here, so that its port is known before the registry is built; closed on shutdown. */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        static PbxSimulator voipSimulator(VoipProperties properties) {
            VoipProperties.Simulator s = properties.simulator();
            // 9000: the simulator numbers its phones 101 to 9100.
            if (s.phones() < 1 || s.phones() > 9000) {
                throw new InvalidRequestException("voip.simulator.phones", "must be 1 to 9000, was " + s.phones());
            }
            if (s.registered() < -1 || s.registered() > s.phones()) {
                throw new InvalidRequestException("voip.simulator.registered",
                        "must be -1 (all) or 0 to voip.simulator.phones (" + s.phones() + "), was " + s.registered());
            }
            if (!(s.callsPerSecond() >= 0) || Double.isInfinite(s.callsPerSecond())) {
                throw new InvalidRequestException("voip.simulator.calls-per-second",
                        "must be 0 or more, was " + s.callsPerSecond());
            }
            PbxSimulator.Builder builder = PbxSimulator.builder().endpoints(s.phones()).seed(s.seed());
            Path logFile = simulatorLogFile(s);
            if (logFile != null) {
                builder.logFile(logFile);
            }
            PbxSimulator sim = builder.build().start();
            int registered = s.registered() < 0 ? s.phones() : s.registered();
            for (String phone : sim.endpoints().subList(0, registered)) {
                sim.registerPhone(phone);
            }
            // One line, so that a user who did not expect simulation mode sees it straight away.
            LoggerFactory.getLogger(VoipAutoConfiguration.class).info(
                    "voipkit: embedded simulator on 127.0.0.1:{}: {} PJSIP phones ({} registered), {} traffic steps/s, seed {}{}",
                    sim.amiPort(), s.phones(), registered, s.callsPerSecond(), s.seed(),
                    logFile == null ? "" : ", log file " + logFile);
            return sim;
        }

        /**
         * {@code voip.simulator.log-file}, created (with its folders) or emptied: the simulator
         * appends, and a log that grows across runs would only fill the disk. {@code null} when
         * not set.
         */
        static Path simulatorLogFile(VoipProperties.Simulator s) {
            Path file = s.logFile();
            if (file == null || file.toString().isBlank()) {
                return null;
            }
            if (Files.isDirectory(file)) {
                throw new InvalidRequestException("voip.simulator.log-file", "is a directory, expected a file: " + file);
            }
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE).close();
            } catch (IOException e) {
                throw new InvalidRequestException("voip.simulator.log-file", "cannot be created or emptied: " + file
                        + " (" + e + ")");
            }
            return file;
        }

        @Bean
        static SimulatorEndpoint voipSimulatorEndpoint(PbxSimulator voipSimulator, VoipProperties properties) {
            Path logFile = properties.simulator().logFile();
            return new SimulatorEndpoint(voipSimulator.amiPort(),
                    logFile == null || logFile.toString().isBlank() ? null : logFile);
        }

        /** {@code voip.simulator.log-noise=true}: a line of some level every few seconds; needs a log file. */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(name = "voip.simulator.log-noise", havingValue = "true")
        static SimulatorLogNoise voipSimulatorLogNoise(PbxSimulator voipSimulator, VoipProperties properties) {
            Path logFile = properties.simulator().logFile();
            if (logFile == null || logFile.toString().isBlank()) {
                throw new InvalidRequestException("voip.simulator.log-noise", "needs voip.simulator.log-file (where the lines go)");
            }
            return new SimulatorLogNoise(voipSimulator, properties.simulator().seed());
        }

        /** Random traffic, when {@code voip.simulator.calls-per-second > 0}; stopped on shutdown. */
        @Bean(destroyMethod = "stop")
        @ConditionalOnMissingBean
        @ConditionalOnExpression(
                "${voip.simulator.calls-per-second:0} > 0")
        static TrafficGenerator voipSimulatorTraffic(PbxSimulator voipSimulator, VoipProperties properties) {
            VoipProperties.Simulator s = properties.simulator();
            return voipSimulator.traffic(s.seed(), s.callsPerSecond()).start();
        }
    }

    /** The buffer of tailed log lines, when some PBX has log files and {@code voip-ami} is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(LogBuffer.class)
    @Conditional(LogFilesCondition.class)
    static class LogBufferConfiguration {

        /** The last {@code voip.logs.buffer-lines} lines of every PBX. */
        @Bean
        @ConditionalOnMissingBean
        static LogBuffer voipLogBuffer(VoipProperties properties) {
            int lines = properties.logs().bufferLines();
            if (lines < 1 || lines > LogBuffer.MAX_CAPACITY) {
                throw new InvalidRequestException("voip.logs.buffer-lines",
                        "must be 1 to " + LogBuffer.MAX_CAPACITY + ", was " + lines);
            }
            return new LogBuffer(lines);
        }

        /** Fills the {@link LogBuffer} bean (the application's own, if it defines one) from every PBX. */
        @Bean
        @ConditionalOnMissingBean
        static LogBufferFeed voipLogBufferFeed(PbxRegistry registry, LogBuffer logBuffer, VoipProperties properties) {
            return new LogBufferFeed(registry, logBuffer, properties.events().queueCapacity());
        }
    }
}
