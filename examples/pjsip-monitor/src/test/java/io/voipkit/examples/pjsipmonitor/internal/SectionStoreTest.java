package io.voipkit.examples.pjsipmonitor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voipkit.core.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class SectionStoreTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private SectionStore store() {
        return new SectionStore(dir.resolve("data").resolve("sections.json"), JSON);
    }

    @Test
    void withoutAFile_everyEndpointHasItsOwnDefaultSection() {
        List<Section> sections = store().effective(List.of("101-ep", "102-ep"));
        assertThat(sections).containsExactly(Section.of("101-ep"), Section.of("102-ep"));
        assertThat(sections.get(0).id()).isEqualTo("ep:101-ep");
    }

    @Test
    void savedSectionsComeFirst_andTheirEndpointsLoseTheirDefaultSections() {
        SectionStore store = store();
        Section saved = store.save(null, " Front desk ", List.of("102-ep", "103-ep", "102-ep"));
        assertThat(saved.name()).isEqualTo("Front desk");
        assertThat(saved.endpoints()).containsExactly("102-ep", "103-ep");
        assertThat(store.effective(List.of("101-ep", "102-ep", "103-ep")))
                .extracting(Section::id).containsExactly(saved.id(), "ep:101-ep");
    }

    @Test
    void savedSectionsSurviveARestart_andCanBeReplacedAndDeleted() {
        Section saved = store().save("ep:101-ep", "Boss", List.of("101-ep"));
        assertThat(saved.id()).startsWith("s-");
        SectionStore reopened = store();
        assertThat(reopened.saved()).containsExactly(saved);
        Section renamed = reopened.save(saved.id(), "Director", List.of("101-ep", "104-ep"));
        assertThat(renamed.id()).isEqualTo(saved.id());
        assertThat(store().saved()).containsExactly(renamed);
        assertThat(store().delete(saved.id())).isTrue();
        assertThat(store().saved()).isEmpty();
        assertThat(store().delete(saved.id())).isFalse();
    }

    @Test
    void invalidValues_areRejectedNamingTheField_andNothingIsWritten() {
        SectionStore store = store();
        assertThatThrownBy(() -> store.save(null, "  ", List.of("101-ep")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> store.save(null, "A", List.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("endpoints");
        assertThatThrownBy(() -> store.save(null, "A", List.of("101-ep\r\nAction: Originate")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("endpoints[0]");
        assertThatThrownBy(() -> store.save(null, "A", List.of("101 ep")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("endpoints[0]");
        assertThatThrownBy(() -> store.save(null, "x".repeat(101), List.of("101-ep")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> store.save("s-missing", "A", List.of("101-ep")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no saved section");
        assertThat(Files.exists(store.file())).isFalse();
    }

    @Test
    void anUnreadableFile_isIgnoredAtStart_andMovedAsideAtTheNextSave() throws Exception {
        Path file = dir.resolve("data").resolve("sections.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"version\":1,\"sections\":[{\"id\":\"s-1\",\"name\":\"\",\"endpoints\":[\"101-ep\"]}]}");
        SectionStore store = store();
        assertThat(store.saved()).isEmpty();
        assertThat(store.effective(List.of("101-ep"))).containsExactly(Section.of("101-ep"));
        store.save(null, "Ok", List.of("101-ep"));
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("sections.json.broken-")).contains("sections.json");
        }
        assertThat(store().saved()).extracting(Section::name).containsExactly("Ok");
    }

    @Test
    void malformedJson_isIgnored() throws Exception {
        Path file = dir.resolve("data").resolve("sections.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{not json");
        assertThat(store().saved()).isEmpty();
    }
}
