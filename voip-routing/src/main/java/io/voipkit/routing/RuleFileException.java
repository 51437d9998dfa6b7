package io.voipkit.routing;

import java.nio.file.Path;

/**
 * A rule file could not be read or is invalid. The message names the file, the line and column,
 * and the field (for example {@code rules[2].called}) with what is wrong; the engine keeps the
 * rule set it had.
 */
public final class RuleFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final int column;
    private final String field;

    /** A problem at {@code line}:{@code column} (1-based; 0 when unknown) in {@code field} (or null). */
    public RuleFileException(Path file, int line, int column, String field, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line + ":" + column : "") + ": " + (field == null ? "" : field + ": ") + problem,
                cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The 1-based line of the problem, 0 when it concerns the whole file. */
    public int line() {
        return line;
    }

    /** The 1-based column, 0 when unknown. */
    public int column() {
        return column;
    }

    /** The field path such as {@code rules[2].time.from}, or {@code null} for a syntax or I/O error. */
    public String field() {
        return field;
    }
}
