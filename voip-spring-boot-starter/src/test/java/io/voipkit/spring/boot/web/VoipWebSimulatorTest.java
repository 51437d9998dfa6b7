package io.voipkit.spring.boot.web;

import static io.voipkit.spring.boot.web.WebTestSupport.json;
import static io.voipkit.spring.boot.web.WebTestSupport.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.voipkit.core.ConnectionState;
import io.voipkit.core.Pbx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The dashboard and system status on a live PBX: the embedded simulator speaking real AMI. */
class VoipWebSimulatorTest {

    @Test
    void dashboardAndSystemStatus_showTheConnectedPbx() {
        WebTestSupport.runner()
                .withPropertyValues("voip.web.enabled=true", "voip.simulator.enabled=true", "voip.simulator.phones=4",
                        "voip.simulator.registered=3")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Pbx pbx = context.getBean(Pbx.class);
                    await().atMost(Duration.ofSeconds(30)).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
                    MockMvc mvc = MockMvcBuilders.webAppContextSetup(web(context)).build();
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        Map<String, Object> s = json(mvc.perform(get("/voip/api/dashboard/stats/")).andReturn());
                        assertThat(s.get("endpoints")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                                .containsEntry("online", 3).containsEntry("offline", 1);
                    });
                    Map<String, Object> status = json(mvc.perform(get("/voip/api/system/status")).andReturn());
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> pbxs = (List<Map<String, Object>>) status.get("pbx");
                    assertThat(pbxs).hasSize(1);
                    assertThat(pbxs.get(0)).containsEntry("id", pbx.id()).containsEntry("connection_state", "CONNECTED");
                    assertThat(pbxs.get(0).get("status")).isIn("UP", "DEGRADED");
                    assertThat(pbxs.get(0).get("response_time_ms")).isNotNull();
                    Map<String, Object> live = json(mvc.perform(get("/voip/api/dashboard/live-queue/")).andReturn());
                    assertThat(live).containsKey("pbx_queues");
                });
    }
}
