package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.core.exception.ErrorCategory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * The SDK's durable stores on a PostgreSQL database you supply as a {@link DataSource}: users' VK ID grants, the
 * message outbox, the class-to-chat mapping, the lesson schedule and the event de-duplication keys — one set of tables shared by every
 * application node. Plain JDBC, no ORM; the library needs no driver of its own (bring PostgreSQL's with your pool).
 *
 * <pre>{@code
 * PGSimpleDataSource ds = new PGSimpleDataSource();          // or your HikariCP pool
 * ds.setURL("jdbc:postgresql://db.school.local:5432/ejournal");
 * ds.setUser("ejournal");
 * ds.setPassword(System.getenv("DB_PASSWORD"));
 *
 * JdbcStores stores = JdbcStores.open(ds);                   // creates or upgrades the tables
 * VkIdClient vkid = VkIdClient.builder().config(vkidConfig).tokenStore(stores.tokenStore()).buildClient();
 * ChatClient chats = VkChats.builder().actor(ChatActor.community(groupId)).outbox(stores.messageOutbox()).buildClient(api);
 * }</pre>
 *
 * <h2>Schema</h2>
 * The tables ({@code <prefix>vkid_grant}, {@code outbox}, {@code chat_mapping}, {@code lesson},
 * {@code event_dedupe} (since schema version 2) and {@code schema_version}; prefix {@code sferum_} by default) are shipped as SQL scripts in this jar.
 * {@link #open} applies the missing ones in one transaction under a PostgreSQL advisory lock, so nodes starting
 * together upgrade once; opening an up-to-date database changes nothing. If the database's schema is newer than this
 * library (another node runs a newer SDK), {@code open} fails with {@code CONFLICT} and writes nothing, and stores
 * already open refuse every write from then on: each write checks the version in its own transaction. A table of
 * the same name that this library did not make fails {@code open} with {@code CONFLICT} naming the prefix.
 *
 * <h2>Time</h2>
 * Leases (the outbox's, and the refresh lease on a grant) use the database's clock ({@code now()}), so nodes whose
 * clocks disagree or jump still agree on who holds what. Token expiry is judged by sdk-auth, with its {@code VkIdConfig} clock.
 * Timestamps are stored with microsecond precision.
 *
 * <p>Thread-safe. Every operation takes a connection from the {@code DataSource} for one short transaction; use a
 * pool.
 *
 * @since 0.1.0
 */
public final class JdbcStores {
    private static final Logger log = LoggerFactory.getLogger(JdbcStores.class);

    /** The schema version this library creates and understands. */
    public static final int SCHEMA_VERSION = Db.SCHEMA_VERSION;

    private final Db db;
    private final JdbcConfig config;

    private JdbcStores(Db db, JdbcConfig config) {
        this.db = db;
        this.config = config;
    }

    /**
     * Opens the stores with the default {@link JdbcConfig}.
     *
     * @param dataSource where the tables live
     * @return the stores
     * @throws JdbcStoreException as {@link #open(DataSource, JdbcConfig)}
     */
    public static JdbcStores open(DataSource dataSource) {
        return open(dataSource, JdbcConfig.defaults());
    }

    /**
     * Connects once, checks the database, and creates or upgrades the schema.
     *
     * @param dataSource where the tables live
     * @param config table prefix, node id and leases
     * @return the stores
     * @throws JdbcStoreException {@code TRANSIENT} if the database cannot be reached, {@code PERMISSION} if it refuses
     *     the credentials or the privileges, {@code CONFLICT} if its schema is newer than this library or a table was
     *     made by someone else, {@code NOT_SUPPORTED} if it is not PostgreSQL; the message names host, port and
     *     database, never the password
     */
    public static JdbcStores open(DataSource dataSource, JdbcConfig config) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(config, "config");
        Db db = new Db(dataSource, config.tablePrefix());
        try (Connection c = db.connect()) {
            String product = c.getMetaData().getDatabaseProductName();
            if (product == null || !product.toLowerCase(java.util.Locale.ROOT).contains("postgresql")) {
                throw new JdbcStoreException(ErrorCategory.NOT_SUPPORTED, "the database at " + db.where + " is " + product
                        + "; sferum-sdk-jdbc runs on PostgreSQL (10 or later)", "use a PostgreSQL database for the SDK's tables", null);
            }
            migrate(db, c);
        } catch (SQLException e) {
            throw db.failure("open the sferum tables", e);
        }
        return new JdbcStores(db, config);
    }

    private static void migrate(Db db, Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // One node at a time: nodes that start together wait here, and then find the schema already upgraded.
            s.execute("SELECT pg_advisory_xact_lock(hashtext('sferum-java-sdk schema " + db.prefix + "'))");
            int version = 0;
            boolean exists;
            try (var r = s.executeQuery("SELECT to_regclass('" + db.table("schema_version") + "') IS NOT NULL")) {
                r.next();
                exists = r.getBoolean(1);
            }
            if (exists) {
                version = db.version(c, false);
            }
            if (version > Db.SCHEMA_VERSION) {
                c.rollback();
                throw db.newerSchema(version);
            }
            if (version == Db.SCHEMA_VERSION) {
                c.commit();
                return;
            }
            if (!exists) {
                s.execute("CREATE TABLE " + db.table("schema_version") + " (id INT PRIMARY KEY CHECK (id = 1), version INT NOT NULL, "
                        + "library TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            }
            for (int v = version + 1; v <= Db.SCHEMA_VERSION; v++) {
                s.execute(db.script(v));
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + db.table("schema_version") + " (id, version, library) VALUES (1, ?, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET version = excluded.version, library = excluded.library, updated_at = now()")) {
                p.setInt(1, Db.SCHEMA_VERSION);
                p.setString(2, "sferum-java-sdk " + Db.SCHEMA_VERSION);
                p.executeUpdate();
            }
            c.commit();
            log.info("sferum tables at {} (prefix {}) upgraded from schema version {} to {}", db.where, db.prefix, version, Db.SCHEMA_VERSION);
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // The connection is broken; closing it discards the transaction.
            }
            throw e;
        }
    }

    /**
     * Users' VK ID grants, with compare-and-set rotation and one refresh at a time across nodes (see
     * {@link JdbcTokenStore}).
     *
     * @return the store
     */
    public TokenStore tokenStore() {
        return new JdbcTokenStore(db, config);
    }

    /**
     * The message outbox shared by every node, with leases: a pending message is sent by one node at a time and
     * taken over by another when its node dies, with the same {@code random_id} (see {@link JdbcMessageOutbox}).
     *
     * @return the outbox
     */
    public JdbcMessageOutbox messageOutbox() {
        return new JdbcMessageOutbox(db, config);
    }

    /**
     * The de-duplication store for sdk-chat's {@code EventStream}s, shared by every node: a VK Callback retry or a MAX
     * webhook replay that lands on another node is dropped there (see {@link JdbcEventDedupeStore}).
     *
     * <pre>{@code
     * EventStream events = EventStream.builder().dedupeStore(stores.eventDedupeStore()).build();
     * }</pre>
     *
     * @return the store
     */
    public JdbcEventDedupeStore eventDedupeStore() {
        return new JdbcEventDedupeStore(db);
    }

    /**
     * The class-to-chat mapping of one acting account. VK chat ids are local to the account that sees the chat, so
     * each community (or user) whose token creates chats has its own mapping.
     *
     * <pre>{@code
     * ChatMappingStore mappings = stores.chatMappings("community:123456");
     * }</pre>
     *
     * @param account names the acting account, such as {@code community:123456}; 1 to 200 characters
     * @return the store
     * @throws IllegalArgumentException if {@code account} is blank or too long
     */
    public ChatMappingStore chatMappings(String account) {
        return new JdbcChatMappings(db, checkName(account, "account"));
    }

    /** {@return the database, for the stores built outside this class ({@link JdbcScheduleStore})} */
    Db db() {
        return db;
    }

    /** {@return the configuration} */
    public JdbcConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "JdbcStores[" + db.where + ", prefix=" + db.prefix + ", node=" + config.nodeId() + "]";
    }

    static String checkName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException(what + " must be 1 to 200 characters, not blank: \"" + name + "\"");
        }
        return name;
    }
}
