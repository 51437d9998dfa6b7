/**
 * Spring Boot 4 auto-configuration for voipkit: {@link io.voipkit.spring.boot.VoipProperties}
 * ({@code voip.*}), {@link io.voipkit.spring.boot.VoipAutoConfiguration} (registry, PBXs,
 * single-PBX beans, embedded simulator), {@link io.voipkit.spring.boot.VoipHealthAutoConfiguration}
 * and {@link io.voipkit.spring.boot.VoipMetricsAutoConfiguration}. See this module's README.md.
 */
package io.voipkit.spring.boot;
