package dev.sferum.sdk.chat.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every backend's operation steps share, sync or async: finished and failed flows of their kind, and the
 * combinators written once on them ({@link #defer}, {@link #each}). A backend adds how it makes one call (VK's
 * {@code Steps}, MAX's {@code Calls}).
 */
public abstract class FlowSteps {

    /** For subclasses. */
    protected FlowSteps() {
    }

    /**
     * @param value a value
     * @param <T> its type
     * @return a finished flow of this kind
     */
    public abstract <T> Flow<T> done(T value);

    /**
     * @param error a failure
     * @param <T> the value type
     * @return a failed flow of this kind
     */
    public abstract <T> Flow<T> failed(RuntimeException error);

    /**
     * Runs {@code step}, turning an exception it throws into a failed flow.
     *
     * @param step the step
     * @param <T> its value
     * @return its flow
     */
    public <T> Flow<T> defer(Supplier<Flow<T>> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            return failed(e);
        }
    }

    /**
     * Runs one step per item, one after the other, collecting the results in order.
     *
     * @param items the items
     * @param step the step for an item and its index
     * @param <X> the item
     * @param <R> a step's result
     * @return the flow of all results; the first failure stops it
     */
    public <X, R> Flow<List<R>> each(List<X> items, BiFunction<X, Integer, Flow<R>> step) {
        List<R> out = new ArrayList<>(items.size());
        return each(items, 0, step, out).map(v -> out);
    }

    private <X, R> Flow<Void> each(List<X> items, int i, BiFunction<X, Integer, Flow<R>> step, List<R> out) {
        if (i == items.size()) {
            return done(null);
        }
        return defer(() -> step.apply(items.get(i), i)).then(r -> {
            out.add(r);
            return each(items, i + 1, step, out);
        });
    }

    /**
     * @param items the items
     * @param step the step for an item
     * @param <X> the item
     * @param <R> a step's result
     * @return the flow of all results
     */
    public <X, R> Flow<List<R>> each(List<X> items, Function<X, Flow<R>> step) {
        return each(items, (x, i) -> step.apply(x));
    }
}
