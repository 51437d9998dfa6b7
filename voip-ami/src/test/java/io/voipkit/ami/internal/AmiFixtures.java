package io.voipkit.ami.internal;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * The recorded Asterisk 22 transcripts in {@code <fixtures>/ami}: the directory comes from the
 * system property {@code voipkit.fixtures} (Surefire sets it), else {@code ../shared/fixtures}
 * beside the repository. Tests abort (skip) when the directory is absent.
 */
final class AmiFixtures {
    private AmiFixtures() {
    }

    static Path dir() {
        String configured = System.getProperty("voipkit.fixtures");
        List<Path> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured, "ami"));
        }
        candidates.add(Path.of("..", "..", "shared", "fixtures", "ami")); // from voip-ami/
        candidates.add(Path.of("..", "shared", "fixtures", "ami"));       // from the repository root
        for (Path p : candidates) {
            if (Files.isRegularFile(p.resolve("README.md"))) {
                return p;
            }
        }
        Assumptions.abort("AMI fixtures not found (tried " + candidates + "); set -Dvoipkit.fixtures");
        throw new AssertionError("unreachable");
    }

    /** Names of every transcript: {@code NAME} for each {@code NAME.txt} that is not .sent/.annotated. */
    static List<String> names() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".txt") && !n.endsWith(".sent.txt") && !n.endsWith(".annotated.txt"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] received(String name) {
        return read(name + ".txt");
    }

    static byte[] sent(String name) {
        return read(name + ".sent.txt");
    }

    static String annotated(String name) {
        return new String(read(name + ".annotated.txt"), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] read(String file) {
        try {
            return Files.readAllBytes(dir().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the decoder produced for a byte stream: the greeting and the messages. */
    record Decoded(String greeting, List<AmiMessage> messages) {
    }

    /** Decodes {@code data} fed in chunks of {@code minChunk..maxChunk} bytes drawn from {@code random}. */
    static Decoded decode(byte[] data, RandomGenerator random, int minChunk, int maxChunk) {
        AmiDecoder decoder = new AmiDecoder(AmiLimits.DEFAULT, true);
        List<AmiMessage> messages = new ArrayList<>();
        String[] greeting = new String[1];
        AmiDecoder.Handler handler = new AmiDecoder.Handler() {
            @Override
            public void greeting(String line) {
                greeting[0] = line;
            }

            @Override
            public void message(AmiMessage message) {
                messages.add(message);
            }
        };
        int pos = 0;
        while (pos < data.length) {
            int n = Math.min(data.length - pos, minChunk == maxChunk ? minChunk : random.nextInt(minChunk, maxChunk + 1));
            decoder.feed(data, pos, n, handler);
            pos += n;
        }
        if (decoder.endOfStream()) {
            throw new AssertionError("stream ended in the middle of a message");
        }
        return new Decoded(greeting[0], messages);
    }

    /** Decodes the whole array in one feed. */
    static Decoded decodeWhole(byte[] data) {
        return decode(data, null, Math.max(1, data.length), Math.max(1, data.length));
    }
}
