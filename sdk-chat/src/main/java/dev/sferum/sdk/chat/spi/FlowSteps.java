package dev.sferum.sdk.chat.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What every backend's operation steps share, sync or async: finished and failed flows of their kind, the calls in
 * flight of an async operation ({@link InFlight}), and the combinators written once on them ({@link #defer},
 * {@link #each}). A backend adds how it makes one call (VK's {@code Steps}, MAX's {@code Calls}), with
 * {@link #now(Supplier, UnaryOperator)} on the sync path and {@link #inFlight()} on the async one.
 *
 * @since 0.1.0
 */
public abstract class FlowSteps {
    private final InFlight inFlight;

    /** For steps that run on the calling thread: their flows are already there. */
    protected FlowSteps() {
        this.inFlight = null;
    }

    /**
     * For the steps of one async operation: their flows are futures, and their calls are tracked so that cancelling
     * the operation cancels them.
     *
     * @param inFlight the operation's calls
     */
    protected FlowSteps(InFlight inFlight) {
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    }

    /**
     * Gives the calls in flight of this async operation.
     *
     * @return the calls in flight of this async operation
     * @throws IllegalStateException on sync steps, which have none
     */
    protected final InFlight inFlight() {
        if (inFlight == null) {
            throw new IllegalStateException("sync steps run on the calling thread and have no calls in flight");
        }
        return inFlight;
    }

    /**
     * Makes a finished flow of this kind.
     *
     * @param value a value
     * @param <T> its type
     * @return a finished flow of this kind
     */
    public <T> Flow<T> done(T value) {
        return inFlight == null ? Flow.now(value) : Flow.later(CompletableFuture.completedFuture(value));
    }

    /**
     * Makes a failed flow of this kind.
     *
     * @param error a failure
     * @param <T> the value type
     * @return a failed flow of this kind
     */
    public <T> Flow<T> failed(RuntimeException error) {
        return inFlight == null ? Flow.nowFailed(error) : Flow.later(CompletableFuture.failedFuture(error));
    }

    /**
     * Makes one call on the calling thread (the sync path).
     *
     * @param call the call
     * @param translate turns its failure into the backend's chat exception (or returns it unchanged)
     * @param <T> its result
     * @return the finished flow of the call
     */
    protected static <T> Flow<T> now(Supplier<T> call, UnaryOperator<RuntimeException> translate) {
        try {
            return Flow.now(call.get());
        } catch (RuntimeException e) {
            return Flow.nowFailed(translate.apply(e));
        }
    }

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
     * Runs a step for each item, one after another, and collects the results.
     *
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
