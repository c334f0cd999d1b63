package dev.sferum.sdk.spring;

import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.redis.RedisConfig;
import dev.sferum.sdk.redis.RedisEventDedupeStore;
import dev.sferum.sdk.redis.RedisStores;
import dev.sferum.sdk.redis.RedisTokenStore;
import dev.sferum.sdk.spring.SferumProperties.StoreType;
import org.springframework.core.env.Environment;

/**
 * {@code sferum.stores.type=redis}: rate budgets, VK ID grants and event de-duplication in Redis (the application's
 * {@code spring.data.redis.*} settings unless {@code sferum.stores.redis-url} is set); outbox, chat mappings and
 * lessons in files under {@code sferum.stores.directory}.
 */
final class RedisStoreSupport {
    private RedisStoreSupport() {
    }

    static SferumStores open(SferumProperties.Stores p, Environment env) {
        RedisConfig.Builder config = RedisConfig.builder().url(url(p, env));
        if (!SferumProperties.hasText(p.redisUrl())) {
            String password = env.getProperty("spring.data.redis.password");
            if (password != null && !password.isEmpty()) {
                config.password(Secret.of(password));
            }
            String username = env.getProperty("spring.data.redis.username");
            if (username != null && !username.isEmpty()) {
                config.username(username);
            }
        }
        RedisStores redis = RedisStores.connect(config.build());
        try {
            return SferumStores.files(p.directory(), StoreType.REDIS, RedisTokenStore.builder(redis).build(), RedisEventDedupeStore.of(redis),
                    redis.rateBudgetStore(p.nodes()), redis);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    /** The URL, from our property or else from Spring Boot's Redis settings. */
    static String url(SferumProperties.Stores p, Environment env) {
        if (SferumProperties.hasText(p.redisUrl())) {
            return p.redisUrl();
        }
        String url = env.getProperty("spring.data.redis.url");
        if (url != null && !url.isBlank()) {
            return url;
        }
        String host = env.getProperty("spring.data.redis.host", "localhost");
        String port = env.getProperty("spring.data.redis.port", "6379");
        String db = env.getProperty("spring.data.redis.database", "0");
        return "redis://" + host + ":" + port + "/" + db;
    }
}
