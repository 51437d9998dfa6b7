package io.voipkit.spring.boot.it;

import io.voipkit.core.LiveState;
import io.voipkit.core.Pbx;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.spring.boot.PbxEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application {@link StarterRealAsteriskIT} and {@link StarterRealFreeSwitchIT} start:
 * nothing but auto-configuration (the starter, MVC on Tomcat, actuator, metrics, security as far
 * as they are on the test classpath), a bean with a {@link PbxEventListener} method, and one
 * endpoint of the application's own that reads the injected {@link LiveState}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ItApplication.EventLog.class, ItApplication.StatusController.class})
class ItApplication {

    /** Keeps every event of every PBX, as a user's {@code @PbxEventListener} bean would see them. */
    static final class EventLog {
        private final List<PbxEvent> events = new CopyOnWriteArrayList<>();

        @PbxEventListener
        void onEvent(PbxEvent event) {
            events.add(event);
        }

        /** The events received so far, in delivery order. */
        List<PbxEvent> events() {
            return List.copyOf(events);
        }

        /** The events of one type received so far, in delivery order. */
        <T extends PbxEvent> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    /** An endpoint of the application itself: it must keep answering while the PBX is away. */
    @RestController
    static final class StatusController {
        private final Pbx pbx;
        private final LiveState state;

        StatusController(Pbx pbx, LiveState state) {
            this.pbx = pbx;
            this.state = state;
        }

        @GetMapping(path = "/it/status", produces = MediaType.TEXT_PLAIN_VALUE)
        String status() {
            return pbx.connectionState() + " current=" + state.isCurrent() + " endpoints=" + state.endpoints().size();
        }
    }
}
