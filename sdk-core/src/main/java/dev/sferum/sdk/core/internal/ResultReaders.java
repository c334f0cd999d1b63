package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.ResultType;
import tools.jackson.databind.ObjectReader;

import java.util.function.Function;

/**
 * Lets the call path read a typed {@link ResultType} straight from the answer's bytes, without making
 * {@code ResultType}'s reader public API. {@code ResultType} registers the accessor when it is initialised.
 */
public final class ResultReaders {
    private static volatile Function<ResultType<?>, ObjectReader> access;

    private ResultReaders() {
    }

    /**
     * Called once, by {@code ResultType}'s static initialiser.
     *
     * @param accessor returns a type's reader, or {@code null} for tree and custom types
     */
    public static void register(Function<ResultType<?>, ObjectReader> accessor) {
        if (access != null) {
            throw new IllegalStateException("already registered");
        }
        access = accessor;
    }

    /**
     * @param type a result type (its class is initialised, so the accessor is registered)
     * @return the reader for {@code ResultType.of(...)} types, or {@code null}
     */
    public static ObjectReader reader(ResultType<?> type) {
        return access.apply(type);
    }
}
