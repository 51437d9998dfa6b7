package io.voipkit.core.internal;

import io.voipkit.core.event.RawFields;

/**
 * The fields of one event, kept by a codec in its own compact form (for example the event's bytes
 * and the offsets of its lines) until somebody reads them: {@link RawFieldsAccess#lazy} turns it
 * into a {@link RawFields} that calls {@link #materializePairs()} on first access only.
 *
 * <p>Why: a FreeSWITCH event carries ~80 headers, of which the typed record needs about ten; a
 * {@code String} per header is most of the decoding cost, and most subscribers never read the raw
 * fields. Not API.
 *
 * <p>Implementations must be immutable in what they answer (the bytes behind them never change),
 * and {@link #materializePairs()} must be safe to call from any thread; {@code RawFields} calls it
 * at most once per instance, under a lock on the source, and forgets the source afterwards.
 */
public interface RawFieldsSource {

    /** The number of fields, repeats included; what {@link RawFields#size()} answers before materialising. */
    int size();

    /**
     * A fresh array {@code name0, value0, name1, value1, ...} of exactly {@code 2 * size()}
     * elements, names non-empty, values non-null, that nobody writes to again.
     */
    String[] materializePairs();

    /** What {@link #firstIgnoringCase} answers when it cannot tell without materialising (compared by identity). */
    String UNANSWERED = new String("unanswered");

    /**
     * The value of the first field whose name equals {@code name} ignoring case (as
     * {@link String#equalsIgnoreCase}), or {@code null} when there is none, decoding only that
     * value; or {@link #UNANSWERED} when this source cannot tell cheaply (then the caller
     * materialises). Must be safe to call from any thread, before and after materialising. What
     * {@link RawFields#firstOrNull} asks first: a lookup of one field then costs no {@code String}
     * per other field (the live-state feed reads two or three fields of some events).
     */
    default String firstIgnoringCase(String name) {
        return UNANSWERED;
    }
}
