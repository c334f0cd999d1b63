package dev.sferum.sdk.redis;

import dev.sferum.sdk.chat.event.EventDedupeException;
import dev.sferum.sdk.chat.event.EventDedupeStore;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.core.exception.ErrorCategory;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The event de-duplication store of sdk-chat's {@link EventStream}s, shared by every application node through one
 * Redis: {@link #of(RedisStores)}.
 *
 * <pre>{@code
 * RedisStores redis = RedisStores.connect(RedisConfig.builder().url("redis://10.0.0.5:6379").build());
 * EventStream events = EventStream.builder()
 *         .dedupeStore(RedisEventDedupeStore.of(redis))
 *         .dedupeWindow(Duration.ofHours(9))              // MAX's webhook retries for up to 8 hours
 *         .build();
 * }</pre>
 *
 * <h2>What several nodes get</h2>
 * {@link #markFirst} is {@code SET <prefix>event:<key> <mark> NX PX <window>}: one round trip, atomic in Redis, so of any
 * number of nodes marking the same key at once exactly one is told "first" and queues the event; the others drop it as a
 * duplicate. A VK Callback retry or MAX webhook replay that the load balancer sends to another node is answered
 * {@code ok} there and not handled again, and long polls of one community on several nodes handle each event once
 * between them. It is a record of <em>accepted</em> events, not of handled ones: an event accepted by a node that dies
 * before its handlers ran is lost, as with the in-memory store (VK and MAX got {@code ok}; their retries are dropped).
 *
 * <h2>Time</h2>
 * The window is counted by Redis ({@code PX}): nodes whose clocks disagree or jump still agree on it, and the stream's
 * {@code clock} does not apply. Redis deletes a key when its window ends; nothing needs pruning. Windows are rounded up
 * to whole milliseconds.
 *
 * <h2>Forgetting only its own mark</h2>
 * The value of each key is a random 128-bit mark of this store instance, and {@link #forget} deletes the key only if it
 * still holds that mark (one Lua compare-and-delete, one round trip). So a store that forgets a key after its window
 * ended and another node marked it again does not delete the other node's mark — which would let a third delivery of
 * the event through. Make one store per node ({@link #of(RedisStores)} returns the same one each time for one connection).
 *
 * <h2>Eviction and restarts: at-least-once stays</h2>
 * A mark exists only in Redis's memory. If Redis loses it — a restart without persistence, a failover to a replica that
 * had not received it, or eviction under {@code maxmemory} (the marks have expiries, so every {@code volatile-*} and
 * {@code allkeys-*} policy may evict them) — the key is forgotten early, and a retry or replay of that event is taken for
 * a first sighting and <b>delivered again</b>. Events are never lost that way: delivery stays at-least-once, with
 * duplicates only after Redis lost marks. Handlers that must not see a duplicate keep their own record keyed by
 * {@code meta().eventId()}. With {@code maxmemory-policy noeviction} a full Redis refuses the {@code SET} instead, and
 * the stream refuses the event (below) until there is room.
 *
 * <h2>Failures</h2>
 * When Redis cannot be reached, a command times out or Redis answers with an error it may get over (out of memory,
 * loading, a read-only replica after failover), {@link #markFirst} and {@link #forget} throw an
 * {@link EventDedupeException} of category {@code TRANSIENT}, the category of every unreachable-Redis error of this
 * module; its cause is a {@link RedisStoreException} naming Redis's host and port (never the password). When Redis's
 * ACL refuses the command the category is {@code PERMISSION} (fix the configuration). The stream then refuses the event — the Callback API and MAX webhook receivers answer 503 so VK or
 * MAX retry, the long polls back off and fetch the batch again — rather than accept it unchecked (a duplicate) or drop it
 * (a loss). The connection reconnects by itself; the first event after Redis is back is checked as usual.
 *
 * <h2>Keys</h2>
 * {@code <prefix>event:<key>} with the {@link RedisConfig#keyPrefix()}: nodes de-duplicate together exactly when they
 * share Redis database and prefix. A key already holding something this store did not write counts as marked. Keys are
 * logged at DEBUG at most.
 *
 * <p>Thread-safe. Each call is one round trip on the shared connection.
 *
 * @since 0.1.0
 */
public final class RedisEventDedupeStore implements EventDedupeStore {
    private static final Logger log = LoggerFactory.getLogger(RedisEventDedupeStore.class);
    /** The longest key accepted: {@value} characters ({@code groupId:eventId} is far shorter). */
    public static final int MAX_KEY_LENGTH = 500;
    /** The longest expiry sent to Redis, in milliseconds: longer windows are remembered this long (millions of years). */
    static final long MAX_WINDOW_MILLIS = Long.MAX_VALUE / 4;

    /** Deletes the key only if it still holds this store's mark. KEYS: the event key. ARGV: the mark. */
    private static final String FORGET = """
            if redis.call('TYPE', KEYS[1]).ok == 'string' and redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisStores redis;
    private final String prefix;
    private final String mark;

    /**
     * This node's store on a Redis connection: the same one on every call with the same {@code redis}.
     *
     * <p>A factory here rather than a method of {@link RedisStores}, so that {@code RedisStores} names no type of
     * sdk-chat, which this module depends on optionally: an application without event streams does not have it.
     *
     * @param redis the connection
     * @return the store
     */
    public static RedisEventDedupeStore of(RedisStores redis) {
        Objects.requireNonNull(redis, "redis");
        Object store = redis.eventDedupeStore.get();
        if (store == null) {
            redis.eventDedupeStore.compareAndSet(null, new RedisEventDedupeStore(redis));
            store = redis.eventDedupeStore.get();
        }
        return (RedisEventDedupeStore) store;
    }

    private RedisEventDedupeStore(RedisStores redis) {
        this.redis = redis;
        this.prefix = redis.config().keyPrefix() + "event:";
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        this.mark = HexFormat.of().formatHex(bytes);
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code SET <prefix>event:<key> <this store's mark> NX PX <window in ms, rounded up>}: one round trip.
     *
     * @throws EventDedupeException if Redis cannot be reached or answers an error ({@code TRANSIENT}), or its ACL
     *     refuses the command ({@code PERMISSION}); its cause is a {@link RedisStoreException} naming host and port. Whether the key was
     *     marked is then unknown
     * @throws IllegalArgumentException if the key is null, blank, longer than {@value #MAX_KEY_LENGTH} characters or holds
     *     a control character or an unpaired surrogate, or the window is null or not positive; before any I/O
     */
    @Override
    public boolean markFirst(String key, Duration window) {
        checkKey(key);
        long px = windowMillis(window);
        String reply = call("mark an event as seen", () -> redis.commands().set(prefix + key, mark, SetArgs.Builder.nx().px(px)));
        boolean first = "OK".equals(reply);
        if (log.isDebugEnabled()) {
            log.debug("event key {} {}", key, first ? "marked" : "already marked");
        }
        return first;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Deletes the key only if it still holds this store's mark (a Lua compare-and-delete): another node's mark is
     * left alone.
     *
     * @throws EventDedupeException if Redis cannot be reached or refuses the command; the key then stays marked until
     *     its window ends
     * @throws IllegalArgumentException if the key is null, blank, too long or holds a control character or an unpaired
     *     surrogate; before any I/O
     */
    @Override
    public void forget(String key) {
        checkKey(key);
        Long deleted = call("forget an event key",
                () -> redis.<Long>eval(FORGET, ScriptOutputType.INTEGER, new String[] {prefix + key}, mark));
        if (log.isDebugEnabled()) {
            log.debug("event key {} {}", key, deleted != null && deleted > 0 ? "forgotten" : "not marked by this store");
        }
    }

    @Override
    public String toString() {
        return "RedisEventDedupeStore[" + redis.config().address() + ", prefix=" + prefix + "]";
    }

    // ------------------------------------------------------------------ helpers

    private <T> T call(String what, Supplier<T> op) {
        try {
            return op.get();
        } catch (RuntimeException e) {
            String address = redis.config().address();
            String reply = e instanceof RedisCommandExecutionException ? String.valueOf(e.getMessage()) : "";
            RedisStoreException cause;
            if (reply.startsWith("NOPERM") || reply.startsWith("NOAUTH") || reply.startsWith("WRONGPASS")) {
                cause = new RedisStoreException(ErrorCategory.PERMISSION, address, "Redis at " + address + " refused to " + what
                        + " (" + redis.describe(e) + ")", "give the SDK's Redis user SET, TYPE, GET, DEL, EVAL and EVALSHA on keys "
                        + "starting with \"" + prefix + "\"", null);
            } else if (!reply.isEmpty()) {
                cause = new RedisStoreException(ErrorCategory.TRANSIENT, address, "Redis at " + address + " could not " + what
                        + " (" + redis.describe(e) + ")", "the event was refused and is sent again later; if Redis is out of "
                        + "memory, give it room or set maxmemory-policy noeviction", null);
            } else {
                cause = new RedisStoreException(ErrorCategory.TRANSIENT, address, "cannot reach Redis at " + address + " to " + what
                        + " (" + redis.describe(e) + ")", "the event was refused and is sent again later; check that Redis is "
                        + "running and reachable from this node", null);
            }
            throw new EventDedupeException(cause.category(), "the event de-duplication store could not answer: "
                    + cause.getMessage(), cause.remedy().orElse(null), cause);
        }
    }

    private static long windowMillis(Duration window) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the de-duplication window must be positive: " + window);
        }
        if (window.compareTo(Duration.ofMillis(MAX_WINDOW_MILLIS)) >= 0) {
            return MAX_WINDOW_MILLIS;
        }
        long millis = window.toMillis();
        return window.equals(Duration.ofMillis(millis)) ? millis : millis + 1;
    }

    private static void checkKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an event de-duplication key must not be null or blank: "
                    + (key == null ? "null" : "\"" + key + "\""));
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("an event de-duplication key is at most " + MAX_KEY_LENGTH
                    + " characters: this one has " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("an event de-duplication key must not hold control characters: one at index " + i);
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1));
                if (!paired) {
                    // UTF-8 would turn it into '?', and two different keys into one: a lost event.
                    throw new IllegalArgumentException("an event de-duplication key must be valid UTF-16: an unpaired surrogate at index " + i);
                }
                i++;
            }
        }
    }
}
