package dev.sferum.sdk.vk.internal;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.spi.CallBudget;
import dev.sferum.sdk.chat.spi.SyncChatFront;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The VK {@link ChatClient}: each operation of {@link VkChatOps} on the calling thread, and the API client's rate
 * budget and batching as a {@link CallBudget} for roster sync's pace.
 */
public final class SyncChatClient extends SyncChatFront<Steps> implements CallBudget {
    private final ApiClient api;
    private final VkChatOps ops;

    /**
     * @param api the API client
     * @param ops the operations
     */
    public SyncChatClient(ApiClient api, VkChatOps ops) {
        super(ops, Steps.sync(Objects.requireNonNull(api, "api")));
        this.api = api;
        this.ops = ops;
    }

    @Override
    public OptionalDouble requestsPerSecond() {
        ClientConfig c = api.config();
        return c.rateLimits().enabled() ? OptionalDouble.of(c.rateLimits().perSecond(ops.actor().tokenKind())) : OptionalDouble.empty();
    }

    @Override
    public Duration window() {
        ClientConfig c = api.config();
        return c.rateLimits().enabled() ? c.rateLimits().budget(ops.actor().tokenKind()).window() : Duration.ofSeconds(1);
    }

    @Override
    public int callsPerRequest() {
        return api.config().batching().enabled() ? api.config().batching().maxCalls() : 1;
    }

    @Override
    public String toString() {
        return "ChatClient[vk, " + ops.actor() + ", " + api + "]";
    }
}
