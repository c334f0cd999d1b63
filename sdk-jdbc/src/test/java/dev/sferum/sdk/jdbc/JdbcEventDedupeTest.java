package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.vk.event.CallbackReceiver;
import dev.sferum.sdk.chat.event.ClientInfo;
import dev.sferum.sdk.chat.event.EventAdmission;
import dev.sferum.sdk.chat.event.EventDedupeException;
import dev.sferum.sdk.chat.event.EventMeta;
import dev.sferum.sdk.chat.event.EventOrigin;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.chat.event.MessageNew;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.jdbc.testing.Servers;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Event de-duplication shared by several nodes on the real PostgreSQL: two {@link EventStream}s ("nodes") with their own
 * {@link JdbcStores} on one database receive the same events, and every event is handled exactly once in total.
 */
class JdbcEventDedupeTest {
    private static final long GROUP = 123456;
    private static final String SECRET = "dedupe-test-callback-secret";
    private final DataSource ds = Servers.dataSource();

    private static MessageNew event(int i) {
        EventMeta meta = new EventMeta("message_new", "ev-" + i, GROUP, "5.199", EventOrigin.LONG_POLL, "{}");
        PeerId chat = PeerId.chat(1 + i % 20);
        Message m = new Message(MessageRef.keyed(chat, "m" + i), PeerId.user(1000), Instant.parse("2025-09-01T08:00:00Z"),
                String.valueOf(i), List.of(), 0, null);
        return new MessageNew(meta, m, ClientInfo.UNKNOWN);
    }

    private JdbcStores node(String prefix) {
        return JdbcStores.open(ds, JdbcConfig.builder().tablePrefix(prefix).build());
    }

    private long scalar(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void exec(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void twoNodes_whenBothReceiveTheSame1000EventsAtOnce_expectedEachHandledExactlyOnceInTotal() throws Exception {
        String prefix = Servers.freshPrefix();
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        List<EventStream> nodes = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            EventStream stream = EventStream.builder().dedupeStore(node(prefix).eventDedupeStore()).capacity(100).threads(4).build();
            stream.onMessageNew(m -> {
                handled.computeIfAbsent(m.meta().eventId(), k -> new AtomicInteger()).incrementAndGet();
                total.incrementAndGet();
            });
            nodes.add(stream);
        }
        ExecutorService sources = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<CompletableFuture<Map<EventAdmission, Integer>>> runs = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                EventStream stream = nodes.get(n);
                boolean reversed = n == 1;
                runs.add(CompletableFuture.supplyAsync(() -> {
                    Map<EventAdmission, Integer> counts = new ConcurrentHashMap<>();
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < 1000; i++) {
                        order.add(i);
                    }
                    if (reversed) {
                        Collections.reverse(order);
                    }
                    try {
                        go.await();
                        for (int i : order) {
                            counts.merge(stream.put(event(i)), 1, Integer::sum);
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return counts;
                }, sources));
            }
            go.countDown();
            int accepted = 0;
            int duplicates = 0;
            for (CompletableFuture<Map<EventAdmission, Integer>> run : runs) {
                Map<EventAdmission, Integer> counts = run.get(120, TimeUnit.SECONDS);
                accepted += counts.getOrDefault(EventAdmission.ACCEPTED, 0);
                duplicates += counts.getOrDefault(EventAdmission.DUPLICATE, 0);
            }
            assertThat(accepted).as("each event queued by one node").isEqualTo(1000);
            assertThat(duplicates).as("and dropped by the other").isEqualTo(1000);
        } finally {
            sources.shutdownNow();
            nodes.forEach(EventStream::close);
        }
        assertThat(total).hasValue(1000);
        assertThat(handled).hasSize(1000);
        assertThat(handled.values()).allSatisfy(c -> assertThat(c).hasValue(1));
        assertThat(scalar("SELECT count(*) FROM " + prefix + "event_dedupe")).isEqualTo(1000);
    }

    private static byte[] callback(String eventId) {
        return ("{\"type\":\"message_new\",\"event_id\":\"" + eventId + "\",\"v\":\"5.199\",\"group_id\":" + GROUP + ",\"secret\":\"" + SECRET
                + "\",\"object\":{\"message\":{\"id\":0,\"date\":1735689600,\"peer_id\":2000000001,\"from_id\":1001,\"text\":\"1\","
                + "\"conversation_message_id\":1,\"out\":0,\"version\":1}},\"client_info\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    private static CallbackReceiver receiver(EventStream stream) {
        return CallbackReceiver.builder().groupId(GROUP).confirmation(Secret.of("confirm-code")).secret(Secret.of(SECRET)).build(stream);
    }

    @Test
    void callback_whenVkRetriesOnAnotherNode_expectedOkThereAndHandledOnce() throws Exception {
        String prefix = Servers.freshPrefix();
        AtomicInteger handled = new AtomicInteger();
        try (EventStream a = EventStream.builder().executor(Runnable::run).dedupeStore(node(prefix).eventDedupeStore()).build();
             EventStream b = EventStream.builder().executor(Runnable::run).dedupeStore(node(prefix).eventDedupeStore()).build()) {
            a.onMessageNew(m -> handled.incrementAndGet());
            b.onMessageNew(m -> handled.incrementAndGet());
            assertThat(receiver(a).handle(callback("retried-1"), Map.of()).isOk()).isTrue();
            assertThat(receiver(b).handle(callback("retried-1"), Map.of("X-Retry-Counter", List.of("1"))).isOk())
                    .as("the retry on node b is answered ok, so VK stops").isTrue();
        }
        assertThat(handled).hasValue(1);
    }

    @Test
    void markFirst_whenTheWindowEnded_expectedFirstAgainAndExpiredRowsPrunedOnTheWay() throws Exception {
        String prefix = Servers.freshPrefix();
        JdbcEventDedupeStore store = node(prefix).eventDedupeStore();
        assertThat(store.markFirst("1:a", Duration.ofHours(1))).isTrue();
        assertThat(store.markFirst("1:a", Duration.ofHours(1))).isFalse();
        // The database's clock decides: move the row's expiry into the past instead of waiting an hour.
        exec("UPDATE " + prefix + "event_dedupe SET expires_at = now() - interval '1 second' WHERE event_key = '1:a'");
        assertThat(store.markFirst("1:a", Duration.ofHours(1))).as("expired: first again").isTrue();
        assertThat(store.markFirst("1:a", Duration.ofHours(1))).isFalse();

        exec("INSERT INTO " + prefix + "event_dedupe (event_key, expires_at) SELECT 'old:' || g, now() - interval '1 hour' "
                + "FROM generate_series(1, 700) g");
        for (int i = 0; i < JdbcEventDedupeStore.PRUNE_EVERY; i++) {
            store.markFirst("2:" + i, Duration.ofHours(1));
        }
        assertThat(scalar("SELECT count(*) FROM " + prefix + "event_dedupe WHERE expires_at <= now()"))
                .as("one bounded prune on the way").isEqualTo(700 - JdbcEventDedupeStore.PRUNE_BATCH);
        assertThat(scalar("SELECT count(*) FROM " + prefix + "event_dedupe WHERE expires_at > now()")).isEqualTo(1 + JdbcEventDedupeStore.PRUNE_EVERY);

        store.forget("1:a");
        assertThat(store.markFirst("1:a", Duration.ofHours(1))).as("forgotten: first again").isTrue();
        store.forget("never-marked");
    }

    @Test
    void markFirst_whenKeyOrWindowIsBad_expectedIllegalArgumentBeforeAnyStatement() {
        JdbcEventDedupeStore store = node(Servers.freshPrefix()).eventDedupeStore();
        assertThatThrownBy(() -> store.markFirst(null, Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> store.markFirst(" ", Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> store.markFirst("x".repeat(501), Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("500");
        assertThatThrownBy(() -> store.markFirst("1:a", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> store.markFirst("1:a", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.forget("")).isInstanceOf(IllegalArgumentException.class);
    }

    /** A DataSource that can be switched off, as a database that goes down after the stores were opened. */
    private static final class Switchable implements DataSource {
        private final DataSource real;
        final AtomicBoolean down = new AtomicBoolean();

        Switchable(DataSource real) {
            this.real = real;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down.get()) {
                throw new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
            }
            return real.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    @Test
    void stream_whenTheDatabaseGoesDown_expectedTheEventRefusedWithATypedErrorAndDeliveredOnceWhenBack() {
        Switchable db = new Switchable(ds);
        JdbcStores stores = JdbcStores.open(db, JdbcConfig.builder().tablePrefix(Servers.freshPrefix()).build());
        AtomicInteger handled = new AtomicInteger();
        try (EventStream events = EventStream.builder().executor(Runnable::run).dedupeStore(stores.eventDedupeStore()).build()) {
            events.onMessageNew(m -> handled.incrementAndGet());
            db.down.set(true);

            EventDedupeException e = catchThrowableOfType(EventDedupeException.class, () -> events.offer(event(1)));
            assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
            assertThat(e.getCause()).isInstanceOf(JdbcStoreException.class);
            assertThat(e.getMessage()).contains("cannot reach the database").doesNotContain("ev-1");
            assertThat(receiver(events).handle(callback("down-1"), Map.of()).status()).as("VK retries a 503").isEqualTo(503);
            assertThat(events.pending()).isZero();
            assertThat(handled).hasValue(0);

            db.down.set(false);
            assertThat(receiver(events).handle(callback("down-1"), Map.of("X-Retry-Counter", List.of("1"))).isOk()).isTrue();
            assertThat(events.offer(event(1))).isEqualTo(EventAdmission.ACCEPTED);
            assertThat(events.offer(event(1))).isEqualTo(EventAdmission.DUPLICATE);
        }
        assertThat(handled).hasValue(2);
    }

    @Test
    void open_whenTheDatabaseIsAtSchemaVersion1_upgradesIdempotentlyKeepingTheData() throws Exception {
        String prefix = Servers.freshPrefix();
        // A database made by the previous library: schema 1, with a row in it.
        String v1;
        try (var in = Db.class.getResourceAsStream("schema/1.sql")) {
            v1 = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${p}", prefix);
        }
        exec("CREATE TABLE " + prefix + "schema_version (id INT PRIMARY KEY CHECK (id = 1), version INT NOT NULL, "
                + "library TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        exec(v1);
        exec("INSERT INTO " + prefix + "schema_version (id, version, library) VALUES (1, 1, 'sferum-java-sdk 1')");
        exec("INSERT INTO " + prefix + "outbox (entry_key, request, enqueued_at) VALUES (7, '{}', now())");
        // Half-applied by hand before: the upgrade must still go through.
        exec("CREATE TABLE " + prefix + "event_dedupe (event_key TEXT PRIMARY KEY, expires_at TIMESTAMPTZ NOT NULL)");

        JdbcStores stores = node(prefix);

        assertThat(scalar("SELECT version FROM " + prefix + "schema_version")).isEqualTo(JdbcStores.SCHEMA_VERSION);
        assertThat(scalar("SELECT count(*) FROM " + prefix + "outbox")).as("data kept").isEqualTo(1);
        assertThat(scalar("SELECT count(*) FROM pg_indexes WHERE indexname = '" + prefix + "event_dedupe_by_expiry'")).isEqualTo(1);
        assertThat(stores.eventDedupeStore().markFirst("1:a", Duration.ofMinutes(1))).isTrue();
        Db db = new Db(ds, prefix);
        exec(db.script(2));
        assertThat(scalar("SELECT count(*) FROM " + prefix + "event_dedupe")).as("running script 2 again changes nothing").isEqualTo(1);
        node(prefix);
        assertThat(scalar("SELECT version FROM " + prefix + "schema_version")).isEqualTo(JdbcStores.SCHEMA_VERSION);
    }
}
