package dev.sferum.sdk.redis;

import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.auth.VkIdClient;
import dev.sferum.sdk.auth.VkIdConfig;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.Secret;

import java.time.Duration;

/** The README's usage example, kept compiling. */
final class ReadmeExample {
    private ReadmeExample() {
    }

    static void example(VkIdConfig vkidConfig) {
        // One connection per application node; close it on shutdown.
        RedisStores redis = RedisStores.connect(RedisConfig.builder()
                .url("redis://10.0.0.5:6379/0")
                .password(Secret.of(System.getenv("REDIS_PASSWORD")))
                .keyPrefix("ejournal:")                      // nodes share budgets and grants exactly when they share this
                .build());

        // VK counts 20 calls/s per community token over all nodes; 4 nodes each fall back to 5 if Redis goes away.
        RedisRateBudgetStore budgets = redis.rateBudgetStore(4);
        ClientConfig config = ClientConfig.builder()
                .rateLimits(RateLimits.builder().store(budgets).build())
                .build();
        ApiClient api = ApiClient.builder()
                .config(config)
                .token(AccessToken.community(System.getenv("VK_COMMUNITY_TOKEN"), 123456))
                .buildClient();

        // VK ID grants: compare-and-set rotation, one refresh at a time across nodes.
        TokenStore grants = RedisTokenStore.builder(redis).build();
        VkIdClient vkid = VkIdClient.builder().config(vkidConfig).tokenStore(grants).buildClient();

        // Events: a Callback retry landing on another node is answered ok there and not handled twice.
        EventStream events = EventStream.builder()
                .dedupeStore(RedisEventDedupeStore.of(redis))
                .dedupeWindow(Duration.ofHours(9))           // MAX's webhook retries for up to 8 hours
                .build();

        events.close();
        redis.close();
    }
}
