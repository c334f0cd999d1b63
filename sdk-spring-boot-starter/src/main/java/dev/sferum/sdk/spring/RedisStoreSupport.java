package dev.sferum.sdk.spring;

import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.redis.RedisConfig;
import dev.sferum.sdk.redis.RedisEventDedupeStore;
import dev.sferum.sdk.redis.RedisRateBudgetStore;
import dev.sferum.sdk.redis.RedisStores;
import dev.sferum.sdk.redis.RedisTokenStore;
import dev.sferum.sdk.spring.SferumProperties.StoreType;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * {@code sferum.stores.type=redis}: rate budgets, VK ID grants and event de-duplication in Redis; outbox, chat
 * mappings and lessons in files under {@code sferum.stores.directory}.
 *
 * <p>Which Redis, first found wins: {@code sferum.stores.redis-url}; the application's Redis connection (Spring
 * Boot's {@code DataRedisConnectionDetails} bean, which Spring Data Redis makes from {@code spring.data.redis.*} and
 * which a service connection or Docker Compose replaces); else the {@code spring.data.redis.*} properties read
 * directly. The SDK opens its own connection to that server (its stores need their own reconnect rules).
 */
final class RedisStoreSupport {
    private static final String DETAILS = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";

    private RedisStoreSupport() {
    }

    static SferumStores open(SferumProperties.Stores p, Environment env, BeanFactory beans) {
        RedisConfig.Builder config = config(p, env, beans);
        config.keyPrefix(p.keyPrefix());
        RedisStores redis = RedisStores.connect(config.build());
        try {
            RedisRateBudgetStore budgets = redis.rateBudgetStore(p.nodes());
            SferumStores.Check files = SferumStores.folder(p.directory());
            return SferumStores.files(p.directory(), StoreType.REDIS, RedisTokenStore.builder(redis).build(), RedisEventDedupeStore.of(redis),
                    budgets, redis, details -> {
                        details.put("pingMillis", redis.ping().toMillis());
                        details.put("budgetsShared", budgets.shared());
                        files.run(details);
                    });
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    static RedisConfig.Builder config(SferumProperties.Stores p, Environment env, BeanFactory beans) {
        if (SferumProperties.hasText(p.redisUrl())) {
            return RedisConfig.builder().url(p.redisUrl());
        }
        if (ClassUtils.isPresent(DETAILS, RedisStoreSupport.class.getClassLoader())) {
            RedisConfig.Builder fromBoot = FromBoot.config(beans);
            if (fromBoot != null) {
                return fromBoot;
            }
        }
        RedisConfig.Builder config = RedisConfig.builder().url(url(env));
        String password = env.getProperty("spring.data.redis.password");
        if (password != null && !password.isEmpty()) {
            config.password(Secret.of(password));
        }
        String username = env.getProperty("spring.data.redis.username");
        if (username != null && !username.isEmpty()) {
            config.username(username);
        }
        return config;
    }

    /** The URL from Spring Boot's Redis properties, read directly (without Spring Data Redis). */
    static String url(Environment env) {
        String url = env.getProperty("spring.data.redis.url");
        if (url != null && !url.isBlank()) {
            return url;
        }
        String host = env.getProperty("spring.data.redis.host", "localhost");
        String port = env.getProperty("spring.data.redis.port", "6379");
        String db = env.getProperty("spring.data.redis.database", "0");
        boolean tls = Boolean.parseBoolean(env.getProperty("spring.data.redis.ssl.enabled", "false"));
        return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + db;
    }

    /** Spring Boot's connection details; a class of its own, loaded only when spring-boot-data-redis is present. */
    private static final class FromBoot {
        private FromBoot() {
        }

        static RedisConfig.Builder config(BeanFactory beans) {
            DataRedisConnectionDetails details = beans.getBeanProvider(DataRedisConnectionDetails.class).getIfAvailable();
            if (details == null) {
                return null;
            }
            DataRedisConnectionDetails.Standalone one = details.getStandalone();
            if (one == null || details.getSentinel() != null || details.getCluster() != null || details.getMasterReplica() != null) {
                throw new IllegalStateException("sferum.stores.type=redis needs one Redis server, but the application's Redis "
                        + "connection is a sentinel, cluster or master/replica setup; set sferum.stores.redis-url to the "
                        + "primary, such as redis://10.0.0.5:6379/0");
            }
            String scheme = details.getSslBundle() != null ? "rediss://" : "redis://";
            RedisConfig.Builder config = RedisConfig.builder().url(scheme + one.getHost() + ":" + one.getPort() + "/" + one.getDatabase());
            if (details.getPassword() != null && !details.getPassword().isEmpty()) {
                config.password(Secret.of(details.getPassword()));
            }
            if (details.getUsername() != null && !details.getUsername().isEmpty()) {
                config.username(details.getUsername());
            }
            return config;
        }
    }
}
