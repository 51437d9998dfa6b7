package io.voipkit.spring.boot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.voipkit.simulator.PbxSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorLogNoiseTest {

    @Test
    void writesAsteriskLinesOfEveryLevelAboutTheSimulatorsPhones(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("full");
        try (PbxSimulator simulator = PbxSimulator.builder().endpoints(3).logFile(file).build().start()) {
            SimulatorLogNoise noise = new SimulatorLogNoise(simulator, 1);
            Random random = new Random(1);
            for (int i = 0; i < 60; i++) {
                noise.writeOne(random);
            }
        }
        String log = Files.readString(file);
        for (String level : new String[] {"NOTICE", "WARNING", "ERROR", "DEBUG", "VERBOSE"}) {
            assertThat(log).contains(" " + level + "[");
        }
        assertThat(log).contains("101-ep").doesNotContain("104-ep");
    }

    @Test
    void startAndStop_areIdempotent() {
        try (PbxSimulator simulator = PbxSimulator.builder().endpoints(1).build().start()) {
            SimulatorLogNoise noise = new SimulatorLogNoise(simulator, 1);
            noise.start();
            noise.start();
            assertThat(noise.isRunning()).isTrue();
            noise.stop();
            noise.stop();
            assertThat(noise.isRunning()).isFalse();
        }
    }
}
