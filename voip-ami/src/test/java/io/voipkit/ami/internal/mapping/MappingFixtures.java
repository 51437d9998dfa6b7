package io.voipkit.ami.internal.mapping;

import io.voipkit.ami.internal.AmiDecoder;
import io.voipkit.ami.internal.AmiLimits;
import io.voipkit.ami.internal.AmiMessage;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The recorded Asterisk 22 transcripts ({@code <fixtures>/ami/NAME.txt}, the bytes received),
 * decoded with the production {@link AmiDecoder}. The directory comes from the system property
 * {@code voipkit.fixtures} (Surefire passes it), else {@code ../shared/fixtures} beside the
 * repository; tests abort (are skipped) when it is absent.
 */
final class MappingFixtures {
    private MappingFixtures() {
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

    /** Every transcript name: {@code NAME} for each received-side {@code NAME.txt}. */
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

    /** Every message received in transcript {@code name}, in order (responses and events). */
    static List<AmiMessage> messages(String name) {
        byte[] data;
        try {
            data = Files.readAllBytes(dir().resolve(name + ".txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<AmiMessage> out = new ArrayList<>();
        AmiDecoder decoder = new AmiDecoder(AmiLimits.DEFAULT, true);
        decoder.feed(data, 0, data.length, new AmiDecoder.Handler() {
            @Override
            public void greeting(String line) {
            }

            @Override
            public void message(AmiMessage message) {
                out.add(message);
            }
        });
        return out;
    }

    /**
     * How many lines of transcript {@code name} start with {@code Event:}: an independent count of
     * its events ({@code Event} is only ever a message's first header).
     */
    static int eventLines(String name) {
        try {
            String text = new String(Files.readAllBytes(dir().resolve(name + ".txt")), java.nio.charset.StandardCharsets.UTF_8);
            int n = 0;
            for (String line : text.split("\n", -1)) {
                if (line.startsWith("Event:")) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Only the events of transcript {@code name}, in order. */
    static List<AmiMessage> events(String name) {
        return messages(name).stream().filter(AmiMessage::isEvent).toList();
    }

    /**
     * The items of the list answered to the action with this ActionID: events carrying it, up to
     * (not including) the closing {@code ...Complete} event. Empty for an error answer.
     */
    static List<AmiMessage> listItems(String name, String actionId) {
        return messages(name).stream()
                .filter(m -> m.isEvent() && actionId.equals(m.actionId()) && !m.isListComplete())
                .toList();
    }

    /** The response to the action with this ActionID. */
    static AmiMessage response(String name, String actionId) {
        return messages(name).stream()
                .filter(m -> m.isResponse() && actionId.equals(m.actionId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no response " + actionId + " in " + name));
    }
}
