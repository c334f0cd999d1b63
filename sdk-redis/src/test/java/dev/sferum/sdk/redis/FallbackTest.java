package dev.sferum.sdk.redis;

import dev.sferum.sdk.core.RateBudgetStore.Budget;
import dev.sferum.sdk.core.RateBudgetStore.Reservation;
import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.testsupport.CapturedLogs;
import dev.sferum.sdk.redis.testing.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis going away and coming back, for one node's store: local share, one warning, hand-over, shared again. The
 * store's own time is virtual, so local budgets are exact; Redis and the reconnects are real.
 */
class FallbackTest {
    private static final Budget BUDGET = new Budget(20, Duration.ofMillis(1020), 0.5, Duration.ofSeconds(5));
    private static final Duration WINDOW = BUDGET.window();

    private static RedisConfig.Builder config(RedisProcess redis, String prefix) {
        return RedisConfig.builder().url(redis.url()).keyPrefix(prefix).probeInterval(Duration.ofMillis(100))
                .commandTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(30));
    }

    @Test
    void reserve_whenRedisDiesAndReturns_usesTheNodeShareWarnsOnceHandsOverAndSharesAgain() throws Exception {
        String prefix = "test:" + UUID.randomUUID() + ":";
        FakeTimeSource time = new FakeTimeSource();
        try (RedisProcess redis = RedisProcess.start();
             RedisStores node = RedisStores.connect(config(redis, prefix).timeSource(time).build())) {
            RedisRateBudgetStore store = node.rateBudgetStore(4);
            Reservation shared = store.reserve("fp", BUDGET);
            assertThat(shared.granted()).isTrue();
            shared.complete();
            assertThat(store.shared()).isTrue();
            int warningsBefore = warnings();

            redis.kill();
            Reservation first = store.reserve("fp", BUDGET);
            assertThat(store.shared()).isFalse();
            assertThat(first.granted()).as("the share waits one window for other nodes' recent calls").isFalse();
            assertThat(first.delay()).isEqualTo(WINDOW);
            time.advance(WINDOW);
            for (int i = 0; i < 5; i++) {
                Reservation r = store.reserve("fp", BUDGET);
                assertThat(r.granted()).as("call %s of this node's share of 20 among 4 nodes", i + 1).isTrue();
                r.complete();
            }
            Reservation sixth = store.reserve("fp", BUDGET);
            assertThat(sixth.granted()).isFalse();
            assertThat(sixth.delay()).isEqualTo(WINDOW);
            assertThat(warnings() - warningsBefore).as("one warning per outage").isEqualTo(1);
            assertThat(lastWarning()).contains("127.0.0.1:" + redis.port()).contains("local share");

            redis.startAgain();
            String[] keys = {prefix + "budget:{fp}:flight", prefix + "budget:{fp}:done"};
            long handedOver = 0;
            RedisClient observer = RedisClient.create(redis.url());
            try {
                for (int i = 0; i < 400 && handedOver == 0; i++) {
                    Thread.sleep(50); // bounded polling: Lettuce reconnects in real time
                    time.advance(Duration.ofMillis(10));
                    store.reserve("fp", BUDGET);
                    handedOver = count(observer, keys);
                }
                assertThat(handedOver).as("this node's calls of the last window, copied to Redis").isEqualTo(5);
                assertThat(store.shared()).as("on its share for one more window").isFalse();
                try (RedisStores other = RedisStores.connect(config(redis, prefix).build())) {
                    RedisRateBudgetStore otherStore = other.rateBudgetStore(4);
                    int granted = 0;
                    while (otherStore.reserve("fp", BUDGET).granted()) {
                        granted++;
                    }
                    assertThat(granted).as("another node gets what this node's share left").isEqualTo(15);
                }
            } finally {
                observer.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }

            time.advance(WINDOW.plus(Duration.ofSeconds(1)));
            store.reserve("fp", BUDGET);
            assertThat(store.shared()).isTrue();
            assertThat(warnings() - warningsBefore).isEqualTo(1);
        }
    }

    @Test
    void throttled_whileRedisIsAway_slowsTheLocalShare() throws Exception {
        FakeTimeSource time = new FakeTimeSource();
        try (RedisProcess redis = RedisProcess.start();
             RedisStores node = RedisStores.connect(config(redis, "test:" + UUID.randomUUID() + ":").timeSource(time).build())) {
            RedisRateBudgetStore store = node.rateBudgetStore(2);
            redis.kill();
            assertThat(store.reserve("fp", BUDGET).granted()).isFalse();
            time.advance(WINDOW);

            Budget hairTrigger = new Budget(20, WINDOW, 0.5, Duration.ofSeconds(5), 1, 0);
            store.throttled("fp", hairTrigger);
            Reservation blocked = store.reserve("fp", BUDGET);
            assertThat(blocked.granted()).isFalse();
            assertThat(blocked.delay()).isEqualTo(WINDOW);
            time.advance(WINDOW);
            int granted = 0;
            while (store.reserve("fp", BUDGET).granted()) {
                granted++;
            }
            assertThat(granted).as("the share of 10, halved").isEqualTo(5);
        }
    }

    private static int warnings() {
        return (int) CapturedLogs.lines().stream().filter(l -> l.startsWith("WARN " + RedisRateBudgetStore.class.getName())).count();
    }

    private static String lastWarning() {
        List<String> w = CapturedLogs.lines().stream().filter(l -> l.startsWith("WARN " + RedisRateBudgetStore.class.getName())).toList();
        return w.get(w.size() - 1);
    }

    private static long count(RedisClient observer, String[] keys) {
        try (StatefulRedisConnection<String, String> c = observer.connect()) {
            return c.sync().zcard(keys[0]) + c.sync().zcard(keys[1]);
        } catch (RuntimeException notYet) {
            return 0;
        }
    }
}
