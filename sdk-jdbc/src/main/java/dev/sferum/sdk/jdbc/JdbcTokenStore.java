package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.auth.RefreshLease;
import dev.sferum.sdk.auth.StoredGrant;
import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.auth.UserTokens;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.exception.ErrorCategory;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Users' VK ID grants in the {@code <prefix>vkid_grant} table, shared by every node: rotation by compare-and-set,
 * and at most one refresh of a grant at a time across nodes.
 *
 * <pre>{@code
 * TokenStore grants = JdbcStores.open(dataSource).tokenStore();
 * VkIdClient vkid = VkIdClient.builder().config(vkidConfig).tokenStore(grants).buildClient();
 * }</pre>
 *
 * <h2>Rotation</h2>
 * {@link #replace} is one {@code UPDATE ... WHERE grant_key = ? AND revision = ? AND refresh_fp = ?}: it writes only
 * if the stored grant still has the expected revision and refresh token (by fingerprint), so two nodes never
 * overwrite each other's rotation. Every write is durable when it returns (committed).
 *
 * <h2>One refresh at a time</h2>
 * VK ID rotates refresh tokens on every use, so two nodes refreshing the same grant at once would log the user out.
 * sdk-auth takes the grant's refresh lease through {@link #tryLease} before every refresh (expiring or rejected token
 * alike) and waits for the holder's rotated grant when another node has it. The lease is the row's
 * {@code refresh_lease_owner} and {@code refresh_lease_until} columns, set by one conditional {@code UPDATE} when
 * the lease is free or expired; the owner is this node's {@link JdbcConfig#nodeId()} plus 128 random bits, so two
 * clients on one node are two holders. The expiry is {@code now() + ttl} on the <b>database's clock</b>, and
 * compared with {@code now()} there: nodes whose clocks disagree or jump still agree on who holds the lease, and a
 * node that died mid-refresh holds it only until it expires. Releasing clears the columns only while they still
 * name this lease's owner. A key with no row has no lease to take: {@code tryLease} is then empty, and sdk-auth
 * finds the grant gone when it reads it again.
 *
 * <h2>Foreign rows</h2>
 * A row this library cannot read (a column missing or malformed — written by another application or by hand)
 * fails {@code load} with a {@link JdbcStoreException} of category {@code CONFLICT} naming the table and key, never
 * the row's values; nothing is overwritten except by {@link #save} (a new sign-in) or {@link #delete}.
 *
 * <p>Tokens are stored as they are: restrict the table to the application's database user. Thread-safe.
 *
 * @since 0.1.0
 */
public final class JdbcTokenStore implements TokenStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "revision, refresh_fp, user_id, device_id, access_token, access_expires_at, refresh_token, id_token, scopes";

    private final Db db;
    private final String table;
    private final String node;

    JdbcTokenStore(Db db, JdbcConfig config) {
        this.db = db;
        this.table = db.table("vkid_grant");
        this.node = config.nodeId();
    }

    /**
     * Reads a grant.
     *
     * @param key the grant key
     * @return the grant, or empty
     * @throws JdbcStoreException if the database fails ({@code TRANSIENT}) or the row is not one this library wrote
     *     ({@code CONFLICT})
     */
    @Override
    public Optional<StoredGrant> load(String key) {
        Objects.requireNonNull(key, "key");
        return Optional.ofNullable(read(key));
    }

    /**
     * Takes the grant's refresh lease if it is free or expired, in one {@code UPDATE} on the database's clock (see the
     * class Javadoc).
     *
     * @param key the grant key
     * @param ttl how long the lease lasts at most; at least 1 ms
     * @return the lease, or empty if another holder has it or no grant is stored under the key
     * @throws JdbcStoreException if the database fails ({@code TRANSIENT})
     */
    @Override
    public Optional<RefreshLease> tryLease(String key, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("a refresh lease lasts at least 1 ms: " + ttl);
        }
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String owner = node + "/" + HexFormat.of().formatHex(bytes);
        boolean taken = db.write("take the refresh lease of VK ID grant " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET refresh_lease_owner = ?, refresh_lease_until = "
                    + Db.nowPlusMillis() + " WHERE grant_key = ? AND (refresh_lease_until IS NULL OR refresh_lease_until <= now())")) {
                ps.setString(1, owner);
                Db.setInterval(ps, 2, ttl);
                ps.setString(3, key);
                return ps.executeUpdate() == 1;
            }
        });
        return taken ? Optional.of(new Lease(key, owner)) : Optional.empty();
    }

    /** One held lease, known by its owner value. */
    private final class Lease implements RefreshLease {
        private final String key;
        private final String owner;
        private final AtomicBoolean open = new AtomicBoolean(true);

        Lease(String key, String owner) {
            this.key = key;
            this.owner = owner;
        }

        @Override
        public void close() {
            if (!open.compareAndSet(true, false)) {
                return;
            }
            db.write("release the refresh lease of VK ID grant " + key, c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET refresh_lease_owner = NULL, "
                        + "refresh_lease_until = NULL WHERE grant_key = ? AND refresh_lease_owner = ?")) {
                    ps.setString(1, key);
                    ps.setString(2, owner);
                    return ps.executeUpdate();
                }
            });
        }

        @Override
        public String toString() {
            return "database refresh lease of grant " + key + " held by " + node;
        }
    }

    /**
     * Stores a grant unconditionally (a new sign-in). A refresh lease on the row is left to its holder.
     *
     * @param key the grant key
     * @param grant the grant
     * @throws JdbcStoreException if the database fails
     */
    @Override
    public void save(String key, StoredGrant grant) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(grant, "grant");
        db.write("save VK ID grant " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (grant_key, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (grant_key) DO UPDATE SET revision = excluded.revision, refresh_fp = excluded.refresh_fp, "
                    + "user_id = excluded.user_id, device_id = excluded.device_id, access_token = excluded.access_token, "
                    + "access_expires_at = excluded.access_expires_at, refresh_token = excluded.refresh_token, id_token = excluded.id_token, "
                    + "scopes = excluded.scopes, updated_at = now()")) {
                ps.setString(1, key);
                bind(ps, 2, grant);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Replaces a grant if it still has {@code expected}'s revision and refresh token. A refresh lease on the row is
     * left to its holder, who releases it after this returns.
     *
     * @param key the grant key
     * @param expected the grant the caller read
     * @param next the grant to store instead
     * @return whether {@code next} was stored
     * @throws JdbcStoreException if the database fails
     */
    @Override
    public boolean replace(String key, StoredGrant expected, StoredGrant next) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
        return db.write("rotate VK ID grant " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET revision = ?, refresh_fp = ?, user_id = ?, device_id = ?, "
                    + "access_token = ?, access_expires_at = ?, refresh_token = ?, id_token = ?, scopes = ?, updated_at = now() "
                    + "WHERE grant_key = ? AND revision = ? AND refresh_fp = ?")) {
                bind(ps, 1, next);
                ps.setString(10, key);
                ps.setLong(11, expected.revision());
                ps.setString(12, expected.tokens().refreshToken().fingerprint());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Removes a grant, if present.
     *
     * @param key the grant key
     * @throws JdbcStoreException if the database fails
     */
    @Override
    public void delete(String key) {
        Objects.requireNonNull(key, "key");
        db.write("delete VK ID grant " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE grant_key = ?")) {
                ps.setString(1, key);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public String toString() {
        return "JdbcTokenStore[" + db.where + ", " + table + "]";
    }

    // ------------------------------------------------------------------ helpers

    private StoredGrant read(String key) {
        return db.read("read VK ID grant " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " WHERE grant_key = ?")) {
                ps.setString(1, key);
                try (ResultSet r = ps.executeQuery()) {
                    return r.next() ? grant(key, r) : null;
                }
            }
        });
    }

    private StoredGrant grant(String key, ResultSet r) throws SQLException {
        try {
            String idToken = r.getString("id_token");
            String scopes = r.getString("scopes");
            UserTokens tokens = UserTokens.builder()
                    .accessToken(AccessToken.user(r.getString("access_token"), Db.instant(r, "access_expires_at")))
                    .refreshToken(Secret.of(r.getString("refresh_token")))
                    .idToken(idToken == null || idToken.isEmpty() ? null : Secret.of(idToken))
                    .deviceId(r.getString("device_id"))
                    .userId(r.getLong("user_id"))
                    .scopes(scopes == null || scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(" ")))
                    .build();
            return new StoredGrant(tokens, r.getLong("revision"));
        } catch (RuntimeException e) {
            // The exception may quote a value; values are tokens. Name the row, not its contents.
            throw new JdbcStoreException(ErrorCategory.CONFLICT, "the row for grant " + key + " in " + table + " at " + db.where
                    + " is not a grant this library can read (a missing or malformed column)", "another application or a manual edit "
                    + "wrote it: delete the row, or give the SDK its own JdbcConfig.tablePrefix", null);
        }
    }

    private static void bind(PreparedStatement ps, int from, StoredGrant g) throws SQLException {
        UserTokens t = g.tokens();
        ps.setLong(from, g.revision());
        ps.setString(from + 1, t.refreshToken().fingerprint());
        ps.setLong(from + 2, t.userId());
        ps.setString(from + 3, t.deviceId());
        ps.setString(from + 4, t.accessToken().reveal());
        Db.setInstant(ps, from + 5, t.accessTokenExpiresAt());
        ps.setString(from + 6, t.refreshToken().reveal());
        ps.setString(from + 7, t.idToken().map(Secret::reveal).orElse(null));
        ps.setString(from + 8, String.join(" ", t.scopes()));
    }
}
