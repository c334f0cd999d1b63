package dev.sferum.sdk.redis;

import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.exception.ErrorCategory;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * One connection to Redis, shared by the SDK's Redis-backed stores of an application node.
 *
 * <pre>{@code
 * RedisStores redis = RedisStores.connect(RedisConfig.builder().url("redis://10.0.0.5:6379").build());
 * RateBudgetStore budgets = redis.rateBudgetStore(4);          // 4 application nodes share each token
 * ClientConfig config = ClientConfig.builder()
 *         .rateLimits(RateLimits.builder().store(budgets).build())
 *         .build();
 * ...
 * redis.close();                                                // on shutdown
 * }</pre>
 *
 * <p>{@link #connect} checks the server at once — reachable, credentials accepted, scripts allowed — so a wrong
 * URL or password fails at start with one clear {@link RedisStoreException} naming host and port, never the
 * password. After that the connection reconnects by itself (backing off up to half a second); while it is down, the
 * stores do what their Javadoc says (the rate budget falls back to a local share).
 *
 * <p>Make one per application node and close it on shutdown: it owns a small Netty event loop (two threads).
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class RedisStores implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RedisStores.class);
    /** The longest wait between reconnect attempts, so every node is back within this of Redis. */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofMillis(500);

    private final RedisConfig config;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> commands;
    private final ConcurrentHashMap<String, String> digests = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean persistenceChecked = new java.util.concurrent.atomic.AtomicBoolean();
    // This node's RedisEventDedupeStore, made on first use. Typed Object, and made by RedisEventDedupeStore.of, so that no
    // signature of this class names sdk-chat (an optional dependency): it loads and reflects without it.
    final AtomicReference<Object> eventDedupeStore = new AtomicReference<>();

    private RedisStores(RedisConfig config, ClientResources resources, RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.config = config;
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.commands = connection.sync();
    }

    /**
     * Connects to Redis and checks that the stores can work there.
     *
     * @param config where Redis is
     * @return the connection
     * @throws RedisStoreException if Redis cannot be reached ({@code TRANSIENT}) or refuses the credentials or the
     *     scripts ({@code PERMISSION}); the message names host and port
     */
    public static RedisStores connect(RedisConfig config) {
        Objects.requireNonNull(config, "config");
        RedisURI.Builder uri = RedisURI.Builder.redis(config.host(), config.port())
                .withSsl(config.tls())
                .withDatabase(config.database())
                .withClientName("sferum-java-sdk")
                .withTimeout(config.connectTimeout()); // the handshake (HELLO, AUTH, SELECT); commands use commandTimeout
        config.password().ifPresent(p -> {
            if (config.username().isPresent()) {
                uri.withAuthentication(config.username().get(), p.reveal());
            } else {
                uri.withPassword(p.reveal());
            }
        });
        ClientResources resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(20), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri.build());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // While disconnected, fail at once: the budget then uses its local share instead of waiting.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
                .build());
        StatefulRedisConnection<String, String> connection = null;
        try {
            connection = client.connect();
            connection.setTimeout(config.commandTimeout());
            RedisStores stores = new RedisStores(config, resources, client, connection);
            stores.commands.ping();
            stores.commands.scriptLoad(BudgetScripts.RESERVE);
            stores.commands.scriptLoad(BudgetScripts.THROTTLED);
            stores.commands.scriptLoad(BudgetScripts.COMPLETE);
            stores.commands.scriptLoad(BudgetScripts.RECORD);
            return stores;
        } catch (RuntimeException e) {
            if (connection != null) {
                connection.close();
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw failure(config, e);
        }
    }

    /**
     * A rate budget store shared by every node, whose fallback while Redis is unreachable gives this node
     * {@code 1/nodes} of each budget (see {@link RedisRateBudgetStore#shareOf}).
     *
     * <p>Make one per application node and put it in the {@code RateLimits} of every client config.
     *
     * @param nodes how many application nodes use the same tokens; at least 1
     * @return the store
     * @throws IllegalArgumentException if {@code nodes} is below 1
     */
    public RedisRateBudgetStore rateBudgetStore(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1: " + nodes);
        }
        return new RedisRateBudgetStore(this, b -> RedisRateBudgetStore.shareOf(b, nodes), nodes + " nodes");
    }

    /**
     * A rate budget store shared by every node, with a fallback budget of your choosing.
     *
     * <pre>{@code
     * RateBudgetStore budgets = redis.rateBudgetStore(b -> new RateBudgetStore.Budget(
     *         Math.max(1, b.permits() / 10), b.window(), b.decreaseFactor(), b.recoveryInterval()));
     * }</pre>
     *
     * @param fallback turns a token's full budget into this node's budget while Redis is unreachable
     * @return the store
     */
    public RedisRateBudgetStore rateBudgetStore(UnaryOperator<RateBudgetStore.Budget> fallback) {
        return new RedisRateBudgetStore(this, Objects.requireNonNull(fallback, "fallback"), "a custom share");
    }

    /**
     * Logs one warning if Redis says it does not persist every write before answering, as stores of secrets that
     * cannot be recovered (rotated refresh tokens) need. Says nothing if Redis does not let us ask.
     */
    void warnIfNotPersistent() {
        if (!persistenceChecked.compareAndSet(false, true)) {
            return;
        }
        try {
            java.util.Map<String, String> aof = commands.configGet("appendonly", "appendfsync");
            if (!"yes".equals(aof.get("appendonly")) || !"always".equals(aof.get("appendfsync"))) {
                log.warn("Redis at {} runs with appendonly={} appendfsync={}: a restart can lose grants written in the last "
                        + "moments, and their refresh tokens are already dead at VK ID; set appendonly yes and appendfsync always, "
                        + "or keep grants in PostgreSQL (sdk-jdbc)", config.address(), aof.get("appendonly"), aof.get("appendfsync"));
            }
        } catch (RuntimeException e) {
            log.debug("could not read Redis persistence settings at {}: {}", config.address(), describe(e));
        }
    }

    /** {@return the configuration} */
    public RedisConfig config() {
        return config;
    }

    /**
     * Sends one {@code PING}: whether Redis answers now, for health checks.
     *
     * @return how long the answer took
     * @throws RedisStoreException {@code TRANSIENT} if Redis does not answer within the command timeout; the message
     *     names host and port, never the password
     */
    public Duration ping() {
        long start = System.nanoTime();
        try {
            commands.ping();
        } catch (RuntimeException e) {
            throw new RedisStoreException(ErrorCategory.TRANSIENT, config.address(), "Redis at " + config.address()
                    + " does not answer PING (" + describe(e) + ")", "check that Redis is running and reachable from this node", null);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Closes the connection and its threads. Stores made from it then use their fallbacks. Idempotent. */
    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "RedisStores[" + config.address() + (connection.isOpen() ? "" : ", disconnected") + "]";
    }

    // ------------------------------------------------------------------ for the stores

    /** {@return whether the connection is up right now (it may still fail the next command)} */
    boolean connected() {
        return connection.isOpen();
    }

    RedisCommands<String, String> commands() {
        return commands;
    }

    /** Runs a script by its digest, loading it again if the server forgot it (after a restart). */
    <T> T eval(String script, ScriptOutputType type, String[] keys, String... args) {
        try {
            return commands.evalsha(digest(script), type, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.eval(script, type, keys, args);
        }
    }

    /** {@link #eval} without waiting: the answer, or the failure, arrives on the connection's event loop. */
    CompletableFuture<Object> evalAsync(String script, ScriptOutputType type, String[] keys, String... args) {
        CompletableFuture<Object> out = new CompletableFuture<>();
        try {
            RedisAsyncCommands<String, String> async = connection.async();
            async.<Object>evalsha(digest(script), type, keys, args).whenComplete((r, e) -> {
                if (e == null) {
                    out.complete(r);
                } else if (e instanceof RedisNoScriptException || e.getCause() instanceof RedisNoScriptException) {
                    async.<Object>eval(script, type, keys, args).whenComplete((r2, e2) -> {
                        if (e2 == null) {
                            out.complete(r2);
                        } else {
                            out.completeExceptionally(e2);
                        }
                    });
                } else {
                    out.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            out.completeExceptionally(e);
        }
        return out;
    }

    /** Removes a member from a sorted set without waiting. */
    CompletableFuture<Long> zremAsync(String key, String member) {
        try {
            return connection.async().zrem(key, member).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private String digest(String script) {
        return digests.computeIfAbsent(script, commands::digest);
    }

    /** A one-line description of why Redis failed, safe to log: no password, no stack. */
    String describe(Throwable e) {
        Throwable root = e;
        if (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            return describe(e.getCause());
        }
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root.getMessage();
        return scrub(config, root.getClass().getSimpleName() + " " + text);
    }

    private static String scrub(RedisConfig config, String text) {
        String out = text;
        if (config.password().isPresent()) {
            String secret = config.password().get().reveal();
            if (!secret.isEmpty()) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }

    private static RedisStoreException failure(RedisConfig config, RuntimeException e) {
        String address = config.address();
        String reason = null;
        boolean refusedCredentials = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RedisCommandExecutionException) {
                String m = String.valueOf(t.getMessage());
                reason = m;
                refusedCredentials = m.startsWith("WRONGPASS") || m.startsWith("NOAUTH") || m.contains("AUTH")
                        || m.startsWith("NOPERM") || m.contains("invalid password");
                break;
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || "ConnectTimeoutException".equals(t.getClass().getSimpleName())) {
                reason = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            }
        }
        if (reason == null) {
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        reason = scrub(config, reason);
        if (refusedCredentials) {
            return new RedisStoreException(ErrorCategory.PERMISSION, address,
                    "Redis at " + address + " refused the SDK's credentials or commands (" + reason + ")",
                    "check the user and password in the Redis URL or RedisConfig.password (not shown here), and that the "
                            + "user may run PING, EVAL, EVALSHA, SCRIPT, ZADD, ZREM and HSET on keys starting with \""
                            + config.keyPrefix() + "\"", null);
        }
        return new RedisStoreException(ErrorCategory.TRANSIENT, address,
                "cannot reach Redis at " + address + " (" + reason + ")",
                "check the host and port in the Redis URL and that Redis is running and reachable from this node", null);
    }
}
