package io.voipkit.ami.internal.mapping;

import io.voipkit.ami.internal.AmiDecoder;
import io.voipkit.ami.internal.AmiFixtures;
import io.voipkit.ami.internal.AmiMessage;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The recorded Asterisk 22 transcripts ({@code <fixtures>/ami/NAME.txt}, the bytes received),
 * decoded with the production {@link AmiDecoder}, as the mapping tests need them. Locating and
 * decoding are {@link AmiFixtures}'s (tests abort, are skipped, when the fixtures are absent);
 * this class only selects messages.
 */
final class MappingFixtures {
    private MappingFixtures() {
    }

    /** Every transcript name: {@code NAME} for each received-side {@code NAME.txt}. */
    static List<String> names() {
        return AmiFixtures.names();
    }

    /** Every message received in transcript {@code name}, in order (responses and events). */
    static List<AmiMessage> messages(String name) {
        return AmiFixtures.decodeWhole(AmiFixtures.received(name)).messages();
    }

    /**
     * How many lines of transcript {@code name} start with {@code Event:}: an independent count of
     * its events ({@code Event} is only ever a message's first header).
     */
    static int eventLines(String name) {
        String text = new String(AmiFixtures.received(name), StandardCharsets.UTF_8);
        int n = 0;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("Event:")) {
                n++;
            }
        }
        return n;
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
