package dev.sferum.sdk.vk.internal;

import dev.sferum.sdk.chat.ChatAsyncClient;
import dev.sferum.sdk.chat.spi.AsyncChatFront;
import dev.sferum.sdk.core.ApiAsyncClient;

import java.util.Objects;

/**
 * The VK {@link ChatAsyncClient}: each operation of {@link VkChatOps} composed on {@link ApiAsyncClient} futures, with
 * its own {@link Steps.Async} so that cancelling the returned future cancels the call in flight.
 */
public final class AsyncChatClient extends AsyncChatFront<Steps> {
    private final ApiAsyncClient api;
    private final VkChatOps ops;

    /**
     * @param api the API client
     * @param ops the operations
     */
    public AsyncChatClient(ApiAsyncClient api, VkChatOps ops) {
        super(ops, () -> Steps.async(api));
        this.api = Objects.requireNonNull(api, "api");
        this.ops = ops;
    }

    @Override
    public String toString() {
        return "ChatAsyncClient[vk, " + ops.actor() + ", " + api + "]";
    }
}
