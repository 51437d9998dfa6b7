package io.voipkit.examples.pjsipmonitor.internal;

import io.voipkit.ami.LogBuffer;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxRegistry;
import io.voipkit.examples.pjsipmonitor.MonitorProperties;
import io.voipkit.simulator.PbxSimulator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the monitor's own beans — sections, publishers and the {@code /ws} endpoint — onto what
 * {@code voip-spring-boot-starter} provides from the {@code voip.*} properties: the {@link Pbx}
 * (a real Asterisk or the embedded simulator, connected in the background), the simulator and its
 * traffic, the tailed log lines in a {@link LogBuffer}, health and metrics. Nothing here builds
 * or connects a PBX.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class MonitorConfiguration implements WebSocketConfigurer {
    /**
     * The container's buffer for one text message: larger than the protocol's 64 KiB limit so
     * that an oversized message reaches the handler and gets an error reply instead of the
     * container closing the session (it still closes with 1009 above this).
     */
    static final int CONTAINER_TEXT_BUFFER = 256 * 1024;

    private final MonitorSocketHandler handler;

    MonitorConfiguration(MonitorSocketHandler handler) {
        this.handler = handler;
    }

    @Bean
    static MonitoredPbx monitoredPbx(ObjectProvider<Pbx> pbx, ObjectProvider<PbxRegistry> registry,
                                     ObjectProvider<PbxSimulator> simulator) {
        return new MonitoredPbx(pbx, registry, simulator);
    }

    @Bean
    static SectionStore sectionStore(MonitorProperties properties, JsonMapper jsonMapper) {
        return new SectionStore(properties.dataDir().resolve("sections.json"), jsonMapper);
    }

    @Bean
    static Clients monitorClients() {
        return new Clients();
    }

    @Bean
    static StatusPublisher statusPublisher(MonitoredPbx monitoredPbx, SectionStore sectionStore, Clients monitorClients,
                                           JsonMapper jsonMapper, MonitorProperties properties) {
        return new StatusPublisher(monitoredPbx, sectionStore, monitorClients, jsonMapper, properties.statusInterval());
    }

    @Bean
    static LogFeed logFeed(MonitoredPbx monitoredPbx, Clients monitorClients, JsonMapper jsonMapper) {
        return new LogFeed(monitoredPbx, monitorClients, jsonMapper);
    }

    @Bean
    static MonitorSocketHandler monitorSocketHandler(Clients monitorClients, StatusPublisher statusPublisher,
                                                     SectionStore sectionStore, MonitoredPbx monitoredPbx,
                                                     ObjectProvider<LogBuffer> logBuffer, JsonMapper jsonMapper) {
        // The starter keeps a LogBuffer only when some log file is tailed; without one the
        // viewer's history is simply empty.
        LogBuffer buffer = logBuffer.getIfUnique(() -> new LogBuffer(1));
        return new MonitorSocketHandler(monitorClients, statusPublisher, sectionStore, monitoredPbx, buffer, jsonMapper);
    }

    @Bean
    static ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(CONTAINER_TEXT_BUFFER);
        return container;
    }

    /** {@code /ws}, same origin only (Spring's default), behind the log-in like every page. */
    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/ws");
    }
}
