package io.voipkit.spring.boot.web;

import static io.voipkit.spring.boot.web.WebTestSupport.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.Filter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The voipkit security chain: HTTP basic on the voip paths, the route endpoint open to allowed addresses, back-off. */
class VoipWebSecurityTest {

    private final WebApplicationContextRunner runner = WebTestSupport.runner()
            .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
                    ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class))
            .withUserConfiguration(WebTestSupport.EngineAndCallLog.class, OtherController.class)
            .withPropertyValues("voip.web.enabled=true", "spring.security.user.name=crm",
                    "spring.security.user.password=s3cret", "spring.security.user.roles=VOIP");

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    interface MvcTest {
        void run(MockMvc mvc) throws Exception;
    }

    void secured(WebApplicationContextRunner r, MvcTest test) {
        r.run(context -> {
            assertThat(context).hasNotFailed();
            Filter chain = context.getBean("springSecurityFilterChain", Filter.class);
            test.run(MockMvcBuilders.webAppContextSetup(web(context)).addFilters(chain).build());
        });
    }

    static int status(MockMvc mvc, org.springframework.test.web.servlet.RequestBuilder r) throws Exception {
        return mvc.perform(r).andReturn().getResponse().getStatus();
    }

    @Test
    void apiNeedsAuthentication_httpBasicWithTheApplicationsUsers() {
        secured(runner, mvc -> {
            assertThat(status(mvc, get("/voip/queue/"))).isEqualTo(401);
            assertThat(status(mvc, get("/voip/queue/").header("Authorization", basic("crm", "wrong")))).isEqualTo(401);
            assertThat(status(mvc, get("/voip/queue/").header("Authorization", basic("crm", "s3cret")))).isEqualTo(200);
            // Stateless, no CSRF token: a JSON POST with credentials works.
            assertThat(status(mvc, post("/voip/incoming/").header("Authorization", basic("crm", "s3cret"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"session_id\": \"s1\", \"called_number\": \"100\"}"))).isEqualTo(200);
        });
    }

    @Test
    void routeEndpoint_isOpenToAllowedAddresses_only() {
        secured(runner, mvc -> {
            assertThat(status(mvc, get("/api/voip/route/1/100"))).isEqualTo(200);          // MockMvc: 127.0.0.1
            assertThat(status(mvc, get("/api/voip/route/1/100").with(r -> {
                r.setRemoteAddr("::1");
                return r;
            }))).isEqualTo(200);
            assertThat(status(mvc, get("/api/voip/route/1/100").with(r -> {
                r.setRemoteAddr("10.1.2.3");
                return r;
            }))).isEqualTo(401);
            assertThat(status(mvc, get("/api/voip/route/1/100").with(r -> {
                r.setRemoteAddr("10.1.2.3");
                return r;
            }).header("Authorization", basic("crm", "s3cret")))).isEqualTo(200);
            // The open address is for the route endpoint only.
            assertThat(status(mvc, get("/voip/queue/"))).isEqualTo(401);
        });
        secured(runner.withPropertyValues("voip.web.route-allowed-addresses=10.1.2.0/24"), mvc -> {
            assertThat(status(mvc, get("/api/voip/route/1/100").with(r -> {
                r.setRemoteAddr("10.1.2.3");
                return r;
            }))).isEqualTo(200);
            assertThat(status(mvc, get("/api/voip/route/1/100"))).isEqualTo(401);
        });
    }

    @Test
    void role_isRequiredWhenConfigured() {
        secured(runner.withPropertyValues("voip.web.security.role=ADMIN"), mvc ->
                assertThat(status(mvc, get("/voip/queue/").header("Authorization", basic("crm", "s3cret")))).isEqualTo(403));
        secured(runner.withPropertyValues("voip.web.security.role=VOIP"), mvc ->
                assertThat(status(mvc, get("/voip/queue/").header("Authorization", basic("crm", "s3cret")))).isEqualTo(200));
    }

    @Test
    void theApplicationsOtherPaths_keepSpringBootsDefaultSecurity() {
        secured(runner, mvc -> {
            assertThat(status(mvc, get("/other"))).isEqualTo(401);
            assertThat(status(mvc, get("/other").header("Authorization", basic("crm", "s3cret")))).isEqualTo(200);
        });
    }

    @Test
    void securityDisabled_noVoipChain() {
        runner.withPropertyValues("voip.web.security.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean("voipWebSecurityFilterChain"));
    }

    @Test
    void invalidAllowedAddress_failsTheStartUpNamingTheProperty() {
        runner.withPropertyValues("voip.web.route-allowed-addresses=pbx.example.com").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("voip.web.route-allowed-addresses");
        });
    }

    @Test
    void applicationChainNamedLikeOurs_replacesIt() {
        secured(runner.withUserConfiguration(OwnChain.class), mvc -> {
            assertThat(status(mvc, get("/voip/queue/"))).isEqualTo(200);   // the application's chain permits all
        });
    }

    @Test
    void withoutSpringSecurity_theEndpointsAnswer() {
        WebTestSupport.runner().withUserConfiguration(WebTestSupport.EngineAndCallLog.class)
                .withPropertyValues("voip.web.enabled=true")
                .withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(SecurityFilterChain.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean("voipWebSecurityFilterChain");
                    MockMvc mvc = MockMvcBuilders.webAppContextSetup(web(context)).build();
                    assertThat(status(mvc, get("/voip/queue/"))).isEqualTo(200);
                });
    }

    @RestController
    static class OtherController {
        @GetMapping("/other")
        String other() {
            return "other";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnChain {
        @Bean
        SecurityFilterChain voipWebSecurityFilterChain(HttpSecurity http) throws Exception {
            return http.securityMatcher("/voip/**", "/api/voip/**").authorizeHttpRequests(a -> a.anyRequest().permitAll())
                    .build();
        }
    }
}
