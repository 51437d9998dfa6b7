package io.voipkit.core.event;

import io.voipkit.core.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawFieldsTest {

    /** A real AMI Hangup, as in fixtures/ami/hangup-action.txt, with a repeated header added. */
    private static final RawFields HANGUP = RawFields.of(
            "Event", "Hangup",
            "Privilege", "call,all",
            "Channel", "Local/400@test-0000000f;1",
            "AccountCode", "",
            "Uniqueid", "1795551562.33",
            "ChanVariable", "A=1",
            "ChanVariable", "B=2",
            "Cause", "16");

    @Test
    void keepsWireOrderAndRepeatedHeaders() {
        assertThat(HANGUP.size()).isEqualTo(8);
        assertThat(HANGUP.name(0)).isEqualTo("Event");
        assertThat(HANGUP.value(7)).isEqualTo("16");
        assertThat(HANGUP.asList()).extracting(Map.Entry::getKey).containsExactly(
                "Event", "Privilege", "Channel", "AccountCode", "Uniqueid", "ChanVariable", "ChanVariable", "Cause");
        assertThat(HANGUP.all("ChanVariable")).containsExactly("A=1", "B=2");
    }

    @Test
    void firstIgnoresCaseBecauseAsteriskSpellsUniqueidBothWays() {
        assertThat(HANGUP.first("UniqueID")).contains("1795551562.33");
        assertThat(HANGUP.first("uniqueid")).contains("1795551562.33");
        assertThat(HANGUP.first("chanvariable")).contains("A=1");
        assertThat(HANGUP.all("CHANVARIABLE")).containsExactly("A=1", "B=2");
        assertThat(HANGUP.first("Linkedid")).isEmpty();
        assertThat(HANGUP.firstOrNull("Linkedid")).isNull();
        assertThat(HANGUP.all("Linkedid")).isEmpty();
        assertThat(HANGUP.contains("cause")).isTrue();
    }

    @Test
    void emptyValuesAreKeptAsEmpty() {
        assertThat(HANGUP.first("AccountCode")).contains("");
    }

    @Test
    void namesAreDistinctInFirstAppearanceOrderIgnoringCase() {
        RawFields raw = RawFields.of("A", "1", "b", "2", "a", "3", "B", "4", "C", "5");
        assertThat(raw.names()).containsExactly("A", "b", "C");
    }

    @Test
    void isImmutable_changingTheSourceArrayOrListDoesNotChangeIt() {
        String[] source = {"Event", "Hangup"};
        RawFields raw = RawFields.of(source);
        source[1] = "Changed";
        assertThat(raw.first("Event")).contains("Hangup");

        List<Map.Entry<String, String>> entries = new ArrayList<>(List.of(Map.entry("Event", "Newchannel")));
        RawFields fromList = RawFields.of(entries);
        entries.set(0, Map.entry("Event", "Changed"));
        assertThat(fromList.first("Event")).contains("Newchannel");

        assertThatThrownBy(() -> raw.asList().add(Map.entry("x", "y"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> raw.all("Event").add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> raw.names().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void builderKeepsOrderAndLaterAdditionsDoNotChangeBuiltFields() {
        RawFields.Builder b = RawFields.builder(1);
        for (int i = 0; i < 50; i++) {
            b.add("Output", "line " + i);
        }
        RawFields first = b.build();
        b.add("Extra", "x");
        assertThat(first.size()).isEqualTo(50);
        assertThat(first.all("output")).hasSize(50).startsWith("line 0", "line 1").endsWith("line 49");
        assertThat(b.build().size()).isEqualTo(51);
        assertThat(RawFields.builder().build()).isSameAs(RawFields.empty());
    }

    @Test
    void equalsAndHashCodeCompareNamesAndValuesInOrder() {
        RawFields a = RawFields.of("A", "1", "B", "2");
        assertThat(a).isEqualTo(RawFields.of(List.of(Map.entry("A", "1"), Map.entry("B", "2"))))
                .hasSameHashCodeAs(RawFields.of("A", "1", "B", "2"));
        assertThat(a).isNotEqualTo(RawFields.of("B", "2", "A", "1"));
        assertThat(a).isNotEqualTo(RawFields.of("A", "1", "B", "3"));
        assertThat(RawFields.of()).isEqualTo(RawFields.empty());
    }

    @Test
    void rejectsMalformedInputNamingTheField() {
        assertThatThrownBy(() -> RawFields.of("Event", "Hangup", "Cause"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("odd");
        assertThatThrownBy(() -> RawFields.of("Event", null))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("fields[0].value"));
        assertThatThrownBy(() -> RawFields.of("A", "1", "", "2"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("fields[1].name"));
        assertThatThrownBy(() -> RawFields.builder().add(null, "x")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> RawFields.of((List<Map.Entry<String, String>>) null))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> HANGUP.first(null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> HANGUP.value(8)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void holdsARealAmiCommandResponseWithItsRepeatedOutputLinesInOrder() throws Exception {
        // fixtures/ami/command-output.txt: the "core show ..." answer repeats Output: once per line,
        // trailing spaces kept. Split frames on the blank line, headers on the first ": ".
        java.nio.file.Path file = io.voipkit.testsupport.ItServices.fixtures().resolve("ami/command-output.txt");
        String wire = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        String frame = java.util.Arrays.stream(wire.split("\r\n\r\n"))
                .filter(f -> f.contains("ActionID: command-output-3")).findFirst().orElseThrow();
        String[] lines = frame.split("\r\n", -1);
        RawFields.Builder b = RawFields.builder();
        for (String line : lines) {
            int colon = line.indexOf(": ");
            b.add(line.substring(0, colon), line.substring(colon + 2));
        }
        RawFields raw = b.build();

        long outputLines = java.util.Arrays.stream(lines).filter(l -> l.startsWith("Output: ")).count();
        assertThat(outputLines).isGreaterThan(10);
        assertThat(raw.all("output")).hasSize((int) outputLines);
        assertThat(raw.all("Output").get(0)).isEmpty();
        assertThat(raw.first("actionid")).contains("command-output-3");
        assertThat(raw.names()).containsExactly("Response", "ActionID", "Message", "Output");
        for (int i = 0; i < lines.length; i++) {
            assertThat(raw.name(i) + ": " + raw.value(i)).isEqualTo(lines[i]);
        }
    }

    @Test
    void toStringShortensLongValuesAndMasksSecrets() {
        RawFields raw = RawFields.of("Output", "x".repeat(10_000), "Secret", "hunter2", "Event", "Test");
        String s = raw.toString();
        assertThat(s).hasSizeLessThan(200).contains("(10000 chars)").contains("Event=Test")
                .doesNotContain("hunter2").contains("Secret=****");
    }
}
