package dev.sferum.sdk.auth;

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
 *                          access_expires_at TIMESTAMPTZ NOT NULL, refresh_token TEXT NOT NULL, id_token TEXT, scopes TEXT);
 * -- replace(key, expected, next):
 * UPDATE vkid_grant SET revision = :next_revision, refresh_fp = :next_fp, ... 
 *   WHERE grant_key = :key AND revision = :expected_revision AND refresh_fp = :expected_fp;   -- true if 1 row changed
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
 *   <li>Failures are thrown as unchecked exceptions, and their messages must not contain token values.</li>
 * </ul>
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
     * Removes a grant, if present.
     *
     * @param key the grant key
     */
    void delete(String key);
}
