package io.voipkit.cdr;

import io.voipkit.cdr.internal.Hashing;
import io.voipkit.core.internal.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per source, where the last import stopped, so the next run reads only what is new.
 * Positions are opaque text written by the importer (a file offset with a fingerprint of the
 * file's beginning, or the last timestamp read from a database). The importer saves a position
 * only after the sink stored everything before it, so a crash loses no record; anything read twice
 * after a crash is recognised as a duplicate by the sink.
 */
public interface CheckpointStore {
    /** The saved position of {@code sourceId}, if any. */
    Optional<String> load(String sourceId);

    /** Saves {@code position} for {@code sourceId}, replacing the previous one. */
    void save(String sourceId, String position);

    /** A store that forgets everything when the JVM exits; thread-safe. */
    static CheckpointStore inMemory() {
        ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
        return new CheckpointStore() {
            @Override
            public Optional<String> load(String sourceId) {
                return Optional.ofNullable(map.get(Checks.notNull(sourceId, "sourceId")));
            }

            @Override
            public void save(String sourceId, String position) {
                map.put(Checks.notNull(sourceId, "sourceId"), Checks.notNull(position, "position"));
            }
        };
    }

    /**
     * A store keeping one small file per source in {@code directory} (created if missing), each
     * replaced atomically so a crash leaves the old or the new position, never half of one.
     */
    static CheckpointStore directory(Path directory) {
        Checks.notNull(directory, "directory");
        return new CheckpointStore() {
            private Path file(String sourceId) {
                Checks.notNull(sourceId, "sourceId");
                return directory.resolve("checkpoint-" + Hashing.hex(Hashing.hash(1, sourceId)) + ".txt");
            }

            @Override
            public Optional<String> load(String sourceId) {
                Path f = file(sourceId);
                try {
                    if (!Files.exists(f)) {
                        return Optional.empty();
                    }
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    int nl = text.indexOf('\n');
                    // the first line names the source (for humans and to detect a hash clash)
                    if (nl < 0 || !text.substring(0, nl).equals(sourceId.replace('\n', ' '))) {
                        return Optional.empty();
                    }
                    return Optional.of(text.substring(nl + 1).strip());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read checkpoint " + f, e);
                }
            }

            @Override
            public void save(String sourceId, String position) {
                Checks.notNull(position, "position");
                Path f = file(sourceId);
                try {
                    Files.createDirectories(directory);
                    Path tmp = Files.createTempFile(directory, "checkpoint", ".tmp");
                    Files.writeString(tmp, sourceId.replace('\n', ' ') + "\n" + position + "\n", StandardCharsets.UTF_8);
                    try {
                        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write checkpoint " + f, e);
                }
            }
        };
    }
}
