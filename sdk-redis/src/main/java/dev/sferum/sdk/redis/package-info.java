/**
 * Stores on Redis, shared by every node of an application: {@link dev.sferum.sdk.redis.RedisRateBudgetStore}
 * keeps VK's per-token rate limit across nodes, {@link dev.sferum.sdk.redis.RedisTokenStore} keeps users' VK ID
 * grants with one refresh at a time, {@link dev.sferum.sdk.redis.RedisEventDedupeStore} lets the nodes' event streams
 * handle each event once.
 *
 * <p>Start with {@link dev.sferum.sdk.redis.RedisStores#connect(dev.sferum.sdk.redis.RedisConfig)}. Every type here
 * is thread-safe unless its Javadoc says otherwise. No method accepts {@code null} unless its Javadoc says so; a
 * {@code null} where none is allowed fails at once with a {@link java.lang.NullPointerException} naming the
 * argument.
 */
package dev.sferum.sdk.redis;
