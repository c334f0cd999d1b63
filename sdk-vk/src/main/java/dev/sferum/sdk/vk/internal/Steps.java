package dev.sferum.sdk.vk.internal;

import dev.sferum.sdk.chat.spi.AsyncScope;
import dev.sferum.sdk.chat.spi.Flow;
import dev.sferum.sdk.chat.spi.FlowSteps;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.exception.ApiException;

import java.util.concurrent.CompletableFuture;

/**
 * Makes the calls of a chat operation: {@link #sync(ApiClient)} on the calling thread with
 * {@code ApiClient.call}, {@link #async(ApiAsyncClient)} with {@code ApiAsyncClient.call}. VK's chat errors are
 * turned into the chat exception types here, once for both paths.
 */
public abstract class Steps extends FlowSteps {

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
            return AsyncScope.bind(flow, this::cancel);
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
}
