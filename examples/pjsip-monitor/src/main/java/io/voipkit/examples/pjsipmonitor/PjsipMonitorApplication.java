package io.voipkit.examples.pjsipmonitor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The PJSIP monitor: a live dashboard of an Asterisk's phones (section cards with status and
 * calls) and its log, in the browser. Runs on the built-in simulator unless
 * {@code voip.asterisk.host} is set; see the example's README.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PjsipMonitorApplication {

    /** Starts the application. */
    public static void main(String[] args) {
        SpringApplication.run(PjsipMonitorApplication.class, args);
    }
}
