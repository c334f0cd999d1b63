package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.roster.ChatMapping;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.CreateIntent;
import dev.sferum.sdk.core.exception.ErrorCategory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One account's class-to-chat mapping in {@code <prefix>chat_mapping}: {@link JdbcStores#chatMappings(String)}.
 * Each call is one statement; every write is committed when it returns.
 */
final class JdbcChatMappings implements ChatMappingStore {
    private final Db db;
    private final String table;
    private final String account;

    JdbcChatMappings(Db db, String account) {
        this.db = db;
        this.table = db.table("chat_mapping");
        this.account = account;
    }

    @Override
    public Optional<ChatMapping> find(String classId) {
        Objects.requireNonNull(classId, "classId");
        return db.read("read the chat of class " + classId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT class_id, chat_peer, intent_request_id, intent_title, intent_at FROM " + table
                    + " WHERE account = ? AND class_id = ?")) {
                ps.setString(1, account);
                ps.setString(2, classId);
                try (ResultSet r = ps.executeQuery()) {
                    return r.next() ? Optional.of(mapping(r)) : Optional.<ChatMapping>empty();
                }
            }
        });
    }

    @Override
    public List<ChatMapping> all() {
        return db.read("read the chat mapping of " + account, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT class_id, chat_peer, intent_request_id, intent_title, intent_at FROM " + table
                    + " WHERE account = ? ORDER BY seq")) {
                ps.setString(1, account);
                List<ChatMapping> out = new ArrayList<>();
                try (ResultSet r = ps.executeQuery()) {
                    while (r.next()) {
                        out.add(mapping(r));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    @Override
    public void recordIntent(String classId, CreateIntent intent) {
        Objects.requireNonNull(classId, "classId");
        Objects.requireNonNull(intent, "intent");
        update("record a chat creation for class " + classId, classId, "INSERT INTO " + table
                + " (account, class_id, intent_request_id, intent_title, intent_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, class_id) "
                + "DO UPDATE SET intent_request_id = excluded.intent_request_id, intent_title = excluded.intent_title, intent_at = excluded.intent_at",
                ps -> {
                    ps.setString(3, intent.requestId());
                    ps.setString(4, intent.title());
                    Db.setInstant(ps, 5, intent.at());
                });
    }

    @Override
    public void recordChat(String classId, PeerId chat) {
        Objects.requireNonNull(classId, "classId");
        Objects.requireNonNull(chat, "chat");
        chat.requireChat("the chat of class " + classId);
        update("record the chat of class " + classId, classId, "INSERT INTO " + table + " (account, class_id, chat_peer) VALUES (?, ?, ?) "
                + "ON CONFLICT (account, class_id) DO UPDATE SET chat_peer = excluded.chat_peer, intent_request_id = NULL, "
                + "intent_title = NULL, intent_at = NULL", ps -> ps.setString(3, chat.toString()));
    }

    @Override
    public void remove(String classId) {
        Objects.requireNonNull(classId, "classId");
        update("forget class " + classId, classId, "DELETE FROM " + table + " WHERE account = ? AND class_id = ?", ps -> { });
    }

    @Override
    public String toString() {
        return "JdbcChatMappings[" + db.where + ", " + table + ", account=" + account + "]";
    }

    /** The rest of a statement's parameters, after account (1) and class id (2). */
    private interface Rest {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** One write of one class's row: {@code sql} takes this account as parameter 1 and the class id as 2. */
    private void update(String what, String classId, String sql, Rest rest) {
        db.write(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, account);
                ps.setString(2, classId);
                rest.bind(ps);
                return ps.executeUpdate();
            }
        });
    }

    private ChatMapping mapping(ResultSet r) throws SQLException {
        String classId = r.getString("class_id");
        try {
            String peer = r.getString("chat_peer");
            String requestId = r.getString("intent_request_id");
            CreateIntent intent = requestId == null ? null
                    : new CreateIntent(requestId, r.getString("intent_title"), Db.instant(r, "intent_at"));
            return new ChatMapping(classId, peer == null ? null : PeerId.parse(peer), intent);
        } catch (RuntimeException e) {
            throw new JdbcStoreException(ErrorCategory.CONFLICT, "the row for class " + classId + " of " + account + " in " + table + " at "
                    + db.where + " is not a mapping this library can read (" + e.getMessage() + ")",
                    "another application or a manual edit wrote it: fix or delete the row", null);
        }
    }
}
