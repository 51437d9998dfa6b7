package io.voipkit.freeswitch.internal;

import io.voipkit.testsupport.ItServices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * The recorded FreeSWITCH 1.10.12 transcripts in {@code <fixtures>/esl}, and their decoding with
 * the production {@link EslDecoder}. Finding the fixtures is {@link ItServices#fixtures()}'s job
 * (system property {@code voipkit.fixtures}; the calling test is aborted when they are absent).
 */
final class EslFixtures {
    private EslFixtures() {
    }

    static Path dir() {
        return ItServices.fixtures().resolve("esl");
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

    private static byte[] read(String file) {
        try {
            return Files.readAllBytes(dir().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes {@code data} in one call; fails when bytes are left over. */
    static List<EslMessage> decodeWhole(byte[] data) {
        EslDecoder decoder = new EslDecoder(EslLimits.DEFAULT);
        List<EslMessage> frames = new ArrayList<>();
        decoder.feed(data, 0, data.length, frames::add);
        if (decoder.endOfStream()) {
            throw new AssertionError("an unfinished frame is left at the end of the transcript");
        }
        return frames;
    }

    /** Decodes {@code data} fed in chunks of {@code 1..maxChunk} bytes drawn from {@code random}. */
    static List<EslMessage> decodeChunked(byte[] data, RandomGenerator random, int maxChunk) {
        EslDecoder decoder = new EslDecoder(EslLimits.DEFAULT);
        List<EslMessage> frames = new ArrayList<>();
        int p = 0;
        while (p < data.length) {
            int n = Math.min(data.length - p, 1 + random.nextInt(maxChunk));
            byte[] chunk = new byte[n + 6];
            System.arraycopy(data, p, chunk, 3, n); // a non-zero offset, as a reader's buffer would have
            decoder.feed(chunk, 3, n, frames::add);
            p += n;
        }
        if (decoder.endOfStream()) {
            throw new AssertionError("an unfinished frame is left at the end of the transcript");
        }
        return frames;
    }

    /**
     * One recorded TCP read or write from {@code NAME.annotated.txt}: {@code received} is
     * {@code <<<} (server to client). The bytes are rebuilt from the annotated text, where each
     * line break is shown as a literal backslash-n before it.
     */
    record Block(boolean received, byte[] bytes) {
    }

    static List<Block> blocks(String name) {
        String text = new String(read(name + ".annotated.txt"), StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        String[] parts = text.split("(?m)^---\\s+[0-9.]+s ", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            boolean received = part.startsWith("<<<");
            int headerEnd = part.indexOf('\n');
            int declared = Integer.parseInt(part.substring(part.indexOf('(') + 1, part.indexOf(" bytes)")));
            String content = part.substring(headerEnd + 1);
            String bytes = content.replace("\\n\n", "\n");
            byte[] b = bytes.getBytes(StandardCharsets.UTF_8);
            // The annotated file puts an empty separator line after each block.
            if (b.length == declared + 1 && b[b.length - 1] == '\n') {
                b = java.util.Arrays.copyOf(b, declared);
            }
            if (b.length != declared) {
                throw new AssertionError(name + ": block declares " + declared + " bytes, rebuilt " + b.length);
            }
            blocks.add(new Block(received, b));
        }
        return blocks;
    }
}
