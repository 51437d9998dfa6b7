package io.voipkit.ami.internal.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives {@link FileFollower#poll} by hand: every rotation case is deterministic, no threads, no waiting. */
class FileFollowerTest {
    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();
    private final List<String> restarts = new ArrayList<>();
    private final FileFollower.Listener listener = new FileFollower.Listener() {
        @Override
        public void line(String text, long droppedBytes, Instant reference) {
            lines.add(text);
        }

        @Override
        public void fileRestarted(String why) {
            restarts.add(why);
        }
    };
    private FileFollower follower;

    @AfterEach
    void close() {
        if (follower != null) {
            follower.close();
        }
    }

    private FileFollower follow(Path file, boolean startAtEnd) {
        follower = new FileFollower(file, startAtEnd, 1024, 1 << 20, Clock.systemUTC());
        return follower;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void startAtEndReadsOnlyWhatIsAppendedAfterwards() throws IOException {
        Path full = dir.resolve("full");
        append(full, "old 1\nold 2\n");
        FileFollower f = follow(full, true);

        f.poll(listener);
        append(full, "new 1\nnew 2\n");
        f.poll(listener);

        assertThat(lines).containsExactly("new 1", "new 2");
    }

    @Test
    void startAtBeginningReadsTheExistingContentFirst() throws IOException {
        Path full = dir.resolve("full");
        append(full, "old 1\nold 2\n");
        FileFollower f = follow(full, false);

        f.poll(listener);
        append(full, "new 1\n");
        f.poll(listener);

        assertThat(lines).containsExactly("old 1", "old 2", "new 1");
    }

    @Test
    void startAtEndInTheMiddleOfALineSkipsTheFragment() throws IOException {
        Path full = dir.resolve("full");
        append(full, "old 1\nold 2 is still being wri");
        FileFollower f = follow(full, true);

        f.poll(listener);
        append(full, "tten\nnew 1\n");
        f.poll(listener);

        assertThat(lines).containsExactly("new 1");
    }

    @Test
    void partialLineWaitsForItsNewline() throws IOException {
        Path full = dir.resolve("full");
        append(full, "");
        FileFollower f = follow(full, false);

        append(full, "[Nov 24 20:16:39] NOTICE[1] a.c: hal");
        f.poll(listener);
        assertThat(lines).isEmpty();

        append(full, "f a line\n");
        f.poll(listener);
        assertThat(lines).containsExactly("[Nov 24 20:16:39] NOTICE[1] a.c: half a line");
    }

    @Test
    void renameRotationReadsTheRestOfTheOldFileThenTheNewOneWithoutLossOrDuplicates() throws IOException {
        Path full = dir.resolve("full");
        append(full, "a1\n");
        FileFollower f = follow(full, false);
        f.poll(listener);

        append(full, "a2\n");                       // written before the rotation, not yet read
        Files.move(full, dir.resolve("full.0"));  // logger rotate: rename ...
        append(dir.resolve("full.0"), "a3\na4-unfinished"); // ... Asterisk still writes to the open old file
        append(full, "b1\nb2\n");                  // ... then opens a new full
        f.poll(listener);
        append(full, "b3\n");
        f.poll(listener);

        assertThat(lines).containsExactly("a1", "a2", "a3", "a4-unfinished", "b1", "b2", "b3");
        assertThat(f.rotations()).isEqualTo(1);
        assertThat(restarts).containsExactly("new file");
    }

    @Test
    void missingPathWhileRotatingKeepsReadingTheOpenFile() throws IOException {
        Path full = dir.resolve("full");
        append(full, "a1\n");
        FileFollower f = follow(full, false);
        f.poll(listener);

        Files.move(full, dir.resolve("full.0"));
        append(dir.resolve("full.0"), "a2\n");
        f.poll(listener);                          // full is missing now
        assertThat(lines).containsExactly("a1", "a2");

        append(full, "b1\n");
        f.poll(listener);
        assertThat(lines).containsExactly("a1", "a2", "b1");
    }

    @Test
    void deletionAndRecreationReadsTheNewFileFromItsStart() throws IOException {
        Path full = dir.resolve("full");
        append(full, "a1\n");
        FileFollower f = follow(full, true);
        f.poll(listener);
        append(full, "a2\n");
        f.poll(listener);

        Files.delete(full);
        f.poll(listener);
        f.poll(listener);
        append(full, "b1\nb2\n");
        f.poll(listener);

        assertThat(lines).containsExactly("a2", "b1", "b2");
        assertThat(f.rotations()).isEqualTo(1);
    }

    @Test
    void truncationRestartsAtZero() throws IOException {
        Path full = dir.resolve("full");
        append(full, "");
        FileFollower f = follow(full, false);
        append(full, "a1 a long line before truncation\na2 another long line\n");
        f.poll(listener);

        try (RandomAccessFile raf = new RandomAccessFile(full.toFile(), "rw")) {
            raf.setLength(0);                       // logrotate copytruncate
        }
        append(full, "b1\n");
        f.poll(listener);

        assertThat(lines).containsExactly("a1 a long line before truncation", "a2 another long line", "b1");
        assertThat(f.truncations()).isEqualTo(1);
        assertThat(restarts).containsExactly("truncated");
    }

    @Test
    void fileThatAppearsLaterIsReadFromItsStartEvenWhenStartingAtEnd() throws IOException {
        Path full = dir.resolve("full");
        FileFollower f = follow(full, true);

        f.poll(listener);
        assertThat(f.isOpen()).isFalse();
        append(full, "first\nsecond\n");
        f.poll(listener);

        assertThat(lines).containsExactly("first", "second");
    }

    @Test
    void aBacklogIsReadInBudgetSizedSteps() throws IOException {
        Path full = dir.resolve("full");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append("line ").append(i).append('\n');
        }
        append(full, sb.toString());
        follower = new FileFollower(full, false, 1024, 1000, Clock.systemUTC());

        int polls = 0;
        while (follower.poll(listener)) {
            polls++;
        }

        assertThat(polls).isGreaterThan(5);
        assertThat(lines).hasSize(1000).startsWith("line 0").endsWith("line 999");
    }

    @Test
    void referenceIsTheFilesModificationTime() throws IOException {
        Path full = dir.resolve("full");
        append(full, "x\n");
        Files.setLastModifiedTime(full, java.nio.file.attribute.FileTime.from(Instant.parse("2025-01-02T03:04:05Z")));
        List<Instant> refs = new ArrayList<>();
        follower = new FileFollower(full, false, 1024, 1 << 20, Clock.systemUTC());

        follower.poll((text, dropped, reference) -> refs.add(reference));

        assertThat(refs).containsExactly(Instant.parse("2025-01-02T03:04:05Z"));
    }
}
