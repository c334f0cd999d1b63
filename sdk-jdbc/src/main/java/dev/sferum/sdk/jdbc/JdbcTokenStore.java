package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.auth.StoredGrant;
import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.auth.UserTokens;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.core.exception.ErrorCategory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * When {@link #load} finds a grant whose access token expires within {@link JdbcConfig#refreshSkew()} — the caller
 * is about to refresh it — it first takes the grant's refresh lease (columns {@code refresh_lease_owner} and
 * {@code refresh_lease_until}, set with a conditional {@code UPDATE} on the database's clock, for
 * {@link JdbcConfig#refreshLease()}). If another node holds the lease, {@code load} waits, reading the row every
 * 50 ms on {@link JdbcConfig#timeSource()}, until that node's rotated grant appears, and returns it fresh: this
 * node then does not refresh at all. The {@code replace} that stores the rotation clears the lease. A node that
 * vanished mid-refresh holds the lease until it expires; then the next node takes it. If other nodes keep the
 * lease for three lease periods without rotating the grant, {@code load} returns what is stored and the caller
 * refreshes; the compare-and-set keeps the table consistent either way. A refresh started because VK rejected a token that had not expired yet takes no lease;
 * sdk-auth's handling of a grant rotated elsewhere covers that race. A node whose clock jumps ahead only takes a
 * lease (and refreshes) early; lease expiry follows the database's clock.
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
    private static final Logger log = LoggerFactory.getLogger(JdbcTokenStore.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final String COLUMNS = "revision, refresh_fp, user_id, device_id, access_token, access_expires_at, refresh_token, id_token, scopes";

    private final Db db;
    private final String table;
    private final String node;
    private final Duration lease;
    private final Duration skew;
    private final Clock clock;
    private final TimeSource time;

    JdbcTokenStore(Db db, JdbcConfig config) {
        this.db = db;
        this.table = db.table("vkid_grant");
        this.node = config.nodeId();
        this.lease = config.refreshLease();
        this.skew = config.refreshSkew();
        this.clock = config.clock();
        this.time = config.timeSource();
    }

    /**
     * Reads a grant; if its access token expires within the refresh skew, first takes its refresh lease or waits for
     * the node holding it (see the class Javadoc).
     *
     * @param key the grant key
     * @return the grant, or empty
     * @throws JdbcStoreException if the database fails ({@code TRANSIENT}) or the row is not one this library wrote
     *     ({@code CONFLICT})
     */
    @Override
    public Optional<StoredGrant> load(String key) {
        Objects.requireNonNull(key, "key");
        StoredGrant grant = read(key);
        if (grant == null || !expiring(grant)) {
            return Optional.ofNullable(grant);
        }
        // A dead holder's lease ends within one lease; a live one rotates the grant. Wait up to three leases.
        long deadline = time.nanoTime() + 3 * lease.toNanos() + 2 * POLL.toNanos();
        while (true) {
            if (takeLease(key)) {
                StoredGrant now = read(key);
                if (now != null && !expiring(now)) {
                    releaseLease(key);
                }
                return Optional.ofNullable(now);
            }
            if (time.nanoTime() - deadline > 0) {
                log.debug("grant {}: other nodes held its refresh lease for three lease periods without rotating it; refreshing here", key);
                return Optional.ofNullable(read(key));
            }
            log.debug("grant {} is being refreshed by another node; waiting for it", key);
            try {
                time.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JdbcStoreException(ErrorCategory.TRANSIENT, "interrupted while waiting for another node's refresh of grant " + key,
                        "try again", null);
            }
            StoredGrant now = read(key);
            if (now == null || now.revision() != grant.revision() || !expiring(now)) {
                return Optional.ofNullable(now);
            }
        }
    }

    /**
     * Stores a grant unconditionally (a new sign-in); clears any refresh lease on it.
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
                    + "scopes = excluded.scopes, refresh_lease_owner = NULL, refresh_lease_until = NULL, updated_at = now()")) {
                ps.setString(1, key);
                bind(ps, 2, grant);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Replaces a grant if it still has {@code expected}'s revision and refresh token, and clears the refresh lease.
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
                    + "access_token = ?, access_expires_at = ?, refresh_token = ?, id_token = ?, scopes = ?, refresh_lease_owner = NULL, "
                    + "refresh_lease_until = NULL, updated_at = now() WHERE grant_key = ? AND revision = ? AND refresh_fp = ?")) {
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

    private boolean expiring(StoredGrant g) {
        return g.tokens().accessToken().isExpiredAt(clock.instant(), skew.toSeconds());
    }

    private boolean takeLease(String key) {
        return db.write("take the refresh lease of VK ID grant " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET refresh_lease_owner = ?, refresh_lease_until = "
                    + Db.nowPlusMillis() + " WHERE grant_key = ? AND (refresh_lease_until IS NULL OR refresh_lease_until < now() "
                    + "OR refresh_lease_owner = ?)")) {
                ps.setString(1, node);
                Db.setInterval(ps, 2, lease);
                ps.setString(3, key);
                ps.setString(4, node);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private void releaseLease(String key) {
        db.write("release the refresh lease of VK ID grant " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET refresh_lease_owner = NULL, refresh_lease_until = NULL "
                    + "WHERE grant_key = ? AND refresh_lease_owner = ?")) {
                ps.setString(1, key);
                ps.setString(2, node);
                return ps.executeUpdate();
            }
        });
    }

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
