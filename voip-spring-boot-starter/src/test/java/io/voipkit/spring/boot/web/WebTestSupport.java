package io.voipkit.spring.boot.web;

import io.voipkit.cdr.CallDirection;
import io.voipkit.cdr.CallLogEntry;
import io.voipkit.cdr.CallRecordSink;
import io.voipkit.cdr.InMemoryCallRecordSink;
import io.voipkit.core.CallDisposition;
import io.voipkit.core.CallRecord;
import io.voipkit.routing.RoutingEngine;
import io.voipkit.routing.RuleSetFiles;
import io.voipkit.spring.boot.VoipAutoConfiguration;
import io.voipkit.spring.boot.VoipCdrAutoConfiguration;
import io.voipkit.spring.boot.VoipRoutingAutoConfiguration;
import io.voipkit.spring.boot.VoipWebAutoConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** A Spring MVC application context with voipkit's web endpoints, and helpers to read their answers. */
final class WebTestSupport {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** support: 101, 102 available (linear); nobody: 901, 902, never available; caller 666 is rejected. */
    static final String RULES = """
            {"groups": [
               {"name": "support", "strategy": "linear", "members": ["PJSIP/101", "PJSIP/102"]},
               {"name": "nobody", "strategy": "linear", "maxQueueSize": 2, "members": ["PJSIP/901", "PJSIP/902"]}],
             "rules": [
               {"id": "blocked", "priority": 0, "caller": "666", "action": {"reject": "CALL_REJECTED"}},
               {"id": "sales", "priority": 10, "called": "100", "action": {"group": "support"}},
               {"id": "night", "priority": 20, "called": "200", "action": {"group": "nobody"}}]}
            """;

    private WebTestSupport() {
    }

    static WebApplicationContextRunner runner() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VoipAutoConfiguration.class, VoipRoutingAutoConfiguration.class,
                        VoipCdrAutoConfiguration.class, VoipWebAutoConfiguration.class, JacksonAutoConfiguration.class,
                        HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class,
                        DispatcherServletAutoConfiguration.class));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(MvcResult r) throws Exception {
        return JSON.readValue(r.getResponse().getContentAsString(), Map.class);
    }

    static Map<String, Object> json(String s) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.readValue(s, Map.class);
        return m;
    }

    static WebApplicationContext web(org.springframework.context.ApplicationContext c) {
        return (WebApplicationContext) c;
    }

    /** The test's engine and a call log with three calls of today. */
    @Configuration(proxyBeanMethods = false)
    static class EngineAndCallLog {
        @Bean
        RoutingEngine engine() {
            return RoutingEngine.builder().rules(RuleSetFiles.parse(RULES, "test.json"))
                    .availability(m -> !m.target().startsWith("PJSIP/9")).build();
        }

        @Bean
        CallRecordSink callLog() {
            InMemoryCallRecordSink sink = new InMemoryCallRecordSink();
            Instant now = Instant.now().minusSeconds(60);
            sink.write(List.of(
                    entry("a", now, 10, 60, CallDisposition.ANSWERED, "PJSIP/101"),
                    entry("b", now, 20, 120, CallDisposition.ANSWERED, "PJSIP/102"),
                    entry("c", now, 0, 30, CallDisposition.NO_ANSWER, "PJSIP/301")));
            return sink;
        }

        static CallLogEntry entry(String id, Instant start, int wait, int duration, CallDisposition d, String operator) {
            boolean answered = d == CallDisposition.ANSWERED;
            CallRecord r = new CallRecord(id, null, null, "+4930123", "100", "from-trunk", null, "PJSIP/trunk-1",
                    operator + "-1", "Dial", null, start, answered ? start.plusSeconds(wait) : null,
                    start.plusSeconds(duration), Duration.ofSeconds(duration),
                    Duration.ofSeconds(answered ? duration - wait : 0), d, null, null, Map.of());
            return new CallLogEntry(id, "test", r, CallDirection.INBOUND, "+4930123", "100", operator, null, null);
        }
    }
}
