package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.chat.OutboxEntry;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.jdbc.testing.Servers;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The schema shipped as SQL: created once, idempotent, safe when nodes start together, never downgraded. */
class SchemaTest {
    private final DataSource ds = Servers.dataSource();

    private int scalar(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }

    private void exec(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private int tables(String prefix) throws SQLException {
        return scalar("SELECT count(*) FROM pg_tables WHERE tablename LIKE '" + prefix + "%'");
    }

    @Test
    void open_whenEightNodesStartTogether_createsTheSchemaOnceAndAllOpen() throws Exception {
        String prefix = Servers.freshPrefix();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JdbcStores>> nodes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            nodes.add(pool.submit(() -> {
                go.await();
                return JdbcStores.open(ds, JdbcConfig.builder().tablePrefix(prefix).build());
            }));
        }
        go.countDown();
        for (Future<JdbcStores> f : nodes) {
            assertThat(f.get(60, TimeUnit.SECONDS)).isNotNull();
        }
        pool.shutdown();

        assertThat(tables(prefix)).as("schema_version, vkid_grant, outbox, chat_mapping, lesson, event_dedupe").isEqualTo(6);
        assertThat(scalar("SELECT version FROM " + prefix + "schema_version")).isEqualTo(JdbcStores.SCHEMA_VERSION);
        JdbcStores.open(ds, JdbcConfig.builder().tablePrefix(prefix).build());
        assertThat(scalar("SELECT count(*) FROM " + prefix + "schema_version")).as("opening again changes nothing").isEqualTo(1);
    }

    @Test
    void open_whenTheSchemaIsNewerThanTheLibrary_failsAndWritesNothing() throws Exception {
        String prefix = Servers.freshPrefix();
        JdbcStores running = JdbcStores.open(ds, JdbcConfig.builder().tablePrefix(prefix).build());
        JdbcMessageOutbox outbox = running.messageOutbox();
        // A newer SDK on another node upgraded the schema.
        exec("UPDATE " + prefix + "schema_version SET version = " + (JdbcStores.SCHEMA_VERSION + 1));

        JdbcStoreException atOpen = catchThrowableOfType(JdbcStoreException.class,
                () -> JdbcStores.open(ds, JdbcConfig.builder().tablePrefix(prefix).build()));
        SendRequest send = SendRequest.builder().peer(PeerId.chat(1)).text("Урок перенесён").build();
        JdbcStoreException atWrite = catchThrowableOfType(JdbcStoreException.class,
                () -> outbox.add(new OutboxEntry(send, Instant.parse("2025-09-01T08:00:00Z"))));

        for (JdbcStoreException e : List.of(atOpen, atWrite)) {
            assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT);
            assertThat(e.getMessage()).contains("schema version " + (JdbcStores.SCHEMA_VERSION + 1))
                    .contains("newer than this library understands (" + JdbcStores.SCHEMA_VERSION + ")")
                    .contains("nothing was written").contains("upgrade this node's SDK");
        }
        assertThat(scalar("SELECT count(*) FROM " + prefix + "outbox")).isZero();
        assertThat(scalar("SELECT version FROM " + prefix + "schema_version")).as("never downgraded").isEqualTo(JdbcStores.SCHEMA_VERSION + 1);
    }

    @Test
    void open_whenAnotherApplicationOwnsATableOfTheSameName_failsNamingThePrefixAndCreatesNothing() throws Exception {
        String prefix = Servers.freshPrefix();
        exec("CREATE TABLE " + prefix + "outbox (id SERIAL PRIMARY KEY, payload TEXT)");

        JdbcStoreException e = catchThrowableOfType(JdbcStoreException.class,
                () -> JdbcStores.open(ds, JdbcConfig.builder().tablePrefix(prefix).build()));

        assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(e.getMessage()).contains(prefix).contains("tablePrefix");
        assertThat(tables(prefix)).as("the transaction rolled back: only the other application's table").isEqualTo(1);
    }
}
