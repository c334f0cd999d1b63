package dev.sferum.sdk.core.internal;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The body of every {@code op(Consumer<Request.Builder>)} overload in the SDK's clients, written once: a fresh
 * builder, the caller's set-up, the built request.
 */
public final class Builders {

    private Builders() {
    }

    /**
     * @param builder a fresh builder
     * @param setup the caller's set-up
     * @param build builds the request
     * @param <B> the builder
     * @param <R> the request
     * @return the request
     * @throws NullPointerException if {@code setup} is null
     */
    public static <B, R> R build(B builder, Consumer<? super B> setup, Function<? super B, ? extends R> build) {
        Objects.requireNonNull(setup, "request").accept(builder);
        return build.apply(builder);
    }
}
