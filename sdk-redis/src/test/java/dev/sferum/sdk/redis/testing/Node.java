package dev.sferum.sdk.redis.testing;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.RequestOptions;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.redis.RedisConfig;
import dev.sferum.sdk.redis.RedisRateBudgetStore;
import dev.sferum.sdk.redis.RedisStores;

import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * One application node in a test: its own Redis connection, budget store and SDK client (sync or async), calling
 * the fake VK with one community token. The fake tells nodes apart by {@code User-Agent}.
 */
public final class Node implements AutoCloseable {
    private final String name;
    private final RedisStores redis;
    private final RedisRateBudgetStore budgets;
    private final ApiClient sync;
    private final ApiAsyncClient async;

    public Node(String name, Mode mode, String redisUrl, String keyPrefix, int nodes, String vkUrl) {
        this.name = name;
        this.redis = RedisStores.connect(RedisConfig.builder().url(redisUrl).keyPrefix(keyPrefix)
                .probeInterval(Duration.ofMillis(100))
                // A shared 2-core test machine: give the handshake time; budget waits do not depend on it.
                .connectTimeout(Duration.ofSeconds(30)).commandTimeout(Duration.ofSeconds(2))
                .build());
        this.budgets = redis.rateBudgetStore(nodes);
        ClientConfig config = ClientConfig.builder()
                .baseUrl(vkUrl)
                .userAgent(name)
                .rateLimits(RateLimits.builder().store(budgets).build())
                .build();
        ApiClientBuilder builder = ApiClient.builder().config(config).token(Canary.community());
        this.sync = mode == Mode.SYNC ? builder.buildClient() : null;
        this.async = mode == Mode.ASYNC ? builder.buildAsyncClient() : null;
    }

    public String name() {
        return name;
    }

    public RedisRateBudgetStore budgets() {
        return budgets;
    }

    /** Makes one call through this node's client. */
    public void call() {
        call(ApiRequest.builder("users.get").build());
    }

    /**
     * Makes a few calls with another token, so connections and classes are warm before the measured calls, as on a
     * node that has been running for a while.
     */
    public void warmUp() {
        for (int i = 0; i < 3; i++) {
            call(ApiRequest.builder("users.get")
                    .options(RequestOptions.builder().token(AccessToken.community(Canary.WARMUP_TOKEN, 654321)).build()).build());
        }
    }

    private void call(ApiRequest request) {
        if (sync != null) {
            sync.call(request, ResultType.json());
            return;
        }
        try {
            async.call(request, ResultType.json()).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
