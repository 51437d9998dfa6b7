package io.voipkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The generated metadata documents the {@code voip.routing}, {@code voip.cdr} and {@code voip.web} properties. */
class RoutingCdrWebMetadataTest {

    @Test
    void everyRoutingCdrAndWebPropertyHasADescription() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String properties = json.substring(json.indexOf("\"properties\": ["), json.indexOf("\"hints\""));
        String[] expected = {"voip.routing.rules-file", "voip.routing.reload-interval", "voip.routing.use-live-state",
            "voip.routing.queue.max-wait", "voip.cdr.source.type", "voip.cdr.source.path", "voip.cdr.source.url",
            "voip.cdr.source.password", "voip.cdr.schedule", "voip.cdr.checkpoint-dir", "voip.cdr.sink.url",
            "voip.cdr.sink.use-application-data-source", "voip.web.enabled", "voip.web.route-path",
            "voip.web.base-path", "voip.web.route-allowed-addresses", "voip.web.security.role"};
        for (String name : expected) {
            assertThat(properties).contains("\"name\": \"" + name + "\"");
        }
        int count = 0;
        for (String entry : properties.split("\\n    },?")) {
            if (entry.contains("\"name\": \"voip.routing.") || entry.contains("\"name\": \"voip.cdr.")
                    || entry.contains("\"name\": \"voip.web.")) {
                assertThat(entry).contains("\"description\": \"");
                count++;
            }
        }
        assertThat(count).isGreaterThanOrEqualTo(30);
    }
}
