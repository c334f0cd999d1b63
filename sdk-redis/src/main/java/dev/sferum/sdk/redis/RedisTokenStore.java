package dev.sferum.sdk.redis;

import dev.sferum.sdk.auth.RefreshLease;
import dev.sferum.sdk.auth.StoredGrant;
import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.auth.UserTokens;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.exception.ErrorCategory;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Users' VK ID grants in Redis, shared by every application node: rotation by compare-and-set, and at most one
 * refresh of a grant at a time across nodes.
 *
 * <pre>{@code
 * RedisStores redis = RedisStores.connect(RedisConfig.builder().url("redis://10.0.0.5:6379").build());
 * TokenStore grants = RedisTokenStore.builder(redis).build();
 * VkIdClient vkid = VkIdClient.builder().config(vkidConfig).tokenStore(grants).buildClient();
 * }</pre>
 *
 * <h2>Rotation</h2>
 * {@link #replace} is one Lua script: it writes the next grant only if the stored one still has the expected
 * revision and refresh token (by fingerprint), so two nodes never overwrite each other's rotation.
 *
 * <h2>One refresh at a time</h2>
 * VK ID rotates refresh tokens on every use: if two nodes refresh the same grant at once, one of them sends a token
 * that is already dead. sdk-auth takes the grant's refresh lease through {@link #tryLease} before every refresh
 * (expiring or rejected token alike) and waits for the holder's rotated grant when another node has it. The lease
 * is the key {@code <prefix>grant:{<key>}:lease}, set with {@code SET NX PX} to a random value of its own (128 bits
 * from {@code SecureRandom}) and released by a Lua script that deletes it only if it still holds that value — a
 * holder whose lease expired never ends its successor's. Its expiry is counted by Redis ({@code PX}), so nodes whose
 * clocks disagree or jump still agree on it; a node that died mid-refresh holds the lease only until it expires.
 *
 * <h2>Durability and secrets</h2>
 * Refresh tokens are the keys to children's accounts and die at VK ID once rotated: a grant written here is as
 * durable as your Redis is. Run it with {@code appendonly yes} and {@code appendfsync always} (or keep grants in
 * PostgreSQL with {@code sdk-jdbc}); {@link Builder#build()} logs a warning when Redis says it does not persist.
 * Tokens are stored as they are: protect Redis with a password, TLS ({@code rediss://}) and a private network.
 *
 * <h2>Foreign data</h2>
 * Each grant is a hash at {@code <prefix>grant:{<key>}} with a {@code format} field. A key holding something this
 * store did not write (another type, or a hash without the format) fails {@code load} with a
 * {@link RedisStoreException} of category {@code CONFLICT} that names the Redis key; nothing is overwritten except
 * by {@link #save} (an explicit new sign-in) or {@link #delete}.
 *
 * <p>Thread-safe. Each operation, and each lease taken or released, is one round trip.
 *
 * @since 0.1.0
 */
public final class RedisTokenStore implements TokenStore {
    private static final String FORMAT = "sferum-grant-1";

    /** Writes a whole grant. KEYS: grant. ARGV: fields. */
    private static final String SAVE = """
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV))
            return 1
            """;

    /** Deletes the lease only if it still holds this holder's value. KEYS: lease. ARGV: value. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    /**
     * Compare-and-set. KEYS: grant. ARGV: expected revision, expected refresh fingerprint, fields.
     * Returns 1 if written, 0 if the stored grant is no longer the expected one, -1 if the key is not a grant.
     */
    private static final String REPLACE = """
            if redis.call('TYPE', KEYS[1]).ok ~= 'hash' then
              if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
              return -1
            end
            local cur = redis.call('HMGET', KEYS[1], 'format', 'revision', 'refresh_fp')
            if cur[1] ~= '%s' then return -1 end
            if cur[2] ~= ARGV[1] or cur[3] ~= ARGV[2] then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 3))
            return 1
            """.formatted(FORMAT);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisStores redis;
    private final String prefix;

    private RedisTokenStore(Builder b) {
        this.redis = b.redis;
        this.prefix = b.redis.config().keyPrefix();
    }

    /**
     * Starts a builder of a token store on a Redis connection.
     *
     * @param redis the connection
     * @return a builder with the defaults
     */
    public static Builder builder(RedisStores redis) {
        return new Builder(Objects.requireNonNull(redis, "redis"));
    }

    /**
     * Reads a grant.
     *
     * @param key the grant key
     * @return the grant, or empty
     * @throws RedisStoreException if Redis is unreachable ({@code TRANSIENT}) or the key holds data this store did
     *     not write ({@code CONFLICT})
     */
    @Override
    public Optional<StoredGrant> load(String key) {
        Objects.requireNonNull(key, "key");
        return Optional.ofNullable(read(key));
    }

    /**
     * Takes the grant's refresh lease if no one holds it: {@code SET <prefix>grant:{<key>}:lease <random> NX PX ttl},
     * one round trip. The returned lease's {@link RefreshLease#close()} deletes the key only while it still holds this
     * lease's value (one Lua script), so a lease that expired and was taken by another node is left alone. Expiry is
     * Redis's own; no node's clock is involved.
     *
     * @param key the grant key
     * @param ttl how long the lease lasts at most; at least 1 ms
     * @return the lease, or empty if another holder has it
     * @throws RedisStoreException if Redis is unreachable ({@code TRANSIENT})
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
        String owner = HexFormat.of().formatHex(bytes);
        String lease = leaseKey(key);
        String taken = call(key, () -> redis.commands().set(lease, owner, SetArgs.Builder.nx().px(ttl.toMillis())));
        if (!"OK".equals(taken)) {
            return Optional.empty();
        }
        return Optional.of(new Lease(key, owner));
    }

    /** One held lease; its value is known only to this holder. */
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
            if (open.compareAndSet(true, false)) {
                call(key, () -> redis.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {leaseKey(key)}, owner));
            }
        }

        @Override
        public String toString() {
            return "Redis refresh lease of grant " + key;
        }
    }

    /**
     * Stores a grant unconditionally (a new sign-in).
     *
     * @param key the grant key
     * @param grant the grant
     * @throws RedisStoreException if Redis is unreachable
     */
    @Override
    public void save(String key, StoredGrant grant) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(grant, "grant");
        String[] argv = fields(grant).toArray(new String[0]);
        call(key, () -> redis.<Long>eval(SAVE, ScriptOutputType.INTEGER, new String[] {grantKey(key)}, argv));
    }

    /**
     * Replaces a grant if it still has {@code expected}'s revision and refresh token, in one script.
     *
     * @param key the grant key
     * @param expected the grant the caller read
     * @param next the grant to store instead
     * @return whether {@code next} was stored
     * @throws RedisStoreException if Redis is unreachable ({@code TRANSIENT}) or the key holds data this store did
     *     not write ({@code CONFLICT})
     */
    @Override
    public boolean replace(String key, StoredGrant expected, StoredGrant next) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
        List<String> argv = new ArrayList<>();
        argv.add(Long.toString(expected.revision()));
        argv.add(expected.tokens().refreshToken().fingerprint());
        argv.addAll(fields(next));
        long written = call(key, () -> redis.<Long>eval(REPLACE, ScriptOutputType.INTEGER, new String[] {grantKey(key)},
                argv.toArray(new String[0])));
        if (written < 0) {
            throw foreign(key, "not a grant written by sferum-java-sdk");
        }
        return written == 1;
    }

    /**
     * Removes a grant, if present.
     *
     * @param key the grant key
     * @throws RedisStoreException if Redis is unreachable
     */
    @Override
    public void delete(String key) {
        Objects.requireNonNull(key, "key");
        call(key, () -> redis.commands().del(grantKey(key)));
    }

    @Override
    public String toString() {
        return "RedisTokenStore[" + redis.config().address() + ", prefix=" + prefix + "]";
    }

    // ------------------------------------------------------------------ helpers

    private StoredGrant read(String key) {
        String redisKey = grantKey(key);
        Map<String, String> h = call(key, () -> redis.commands().hgetall(redisKey));
        if (h.isEmpty()) {
            return null;
        }
        if (!FORMAT.equals(h.get("format"))) {
            throw foreign(key, "a hash without format " + FORMAT);
        }
        try {
            String idToken = h.get("id_token");
            UserTokens tokens = UserTokens.builder()
                    .accessToken(AccessToken.user(h.get("access_token"), Instant.parse(h.get("access_expires_at"))))
                    .refreshToken(Secret.of(h.get("refresh_token")))
                    .idToken(idToken == null || idToken.isEmpty() ? null : Secret.of(idToken))
                    .deviceId(h.get("device_id"))
                    .userId(Long.parseLong(h.get("user_id")))
                    .scopes(h.get("scopes").isEmpty() ? List.of() : Arrays.asList(h.get("scopes").split(" ")))
                    .build();
            return new StoredGrant(tokens, Long.parseLong(h.get("revision")));
        } catch (RuntimeException e) {
            // The exception may quote a field; fields hold tokens. Say which key, not what was in it.
            throw foreign(key, "a grant hash with missing or malformed fields");
        }
    }

    private static List<String> fields(StoredGrant g) {
        UserTokens t = g.tokens();
        return List.of(
                "format", FORMAT,
                "revision", Long.toString(g.revision()),
                "refresh_fp", t.refreshToken().fingerprint(),
                "access_token", t.accessToken().reveal(),
                "access_expires_at", t.accessTokenExpiresAt().toString(),
                "refresh_token", t.refreshToken().reveal(),
                "id_token", t.idToken().map(Secret::reveal).orElse(""),
                "device_id", t.deviceId(),
                "user_id", Long.toString(t.userId()),
                "scopes", String.join(" ", t.scopes()));
    }

    private RedisStoreException foreign(String key, String what) {
        return new RedisStoreException(ErrorCategory.CONFLICT, redis.config().address(),
                "Redis key " + grantKey(key) + " at " + redis.config().address() + " holds " + what,
                "another application or version wrote it: delete the key, or give this store its own keyPrefix", null);
    }

    private String grantKey(String key) {
        return prefix + "grant:{" + key + "}";
    }

    private String leaseKey(String key) {
        return prefix + "grant:{" + key + "}:lease";
    }

    private <T> T call(String key, java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (RedisCommandExecutionException e) {
            if (String.valueOf(e.getMessage()).startsWith("WRONGTYPE")) {
                throw new RedisStoreException(ErrorCategory.CONFLICT, redis.config().address(), "Redis key " + grantKey(key)
                        + " holds another type", "delete the key, or give this store its own keyPrefix", null);
            }
            throw unavailable(key, e);
        } catch (RedisStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable(key, e);
        }
    }

    private RedisStoreException unavailable(String key, RuntimeException e) {
        return new RedisStoreException(ErrorCategory.TRANSIENT, redis.config().address(),
                "Redis at " + redis.config().address() + " failed an operation on grant " + key + " (" + redis.describe(e) + ")",
                "the grant is unchanged unless the store says otherwise; try again when Redis is reachable", null);
    }

    /** Builds a {@link RedisTokenStore}. Not thread-safe. */
    public static final class Builder {
        private final RedisStores redis;

        private Builder(RedisStores redis) {
            this.redis = redis;
        }

        /**
         * Builds the store, and warns once if Redis says it does not persist writes (a restart would then lose
         * rotated refresh tokens).
         *
         * @return the store
         */
        public RedisTokenStore build() {
            RedisTokenStore store = new RedisTokenStore(this);
            redis.warnIfNotPersistent();
            return store;
        }
    }
}
