package io.voipkit.examples.pjsipmonitor.internal;

import io.voipkit.ami.LogBuffer;
import io.voipkit.examples.pjsipmonitor.MonitorProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the PBX, the sections, the publishers and the {@code /ws} endpoint from the
 * {@code voip.*} properties.
 *
 * <p>The PBX part ({@link PbxRuntime}, the log buffer) moves to {@code voip-spring-boot-starter}
 * once that module exists; this example then only keeps its own beans (sections, publishers,
 * WebSocket).
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
    static LogBuffer monitorLogBuffer(MonitorProperties properties) {
        return new LogBuffer(properties.monitor().logBufferLines());
    }

    @Bean
    static PbxRuntime pbxRuntime(MonitorProperties properties, LogBuffer monitorLogBuffer) {
        return new PbxRuntime(properties, monitorLogBuffer);
    }

    @Bean
    static SectionStore sectionStore(MonitorProperties properties, JsonMapper jsonMapper) {
        return new SectionStore(properties.monitor().dataDir().resolve("sections.json"), jsonMapper);
    }

    @Bean
    static Clients monitorClients() {
        return new Clients();
    }

    @Bean
    static StatusPublisher statusPublisher(PbxRuntime pbxRuntime, SectionStore sectionStore, Clients monitorClients,
                                           JsonMapper jsonMapper, MonitorProperties properties) {
        return new StatusPublisher(pbxRuntime, sectionStore, monitorClients, jsonMapper, properties.monitor().statusInterval());
    }

    @Bean
    static LogFeed logFeed(PbxRuntime pbxRuntime, Clients monitorClients, JsonMapper jsonMapper) {
        return new LogFeed(pbxRuntime, monitorClients, jsonMapper);
    }

    @Bean
    static MonitorSocketHandler monitorSocketHandler(Clients monitorClients, StatusPublisher statusPublisher,
                                                     SectionStore sectionStore, PbxRuntime pbxRuntime,
                                                     LogBuffer monitorLogBuffer, JsonMapper jsonMapper) {
        return new MonitorSocketHandler(monitorClients, statusPublisher, sectionStore, pbxRuntime, monitorLogBuffer, jsonMapper);
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
