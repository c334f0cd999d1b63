package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.chat.event.EventDedupeException;
import dev.sferum.sdk.chat.event.EventDedupeStore;
import dev.sferum.sdk.chat.event.EventStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event de-duplication store of sdk-chat's {@link EventStream}s, shared by every application node through
 * {@code <prefix>event_dedupe}: {@link JdbcStores#eventDedupeStore()}.
 *
 * <pre>{@code
 * EventStream events = EventStream.builder()
 *         .dedupeStore(stores.eventDedupeStore())
 *         .dedupeWindow(Duration.ofHours(9))              // MAX's webhook retries for up to 8 hours
 *         .build();
 * }</pre>
 *
 * <p><b>What several nodes get.</b> {@link #markFirst} is one {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE expired
 * RETURNING}: of any number of nodes marking the same key at once, exactly one is told "first" and queues the event; the
 * others drop it as a duplicate. So a VK Callback retry or a MAX webhook replay that the load balancer sends to another
 * node is answered {@code ok} there and not handled again, and long polls of one community on several nodes handle each
 * event once between them. It is a record of <em>accepted</em> events, not of handled ones: an event accepted by a node
 * that dies before its handlers ran is lost, as with the in-memory store (VK and MAX got {@code ok}; their retries are
 * dropped as duplicates).
 *
 * <p><b>Time</b> is the database's ({@code now()}): a key is marked until {@code now() + window}, so nodes whose clocks
 * disagree or jump still agree. The stream's {@code clock} does not apply.
 *
 * <p><b>Expired rows</b> are pruned without a job of their own: every {@value #PRUNE_EVERY}th mark on a node also
 * deletes up to {@value #PRUNE_BATCH} expired rows ({@code FOR UPDATE SKIP LOCKED}, so pruning nodes never wait for each
 * other), which outpaces any rate of new keys; an expired row met by a mark is reused in place.
 *
 * <p><b>Failures.</b> When the database cannot be reached or refuses a statement, {@code markFirst} and {@code forget}
 * throw an {@link EventDedupeException} with the category of the underlying {@link JdbcStoreException} (its cause):
 * {@code TRANSIENT} when unreachable, {@code CONFLICT} when the schema is newer than this library. The stream then
 * refuses the event — the Callback API and MAX webhook receivers answer 503 so VK or MAX retry, the long polls back off
 * and fetch the batch again — rather than accept it unchecked (a duplicate) or drop it (a loss).
 *
 * <p>Thread-safe. Each call is one short transaction on a connection from the {@code DataSource}.
 *
 * @since 0.1.0
 */
public final class JdbcEventDedupeStore implements EventDedupeStore {
    private static final Logger log = LoggerFactory.getLogger(JdbcEventDedupeStore.class);
    /** The longest key accepted: {@value} characters ({@code groupId:eventId} is far shorter). */
    public static final int MAX_KEY_LENGTH = 500;
    /** Every how many marks a node prunes expired rows: {@value}. */
    static final int PRUNE_EVERY = 64;
    /** The most expired rows one prune deletes: {@value}. */
    static final int PRUNE_BATCH = 500;

    private final Db db;
    private final String table;
    private final AtomicLong marks = new AtomicLong();

    JdbcEventDedupeStore(Db db) {
        this.db = db;
        this.table = db.table("event_dedupe");
    }

    /**
     * {@inheritDoc}
     *
     * @throws EventDedupeException if the database cannot be used (the category of the {@link JdbcStoreException} in
     *     its cause); whether the key was marked is then unknown
     * @throws IllegalArgumentException if the key is null, blank or longer than {@value #MAX_KEY_LENGTH}, or the window is
     *     not positive
     */
    @Override
    public boolean markFirst(String key, Duration window) {
        checkKey(key);
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the de-duplication window must be positive: " + window);
        }
        boolean prune = marks.incrementAndGet() % PRUNE_EVERY == 0;
        try {
            return db.write("mark an event as seen in " + table, c -> {
                boolean first;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " AS d (event_key, expires_at) VALUES (?, "
                        + Db.nowPlusMillis() + ") ON CONFLICT (event_key) DO UPDATE SET expires_at = excluded.expires_at "
                        + "WHERE d.expires_at <= now() RETURNING 1")) {
                    ps.setString(1, key);
                    Db.setInterval(ps, 2, window);
                    try (ResultSet r = ps.executeQuery()) {
                        first = r.next();
                    }
                }
                if (prune) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE event_key IN (SELECT event_key FROM "
                            + table + " WHERE expires_at <= now() LIMIT " + PRUNE_BATCH + " FOR UPDATE SKIP LOCKED)")) {
                        int pruned = ps.executeUpdate();
                        if (pruned > 0) {
                            log.debug("pruned {} expired event keys from {}", pruned, table);
                        }
                    }
                }
                return first;
            });
        } catch (JdbcStoreException e) {
            throw unavailable(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws EventDedupeException if the database cannot be used; the key then stays marked until its window ends
     * @throws IllegalArgumentException if the key is null, blank or too long
     */
    @Override
    public void forget(String key) {
        checkKey(key);
        try {
            db.write("forget an event key in " + table, c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE event_key = ?")) {
                    ps.setString(1, key);
                    return ps.executeUpdate();
                }
            });
        } catch (JdbcStoreException e) {
            throw unavailable(e);
        }
    }

    private static EventDedupeException unavailable(JdbcStoreException e) {
        return new EventDedupeException(e.category(), "the event de-duplication store could not answer: " + e.getMessage(), null, e);
    }

    private static void checkKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an event de-duplication key must not be null or blank: " + (key == null ? "null" : "\"" + key + "\""));
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("an event de-duplication key is at most " + MAX_KEY_LENGTH + " characters: this one has "
                    + key.length());
        }
    }

    @Override
    public String toString() {
        return "JdbcEventDedupeStore[" + db.where + ", table=" + table + "]";
    }
}
