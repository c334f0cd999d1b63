package dev.sferum.sdk.vk.internal;

import dev.sferum.sdk.chat.spi.AsyncScope;
import dev.sferum.sdk.chat.spi.Flow;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.exception.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Makes the calls of a chat operation: {@link #sync(ApiClient)} on the calling thread with
 * {@code ApiClient.call}, {@link #async(ApiAsyncClient)} with {@code ApiAsyncClient.call}. VK's chat errors are
 * turned into the chat exception types here, once for both paths.
 */
public abstract class Steps {

    Steps() {
    }

    /**
     * @param api the sync API client
     * @return steps that run on the calling thread
     */
    public static Steps sync(ApiClient api) {
        return new Steps() {
            @Override
            public <T> Flow<T> call(ApiRequest request, ResultType<T> type) {
                try {
                    return Flow.now(api.call(request, type));
                } catch (ApiException e) {
                    return Flow.nowFailed(ChatErrors.translate(e));
                } catch (RuntimeException e) {
                    return Flow.nowFailed(e);
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
     * @param api the async API client
     * @return steps that compose futures; make one per operation so that {@link Async#cancel()} stops just it
     */
    public static Async async(ApiAsyncClient api) {
        return new Async(api);
    }

    /** Async steps of one operation: cancelling them cancels the call in flight and starts no more. */
    public static final class Async extends Steps implements AsyncScope<Steps> {
        private final ApiAsyncClient api;
        private final java.util.Set<CompletableFuture<?>> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private volatile boolean cancelled;

        private Async(ApiAsyncClient api) {
            this.api = api;
        }

        /** @return these steps: they are the operation's context */
        @Override
        public Steps context() {
            return this;
        }

        @Override
        public <T> Flow<T> call(ApiRequest request, ResultType<T> type) {
            if (cancelled) {
                return Flow.later(CompletableFuture.failedFuture(new java.util.concurrent.CancellationException(
                        "the operation was cancelled before " + request.method())));
            }
            CompletableFuture<T> call;
            try {
                call = api.call(request, type);
            } catch (RuntimeException e) {
                return Flow.later(CompletableFuture.failedFuture(e));
            }
            inFlight.add(call);
            if (cancelled) {
                call.cancel(true);
            }
            CompletableFuture<T> translated = new CompletableFuture<>();
            call.whenComplete((v, e) -> {
                inFlight.remove(call);
                if (e == null) {
                    translated.complete(v);
                } else {
                    Throwable cause = Flow.unwrap(e);
                    translated.completeExceptionally(cause instanceof ApiException a ? ChatErrors.translate(a) : cause);
                }
            });
            return Flow.later(translated);
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
         * Ties the operation's result to these steps: cancelling the result cancels the call in flight.
         *
         * @param flow the operation's flow
         * @param <T> its value
         * @return the future to hand to the caller
         */
        @Override
        public <T> CompletableFuture<T> bind(Flow<T> flow) {
            CompletableFuture<T> inner = flow.future();
            CompletableFuture<T> outer = new CompletableFuture<>();
            inner.whenComplete((v, e) -> {
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
     * @param type how to decode the answer
     * @param <T> the result
     * @return the flow of the result; VK chat errors fail it as chat exceptions
     */
    public abstract <T> Flow<T> call(ApiRequest request, ResultType<T> type);

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
