package io.voipkit.spring.boot;

import io.voipkit.cdr.CallLogStatistics;
import io.voipkit.cdr.CallRecordSink;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.PbxRegistry;
import io.voipkit.routing.CallQueues;
import io.voipkit.routing.RoutingEngine;
import io.voipkit.spring.boot.internal.CdrImportRunner;
import io.voipkit.spring.boot.internal.RuleFileReloader;
import io.voipkit.spring.boot.internal.web.CallLogView;
import io.voipkit.spring.boot.internal.web.CdrCallLogView;
import io.voipkit.spring.boot.internal.web.RecentCalls;
import io.voipkit.spring.boot.internal.web.VoipApiController;
import io.voipkit.spring.boot.internal.web.VoipRouteController;
import io.voipkit.spring.boot.internal.web.VoipWebExceptionHandler;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The opt-in HTTP endpoints ({@code voip.web.enabled=true}, a servlet web application with
 * Spring MVC; {@link VoipWebProperties}):
 *
 * <ul>
 *   <li>{@code GET /api/voip/route/{caller}/{called}}: the routing decision for the dialplan's
 *       {@code CURL} (plain text, or JSON when asked), with {@code voip-routing};</li>
 *   <li>the REST API under {@code /voip} (product.md §8): {@code POST incoming/},
 *       {@code POST status/}, {@code GET/POST queue/}, {@code GET stats/},
 *       {@code GET api/dashboard/{stats,groups,recent-calls,live-queue}/},
 *       {@code GET api/system/status/}, with {@code voip-routing};</li>
 *   <li>with Spring Security on the classpath, a {@link SecurityFilterChain}
 *       ({@code voipWebSecurityFilterChain}, order {@link #SECURITY_ORDER}) for those paths only:
 *       HTTP basic against the application's users, stateless, the route endpoint open to
 *       {@code voip.web.route-allowed-addresses}.</li>
 * </ul>
 *
 * <p>Invalid requests get a 400 {@code application/problem+json} naming the field. Each bean
 * backs off when the application defines one of the same type (the security chain: a bean named
 * {@code voipWebSecurityFilterChain}, or {@code voip.web.security.enabled=false}).
 */
@AutoConfiguration(after = {VoipAutoConfiguration.class, VoipRoutingAutoConfiguration.class, VoipCdrAutoConfiguration.class},
        afterName = {"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, RoutingEngine.class})
@ConditionalOnProperty(prefix = "voip.web", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(VoipWebProperties.class)
public final class VoipWebAutoConfiguration {
    /**
     * The order of the voipkit security chain: before Spring Boot's default chain (which matches
     * every request), so that the voip paths get their own rules. An application chain meant to
     * handle the voip paths needs a lower order, or replaces this one by name.
     */
    public static final int SECURITY_ORDER = SecurityPropertiesOrder.BASIC_AUTH_ORDER - 10;

    private static final Logger log = LoggerFactory.getLogger(VoipWebAutoConfiguration.class);

    /** For Spring. */
    VoipWebAutoConfiguration() {
    }

    /** The dialplan's routing endpoint. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(RoutingEngine.class)
    static VoipRouteController voipRouteController(RoutingEngine engine) {
        return new VoipRouteController(engine);
    }

    /** The last finished calls for the dashboard, when there are PBXs to listen to. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(PbxRegistry.class)
    static RecentCalls voipRecentCalls(PbxRegistry registry, VoipWebProperties properties) {
        return new RecentCalls(registry, properties.recentCalls());
    }

    /** The REST API. */
    @Bean
    @ConditionalOnMissingBean
    static VoipApiController voipApiController(VoipWebProperties properties, ObjectProvider<PbxRegistry> registry,
                                               ObjectProvider<RoutingEngine> engine, ObjectProvider<CallQueues> queues,
                                               ObjectProvider<CallLogView> callLog,
                                               ObjectProvider<RuleFileReloader> reloader,
                                               ObjectProvider<RecentCalls> recentCalls) {
        ZoneId zone;
        try {
            zone = properties.zone() == null || properties.zone().isBlank() ? ZoneId.systemDefault()
                    : ZoneId.of(properties.zone().strip());
        } catch (DateTimeException e) {
            throw new InvalidRequestException("voip.web.zone", "not a time zone: " + e.getMessage());
        }
        return new VoipApiController(registry.getIfUnique(), engine.getIfUnique(), queues.getIfUnique(),
                callLog.getIfUnique(), reloader.getIfUnique(), recentCalls.getIfUnique(), zone,
                properties.serviceLevel(), Clock.systemUTC());
    }

    /** Problem details for the voipkit endpoints only. */
    @Bean
    @ConditionalOnMissingBean
    static VoipWebExceptionHandler voipWebExceptionHandler() {
        return new VoipWebExceptionHandler();
    }

    /** The call log's statistics and the import state, when voip-cdr is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(CallRecordSink.class)
    static class CallLogConfiguration {
        @Bean
        @ConditionalOnMissingBean
        static CallLogView voipCallLogView(ObjectProvider<CallLogStatistics> statistics,
                                           ObjectProvider<CallRecordSink> sink, ObjectProvider<CdrImportRunner> runner) {
            CallLogStatistics s = statistics.getIfUnique();
            if (s == null && sink.getIfUnique() instanceof CallLogStatistics fromSink) {
                s = fromSink;
            }
            return new CdrCallLogView(s, runner.getIfUnique());
        }
    }

    /** Warns that nothing protects the endpoints when Spring Security is absent. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
    static class NoSecurityWarning {
        NoSecurityWarning(VoipWebProperties properties) {
            log.warn("voipkit web: the endpoints under {} and {} are NOT protected: Spring Security is not on the "
                    + "classpath (add spring-boot-starter-security)", properties.basePath(), properties.routePath());
        }
    }

    /** HTTP basic for the voip paths, the route endpoint open to the allowed addresses. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
    @ConditionalOnBean(HttpSecurity.class)
    @ConditionalOnProperty(prefix = "voip.web.security", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class SecurityConfiguration {
        @Bean
        @Order(SECURITY_ORDER)
        @ConditionalOnMissingBean(name = "voipWebSecurityFilterChain")
        static SecurityFilterChain voipWebSecurityFilterChain(HttpSecurity http, VoipWebProperties properties)
                throws Exception {
            String route = properties.routePath();
            String base = properties.basePath();
            List<RequestMatcher> allowed = new ArrayList<>();
            for (String address : properties.routeAllowedAddresses()) {
                try {
                    allowed.add(new IpAddressMatcher(address.strip()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException("voip.web.route-allowed-addresses",
                            "not an IP address or CIDR range: " + address + " (" + e.getMessage() + ")");
                }
            }
            RequestMatcher routePaths = request -> {
                String p = pathOf(request);
                return p.equals(route) || p.startsWith(route + "/");
            };
            RequestMatcher voipPaths = request -> {
                String p = pathOf(request);
                return p.equals(route) || p.startsWith(route + "/") || p.equals(base) || p.startsWith(base + "/");
            };
            RequestMatcher fromAllowed = allowed.isEmpty() ? request -> false : new OrRequestMatcher(allowed);
            String role = properties.security().role();
            http.securityMatcher(voipPaths)
                    .authorizeHttpRequests(a -> {
                        a.requestMatchers(request -> routePaths.matches(request) && fromAllowed.matches(request))
                                .permitAll();
                        if (role == null || role.isBlank()) {
                            a.anyRequest().authenticated();
                        } else {
                            a.anyRequest().hasRole(role.strip());
                        }
                    })
                    .httpBasic(Customizer.withDefaults())
                    // Stateless API: no session, no cookie. POSTs accept only application/json, which a
                    // cross-site form cannot send without a CORS preflight, so no CSRF token is needed.
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .csrf(c -> c.disable());
            return http.build();
        }

        private static String pathOf(jakarta.servlet.http.HttpServletRequest request) {
            String uri = request.getRequestURI();
            String context = request.getContextPath();
            String p = context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
            return p == null ? "" : p;
        }
    }

    /** Spring Boot's {@code SecurityFilterProperties.BASIC_AUTH_ORDER} (its default chain), without loading its class. */
    private static final class SecurityPropertiesOrder {
        static final int BASIC_AUTH_ORDER = org.springframework.core.Ordered.LOWEST_PRECEDENCE - 5;
    }
}
