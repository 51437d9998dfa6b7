package io.voipkit.ami.internal;

import io.voipkit.testsupport.ItServices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * The recorded Asterisk 22 transcripts in {@code <fixtures>/ami}, and their decoding with the
 * production {@link AmiDecoder}. Finding the fixtures is {@link ItServices#fixtures()}'s job
 * (system property {@code voipkit.fixtures}; the calling test is aborted when they are absent).
 * Public because the tests of {@code internal.mapping} read the same transcripts.
 */
public final class AmiFixtures {
    private AmiFixtures() {
    }

    /** The directory {@code <fixtures>/ami}, or abort the calling test when the fixtures are absent. */
    public static Path dir() {
        return ItServices.fixtures().resolve("ami");
    }

    /** Names of every transcript: {@code NAME} for each {@code NAME.txt} that is not .sent/.annotated. */
    public static List<String> names() {
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

    /** The bytes Asterisk sent in transcript {@code name} ({@code NAME.txt}). */
    public static byte[] received(String name) {
        return read(name + ".txt");
    }

    /** The bytes the client sent in transcript {@code name} ({@code NAME.sent.txt}). */
    public static byte[] sent(String name) {
        return read(name + ".sent.txt");
    }

    /** The annotated, human-readable transcript {@code name} ({@code NAME.annotated.txt}). */
    public static String annotated(String name) {
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
    public record Decoded(String greeting, List<AmiMessage> messages) {
    }

    /** Decodes {@code data} fed in chunks of {@code minChunk..maxChunk} bytes drawn from {@code random}. */
    public static Decoded decode(byte[] data, RandomGenerator random, int minChunk, int maxChunk) {
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

    /** Decodes the whole array in one feed; fails when it ends in the middle of a message. */
    public static Decoded decodeWhole(byte[] data) {
        return decode(data, null, Math.max(1, data.length), Math.max(1, data.length));
    }
}
