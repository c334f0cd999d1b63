package dev.sferum.sdk.auth;

import java.util.Optional;

/**
 * Where sign-ins wait between {@code startSignIn} and their callback (SPI).
 *
 * <p>The default, {@link #inMemory()}, suits one server. When the callback may reach another node than the one that
 * started the sign-in, implement this on a shared store (Redis {@code SET key value EX ttl} and {@code GETDEL}, or a
 * database row deleted on read):
 *
 * <pre>{@code
 * final class RedisPendingSignIns implements PendingSignInStore {
 *     public void put(String key, PendingSignIn p) { redis.setex("vkid:pending:" + key, ttl(p), encode(p)); }
 *     public Optional<PendingSignIn> take(String key) { return Optional.ofNullable(redis.getDel("vkid:pending:" + key)).map(this::decode); }
 * }
 * }</pre>
 *
 * <p>Contract: {@link #take(String)} returns a pending sign-in at most once (remove and return atomically), so a
 * replayed callback finds nothing. The key is a hash of the {@code state}, not the state itself. The store may drop
 * entries after their {@link PendingSignIn#expiresAt()}; the client checks the expiry itself. Implementations must be
 * thread-safe and should be quick: they are called on the thread that starts or completes the sign-in.
 *
 * @since 0.1.0
 */
public interface PendingSignInStore {

    /**
     * A store in this process's memory, holding at most 10,000 sign-ins (the oldest is dropped first), with expired
     * ones removed as new ones arrive. Pending sign-ins are lost on restart: the user then signs in again.
     *
     * @return a new store
     */
    static PendingSignInStore inMemory() {
        return new InMemoryPendingSignInStore(10_000);
    }

    /**
     * Keeps a pending sign-in.
     *
     * @param key the key (a hash of the state)
     * @param pending the sign-in
     */
    void put(String key, PendingSignIn pending);

    /**
     * Removes and returns a pending sign-in, at most once.
     *
     * @param key the key (a hash of the callback's state)
     * @return the sign-in, or empty if none is stored under the key (or it was already taken)
     */
    Optional<PendingSignIn> take(String key);
}
