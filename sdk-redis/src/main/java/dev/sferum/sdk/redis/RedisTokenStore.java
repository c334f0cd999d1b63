package dev.sferum.sdk.redis;

import dev.sferum.sdk.auth.StoredGrant;
import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.auth.UserTokens;
import dev.sferum.sdk.auth.VkIdConfig;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.core.exception.ErrorCategory;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

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
 * that is already dead. So when {@link #load} finds a grant whose access token expires within the refresh skew
 * (the caller is about to refresh it), it takes the grant's refresh lease ({@code SET NX PX}, default 10 s) before
 * returning it. If another node holds the lease, {@code load} waits — polling every 50 ms on this node's
 * {@link RedisConfig#timeSource()} — until that node's rotated grant appears, and returns it: fresh, so this
 * node does not refresh at all. The lease is released by the {@code replace} that stores the rotated grant. A
 * node that vanished mid-refresh holds the lease until it expires; then the next node takes it. If other nodes
 * keep the lease for three lease periods without rotating the grant, {@code load} returns what is stored and the
 * caller refreshes; the compare-and-set still keeps the store consistent. A refresh the caller starts for another
 * reason (VK rejected a token that had not expired yet) takes no lease; the SDK's rotation handling covers a race
 * there. Expiry is judged by this node's {@link Builder#clock(Clock) clock}: a node whose clock jumps ahead only
 * takes a lease (and refreshes) early;
 * the lease's own expiry is Redis's.
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
 * <p>Thread-safe. Each operation is one round trip, except a {@code load} that takes or waits for a lease.
 *
 * @since 0.1.0
 */
public final class RedisTokenStore implements TokenStore {
    private static final Logger log = LoggerFactory.getLogger(RedisTokenStore.class);
    private static final String FORMAT = "sferum-grant-1";
    private static final Duration POLL = Duration.ofMillis(50);

    /** Writes a whole grant; releases this node's lease, if it holds it. KEYS: grant, lease. ARGV: lease value, fields. */
    private static final String SAVE = """
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 2))
            if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
            return 1
            """;

    /**
     * Compare-and-set. KEYS: grant, lease. ARGV: expected revision, expected refresh fingerprint, lease value, fields.
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
            redis.call('HSET', KEYS[1], unpack(ARGV, 4))
            if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
            return 1
            """.formatted(FORMAT);

    private final RedisStores redis;
    private final Clock clock;
    private final Duration refreshSkew;
    private final Duration leaseTtl;
    private final TimeSource time;
    private final String prefix;
    private final String leaseValue = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);

    private RedisTokenStore(Builder b) {
        this.redis = b.redis;
        this.clock = b.clock;
        this.refreshSkew = b.refreshSkew;
        this.leaseTtl = b.leaseTtl;
        this.time = b.redis.config().timeSource();
        this.prefix = b.redis.config().keyPrefix();
    }

    /**
     * @param redis the connection
     * @return a builder with the defaults
     */
    public static Builder builder(RedisStores redis) {
        return new Builder(Objects.requireNonNull(redis, "redis"));
    }

    /**
     * Reads a grant; if its access token expires within the refresh skew, first takes its refresh lease or waits
     * for the node holding it (see the class Javadoc).
     *
     * @param key the grant key
     * @return the grant, or empty
     * @throws RedisStoreException if Redis is unreachable ({@code TRANSIENT}) or the key holds data this store did
     *     not write ({@code CONFLICT})
     */
    @Override
    public Optional<StoredGrant> load(String key) {
        Objects.requireNonNull(key, "key");
        StoredGrant grant = read(key);
        if (grant == null || !expiring(grant)) {
            return Optional.ofNullable(grant);
        }
        String lease = leaseKey(key);
        // A dead holder's lease ends within one lease; a live one rotates the grant. Wait up to three leases.
        long deadline = time.nanoTime() + 3 * leaseTtl.toNanos() + 2 * POLL.toNanos();
        while (true) {
            String taken = call(key, () -> redis.commands().set(lease, leaseValue, SetArgs.Builder.nx().px(leaseTtl.toMillis())));
            if ("OK".equals(taken) || leaseValue.equals(call(key, () -> redis.commands().get(lease)))) {
                StoredGrant now = read(key);
                if (now != null && !expiring(now)) {
                    release(key);
                }
                return Optional.ofNullable(now);
            }
            if (time.nanoTime() - deadline > 0) {
                log.debug("grant {}: other nodes held its refresh lease for three lease periods without rotating it; refreshing here", key);
                return Optional.ofNullable(read(key));
            }
            log.debug("grant {} is being refreshed by another node; waiting for it", key);
            sleep(key);
            StoredGrant now = read(key);
            if (now == null || now.revision() != grant.revision() || !expiring(now)) {
                return Optional.ofNullable(now);
            }
        }
    }

    /**
     * Stores a grant unconditionally (a new sign-in), and releases this node's refresh lease of the key.
     *
     * @param key the grant key
     * @param grant the grant
     * @throws RedisStoreException if Redis is unreachable
     */
    @Override
    public void save(String key, StoredGrant grant) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(grant, "grant");
        List<String> argv = new ArrayList<>();
        argv.add(leaseValue);
        argv.addAll(fields(grant));
        call(key, () -> redis.<Long>eval(SAVE, ScriptOutputType.INTEGER, keys(key), argv.toArray(new String[0])));
    }

    /**
     * Replaces a grant if it still has {@code expected}'s revision and refresh token, in one script; releases this
     * node's refresh lease of the key when it writes.
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
        argv.add(leaseValue);
        argv.addAll(fields(next));
        long written = call(key, () -> redis.<Long>eval(REPLACE, ScriptOutputType.INTEGER, keys(key), argv.toArray(new String[0])));
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

    private boolean expiring(StoredGrant g) {
        return g.tokens().accessToken().isExpiredAt(clock.instant(), refreshSkew.toSeconds());
    }

    private void release(String key) {
        String lease = leaseKey(key);
        call(key, () -> redis.<Long>eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
                ScriptOutputType.INTEGER, new String[] {lease}, leaseValue));
    }

    private void sleep(String key) {
        try {
            time.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisStoreException(ErrorCategory.TRANSIENT, redis.config().address(),
                    "interrupted while waiting for another node's refresh of grant " + key, "try again", null);
        }
    }

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

    private String[] keys(String key) {
        return new String[] {grantKey(key), leaseKey(key)};
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
        private Clock clock = Clock.systemUTC();
        private Duration refreshSkew = VkIdConfig.DEFAULT_REFRESH_SKEW;
        private Duration leaseTtl = Duration.ofSeconds(10);

        private Builder(RedisStores redis) {
            this.redis = redis;
        }

        /**
         * @param clock judges when an access token is about to expire; default {@link Clock#systemUTC()}. Use the
         *     one in your {@code VkIdConfig}.
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param skew an access token expiring within this is about to be refreshed; default
         *     {@link VkIdConfig#DEFAULT_REFRESH_SKEW}. Use your {@code VkIdConfig}'s {@code refreshSkew}.
         * @return this builder
         */
        public Builder refreshSkew(Duration skew) {
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative()) {
                throw new IllegalArgumentException("refreshSkew must not be negative: " + skew);
            }
            this.refreshSkew = skew;
            return this;
        }

        /**
         * @param ttl how long one node's refresh lease lasts; default 10 s. Longer than one refresh (a request to VK
         *     ID) takes; shorter means other nodes take over sooner from a node that died mid-refresh.
         * @return this builder
         */
        public Builder leaseTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.toMillis() < 1) {
                throw new IllegalArgumentException("leaseTtl must be at least 1 ms: " + ttl);
            }
            this.leaseTtl = ttl;
            return this;
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
