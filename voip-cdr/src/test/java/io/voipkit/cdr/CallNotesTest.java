package io.voipkit.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CallNotesTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T09:30:00Z"), ZoneOffset.UTC);
    private final CallNotes notes = CallNotes.inMemory(clock);

    @Test
    void notesBelongToTheirCallOldestFirst() {
        CallNote a = notes.add("k1", "alice", "first\nsecond line\twith a tab");
        CallNote b = notes.add("k1", null, "later");
        notes.add("k2", "bob", "other call");

        assertThat(notes.notesOf("k1")).containsExactly(a, b);
        assertThat(a.createdAt()).isEqualTo(clock.instant());
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(notes.delete(a.id())).isTrue();
        assertThat(notes.delete(a.id())).isFalse();
        assertThat(notes.notesOf("k1")).containsExactly(b);
        assertThat(notes.notesOf("none")).isEmpty();
    }

    @Test
    void limitsAndControlCharactersAreRefusedNamingTheField() {
        assertThat(notes.add("k", "a", "x".repeat(CallNotes.MAX_TEXT)).text()).hasSize(CallNotes.MAX_TEXT);
        assertThatThrownBy(() -> notes.add("k", "a", "x".repeat(CallNotes.MAX_TEXT + 1))).hasMessageStartingWith("text:");
        assertThatThrownBy(() -> notes.add("k", "a", "   \n")).hasMessageStartingWith("text:");
        assertThatThrownBy(() -> notes.add("k", "a", null)).hasMessageStartingWith("text:");
        assertThatThrownBy(() -> notes.add("k", "a", "bell\u0007")).hasMessageStartingWith("text:")
                .hasMessageContaining("U+0007");
        assertThatThrownBy(() -> notes.add("k", "a", "nul\0")).hasMessageStartingWith("text:");
        assertThatThrownBy(() -> notes.add("k", "a\rb", "x")).hasMessageStartingWith("author:");
        assertThatThrownBy(() -> notes.add("k", "a".repeat(256), "x")).hasMessageStartingWith("author:");
        assertThatThrownBy(() -> notes.add(null, "a", "x")).hasMessageStartingWith("callKey:");
        assertThatThrownBy(() -> notes.add("k".repeat(256), "a", "x")).hasMessageStartingWith("callKey:");
        assertThatThrownBy(() -> notes.notesOf("")).hasMessageStartingWith("callKey:");
        assertThatThrownBy(() -> CallNotes.inMemory(null)).hasMessageStartingWith("clock:");
    }
}
