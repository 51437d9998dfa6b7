package io.voipkit.ami.internal.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Follows one log file by polling, like {@code tail -F}: reads what was appended since the last
 * poll and survives every way a log file is rotated.
 *
 * <ul>
 *   <li><b>Replacement</b> ({@code logger rotate}: Asterisk renames {@code full} to
 *       {@code full.0} and opens a new {@code full}; also logrotate's default create mode): the
 *       path's file key (device and inode) differs from the open file's. The old file is still
 *       open here, so it is read to its end first (lines written just before the switch are not
 *       lost), its unfinished last line is emitted, then the new file is read from its start.</li>
 *   <li><b>Deletion</b>, or the moment between rename and re-creation: the path is missing.
 *       The open file is kept and read on (Asterisk keeps writing to a deleted file until it
 *       reopens its logs); when a file appears at the path again it is treated as a
 *       replacement.</li>
 *   <li><b>Truncation</b> (logrotate {@code copytruncate}, {@code > full}): same file key, size
 *       below our position. Reading restarts at 0. Lines written between our last poll and the
 *       truncation are lost: that is inherent to copytruncate and the reason Asterisk's own
 *       rotation renames. A file truncated and regrown past our position between two polls
 *       cannot be told from an appended one.</li>
 *   <li><b>Partial last line</b>: bytes after the last newline wait in the {@link LineSplitter}
 *       for their newline.</li>
 * </ul>
 * Where the file system gives no file key, replacement is detected only through truncation.
 *
 * <p>The first open honours "start at end" (only lines written from then on are read; if the
 * file does not end with a newline the unfinished line is skipped rather than emitted as a
 * fragment). A file that appears later, or replaces the followed one, is new content and is read
 * from its start.
 *
 * <p>Problems (missing file, no permission, IO errors) are logged once when the state changes,
 * not at every poll, and once more when the file is readable again.
 *
 * <p>Not thread-safe: used by one tailer thread.
 */
public final class FileFollower implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(FileFollower.class);

    /** Receives the lines of the followed file. */
    public interface Listener {
        /**
         * One complete line.
         *
         * @param text         the line
         * @param droppedBytes bytes cut off by the line limit
         * @param reference    the file's last-modified time as last seen, for the year inference
         */
        void line(String text, long droppedBytes, Instant reference);

        /** The followed file was replaced, deleted and re-created, or truncated: a new file starts. */
        default void fileRestarted(String why) {
        }
    }

    private final Path path;
    private final String displayName;
    private final LineSplitter splitter;
    private final ByteBuffer buffer;
    private final long maxBytesPerPoll;
    private final Clock clock;
    private boolean firstOpen = true;
    private final boolean startAtEnd;

    private FileChannel channel;
    /** The key of the file we read, kept across an IO-error close so a reopen can resume. */
    private Object fileKey;
    private long position;
    private Instant lastModified;
    private String problem;
    private long rotations;
    private long truncations;
    private long bytesRead;

    /**
     * A follower of one path; nothing is opened until {@link #openNow} or {@link #poll}.
     *
     * @param path            the file to follow
     * @param startAtEnd      whether the first open skips what the file already holds
     * @param maxLineBytes    the bound for one line
     * @param maxBytesPerPoll how much one {@link #poll} reads at most, so several files and
     *                        {@code close()} get their turn while a huge backlog is read
     * @param clock           the fallback reference time when the file's own time is unknown
     */
    public FileFollower(Path path, boolean startAtEnd, int maxLineBytes, long maxBytesPerPoll, Clock clock) {
        this.path = Objects.requireNonNull(path, "path");
        this.displayName = path.toString();
        this.startAtEnd = startAtEnd;
        this.splitter = new LineSplitter(maxLineBytes);
        this.buffer = ByteBuffer.allocate(64 * 1024);
        this.maxBytesPerPoll = maxBytesPerPoll;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The followed path. */
    public Path path() {
        return path;
    }

    /** How often the file was replaced (rotated, re-created). */
    public long rotations() {
        return rotations;
    }

    /** How often the file was truncated. */
    public long truncations() {
        return truncations;
    }

    /** Bytes read from this path since start. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Whether the file is open now. */
    public boolean isOpen() {
        return channel != null;
    }

    /**
     * Opens the file now if it exists, so that "start at end" means the end as of this call
     * (the tailer calls it from {@code start()}, before its thread runs). Reads nothing.
     */
    public void openNow(Listener listener) {
        if (channel != null) {
            return;
        }
        try {
            open(listener);
        } catch (IOException e) {
            report("cannot be read: " + e);
        }
    }

    /**
     * Reads what is new and handles rotation.
     *
     * @return {@code true} if the read budget was used up and more may be waiting (poll again
     *         without sleeping)
     */
    public boolean poll(Listener listener) {
        long budget = maxBytesPerPoll;
        try {
            if (channel == null && !open(listener)) {
                return false;
            }
            budget -= drain(listener, budget);
            if (budget <= 0) {
                return true;
            }
            BasicFileAttributes now = stat();
            if (now == null) {
                report("is missing (deleted, or being rotated); reading on from the open file until a new one appears");
                return false;
            }
            lastModified = now.lastModifiedTime().toInstant();
            Object key = now.fileKey();
            if (fileKey != null && key != null && !fileKey.equals(key)) {
                // Replaced: finish the old file (Asterisk may have written until it reopened), then switch.
                drain(listener, Long.MAX_VALUE);
                splitter.flushPartial((text, dropped) -> listener.line(text, dropped, reference()));
                closeChannel();
                fileKey = null;
                rotations++;
                LOG.info("Log file {} was replaced (rotated or re-created); following the new file", displayName);
                if (!open(listener)) {
                    return false;
                }
                return drain(listener, maxBytesPerPoll) >= maxBytesPerPoll;
            }
            if (now.size() < position) {
                splitter.flushPartial((text, dropped) -> listener.line(text, dropped, reference()));
                truncations++;
                LOG.info("Log file {} was truncated (size {} < position {}); reading from its start",
                        displayName, now.size(), position);
                position = 0;
                listener.fileRestarted("truncated");
                return drain(listener, maxBytesPerPoll) >= maxBytesPerPoll;
            }
            clearProblem();
            return false;
        } catch (IOException e) {
            // Keep fileKey and position: if the same file opens again, reading resumes without duplicates.
            report("cannot be read: " + e);
            closeQuietly(channel);
            channel = null;
            return false;
        }
    }

    /**
     * Opens the path. The very first open may start at the end; the same file reopened after an
     * IO error resumes at its position; any other file is new and is read from its start.
     */
    private boolean open(Listener listener) throws IOException {
        FileChannel ch = null;
        try {
            Object key = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                BasicFileAttributes before = Files.readAttributes(path, BasicFileAttributes.class);
                ch = FileChannel.open(path, StandardOpenOption.READ);
                BasicFileAttributes after = Files.readAttributes(path, BasicFileAttributes.class);
                lastModified = after.lastModifiedTime().toInstant();
                if (Objects.equals(before.fileKey(), after.fileKey())) {
                    key = after.fileKey();
                    break;
                }
                // Renamed between the stats: we cannot tell which file we hold; try again.
                closeQuietly(ch);
                ch = null;
            }
            if (ch == null) {
                report("keeps being replaced while opening; will retry");
                return false;
            }
            long size = ch.size();
            boolean wasFirst = firstOpen;
            firstOpen = false;
            if (wasFirst && startAtEnd) {
                position = size;
                splitter.discardPartial();
                if (size > 0 && !endsWithNewline(ch, size)) {
                    splitter.skipToNextNewline();
                }
            } else if (fileKey != null && fileKey.equals(key) && size >= position) {
                LOG.debug("Log file {} reopened; resuming at byte {}", displayName, position);
            } else {
                position = 0;
                splitter.discardPartial();
                if (!wasFirst) {
                    listener.fileRestarted("new file");
                }
            }
            channel = ch;
            fileKey = key;
            if (problem != null) {
                LOG.info("Log file {} is readable again", displayName);
            }
            problem = null;
            return true;
        } catch (NoSuchFileException e) {
            closeQuietly(ch);
            // Missing at start: whatever appears later is new, so it is read from its start.
            firstOpen = false;
            report("does not exist (yet); waiting for it to appear");
            return false;
        } catch (AccessDeniedException e) {
            closeQuietly(ch);
            report("is not readable by this process (permission denied); give the application's user read "
                    + "access to the Asterisk log directory");
            return false;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch); // not yet handed to this.channel: nobody else would close it
            throw e;
        }
    }

    private static boolean endsWithNewline(FileChannel ch, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        return ch.read(last, size - 1) == 1 && last.get(0) == '\n';
    }

    /** Reads up to {@code budget} bytes from the position onward; returns the bytes read. */
    private long drain(Listener listener, long budget) throws IOException {
        long total = 0;
        while (total < budget) {
            buffer.clear();
            if (budget - total < buffer.capacity()) {
                buffer.limit((int) (budget - total));
            }
            int n = channel.read(buffer, position);
            if (n <= 0) {
                break;
            }
            position += n;
            total += n;
            bytesRead += n;
            buffer.flip();
            splitter.feed(buffer, (text, dropped) -> listener.line(text, dropped, reference()));
        }
        return total;
    }

    /** The file's last-modified time as last seen (no line in it is newer), else the clock. */
    private Instant reference() {
        return lastModified != null ? lastModified : clock.instant();
    }

    private BasicFileAttributes stat() throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Logs a problem once per change of state, not at every poll. */
    private void report(String what) {
        if (!what.equals(problem)) {
            problem = what;
            LOG.warn("Log file {} {}", displayName, what);
        }
    }

    private void clearProblem() {
        if (problem != null) {
            LOG.info("Log file {} is back", displayName);
            problem = null;
        }
    }

    private void closeChannel() {
        closeQuietly(channel);
        channel = null;
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a read-only file: nothing to lose
            }
        }
    }

    /** Closes the open file; an unfinished last line is dropped (it may still be completed). */
    @Override
    public void close() {
        closeChannel();
        splitter.discardPartial();
    }
}
