package io.voipkit.ami.internal.log;

import io.voipkit.testsupport.ItServices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The recorded Asterisk log files in {@code <fixtures>/logs}. Finding the fixtures is
 * {@link ItServices#fixtures()}'s job (system property {@code voipkit.fixtures}); the calling test
 * is aborted (skipped) when they are absent, so a checkout without {@code ../shared} still builds.
 */
public final class LogFixtures {
    private LogFixtures() {
    }

    /** The path of {@code logs/<name>}, or abort the test when the fixtures are absent. */
    public static Path log(String name) {
        return ItServices.fixtures().resolve("logs").resolve(name);
    }

    /** Every line of {@code logs/<name>} (without terminators), or abort the test. */
    public static List<String> lines(String name) {
        try {
            return Files.readAllLines(log(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read fixture " + name, e);
        }
    }
}
