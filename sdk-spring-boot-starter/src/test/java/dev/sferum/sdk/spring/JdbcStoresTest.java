package dev.sferum.sdk.spring;

import com.zaxxer.hikari.HikariDataSource;
import dev.sferum.sdk.auth.InMemoryTokenStore;
import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.jdbc.JdbcMessageOutbox;
import dev.sferum.sdk.jdbc.JdbcTokenStore;
import dev.sferum.sdk.spring.testing.FakeSchool;
import dev.sferum.sdk.spring.testing.Servers;
import dev.sferum.sdk.testsupport.CapturedLogs;
import dev.sferum.sdk.video.ScheduleStore;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sferum.stores.type=jdbc} against a real PostgreSQL (see {@link Servers}): the stores live in the database
 * the application's own {@code DataSource} (Spring Boot's, from {@code spring.datasource.*}) reaches, survive a
 * restart, back off for the application's own store beans, and health checks the database live.
 */
class JdbcStoresTest {
    @AutoClose
    private static final FakeSchool vk = new FakeSchool();

    private String prefix;

    @BeforeEach
    void freshTables() {
        prefix = Servers.freshPrefix();
    }

    /** An application with Spring Boot's DataSource auto-configuration (a Hikari pool) and the starter. */
    private ApplicationContextRunner app() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, SferumAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + Servers.jdbcUrl(), "spring.datasource.username=" + Servers.jdbcUser(),
                        "spring.datasource.password=" + nullToEmpty(Servers.jdbcPassword()),
                        "sferum.stores.type=jdbc", "sferum.stores.table-prefix=" + prefix, "sferum.stores.scope=school-1")
                .withPropertyValues(vk.properties());
    }

    @Test
    void stores_areInTheApplicationsDatabaseAndSurviveARestart() {
        app().run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(DataSource.class);
            assertThat(context.getBean(DataSource.class)).as("Spring Boot's pool, not one of the starter's").isInstanceOf(HikariDataSource.class);
            assertThat(context.getBean(MessageOutbox.class)).isInstanceOf(JdbcMessageOutbox.class);
            assertThat(context.getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
            context.getBean(ChatMappingStore.class).recordChat("5А", vk.chatPeer());
            vk.send(context.getBean(ChatClient.class), "Урок перенесён на 10:00");
            assertThat(tables(context.getBean(DataSource.class))).as("the SDK's tables, under the configured prefix")
                    .contains(prefix + "outbox", prefix + "chat_mapping");
        });
        app().run(context -> assertThat(context.getBean(ChatMappingStore.class).find("5А")).as("kept by the database")
                .hasValueSatisfying(m -> assertThat(m.chat()).contains(vk.chatPeer())));
    }

    @Test
    void health_checksTheDatabaseLive_andIsDownOnceThePoolIsGone() {
        app().run(context -> {
            SferumHealthIndicator indicator = context.getBean(SferumHealthIndicator.class);
            Health up = indicator.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails().get("store")).isEqualTo(Map.of("type", "jdbc", "tablePrefix", prefix, "pendingMessages", 0, "reachable", true));

            context.getBean(HikariDataSource.class).close(); // the application's pool ends: the database is out of reach
            Health down = indicator.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails().get("store")).asString().contains("reachable=false").doesNotContain(nullToEmpty(Servers.jdbcPassword()));
        });
    }

    @Test
    void stores_whenTheApplicationDefinesItsOwn_backOff() {
        MessageOutbox outbox = MessageOutbox.inMemory();
        TokenStore tokens = new InMemoryTokenStore();
        KeysSeen budgets = new KeysSeen(RateBudgetStore.inMemory(dev.sferum.sdk.core.TimeSource.system()));
        app().withBean(MessageOutbox.class, () -> outbox).withBean(TokenStore.class, () -> tokens).withBean(RateBudgetStore.class, () -> budgets)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(MessageOutbox.class).hasSingleBean(TokenStore.class)
                            .hasSingleBean(RateBudgetStore.class).hasSingleBean(ScheduleStore.class);
                    assertThat(context.getBean(ChatClient.class).outbox()).isSameAs(outbox);
                    assertThat(context.getBean(TokenStore.class)).isSameAs(tokens);
                    assertThat(context.getBean(RateBudgetStore.class)).isSameAs(budgets);
                    assertThat(context.getBean(ScheduleStore.class)).as("what the application did not replace stays in the database")
                            .isInstanceOf(dev.sferum.sdk.jdbc.JdbcScheduleStore.class);
                    vk.send(context.getBean(ChatClient.class), "Собрание в 18:00");
                    assertThat(budgets.keys).as("the starter's client took its budget from the application's store")
                            .containsExactly(vk.school.token().fingerprint());
                });
    }

    @Test
    void startup_withJdbcButNoDataSource_failsNamingThePropertyAndTheFix() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SferumAutoConfiguration.class))
                .withPropertyValues("sferum.stores.type=jdbc").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sferum.stores.type=jdbc")
                            .hasMessageContaining("spring.datasource.url");
                });
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SferumAutoConfiguration.class))
                .withPropertyValues("sferum.stores.type=jdbc", "sferum.stores.table-prefix=Bad-Prefix").run(context ->
                        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sferum.stores.table-prefix")
                                .hasMessageContaining("Bad-Prefix").hasMessageContaining("set it like"));
    }

    @Test
    void logs_holdNoDatabasePasswordOrToken() {
        app().run(context -> assertThat(context).hasNotFailed());
        String password = Servers.jdbcPassword();
        assertThat(CapturedLogs.lines()).noneMatch(l -> (password != null && l.contains(password)) || l.contains(vk.school.token().value()));
    }

    /** The application's own budget store: the SDK's in-memory one, remembering which keys asked. */
    private static final class KeysSeen implements RateBudgetStore {
        final java.util.Set<String> keys = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final RateBudgetStore store;

        KeysSeen(RateBudgetStore store) {
            this.store = store;
        }

        @Override
        public Reservation reserve(String key, Budget budget) {
            keys.add(key);
            return store.reserve(key, budget);
        }

        @Override
        public void throttled(String key, Budget budget) {
            store.throttled(key, budget);
        }
    }

    private static java.util.List<String> tables(DataSource ds) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Connection c = ds.getConnection(); ResultSet r = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (r.next()) {
                out.add(r.getString("TABLE_NAME"));
            }
        }
        return out;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
