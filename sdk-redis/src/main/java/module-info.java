/**
 * Redis-backed stores for sferum-java-sdk, shared by every application node: the per-token rate budget, users'
 * VK ID grants and the event de-duplication of sdk-chat's event streams.
 *
 * <p>Start with {@link dev.sferum.sdk.redis.RedisStores#connect(dev.sferum.sdk.redis.RedisConfig)}.
 */
module dev.sferum.sdk.redis {
    requires transitive dev.sferum.sdk.core;
    requires transitive dev.sferum.sdk.auth;
    // Optional: only RedisEventDedupeStore needs it, and whoever uses an EventStream has it already.
    requires static transitive dev.sferum.sdk.chat;
    requires lettuce.core;
    requires org.slf4j;

    exports dev.sferum.sdk.redis;
}
