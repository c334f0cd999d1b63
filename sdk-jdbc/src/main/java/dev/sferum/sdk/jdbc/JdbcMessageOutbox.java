package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.OutboxEntry;
import dev.sferum.sdk.chat.OutboxRefusal;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.chat.internal.OutboxJson;
import dev.sferum.sdk.core.exception.ErrorCategory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The message outbox in the {@code <prefix>outbox} table, shared by every node, with leases: a pending message is
 * sent by one node at a time, and another node takes it over — with the same idempotency key, so VK drops a
 * duplicate — when its node died.
 *
 * <pre>{@code
 * JdbcMessageOutbox outbox = stores.messageOutbox();
 * ChatClient chats = VkChats.builder().actor(ChatActor.community(groupId)).outbox(outbox).buildClient(api);
 * chats.send(r -> r.peer(chat).text("Урок перенесён"));     // add (leased to this node), send, remove
 *
 * // A broadcast any node may send: queue it, then every node drains the outbox.
 * for (SendRequest r : broadcast) {
 *     outbox.enqueue(new OutboxEntry(r, clock.instant()));
 * }
 * while (!chats.resendPending().sent().isEmpty()) { }
 * }</pre>
 *
 * <h2>Leases</h2>
 * <ul>
 *   <li>{@link #add} — the chat client calls it right before a send — stores the entry leased to this node for
 *       {@link JdbcConfig#outboxLease()}: no other node sends it meanwhile.</li>
 *   <li>{@link #pending} claims up to {@link JdbcConfig#outboxBatch()} entries, oldest first, that are not leased,
 *       whose lease ran out, or that this node already holds, and leases them to this node (one
 *       {@code UPDATE ... FOR UPDATE SKIP LOCKED}: two nodes claiming at once get different entries). So
 *       {@code resendPending()} on every node drains the outbox without two nodes sending the same entry, and a
 *       node that dies mid-batch only delays its entries until their lease ends.</li>
 *   <li>{@link #enqueue} stores an entry with no lease, for any node to claim.</li>
 *   <li>{@link #remove} deletes the entry once the send is settled (or an operator has seen its refusal).</li>
 *   <li>{@link #refuse} marks the entry refused (since schema version 3): it keeps its row, with the reason, and
 *       {@link #pending} never claims it again; {@link #refused} lists such rows for every node.</li>
 * </ul>
 * Leases use the database's clock, so nodes with wrong or jumping clocks still agree. A node that is merely slow
 * past its lease may send an entry that another node sends too; both use the entry's idempotency key, so VK
 * delivers it once. Every write is durable (committed) when it returns.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class JdbcMessageOutbox implements MessageOutbox {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Db db;
    private final String table;
    private final String node;
    private final Duration lease;
    private final int batch;

    JdbcMessageOutbox(Db db, JdbcConfig config) {
        this.db = db;
        this.table = db.table("outbox");
        this.node = config.nodeId();
        this.lease = config.outboxLease();
        this.batch = config.outboxBatch();
    }

    /**
     * Stores a message this node is about to send, leased to this node; replaces an entry with the same key.
     *
     * @param entry the entry
     * @throws JdbcStoreException if the database fails
     */
    @Override
    public void add(OutboxEntry entry) {
        upsert(entry, true);
    }

    /**
     * Stores a message for any node to send: not leased, so the next {@link #pending} on any node claims it.
     * Replaces an entry with the same key.
     *
     * @param entry the entry
     * @throws JdbcStoreException if the database fails
     */
    public void enqueue(OutboxEntry entry) {
        upsert(entry, false);
    }

    /**
     * Forgets a settled message, pending or refused; a key not present is ignored.
     *
     * @param key the request's idempotency key
     * @throws JdbcStoreException if the database fails
     */
    @Override
    public void remove(long key) {
        db.write("remove outbox entry " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE entry_key = ?")) {
                ps.setLong(1, key);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Claims the oldest messages no other node holds — at most {@link JdbcConfig#outboxBatch()} — and leases them to
     * this node.
     *
     * @return the claimed messages, oldest first
     * @throws JdbcStoreException if the database fails, or an entry is not one this library wrote ({@code CONFLICT})
     */
    @Override
    public List<OutboxEntry> pending() {
        List<OutboxEntry> out = db.write("claim pending outbox entries", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET lease_owner = ?, lease_until = " + Db.nowPlusMillis()
                    + " WHERE entry_key IN (SELECT entry_key FROM " + table + " WHERE refused_at IS NULL AND (lease_until IS NULL "
                    + "OR lease_until < now() OR lease_owner = ?) ORDER BY enqueued_at, entry_key LIMIT ? FOR UPDATE SKIP LOCKED) "
                    + "RETURNING entry_key, request, enqueued_at")) {
                ps.setString(1, node);
                Db.setInterval(ps, 2, lease);
                ps.setString(3, node);
                ps.setInt(4, batch);
                List<OutboxEntry> claimed = new ArrayList<>();
                try (ResultSet r = ps.executeQuery()) {
                    while (r.next()) {
                        claimed.add(new OutboxEntry(decode(r.getLong("entry_key"), r.getString("request")), Db.instant(r, "enqueued_at")));
                    }
                }
                return claimed;
            }
        });
        out.sort(Comparator.comparing(OutboxEntry::enqueuedAt).thenComparingLong(OutboxEntry::key));
        return out;
    }

    /**
     * Marks a message refused for good: it stays in the table with the reason, unleased, and no node claims it
     * again. Replaces an earlier refusal of the same key; stores the entry if it was not there.
     *
     * @param refusal the refused entry and why
     * @throws JdbcStoreException if the database fails
     */
    @Override
    public void refuse(OutboxRefusal refusal) {
        Objects.requireNonNull(refusal, "refusal");
        String request = encode(refusal.entry().request());
        ObjectNode why = JSON.createObjectNode();
        why.put("category", refusal.category().name());
        why.put("errorCode", refusal.errorCode());
        why.put("reason", refusal.reason());
        String reason = JSON.writeValueAsString(why);
        db.write("refuse outbox entry " + refusal.key(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (entry_key, request, enqueued_at, lease_owner, lease_until, "
                    + "refused_at, refusal) VALUES (?, ?, ?, NULL, NULL, ?, ?) ON CONFLICT (entry_key) DO UPDATE SET lease_owner = NULL, "
                    + "lease_until = NULL, refused_at = excluded.refused_at, refusal = excluded.refusal")) {
                ps.setLong(1, refusal.key());
                ps.setString(2, request);
                Db.setInstant(ps, 3, refusal.entry().enqueuedAt());
                Db.setInstant(ps, 4, refusal.refusedAt());
                ps.setString(5, reason);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * {@return the refused messages of every node, oldest refusal first}
     *
     * @throws JdbcStoreException if the database fails, or a row is not one this library wrote ({@code CONFLICT})
     */
    @Override
    public List<OutboxRefusal> refused() {
        return db.read("list refused outbox entries", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT entry_key, request, enqueued_at, refused_at, refusal FROM " + table
                    + " WHERE refused_at IS NOT NULL ORDER BY refused_at, entry_key"); ResultSet r = ps.executeQuery()) {
                List<OutboxRefusal> out = new ArrayList<>();
                while (r.next()) {
                    long key = r.getLong("entry_key");
                    OutboxEntry entry = new OutboxEntry(decode(key, r.getString("request")), Db.instant(r, "enqueued_at"));
                    out.add(refusal(key, entry, Db.instant(r, "refused_at"), r.getString("refusal")));
                }
                return out;
            }
        });
    }

    private OutboxRefusal refusal(long key, OutboxEntry entry, java.time.Instant at, String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new OutboxRefusal(entry, at, ErrorCategory.valueOf(n.path("category").asString("")), n.path("errorCode").asInt(0),
                    n.path("reason").asString(""));
        } catch (RuntimeException e) {
            throw new JdbcStoreException(ErrorCategory.CONFLICT, "the refusal of outbox entry " + key + " in " + table + " at " + db.where
                    + " is not one this library wrote", "delete the row, or give the SDK its own JdbcConfig.tablePrefix", null);
        }
    }

    /**
     * {@return how many messages wait in the outbox, leased or not, on every node (refused ones not counted); for
     *     monitoring}
     *
     * @throws JdbcStoreException if the database fails
     */
    @Override
    public int size() {
        return db.read("count outbox entries", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE refused_at IS NULL");
                 ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        });
    }

    @Override
    public String toString() {
        return "JdbcMessageOutbox[" + db.where + ", " + table + ", node=" + node + "]";
    }

    private void upsert(OutboxEntry entry, boolean leased) {
        Objects.requireNonNull(entry, "entry");
        String json = encode(entry.request());
        db.write("store outbox entry " + entry.key(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (entry_key, request, enqueued_at, lease_owner, lease_until) "
                    + "VALUES (?, ?, ?, ?, " + (leased ? Db.nowPlusMillis() : "NULL") + ") ON CONFLICT (entry_key) DO UPDATE SET "
                    + "request = excluded.request, enqueued_at = excluded.enqueued_at, lease_owner = excluded.lease_owner, "
                    + "lease_until = excluded.lease_until, refused_at = NULL, refusal = NULL")) {
                ps.setLong(1, entry.key());
                ps.setString(2, json);
                Db.setInstant(ps, 3, entry.enqueuedAt());
                ps.setString(4, leased ? node : null);
                if (leased) {
                    Db.setInterval(ps, 5, lease);
                }
                return ps.executeUpdate();
            }
        });
    }

    // ------------------------------------------------------------------ the request as JSON

    static String encode(SendRequest r) {
        ObjectNode n = OutboxJson.write(r);
        n.put("v", 1);
        return JSON.writeValueAsString(n);
    }

    private SendRequest decode(long key, String json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n.path("v").asInt(0) != 1) {
                throw new IllegalArgumentException("format");
            }
            SendRequest.Builder b = OutboxJson.read(n);
            SendRequest r = b.build();
            if (r.idempotencyKey() != key) {
                throw new IllegalArgumentException("key");
            }
            return r;
        } catch (RuntimeException e) {
            // The request holds message text (a pupil's name, say): name the row, not its contents.
            throw new JdbcStoreException(ErrorCategory.CONFLICT, "outbox entry " + key + " in " + table + " at " + db.where
                    + " is not a request this library wrote", "another application or a manual edit wrote it: delete the row, or give the "
                    + "SDK its own JdbcConfig.tablePrefix", null);
        }
    }
}
