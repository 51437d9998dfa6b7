package io.voipkit.examples.pjsipmonitor.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The user's sections, persisted as JSON ({@code {"version":1,"sections":[{id,name,endpoints}]}})
 * in one file, by default {@code ./data/sections.json}.
 *
 * <p>Every endpoint that no saved section names gets a default section of its own, so a first
 * start shows one card per phone and an edit only has to describe what differs.
 *
 * <p>Writes go to a temporary file that then replaces the old one, so a crash never leaves a
 * half-written file. A file that cannot be read (malformed, oversized, invalid values) is logged,
 * ignored and kept aside as {@code sections.json.broken-<time>} at the next save rather than
 * silently overwritten.
 *
 * <p>Thread-safe (one lock; sections are few and edits rare).
 */
public final class SectionStore {
    private static final Logger log = LoggerFactory.getLogger(SectionStore.class);
    /** A sections file larger than this is not read (a few thousand sections fit easily). */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    static final int MAX_SECTIONS = 10_000;

    private final Path file;
    private final JsonMapper json;
    private final List<Section> saved = new ArrayList<>();
    private boolean broken;

    /** File layout; a record so Jackson reads and writes it without annotations. */
    record FileContent(int version, List<Section> sections) {
    }

    /**
     * Loads the sections from {@code file} if it exists.
     *
     * @throws InvalidRequestException if an argument is null
     */
    public SectionStore(Path file, JsonMapper json) {
        this.file = Checks.notNull(file, "file");
        this.json = Checks.notNull(json, "json");
        load();
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("file is " + size + " bytes, more than the " + MAX_FILE_BYTES + " allowed");
            }
            FileContent content = json.readValue(Files.readAllBytes(file), FileContent.class);
            if (content == null || content.sections() == null) {
                throw new IllegalArgumentException("no \"sections\" array");
            }
            if (content.sections().size() > MAX_SECTIONS) {
                throw new IllegalArgumentException("more than " + MAX_SECTIONS + " sections");
            }
            Set<String> ids = new HashSet<>();
            for (Section s : content.sections()) {
                if (s == null) {
                    throw new IllegalArgumentException("a section is null");
                }
                if (s.isDefault() || !ids.add(s.id())) {
                    throw new IllegalArgumentException("section id " + s.id() + " is reserved or duplicated");
                }
                saved.add(s);
            }
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            // InvalidRequestException from Section's constructor arrives wrapped in a JacksonException.
            saved.clear();
            broken = true;
            log.error("Cannot read the sections file {}: {}. Starting with one section per endpoint; the file is kept "
                    + "and moved aside at the next save.", file, e.getMessage());
        }
    }

    /** The file the sections are stored in. */
    public Path file() {
        return file;
    }

    /** The saved sections, in order. */
    public synchronized List<Section> saved() {
        return List.copyOf(saved);
    }

    /**
     * The sections to show: the saved ones in order, then a default section for each of
     * {@code knownEndpoints} (in their order) that no saved section names.
     *
     * @throws InvalidRequestException if knownEndpoints is null
     */
    public synchronized List<Section> effective(Collection<String> knownEndpoints) {
        Checks.notNull(knownEndpoints, "knownEndpoints");
        List<Section> result = new ArrayList<>(saved.size() + knownEndpoints.size());
        Set<String> covered = new HashSet<>();
        for (Section s : saved) {
            result.add(s);
            covered.addAll(s.endpoints());
        }
        for (String endpoint : knownEndpoints) {
            if (covered.add(endpoint)) {
                result.add(Section.of(endpoint));
            }
        }
        return result;
    }

    /**
     * Saves a section: replaces the saved section with {@code id}, or, when {@code id} is null or a
     * default section's, adds a new one with a fresh id. Returns what was stored.
     *
     * @throws InvalidRequestException naming the field when a value is invalid
     * @throws UncheckedIOException    when the file cannot be written (nothing changes then)
     */
    public synchronized Section save(String id, String name, List<String> endpoints) {
        Checks.optionalWireText(id, "id");
        List<Section> next = new ArrayList<>(saved);
        int index = id == null ? -1 : indexOf(id);
        if (id != null && index < 0 && !id.startsWith(Section.DEFAULT_PREFIX)) {
            throw new InvalidRequestException("id", "no saved section has id " + Checks.abbreviate(id));
        }
        Section section = new Section(index >= 0 ? id : newId(), name, endpoints);
        if (index >= 0) {
            next.set(index, section);
        } else {
            if (next.size() >= MAX_SECTIONS) {
                throw new InvalidRequestException("sections", "at most " + MAX_SECTIONS + " sections");
            }
            next.add(section);
        }
        write(next);
        saved.clear();
        saved.addAll(next);
        return section;
    }

    /**
     * Deletes a saved section; its endpoints get default sections again. Returns false when no
     * saved section has that id.
     *
     * @throws InvalidRequestException if id is blank
     * @throws UncheckedIOException    when the file cannot be written
     */
    public synchronized boolean delete(String id) {
        Checks.wireText(id, "id");
        int index = indexOf(id);
        if (index < 0) {
            return false;
        }
        List<Section> next = new ArrayList<>(saved);
        next.remove(index);
        write(next);
        saved.clear();
        saved.addAll(next);
        return true;
    }

    private int indexOf(String id) {
        for (int i = 0; i < saved.size(); i++) {
            if (saved.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static String newId() {
        return "s-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void write(List<Section> sections) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            if (broken && Files.exists(file)) {
                Path aside = file.resolveSibling(file.getFileName() + ".broken-" + Instant.now().toEpochMilli());
                Files.move(file, aside);
                log.warn("Moved the unreadable sections file aside to {}", aside);
                broken = false;
            }
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(new FileContent(1, sections)));
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sections file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized String toString() {
        return "SectionStore[file=" + file + ", saved=" + saved.size() + "]";
    }
}
