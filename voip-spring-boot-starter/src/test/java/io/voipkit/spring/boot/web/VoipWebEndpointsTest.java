package io.voipkit.spring.boot.web;

import static io.voipkit.spring.boot.web.WebTestSupport.json;
import static io.voipkit.spring.boot.web.WebTestSupport.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.voipkit.spring.boot.internal.web.RecentCalls;
import io.voipkit.spring.boot.internal.web.VoipApiController;
import io.voipkit.spring.boot.internal.web.VoipRouteController;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import io.voipkit.spring.boot.VoipWebAutoConfiguration;
import io.voipkit.spring.boot.VoipRoutingAutoConfiguration;

/** Every endpoint of {@link VoipWebAutoConfiguration} through Spring MVC, valid and malformed requests. */
class VoipWebEndpointsTest {

    private final WebApplicationContextRunner runner = WebTestSupport.runner()
            .withUserConfiguration(WebTestSupport.EngineAndCallLog.class)
            .withPropertyValues("voip.web.enabled=true");

    interface MvcTest {
        void run(MockMvc mvc) throws Exception;
    }

    void mvc(MvcTest test) {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            test.run(MockMvcBuilders.webAppContextSetup(web(context)).build());
        });
    }

    static MvcResult send(MockMvc mvc, org.springframework.test.web.servlet.RequestBuilder r) throws Exception {
        return mvc.perform(r).andReturn();
    }

    static void assertProblem(MvcResult r, int status, String field) throws Exception {
        assertThat(r.getResponse().getStatus()).isEqualTo(status);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        Map<String, Object> p = json(r);
        assertThat(p.get("status")).isEqualTo(status);
        assertThat((String) p.get("instance")).startsWith("/");
        if (field != null) {
            assertThat(p.get("field")).isEqualTo(field);
            assertThat((String) p.get("detail")).startsWith(field + ": ");
            assertThat((String) p.get("problem")).isNotBlank();
        }
    }

    // ------------------------------------------------------------ conditions

    @Test
    void endpointsAreOffByDefault() {
        WebTestSupport.runner().withUserConfiguration(WebTestSupport.EngineAndCallLog.class).run(context ->
                assertThat(context).doesNotHaveBean(VoipRouteController.class).doesNotHaveBean(VoipApiController.class));
    }

    @Test
    void notAWebApplication_noEndpoints() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VoipRoutingAutoConfiguration.class, VoipWebAutoConfiguration.class))
                .withPropertyValues("voip.web.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(VoipRouteController.class));
    }

    @Test
    void routingDisabled_noRouteEndpoint_butTheApiAnswers503ForRouting() {
        WebTestSupport.runner().withPropertyValues("voip.web.enabled=true", "voip.routing.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(VoipRouteController.class).hasSingleBean(VoipApiController.class);
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(web(context)).build();
            MvcResult r = send(mvc, post("/voip/incoming/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"session_id\": \"s1\", \"called_number\": \"100\"}"));
            assertProblem(r, 503, null);
        });
    }

    @Test
    void invalidPaths_failTheStartUpNamingTheProperty() {
        runner.withPropertyValues("voip.web.route-path=api/route/").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("voip.web.route-path");
        });
        runner.withPropertyValues("voip.web.base-path=/voip/{x}").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("voip.web.base-path");
        });
    }

    @Test
    void userController_backsOffOurs() {
        runner.withBean("myRoute", VoipRouteController.class,
                        () -> new VoipRouteController(io.voipkit.routing.RoutingEngine.builder().build()))
                .run(context -> assertThat(context).hasSingleBean(VoipRouteController.class)
                        .hasBean("myRoute").doesNotHaveBean("voipRouteController"));
    }

    // ------------------------------------------------------------ route

    @Test
    void route_plainTextIsTheDialTarget() {
        mvc(mvc -> {
            MvcResult r = send(mvc, get("/api/voip/route/{caller}/{called}", "+4930123", "100").header("Accept", "*/*"));
            assertThat(r.getResponse().getStatus()).isEqualTo(200);
            assertThat(r.getResponse().getContentType()).startsWith("text/plain");
            assertThat(r.getResponse().getContentAsString()).isEqualTo("PJSIP/101");
        });
    }

    @Test
    void route_noDecisionOrNobodyAvailable_isAnEmptyAnswer() {
        mvc(mvc -> {
            assertThat(send(mvc, get("/api/voip/route/1/999")).getResponse().getContentAsString()).isEmpty();
            assertThat(send(mvc, get("/api/voip/route/1/200")).getResponse().getContentAsString()).isEmpty();
            assertThat(send(mvc, get("/api/voip/route/666/100")).getResponse().getContentAsString()).isEmpty();
        });
    }

    @Test
    void route_jsonWhenAsked_withTheExplanation() {
        mvc(mvc -> {
            MvcResult r = send(mvc, get("/api/voip/route/+4930123/100").accept(MediaType.APPLICATION_JSON));
            assertThat(r.getResponse().getContentType()).startsWith("application/json");
            Map<String, Object> d = json(r);
            assertThat(d).containsEntry("target", "PJSIP/101").containsEntry("rule", "sales").containsEntry("group", "support");
            assertThat(d.get("targets")).isEqualTo(List.of("PJSIP/101", "PJSIP/102"));
            Map<String, Object> explained = json(send(mvc, get("/api/voip/route/+4930123/100?explain=true")
                    .accept(MediaType.APPLICATION_JSON)));
            assertThat((List<?>) explained.get("checks")).hasSize(3);
        });
    }

    @Test
    void route_queryFormServesAWithheldCaller() {
        mvc(mvc -> {
            MvcResult r = send(mvc, get("/api/voip/route").param("caller", "").param("called", "100"));
            assertThat(r.getResponse().getContentAsString()).isEqualTo("PJSIP/101");
            assertProblem(send(mvc, get("/api/voip/route").param("caller", "1").accept(MediaType.APPLICATION_JSON)), 400, null);
        });
    }

    @Test
    void route_lineBreaksInANumber_are400() {
        mvc(mvc -> {
            MvcResult json = send(mvc, get("/api/voip/route/{caller}/{called}", "1\r\nAction: Originate", "100")
                    .accept(MediaType.APPLICATION_JSON));
            assertProblem(json, 400, "caller");
            // The dialplan's CURL (no JSON asked): status 400 and an empty body it cannot dial by mistake.
            MvcResult plain = send(mvc, get("/api/voip/route/{caller}/{called}", "1", "100\n200"));
            assertThat(plain.getResponse().getStatus()).isEqualTo(400);
            assertThat(plain.getResponse().getContentAsString()).isEmpty();
        });
    }

    @Test
    void route_a10kBSegment_is400() {
        mvc(mvc -> {
            String huge = "1".repeat(10 * 1024);
            assertProblem(send(mvc, get("/api/voip/route/{caller}/{called}", "1", huge).accept(MediaType.APPLICATION_JSON)),
                    400, "called");
            assertThat(send(mvc, get("/api/voip/route/{caller}/{called}", huge, "100")).getResponse().getStatus())
                    .isEqualTo(400);
        });
    }

    @Test
    void route_configuredPath() {
        runner.withPropertyValues("voip.web.route-path=/dialplan/route").run(context -> {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(web(context)).build();
            assertThat(send(mvc, get("/dialplan/route/1/100")).getResponse().getContentAsString()).isEqualTo("PJSIP/101");
            assertThat(send(mvc, get("/api/voip/route/1/100")).getResponse().getStatus()).isEqualTo(404);
        });
    }

    // ------------------------------------------------------------ incoming / status

    @Test
    void incoming_answersTheDecision_andStatusFollowsTheSession() {
        mvc(mvc -> {
            MvcResult r = send(mvc, post("/voip/incoming/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"caller_id\": \"+79001234567\", \"called_number\": \"100\", \"session_id\": \"call_abc123\"}"));
            assertThat(r.getResponse().getStatus()).isEqualTo(200);
            Map<String, Object> d = json(r);
            assertThat(d).containsEntry("session_id", "call_abc123").containsEntry("target", "PJSIP/101")
                    .containsEntry("action", "group").containsEntry("rule", "sales").containsEntry("queued", false)
                    .containsEntry("status", "routed");

            Map<String, Object> s = json(send(mvc, post("/voip/status/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"session_id\": \"call_abc123\", \"status\": \"answered\", \"answer_time\": \"2023-12-01T10:30:15Z\"}")));
            assertThat(s).containsEntry("known", true).containsEntry("status", "answered")
                    .containsEntry("answer_time", "2023-12-01T10:30:15Z").containsEntry("target", "PJSIP/101");
            Map<String, Object> unknown = json(send(mvc, post("/voip/status").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"session_id\": \"other\", \"status\": \"ended\"}")));
            assertThat(unknown).containsEntry("known", false);
        });
    }

    @Test
    void incoming_nobodyAvailable_joinsTheGroupsQueue_untilItIsFull() {
        mvc(mvc -> {
            for (int i = 1; i <= 2; i++) {
                Map<String, Object> d = json(send(mvc, post("/voip/incoming/").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"caller_id\": \"555\", \"called_number\": \"200\", \"session_id\": \"q" + i + "\"}")));
                assertThat(d).containsEntry("target", "").containsEntry("queued", true).containsEntry("queue_position", i);
            }
            Map<String, Object> full = json(send(mvc, post("/voip/incoming/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"caller_id\": \"555\", \"called_number\": \"200\", \"session_id\": \"q3\"}")));
            assertThat(full).containsEntry("queued", false).containsEntry("status", "overflow");
            assertProblem(send(mvc, post("/voip/incoming/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"caller_id\": \"555\", \"called_number\": \"200\", \"session_id\": \"q1\"}")), 400, "session_id");

            Map<String, Object> queue = json(send(mvc, get("/voip/queue/")));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> groups = (List<Map<String, Object>>) queue.get("groups");
            assertThat(groups).anySatisfy(g -> {
                assertThat(g.get("group")).isEqualTo("nobody");
                assertThat((List<?>) g.get("waiting")).hasSize(2);
            });
            Map<String, Object> left = json(send(mvc, post("/voip/status/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"session_id\": \"q1\", \"status\": \"abandoned\"}")));
            assertThat(left).containsEntry("left_queue", true);
        });
    }

    @Test
    void incoming_malformedRequests_are400ProblemDetails() {
        mvc(mvc -> {
            assertProblem(send(mvc, post("/voip/incoming/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"caller_id\": \"1\", \"session_id\": \"s\"}")), 400, "called_number");
            assertProblem(send(mvc, post("/voip/incoming/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"caller_id\": \"1\", \"called_number\": \"100\"}")), 400, "session_id");
            assertProblem(send(mvc, post("/voip/incoming/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"caller_id\": \"1\\r\\nX: y\", \"called_number\": \"100\", \"session_id\": \"s\"}")), 400, "caller_id");
            assertProblem(send(mvc, post("/voip/incoming/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"caller_id\": {\"a\": 1}, \"called_number\": \"100\", \"session_id\": \"s\"}")), 400, "caller_id");
            assertProblem(send(mvc, post("/voip/incoming/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"called_number\": \"" + "9".repeat(10_000) + "\", \"session_id\": \"s\"}")), 400, "called_number");
            assertProblem(send(mvc, post("/voip/incoming/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"called_number\": ")), 400, null);
            assertProblem(send(mvc, post("/voip/incoming/").contentType(MediaType.APPLICATION_JSON)
                    .content("[1, 2]")), 400, null);
            MvcResult form = send(mvc, post("/voip/incoming/").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .content("called_number=100&session_id=s"));
            assertThat(form.getResponse().getStatus()).isEqualTo(415);
        });
    }

    @Test
    void status_malformedRequests_are400ProblemDetails() {
        mvc(mvc -> {
            assertProblem(send(mvc, post("/voip/status/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"session_id\": \"s\", \"status\": \"exploded\"}")), 400, "status");
            assertProblem(send(mvc, post("/voip/status/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"session_id\": \"s\"}")), 400, "status");
            assertProblem(send(mvc, post("/voip/status/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"session_id\": \"s\", \"status\": \"answered\", \"answer_time\": \"yesterday\"}")),
                    400, "answer_time");
        });
    }

    // ------------------------------------------------------------ queue

    @Test
    void queue_joinDispatchLeaveExpire() {
        mvc(mvc -> {
            Map<String, Object> j = json(send(mvc, post("/voip/queue/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"action\": \"join\", \"group\": \"support\", \"session_id\": \"c1\", \"caller_id\": \"42\"}")));
            assertThat(j).containsEntry("joined", true).containsEntry("queue_position", 1);
            Map<String, Object> d = json(send(mvc, post("/voip/queue/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"action\": \"dispatch\", \"group\": \"support\"}")));
            assertThat(d).containsEntry("assigned", true).containsEntry("session_id", "c1").containsEntry("caller_id", "42");
            assertThat(d.get("targets")).isEqualTo(List.of("PJSIP/101", "PJSIP/102"));
            Map<String, Object> l = json(send(mvc, post("/voip/queue").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"action\": \"leave\", \"session_id\": \"c1\"}")));
            assertThat(l).containsEntry("left", false);
            Map<String, Object> e = json(send(mvc, post("/voip/queue").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"action\": \"expire\"}")));
            assertThat((List<?>) e.get("expired")).isEmpty();
        });
    }

    @Test
    void queue_malformedRequests_are400ProblemDetails() {
        mvc(mvc -> {
            assertProblem(send(mvc, post("/voip/queue/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"action\": \"teleport\"}")), 400, "action");
            assertProblem(send(mvc, post("/voip/queue/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"action\": \"join\", \"group\": \"no-such\", \"session_id\": \"c\"}")), 400, "group");
            assertProblem(send(mvc, post("/voip/queue/").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"action\": \"dispatch\"}")), 400, "group");
        });
    }

    // ------------------------------------------------------------ stats

    @Test
    void stats_fromTheCallLog_allAndPerGroup() {
        mvc(mvc -> {
            Map<String, Object> all = json(send(mvc, get("/voip/stats/").param("period", "7")));
            assertThat(all).containsEntry("total", 3).containsEntry("answered", 2).containsEntry("missed", 1);
            assertThat((Double) all.get("average_wait_seconds")).isEqualTo(15.0);
            assertThat((List<?>) all.get("operators")).hasSize(3);
            Map<String, Object> support = json(send(mvc, get("/voip/stats/?period=today&group_id=support")));
            assertThat(support).containsEntry("total", 2).containsEntry("answered", 2).containsEntry("missed", 0)
                    .containsEntry("group_id", "support");
            assertThat((Double) support.get("average_duration_seconds")).isEqualTo(75.0);
        });
    }

    @Test
    void stats_badPeriodOrGroup_are400() {
        mvc(mvc -> {
            assertProblem(send(mvc, get("/voip/stats/?period=fortnight")), 400, "period");
            assertProblem(send(mvc, get("/voip/stats/?period=0")), 400, "period");
            assertProblem(send(mvc, get("/voip/stats/?period=367")), 400, "period");
            assertProblem(send(mvc, get("/voip/stats/?period=99999999999999999999")), 400, "period");
            assertProblem(send(mvc, get("/voip/stats/?period=7&group_id=ghosts")), 400, "group_id");
        });
    }

    @Test
    void stats_withoutCallLog_are503() {
        WebTestSupport.runner().withPropertyValues("voip.web.enabled=true", "voip.cdr.enabled=false").run(context -> {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(web(context)).build();
            assertProblem(send(mvc, get("/voip/stats/")), 503, null);
        });
    }

    // ------------------------------------------------------------ dashboard and system

    @Test
    void dashboard_statsAndGroups() {
        mvc(mvc -> {
            Map<String, Object> s = json(send(mvc, get("/voip/api/dashboard/stats/")));
            @SuppressWarnings("unchecked")
            Map<String, Object> today = (Map<String, Object>) s.get("today");
            assertThat(today).containsEntry("total", 3);
            assertThat(s).containsEntry("active_calls", 0).containsKey("endpoints");
            Map<String, Object> g = json(send(mvc, get("/voip/api/dashboard/groups")));
            assertThat(g).containsEntry("rule_set_version", 1);
            assertThat((List<?>) g.get("groups")).hasSize(2);
            assertThat((List<?>) g.get("rules")).hasSize(4);
        });
    }

    @Test
    void dashboard_recentCalls_newestFirst_andBadLimits() {
        runner.run(context -> {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(web(context)).build();
            RecentCalls recent = context.getBean(RecentCalls.class);
            java.time.Instant t = java.time.Instant.parse("2026-11-24T20:16:39Z");
            recent.add("asterisk", WebTestSupport.EngineAndCallLog.entry("old", t, 5, 50,
                    io.voipkit.core.CallDisposition.ANSWERED, "PJSIP/101").record());
            recent.add("asterisk", WebTestSupport.EngineAndCallLog.entry("new", t.plusSeconds(60), 0, 20,
                    io.voipkit.core.CallDisposition.NO_ANSWER, "PJSIP/102").record());
            Map<String, Object> r = json(send(mvc, get("/voip/api/dashboard/recent-calls/?limit=1")));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> calls = (List<Map<String, Object>>) r.get("calls");
            assertThat(calls).hasSize(1);
            assertThat(calls.get(0)).containsEntry("unique_id", "new").containsEntry("disposition", "NO_ANSWER")
                    .containsEntry("answered", false).containsEntry("duration_seconds", 20)
                    .containsEntry("start", "2026-11-24T20:17:39Z");
            assertThat((List<?>) json(send(mvc, get("/voip/api/dashboard/recent-calls"))).get("calls")).hasSize(2);
            assertProblem(send(mvc, get("/voip/api/dashboard/recent-calls/?limit=0")), 400, "limit");
            assertProblem(send(mvc, get("/voip/api/dashboard/recent-calls/?limit=lots")), 400, "limit");
            assertProblem(send(mvc, get("/voip/api/dashboard/recent-calls/?limit=101")), 400, "limit");
        });
    }

    @Test
    void dashboard_withoutPbx_liveQueueIsEmpty() {
        mvc(mvc -> {
            Map<String, Object> q = json(send(mvc, get("/voip/api/dashboard/live-queue/")));
            assertThat((List<?>) q.get("pbx_queues")).isEmpty();
            assertThat((List<?>) q.get("groups")).hasSize(2);
        });
    }

    @Test
    void systemStatus_withoutPbx_reportsRoutingAndCdr() {
        mvc(mvc -> {
            Map<String, Object> s = json(send(mvc, get("/voip/api/system/status/")));
            assertThat(s).containsEntry("status", "UP");
            assertThat(s.get("routing")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("rules", 3);
            assertThat(s.get("cdr")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("source_configured", false);
        });
    }
}
