package dev.sferum.sdk.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * Where users' VK ID grants are kept between calls and restarts (SPI): refresh tokens are the keys to children's
 * accounts, so keep them where only the application can read them.
 *
 * <p>The SDK ships {@link InMemoryTokenStore} (tests, short-lived tools) and {@link FileTokenStore} (a small school
 * server without a database). On a database, one table does:
 *
 * <pre>{@code
 * CREATE TABLE vkid_grant (grant_key TEXT PRIMARY KEY, revision BIGINT NOT NULL, refresh_fp TEXT NOT NULL,
 *                          user_id BIGINT NOT NULL, device_id TEXT NOT NULL, access_token TEXT NOT NULL,
 *                          access_expires_at TIMESTAMPTZ NOT NULL, refresh_token TEXT NOT NULL, id_token TEXT, scopes TEXT,
 *                          lease_owner TEXT, lease_until TIMESTAMPTZ);
 * -- replace(key, expected, next):
 * UPDATE vkid_grant SET revision = :next_revision, refresh_fp = :next_fp, ...
 *   WHERE grant_key = :key AND revision = :expected_revision AND refresh_fp = :expected_fp;   -- true if 1 row changed
 * -- tryLease(key, ttl), with a random owner per lease; present if 1 row changed:
 * UPDATE vkid_grant SET lease_owner = :owner, lease_until = now() + :ttl
 *   WHERE grant_key = :key AND (lease_until IS NULL OR lease_until <= now());
 * -- RefreshLease.close():
 * UPDATE vkid_grant SET lease_owner = NULL, lease_until = NULL WHERE grant_key = :key AND lease_owner = :owner;
 * }</pre>
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>Implementations must be thread-safe; the SDK calls them from many threads (and, for the async client, from
 *       the HTTP client's threads, so keep calls short).</li>
 *   <li>{@link #replace} is a compare-and-set: it writes {@code next} only if the grant stored under the key is still
 *       {@code expected} (by {@link StoredGrant#equals}; comparing the revision and the refresh token's fingerprint
 *       is enough, because the SDK gives every rotation a new revision and a new refresh token), and it says whether
 *       it wrote. The SDK rotates refresh tokens only through {@code replace}, so two nodes sharing a store never
 *       overwrite each other's rotation.</li>
 *   <li>A write is durable when it returns: the refresh token it replaced is already dead at VK ID.</li>
 *   <li>{@link #tryLease} gives at most one holder at a time the right to refresh a grant. Stores shared by several
 *       processes implement it on the shared server; the default is a lock in this JVM only (see there).</li>
 *   <li>Failures are thrown as unchecked exceptions, and their messages must not contain token values.</li>
 * </ul>
 *
 * <p><b>How the SDK refreshes with it.</b> Before every refresh — the access token expiring, or VK rejecting it
 * early (errors 5, 1117) — the provider takes the grant's lease, reads the grant again (another node may have
 * rotated it meanwhile: then that grant is used and nothing is sent to VK ID), refreshes, stores the rotation with
 * {@link #replace}, and closes the lease. A caller that finds the lease taken polls {@link #load} until the rotated
 * grant appears, and fails with {@link RefreshLeaseTimeoutException} after twice {@link VkIdConfig#refreshLease()}.
 *
 * <p><b>Clocks.</b> A lease's expiry must be measured on one clock every holder agrees on: the store server's
 * ({@code TIME} on Redis, {@code now()} on a database), never each node's wall clock, so a node whose clock jumps
 * can neither steal a live lease nor keep a dead one. Token expiry is judged by {@link VkIdConfig#clock()} on each
 * node: a node whose clock runs ahead only refreshes early, under the lease like any other.
 *
 * @since 0.1.0
 */
public interface TokenStore {

    /**
     * Reads a grant.
     *
     * @param key the grant key, such as {@code vkid:1001}
     * @return the grant, or empty if none is stored under the key
     */
    Optional<StoredGrant> load(String key);

    /**
     * Stores a grant unconditionally (a new sign-in replaces whatever was there).
     *
     * @param key the grant key
     * @param grant the grant
     */
    void save(String key, StoredGrant grant);

    /**
     * Replaces a grant if it is still the expected one (compare-and-set).
     *
     * @param key the grant key
     * @param expected the grant the caller read
     * @param next the grant to store instead
     * @return true if {@code next} was stored; false if the stored grant was no longer {@code expected} (or is gone)
     */
    boolean replace(String key, StoredGrant expected, StoredGrant next);

    /**
     * Tries to take the refresh lease of a grant, without waiting: present if this caller now holds it, empty if
     * another holder does. The lease ends when the returned {@link RefreshLease} is closed or after {@code ttl},
     * whichever comes first; after {@code ttl} someone else may take it even if this holder is still alive.
     *
     * <p><b>Default: a lock in this JVM.</b> Stores that do not override this get one lease per (store instance, key)
     * in this process, expiring after {@code ttl} on this JVM's monotonic clock. That serialises refreshes among all
     * clients sharing the store object, which is all {@link InMemoryTokenStore} can be shared with. It does
     * <em>not</em> coordinate separate processes: processes sharing one {@link FileTokenStore} file, or a store of
     * your own on a shared database, rely on {@link #replace}'s compare-and-set alone, and with rotating refresh
     * tokens two of them refreshing at once may log the user out. Override it for a store several processes share
     * (sdk-redis and sdk-jdbc do).
     *
     * <p>Implementations must not wait for the lease, must give every lease its own owner identity (two clients in
     * one process are two holders), and must take the expiry from a clock all holders share (see the class
     * Javadoc). A lease may be taken for a key with no grant stored.
     *
     * @param key the grant key
     * @param ttl how long the lease lasts at most; positive
     * @return the held lease, or empty if another holder has it
     * @throws RuntimeException if the store fails (the SDK then does not refresh); messages must not contain tokens
     * @since 0.1.0
     */
    default Optional<RefreshLease> tryLease(String key, Duration ttl) {
        return LocalRefreshLeases.tryLease(this, key, ttl);
    }

    /**
     * Removes a grant, if present.
     *
     * @param key the grant key
     */
    void delete(String key);
}
