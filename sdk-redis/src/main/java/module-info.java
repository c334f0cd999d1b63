/**
 * Redis-backed stores for sferum-java-sdk: the per-token rate budget shared by every application node.
 *
 * <p>Start with {@link dev.sferum.sdk.redis.RedisStores#connect(dev.sferum.sdk.redis.RedisConfig)}.
 */
module dev.sferum.sdk.redis {
    requires transitive dev.sferum.sdk.core;
    requires lettuce.core;
    requires org.slf4j;

    exports dev.sferum.sdk.redis;
}
