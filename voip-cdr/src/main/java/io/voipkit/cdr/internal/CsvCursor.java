package io.voipkit.cdr.internal;

import io.voipkit.core.CallRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link RecordCursor} over a CSV CDR file, resuming at a checkpoint
 * {@code csv1:<offset>:<line>:<fingerprint length>:<fingerprint>}. The fingerprint is a hash of
 * the file's first bytes (up to 1 KiB, never past the offset): if the file is now shorter than the
 * offset or starts differently, it was rotated or replaced and is read from the beginning (the
 * sink's dedup makes that safe).
 */
public final class CsvCursor implements RecordCursor {
    private static final int FINGERPRINT_BYTES = 1024;

    private final FileChannel channel;
    private final CsvParser parser;
    private final RowMapper mapper;
    private final long startOffset;
    private final long total;
    private final long fingerprintLength;
    private final long fingerprint;
    private CallRecord record;
    private String reason;
    private int column;
    private long markedEnd;
    private long markedLine;

    /**
     * Opens {@code file} at {@code checkpoint} (or at its start when {@code null} or stale).
     */
    public CsvCursor(Path file, String checkpoint, RowMapper mapper, int maxFieldBytes, int maxRecordBytes,
                     boolean completeFile) throws IOException {
        this.mapper = mapper;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            long offset = 0;
            long line = 1;
            long[] parsed = parse(checkpoint);
            if (parsed != null && parsed[0] <= size && parsed[2] <= size
                    && fingerprint(channel, parsed[2]) == parsed[3]) {
                offset = parsed[0];
                line = parsed[1];
            }
            this.startOffset = offset;
            this.total = size - offset;
            this.fingerprintLength = Math.min(FINGERPRINT_BYTES, size);
            // the fingerprint covers bytes that exist now; for a growing file they never change
            this.fingerprint = fingerprint(channel, fingerprintLength);
            channel.position(offset);
            InputStream in = Channels.newInputStream(channel);
            this.parser = new CsvParser(in, offset, line, maxFieldBytes, maxRecordBytes, 64, completeFile);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static long[] parse(String checkpoint) {
        if (checkpoint == null || !checkpoint.startsWith("csv1:")) {
            return null;
        }
        String[] p = checkpoint.split(":");
        if (p.length != 5) {
            return null;
        }
        try {
            return new long[] {Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]),
                    Long.parseUnsignedLong(p[4], 16)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long fingerprint(FileChannel ch, long length) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate((int) length);
        long at = 0;
        while (bb.hasRemaining()) {
            int n = ch.read(bb, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        return Hashing.hash(bb.array(), 0, bb.position(), 0xf1);
    }

    @Override
    public boolean next() throws IOException {
        if (!parser.next()) {
            return false;
        }
        if (parser.error() != null) {
            record = null;
            reason = parser.error();
            column = parser.errorColumn();
            return true;
        }
        try {
            record = mapper.map(parser);
            reason = null;
            column = 0;
        } catch (RowRejected e) {
            record = null;
            reason = e.getMessage();
            column = e.column();
        }
        return true;
    }

    @Override
    public CallRecord record() {
        return record;
    }

    @Override
    public long line() {
        return parser.recordLine();
    }

    @Override
    public int column() {
        return column;
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    public String position() {
        return position(parser.recordEndOffset(), parser.line());
    }

    @Override
    public void markPosition() {
        markedEnd = parser.recordEndOffset();
        markedLine = parser.line();
    }

    @Override
    public String markedPosition() {
        return position(markedEnd, markedLine);
    }

    private String position(long end, long line) {
        long fpLen = Math.min(fingerprintLength, end);
        long fp = fpLen == fingerprintLength ? fingerprint : fingerprintUnchecked(fpLen);
        return "csv1:" + end + ":" + line + ":" + fpLen + ":" + Long.toHexString(fp);
    }

    private long fingerprintUnchecked(long length) {
        try {
            return fingerprint(channel, length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public long bytesRead() {
        return parser.recordEndOffset() - startOffset;
    }

    @Override
    public long totalBytes() {
        return total;
    }

    @Override
    public long pendingBytes() {
        return parser.pendingBytes();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
