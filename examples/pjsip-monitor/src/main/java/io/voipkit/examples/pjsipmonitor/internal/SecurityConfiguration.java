package io.voipkit.examples.pjsipmonitor.internal;

import io.voipkit.examples.pjsipmonitor.MonitorProperties;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Log-in for everything (pages, {@code /ws}, {@code /api}, {@code /actuator} except the bare
 * status of {@code /actuator/health}): a form log-in for the browser and
 * HTTP Basic for scripts and WebSocket clients, one user from {@code voip.monitor.username} and
 * {@code voip.monitor.password}.
 *
 * <p>Without a configured password a random one is generated and printed once on the console at
 * start (not through the logger, so it does not end up in log files); it changes at every start.
 * The password is stored only hashed in memory and is never sent to the page.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain monitorSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/login.css", "/favicon.svg", "/error").permitAll()
                        // Status only (UP/DOWN) for load balancers; details need the log-in.
                        .requestMatchers("/actuator/health").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", true).permitAll())
                .httpBasic(Customizer.withDefaults())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"));
        return http.build();
    }

    @Bean
    PasswordEncoder monitorPasswordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService monitorUsers(MonitorProperties m, PasswordEncoder monitorPasswordEncoder) {
        String password = m.password();
        if (password == null || password.isBlank()) {
            byte[] random = new byte[15];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            System.out.printf("%n  PJSIP monitor log-in: user '%s', generated password: %s%n"
                    + "  (set voip.monitor.password to choose one; this one changes at every start)%n%n", m.username(), password);
        }
        return new InMemoryUserDetailsManager(User.withUsername(m.username())
                .password(monitorPasswordEncoder.encode(password)).roles("MONITOR").build());
    }
}
