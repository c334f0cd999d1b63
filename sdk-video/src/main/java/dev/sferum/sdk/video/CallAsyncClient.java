package dev.sferum.sdk.video;

import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.internal.Builders;
import dev.sferum.sdk.video.internal.VkCalls;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The asynchronous twin of {@link CallClient}: the same calls, returning futures and holding no thread.
 *
 * @since 0.1.0
 */
public interface CallAsyncClient {

    /**
     * Makes a call client over the VK API.
     *
     * @param api an async client whose token is a user token
     * @return a call client over the VK API
     */
    static CallAsyncClient vk(ApiAsyncClient api) {
        return new VkCalls.Async(api);
    }

    /**
     * Starts a call.
     *
     * @param request the call's settings
     * @return a future of the started call
     */
    CompletableFuture<StartedCall> start(StartCallRequest request);

    /**
     * Like {@link #start(StartCallRequest)}, with the request set on a builder.
     *
     * @param request sets the request's parts
     * @return a future of the started call
     */
    default CompletableFuture<StartedCall> start(Consumer<StartCallRequest.Builder> request) {
        return start(Builders.build(StartCallRequest.builder(), request, StartCallRequest.Builder::build));
    }

    /**
     * Finishes a call.
     *
     * @param callId the call
     * @return a future that completes when the call is finished (or was already)
     */
    CompletableFuture<Void> finish(CallId callId);
}
