package io.voipkit.core.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.RawFields;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Zero-copy construction of {@link RawFields} for adapters whose decoder already produced a fresh,
 * exact-size array of names and values that nobody will write to again (the AMI decoder does).
 * {@link RawFields#of(String...)} clones and re-checks the array, which was about 30 % of the bytes
 * the AMI reader thread allocated per event; this skips both.
 *
 * <pre>{@code
 * String[] pairs = decoder.takeFields();            // fresh, never written again
 * RawFields raw = RawFieldsAccess.wrapTrusted(pairs);
 * }</pre>
 *
 * <p>{@link #lazy} goes further for codecs that can keep an event's fields in their own form
 * until somebody reads them (the ESL decoder does).
 *
 * <p>Not API: the caller promises what {@code RawFields.of} would otherwise check (even length,
 * names non-empty, values non-null) and never to change the array afterwards, because
 * {@code RawFields} is immutable and shared between threads. Only the cheap length check is made
 * here. Uses a private constructor through a method handle held in a {@code static final} field
 * (constant-folded by the JIT), so no public factory that could leak mutability had to be added.
 */
public final class RawFieldsAccess {
    private static final MethodHandle NEW;
    private static final MethodHandle NEW_LAZY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(RawFields.class, MethodHandles.lookup());
            NEW = lookup.findConstructor(RawFields.class, MethodType.methodType(void.class, String[].class));
            NEW_LAZY = lookup.findConstructor(RawFields.class, MethodType.methodType(void.class, RawFieldsSource.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private RawFieldsAccess() {
    }

    /**
     * Wraps {@code pairs} (name0, value0, name1, value1, ...) without copying it.
     *
     * @param pairs a fresh array that nobody writes to again; names non-empty, values non-null
     * @return fields backed by {@code pairs}
     * @throws InvalidRequestException when {@code pairs} is {@code null} or has an odd length
     */
    public static RawFields wrapTrusted(String[] pairs) {
        Checks.notNull(pairs, "pairs");
        if ((pairs.length & 1) != 0) {
            throw new InvalidRequestException("pairs", "must hold name/value pairs, but has an odd number of elements ("
                    + pairs.length + ")");
        }
        if (pairs.length == 0) {
            return RawFields.empty();
        }
        try {
            return (RawFields) NEW.invokeExact(pairs);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("RawFields constructor failed", e); // it throws nothing checked
        }
    }

    /**
     * Fields that stay in the codec's form until first read: {@code size()} asks the source, every
     * other method materialises the pairs once (thread-safe; the source is dropped afterwards).
     * Equality, hash code, {@code toString()} and every lookup answer exactly as
     * {@code RawFields.of(source.materializePairs())} would.
     *
     * <pre>{@code
     * RawFields raw = RawFieldsAccess.lazy(event);     // event implements RawFieldsSource
     * }</pre>
     *
     * @param source the fields; see {@link RawFieldsSource} for what it promises
     * @return lazily materialised fields, or {@link RawFields#empty()} when the source has none
     * @throws InvalidRequestException when {@code source} is {@code null} or its size is negative
     */
    public static RawFields lazy(RawFieldsSource source) {
        Checks.notNull(source, "source");
        int size = source.size();
        if (size < 0) {
            throw new InvalidRequestException("source", "size must not be negative, was " + size);
        }
        if (size == 0) {
            return RawFields.empty();
        }
        try {
            return (RawFields) NEW_LAZY.invokeExact(source);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("RawFields constructor failed", e); // it throws nothing checked
        }
    }
}
