package dev.sferum.sdk.vk.internal;

import dev.sferum.sdk.chat.spi.AsyncScope;
import dev.sferum.sdk.chat.spi.Flow;
import dev.sferum.sdk.chat.spi.FlowSteps;
import dev.sferum.sdk.chat.spi.InFlight;
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

    Steps(InFlight inFlight) {
        super(inFlight);
    }

    /**
     * @param api the sync API client
     * @return steps that run on the calling thread
     */
    public static Steps sync(ApiClient api) {
        return new Steps() {
            @Override
            public <T> Flow<T> call(ApiRequest request, ResultType<T> type) {
                return now(() -> api.call(request, type), Steps::chatError);
            }
        };
    }

    /**
     * @param api the async API client
     * @return steps that compose futures; make one per operation so that cancelling its result stops just it
     */
    public static Async async(ApiAsyncClient api) {
        return new Async(api);
    }

    /** Async steps of one operation: cancelling them cancels the call in flight and starts no more. */
    public static final class Async extends Steps implements AsyncScope<Steps> {
        private final ApiAsyncClient api;

        private Async(ApiAsyncClient api) {
            super(new InFlight());
            this.api = api;
        }

        /** {@return these steps: they are the operation's context} */
        @Override
        public Steps context() {
            return this;
        }

        @Override
        public <T> Flow<T> call(ApiRequest request, ResultType<T> type) {
            return inFlight().call(request.method(), () -> api.call(request, type), Steps::chatError);
        }

        @Override
        public <T> CompletableFuture<T> bind(Flow<T> flow) {
            return inFlight().bind(flow);
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

    private static RuntimeException chatError(RuntimeException e) {
        return e instanceof ApiException a ? ChatErrors.translate(a) : e;
    }
}
