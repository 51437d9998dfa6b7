package io.voipkit.ami;

import io.voipkit.ami.internal.log.LogMatching;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.LogLevel;
import io.voipkit.core.event.LogLineReceived;
import io.voipkit.core.internal.Checks;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A filter over log lines, for {@link LogBuffer#query(LogQuery)} and for live lines
 * ({@link #matches(LogLineReceived)}), so that the history and the live stream of a log viewer
 * agree. Each criterion left unset accepts everything; set criteria must all hold (AND);
 * several values of one criterion are alternatives (OR).
 *
 * <pre>{@code
 * // the log pane of a dashboard section with phones 101-ep and 102-ep: warnings and errors from PJSIP
 * LogQuery q = LogQuery.builder()
 *         .endpoints(List.of("101-ep", "102-ep"))
 *         .levels(LogLevel.WARNING, LogLevel.ERROR)
 *         .sources(List.of("PJSIP"))
 *         .limit(500)
 *         .build();
 * List<LogLineReceived> history = buffer.query(q);
 * tailerSink = line -> { if (q.matches(line)) push(line); };
 * }</pre>
 *
 * <ul>
 *   <li>{@code text}: the message or the source contains it, ignoring case.</li>
 *   <li>{@code levels}: the line's level is one of them.</li>
 *   <li>{@code sources}: a file name ({@code res_pjsip_registrar.c}), a module prefix
 *       ({@code res_pjsip}, {@code app_dial}) or a word ({@code PJSIP}); see the module README.</li>
 *   <li>{@code endpoints}: the message mentions one of them as a whole name ({@code 101-ep} in
 *       {@code PJSIP/101-ep-00000001} or {@code sip:101-ep@host}, not in {@code 1101-ep}).
 *       Lines of a call that do not name the endpoint themselves are not included.</li>
 *   <li>{@code files}: the log file the line came from ({@code full}, {@code messages}).</li>
 *   <li>{@code from} (inclusive), {@code until} (exclusive): the line's timestamp.</li>
 *   <li>{@code limit}: at most this many lines, the most recent ones; default 1000.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe. Matching is linear in the text length (no regular expressions).
 */
public final class LogQuery {
    /** The default {@link #limit()}. */
    public static final int DEFAULT_LIMIT = 1000;
    private static final LogQuery ALL = builder().build();
    private static final int MAX_TERM_CHARS = 1024;

    private final String text;
    private final Set<LogLevel> levels;
    private final List<String> sources;
    private final List<String> endpoints;
    private final Set<String> files;
    private final Instant from;
    private final Instant until;
    private final int limit;

    private LogQuery(Builder b) {
        this.text = b.text;
        this.levels = b.levels.isEmpty() ? Set.of() : Set.copyOf(b.levels);
        this.sources = List.copyOf(b.sources);
        this.endpoints = List.copyOf(b.endpoints);
        this.files = Set.copyOf(b.files);
        this.from = b.from;
        this.until = b.until;
        this.limit = b.limit;
    }

    /** Every line, up to {@link #DEFAULT_LIMIT}. */
    public static LogQuery all() {
        return ALL;
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The text the message or source must contain, or {@code null}. */
    public String text() {
        return text;
    }

    /** The accepted levels; empty means all. */
    public Set<LogLevel> levels() {
        return levels;
    }

    /** The source terms; empty means all. */
    public List<String> sources() {
        return sources;
    }

    /** The endpoints; empty means all. */
    public List<String> endpoints() {
        return endpoints;
    }

    /** The log file names; empty means all. */
    public Set<String> files() {
        return files;
    }

    /** The earliest timestamp (inclusive), or {@code null}. */
    public Instant from() {
        return from;
    }

    /** The timestamp lines must be before, or {@code null}. */
    public Instant until() {
        return until;
    }

    /** The most lines a query returns. */
    public int limit() {
        return limit;
    }

    /**
     * Whether the line passes every criterion ({@link #limit()} aside).
     *
     * @throws InvalidRequestException if {@code line} is null
     */
    public boolean matches(LogLineReceived line) {
        Checks.notNull(line, "line");
        if (!levels.isEmpty() && !levels.contains(line.level())) {
            return false;
        }
        if (from != null && line.timestamp().isBefore(from)) {
            return false;
        }
        if (until != null && !line.timestamp().isBefore(until)) {
            return false;
        }
        if (!files.isEmpty() && (line.file() == null || !files.contains(line.file()))) {
            return false;
        }
        if (!sources.isEmpty() && !anySource(line.source())) {
            return false;
        }
        if (text != null && !LogMatching.containsIgnoreCase(line.message(), text)
                && !LogMatching.containsIgnoreCase(line.source(), text)) {
            return false;
        }
        return endpoints.isEmpty() || anyEndpoint(line.message());
    }

    private boolean anySource(String source) {
        for (String term : sources) {
            if (LogMatching.sourceMatches(source, term)) {
                return true;
            }
        }
        return false;
    }

    private boolean anyEndpoint(String message) {
        for (String endpoint : endpoints) {
            if (LogMatching.mentionsEndpoint(message, endpoint)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "LogQuery[text=" + (text == null ? null : Checks.abbreviate(text)) + ", levels=" + levels
                + ", sources=" + sources + ", endpoints=" + endpoints + ", files=" + files
                + ", from=" + from + ", until=" + until + ", limit=" + limit + "]";
    }

    /**
     * Builds a {@link LogQuery}. Not thread-safe; each setter validates at once and throws
     * {@link InvalidRequestException} naming the field. Setting a criterion again replaces it.
     */
    public static final class Builder {
        private String text;
        private final EnumSet<LogLevel> levels = EnumSet.noneOf(LogLevel.class);
        private final Set<String> sources = new LinkedHashSet<>();
        private final Set<String> endpoints = new LinkedHashSet<>();
        private final Set<String> files = new LinkedHashSet<>();
        private Instant from;
        private Instant until;
        private int limit = DEFAULT_LIMIT;

        private Builder() {
        }

        /** Lines whose message or source contains this text, ignoring case; {@code null} or blank: any. */
        public Builder text(String text) {
            this.text = text == null || text.isBlank() ? null : term(text, "text");
            return this;
        }

        /** Lines of one of these levels; none: any. */
        public Builder levels(LogLevel... levels) {
            return levels(Arrays.asList(Checks.notNull(levels, "levels")));
        }

        /** Lines of one of these levels; empty: any. */
        public Builder levels(Collection<LogLevel> levels) {
            List<LogLevel> copy = Checks.copyOf(levels, "levels");
            this.levels.clear();
            this.levels.addAll(copy);
            return this;
        }

        /** Lines from one of these sources (file, module prefix or word); empty: any. */
        public Builder sources(Collection<String> sources) {
            replace(this.sources, sources, "sources");
            return this;
        }

        /** Lines that mention one of these endpoints; empty: any. */
        public Builder endpoints(Collection<String> endpoints) {
            replace(this.endpoints, endpoints, "endpoints");
            return this;
        }

        /** Lines from one of these log files ({@code full}, {@code messages}); empty: any. */
        public Builder files(Collection<String> files) {
            replace(this.files, files, "files");
            return this;
        }

        /** Lines at or after this instant; {@code null}: no lower bound. */
        public Builder from(Instant from) {
            this.from = from;
            return this;
        }

        /** Lines before this instant; {@code null}: no upper bound. */
        public Builder until(Instant until) {
            this.until = until;
            return this;
        }

        /** At most this many lines (the most recent), at least 1; default 1000. */
        public Builder limit(int limit) {
            this.limit = Checks.positive(limit, "limit");
            return this;
        }

        /**
         * The query.
         *
         * @throws InvalidRequestException if {@code from} is after {@code until}
         */
        public LogQuery build() {
            if (from != null && until != null && from.isAfter(until)) {
                throw new InvalidRequestException("from", "must not be after until (" + from + " > " + until + ")");
            }
            return new LogQuery(this);
        }

        private static void replace(Set<String> target, Collection<String> values, String field) {
            List<String> copy = Checks.copyOf(values, field);
            Set<String> checked = new LinkedHashSet<>();
            for (int i = 0; i < copy.size(); i++) {
                String v = copy.get(i);
                if (v.isBlank()) {
                    throw new InvalidRequestException(field + "[" + i + "]", "must not be blank");
                }
                checked.add(term(v.strip(), field + "[" + i + "]"));
            }
            target.clear();
            target.addAll(checked);
        }

        private static String term(String value, String field) {
            Checks.noLineBreaks(value, field);
            if (value.length() > MAX_TERM_CHARS) {
                throw new InvalidRequestException(field, "must be at most " + MAX_TERM_CHARS + " characters, was "
                        + value.length());
            }
            return value;
        }
    }
}
