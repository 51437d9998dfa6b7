package io.voipkit.ami.internal.log;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the recorded Asterisk log files: the system property {@code voipkit.fixtures} (Surefire
 * sets it), else {@code ../shared/fixtures} seen from the repository root or from a module.
 * Aborts (skips) the calling test when they are absent, so a checkout without {@code ../shared}
 * still builds.
 */
public final class LogFixtures {
    private LogFixtures() {
    }

    /** The path of {@code logs/<name>}, or abort the test. */
    public static Path log(String name) {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("voipkit.fixtures");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of("..", "shared", "fixtures"));
        candidates.add(Path.of("..", "..", "shared", "fixtures"));
        for (Path dir : candidates) {
            Path file = dir.resolve("logs").resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        Assumptions.abort("Asterisk log fixture " + name + " not found (tried " + candidates + "); set -Dvoipkit.fixtures");
        return null;
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
