package dev.sferum.sdk.spring;

import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.redis.RedisRateBudgetStore;
import dev.sferum.sdk.redis.RedisTokenStore;
import dev.sferum.sdk.spring.testing.FakeSchool;
import dev.sferum.sdk.spring.testing.Servers;
import dev.sferum.sdk.testsupport.CapturedLogs;
import dev.sferum.sdk.testsupport.Secrets;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sferum.stores.type=redis} against a real Redis (see {@link Servers}): the application's Redis settings or
 * connection details are picked up, budgets and grants live in Redis, the application's own beans win, health
 * pings the server and shows the shared budget.
 */
class RedisStoresTest {
    @AutoClose
    private static final FakeSchool vk = new FakeSchool();

    @TempDir
    Path dir;
    private String prefix;

    @BeforeEach
    void freshKeys() {
        prefix = Servers.freshPrefix().replace('_', ':');
    }

    private ApplicationContextRunner app() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SferumAutoConfiguration.class))
                .withPropertyValues("sferum.stores.type=redis", "sferum.stores.key-prefix=" + prefix, "sferum.stores.directory=" + dir)
                .withPropertyValues(vk.properties());
    }

    @Test
    void stores_fromSpringDataRedisProperties_keepBudgetsAndGrantsInRedis() {
        app().withPropertyValues("spring.data.redis.url=" + Servers.redisUrl()).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RateBudgetStore.class)).isInstanceOf(RedisRateBudgetStore.class);
            assertThat(context.getBean(TokenStore.class)).isInstanceOf(RedisTokenStore.class);
            vk.send(context.getBean(ChatClient.class), "Урок перенесён на 10:00");
            assertThat(keys()).as("the token's budget is in Redis under the configured prefix, named by fingerprint only")
                    .anyMatch(k -> k.equals(prefix + "budget:{" + vk.school.token().fingerprint() + "}:state"))
                    .noneMatch(k -> k.contains(vk.school.token().value()));

            Health health = context.getBean(SferumHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            @SuppressWarnings("unchecked")
            Map<String, Object> store = (Map<String, Object>) health.getDetails().get("store");
            assertThat(store).containsEntry("type", "redis").containsEntry("reachable", true).containsEntry("budgetsShared", true)
                    .containsKey("pingMillis");
            @SuppressWarnings("unchecked")
            Map<String, Object> chats = (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("budget")).get("chats");
            assertThat(chats).containsEntry("store", "redis").containsEntry("perWindow", 20).containsEntry("limitNow", 20)
                    .containsEntry("state", "ok").containsEntry("refusedByServer", 0L);
        });
    }

    @Test
    void stores_fromTheApplicationsConnectionDetails_winOverItsProperties() {
        URI url = URI.create(Servers.redisUrl());
        String info = url.getUserInfo();
        DataRedisConnectionDetails details = new DataRedisConnectionDetails() {
            @Override
            public String getPassword() {
                return info == null ? null : info.substring(info.indexOf(':') + 1);
            }

            @Override
            public Standalone getStandalone() {
                return Standalone.of(url.getHost(), url.getPort());
            }
        };
        // What a service connection (Testcontainers, Docker Compose) does: its details replace spring.data.redis.*.
        app().withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1")
                .withBean(DataRedisConnectionDetails.class, () -> details).run(context -> {
                    assertThat(context).hasNotFailed();
                    vk.send(context.getBean(ChatClient.class), "Завтра контрольная");
                    assertThat(keys()).anyMatch(k -> k.startsWith(prefix + "budget:"));
                });
    }

    @Test
    void budget_afterTheServerThrottled_isShownLowered_andBlockedForEveryNode() {
        app().withPropertyValues("spring.data.redis.url=" + Servers.redisUrl()).run(context -> {
            // Three refusals in a round cut the budget (one alone does not: RateLimits' refusal threshold).
            for (int i = 0; i < 3; i++) {
                vk.fake.faults().failNext("messages.send", 1, 6);
                vk.send(context.getBean(ChatClient.class), "Родительское собрание в 18:00");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> chats = (Map<String, Object>) ((Map<String, Object>) context.getBean(SferumHealthIndicator.class).health()
                    .getDetails().get("budget")).get("chats");
            assertThat(chats).containsEntry("refusedByServer", 3L).containsKey("lastRefusedAt");
            assertThat((Integer) chats.get("limitNow")).as("halved to 10 at the cut, growing back one per second since").isBetween(10, 19);
            assertThat(chats.get("state")).as("blocked for a window, then growing back").isIn("blocked", "recovering");
        });
    }

    @Test
    void stores_whenTheApplicationDefinesItsOwn_backOffAndTheRestStaysInRedis() {
        MessageOutbox outbox = MessageOutbox.inMemory();
        app().withPropertyValues("spring.data.redis.url=" + Servers.redisUrl()).withBean(MessageOutbox.class, () -> outbox).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(MessageOutbox.class);
            assertThat(context.getBean(ChatClient.class).outbox()).isSameAs(outbox);
            assertThat(context.getBean(TokenStore.class)).isInstanceOf(RedisTokenStore.class);
        });
    }

    @Test
    void shutdown_closesTheSdksRedisConnection() {
        long before = sdkConnections();
        app().withPropertyValues("spring.data.redis.url=" + Servers.redisUrl()).run(context -> {
            vk.send(context.getBean(ChatClient.class), "Собрание в 18:00");
            assertThat(sdkConnections()).as("the starter's RedisStores connected").isEqualTo(before + 1);
        });
        assertThat(sdkConnections()).as("and closed with the context").isEqualTo(before);
    }

    @Test
    void startup_whenRedisCannotBeReached_failsNamingTheServerAndNoPassword() {
        app().withPropertyValues("sferum.stores.redis-url=redis://default:CANARY-redis-pw@127.0.0.1:1").run(context -> {
            Secrets.register("CANARY-redis-pw");
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("127.0.0.1:1")
                    .hasMessageNotContaining("CANARY-redis-pw");
        });
    }

    @Test
    void logs_holdNoRedisPasswordOrToken() {
        app().withPropertyValues("spring.data.redis.url=" + Servers.redisUrl()).run(context -> assertThat(context).hasNotFailed());
        String info = URI.create(Servers.redisUrl()).getUserInfo();
        String password = info == null ? null : info.substring(info.indexOf(':') + 1);
        assertThat(CapturedLogs.lines()).noneMatch(l -> (password != null && l.contains(password)) || l.contains(vk.school.token().value()));
    }

    /** @return the connections Redis counts from the SDK ({@code CLIENT SETNAME sferum-java-sdk}) */
    private static long sdkConnections() {
        RedisClient client = RedisClient.create(RedisURI.create(Servers.redisUrl()));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().clientList().lines().filter(l -> l.contains(" name=sferum-java-sdk ")).count();
        } finally {
            client.shutdown();
        }
    }

    private List<String> keys() {
        RedisClient client = RedisClient.create(RedisURI.create(Servers.redisUrl()));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().keys(prefix + "*");
        } finally {
            client.shutdown();
        }
    }
}
