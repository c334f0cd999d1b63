package dev.sferum.sdk.max.internal;

import dev.sferum.sdk.chat.spi.AsyncScope;
import dev.sferum.sdk.chat.spi.Flow;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Makes the calls of one MAX chat operation: {@link #sync(MaxPipeline)} on the calling thread,
 * {@link #async(MaxPipeline)} composing futures. Operations are written once against this type and {@link Flow}.
 */
public abstract class Calls {

    Calls() {
    }

    /**
     * @param pipeline the pipeline
     * @return calls that run on the calling thread
     */
    public static Calls sync(MaxPipeline pipeline) {
        return new Calls() {
            @Override
            public <T> Flow<T> call(MaxRequest request, Function<JsonNode, T> decode) {
                try {
                    return Flow.now(pipeline.execute(request, decode));
                } catch (SferumException e) {
                    return Flow.nowFailed(MaxErrors.chatError(request, e));
                } catch (RuntimeException e) {
                    return Flow.nowFailed(e);
                }
            }

            @Override
            public Flow<Void> pause(Duration d) {
                try {
                    pipeline.config().timeSource().sleep(d);
                    return Flow.now(null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Flow.nowFailed(new TransportException(ErrorCategory.TRANSIENT, null, TransportException.Failure.INTERRUPTED, 0, false,
                            "interrupted while waiting before a delivery check", null, null));
                }
            }

            @Override
            public <T> Flow<T> done(T value) {
                return Flow.now(value);
            }

            @Override
            public <T> Flow<T> failed(RuntimeException error) {
                return Flow.nowFailed(error);
            }
        };
    }

    /**
     * @param pipeline the pipeline
     * @return calls that compose futures; make one per operation so that {@link Async#cancel()} stops just it
     */
    public static Async async(MaxPipeline pipeline) {
        return new Async(pipeline);
    }

    /** Async calls of one operation: cancelling them cancels the call in flight and starts no more. */
    public static final class Async extends Calls implements AsyncScope<Calls> {
        private final MaxPipeline pipeline;
        private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
        private volatile boolean cancelled;

        private Async(MaxPipeline pipeline) {
            this.pipeline = pipeline;
        }

        /** @return these calls: they are the operation's context */
        @Override
        public Calls context() {
            return this;
        }

        @Override
        public <T> Flow<T> call(MaxRequest request, Function<JsonNode, T> decode) {
            if (cancelled) {
                return Flow.later(CompletableFuture.failedFuture(new CancellationException("the operation was cancelled before "
                        + request.operation())));
            }
            CompletableFuture<T> call;
            try {
                call = pipeline.executeAsync(request, decode);
            } catch (RuntimeException e) {
                return Flow.later(CompletableFuture.failedFuture(e));
            }
            return track(call).recover(e -> failed(MaxErrors.chatError(request, e)));
        }

        @Override
        public Flow<Void> pause(Duration d) {
            return track(pipeline.config().timeSource().delay(d));
        }

        private <T> Flow<T> track(CompletableFuture<T> call) {
            inFlight.add(call);
            if (cancelled) {
                call.cancel(true);
            }
            CompletableFuture<T> out = new CompletableFuture<>();
            call.whenComplete((v, e) -> {
                inFlight.remove(call);
                if (e == null) {
                    out.complete(v);
                } else {
                    out.completeExceptionally(Flow.unwrap(e));
                }
            });
            return Flow.later(out);
        }

        @Override
        public <T> Flow<T> done(T value) {
            return Flow.later(CompletableFuture.completedFuture(value));
        }

        @Override
        public <T> Flow<T> failed(RuntimeException error) {
            return Flow.later(CompletableFuture.failedFuture(error));
        }

        /**
         * Ties the operation's result to these calls: cancelling the result cancels the call in flight.
         *
         * @param flow the operation's flow
         * @param <T> its value
         * @return the future to hand to the caller
         */
        @Override
        public <T> CompletableFuture<T> bind(Flow<T> flow) {
            CompletableFuture<T> outer = new CompletableFuture<>();
            flow.future().whenComplete((v, e) -> {
                if (e == null) {
                    outer.complete(v);
                } else {
                    outer.completeExceptionally(Flow.unwrap(e));
                }
            });
            outer.whenComplete((v, e) -> {
                if (outer.isCancelled()) {
                    cancel();
                }
            });
            return outer;
        }

        /** Cancels the call in flight and refuses further calls. */
        public void cancel() {
            cancelled = true;
            for (CompletableFuture<?> f : inFlight) {
                f.cancel(true);
            }
        }
    }

    /**
     * Makes one API call.
     *
     * @param request the call
     * @param decode turns the 200 body into the result
     * @param <T> the result
     * @return the flow of the result
     */
    public abstract <T> Flow<T> call(MaxRequest request, Function<JsonNode, T> decode);

    /**
     * Waits without holding a thread on the async path (on the time source: virtual in tests).
     *
     * @param d how long
     * @return the flow that completes after it
     */
    public abstract Flow<Void> pause(Duration d);

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
     * Repeats {@code step} while it answers {@code true}, at most {@code limit} times.
     *
     * @param limit the most repetitions
     * @param step the step, given the repetition number from 0; answers whether to go on
     * @return the flow of the number of repetitions made
     */
    public Flow<Integer> loop(int limit, Function<Integer, Flow<Boolean>> step) {
        return loop(0, limit, step);
    }

    private Flow<Integer> loop(int i, int limit, Function<Integer, Flow<Boolean>> step) {
        if (i >= limit) {
            return done(i);
        }
        return defer(() -> step.apply(i)).then(goOn -> goOn ? loop(i + 1, limit, step) : done(i + 1));
    }
}
