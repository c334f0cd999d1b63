package dev.sferum.sdk.redis;

import dev.sferum.sdk.core.RateBudgetStore.Budget;
import dev.sferum.sdk.core.RateBudgetStore.Reservation;
import dev.sferum.sdk.redis.testing.CapturedLogs;
import dev.sferum.sdk.redis.testing.RedisProcess;
import dev.sferum.sdk.redis.testing.VirtualTime;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis going away and coming back, for one node's store: local share, one warning, hand-over, shared again. The
 * store's own time is virtual, so local budgets are exact; Redis and the reconnects are real.
 */
class FallbackTest {
    private static final Budget BUDGET = new Budget(20, Duration.ofMillis(1100), 0.5, Duration.ofSeconds(5));
    private static final long WINDOW = BUDGET.window().toNanos();

    @Test
    void reserve_whenRedisDiesAndReturns_usesTheNodeShareWarnsOnceAndSharesAgain() throws Exception {
        String prefix = "test:" + UUID.randomUUID() + ":";
        VirtualTime time = new VirtualTime();
        try (RedisProcess redis = RedisProcess.start();
             RedisStores node = RedisStores.connect(RedisConfig.builder().url(redis.url()).keyPrefix(prefix).timeSource(time)
                     .probeInterval(Duration.ofMillis(100)).commandTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(30)).build())) {
            RedisRateBudgetStore store = node.rateBudgetStore(4);
            long sharedAt = time.nanoTime();
            assertThat(store.reserve("fp", BUDGET).delay()).isZero();
            assertThat(store.shared()).isTrue();
            int warningsBefore = warnings();

            redis.kill();
            List<Long> local = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Reservation r = store.reserve("fp", BUDGET);
                local.add(time.nanoTime() + r.delay().toNanos());
            }

            assertThat(store.shared()).isFalse();
            assertThat(local.get(0) - sharedAt).as("the share starts one window after the last shared start").isGreaterThanOrEqualTo(WINDOW);
            assertThat(busiestWindow(local)).as("this node's share of 20 among 4 nodes").isEqualTo(5);
            assertThat(local.get(5) - local.get(0)).isEqualTo(WINDOW);
            assertThat(warnings() - warningsBefore).as("one warning per outage").isEqualTo(1);
            assertThat(lastWarning()).contains("127.0.0.1:" + redis.port()).contains("local share");

            redis.startAgain();
            String starts = prefix + "budget:{fp}:starts";
            long handedOver = 0;
            RedisClient observer = RedisClient.create(redis.url());
            try {
                for (int i = 0; i < 400 && handedOver == 0; i++) {
                    Thread.sleep(50); // bounded polling: Lettuce reconnects in real time
                    time.advance(Duration.ofMillis(100));
                    store.reserve("fp", BUDGET);
                    handedOver = count(observer, starts);
                }
            } finally {
                observer.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            assertThat(handedOver).as("recent local starts copied to Redis").isPositive();
            assertThat(store.shared()).as("still local for one more window").isFalse();
            try (RedisStores other = RedisStores.connect(RedisConfig.builder().url(redis.url()).keyPrefix(prefix)
                    .commandTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(30)).build())) {
                // This node's local starts reach about 3 windows ahead; another node's shared start queues behind them.
                assertThat(other.rateBudgetStore(4).reserve("fp", BUDGET).delay()).isGreaterThan(Duration.ofMillis(1500));
            }

            time.advance(BUDGET.window().plus(Duration.ofSeconds(1)));
            store.reserve("fp", BUDGET);
            assertThat(store.shared()).isTrue();
            assertThat(warnings() - warningsBefore).isEqualTo(1);
        }
    }

    @Test
    void throttled_whileRedisIsAway_slowsTheLocalShare() throws Exception {
        VirtualTime time = new VirtualTime();
        try (RedisProcess redis = RedisProcess.start();
             RedisStores node = RedisStores.connect(RedisConfig.builder().url(redis.url()).keyPrefix("test:" + UUID.randomUUID() + ":")
                     .timeSource(time).commandTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(30)).build())) {
            RedisRateBudgetStore store = node.rateBudgetStore(2);
            redis.kill();
            List<Long> starts = new ArrayList<>();
            starts.add(time.nanoTime() + store.reserve("fp", BUDGET).delay().toNanos());
            store.throttled("fp", BUDGET);
            long refusedAt = time.nanoTime();
            for (int i = 0; i < 10; i++) {
                starts.add(time.nanoTime() + store.reserve("fp", BUDGET).delay().toNanos());
            }
            // Share 10, halved to 5 and blocked for a window by the refusal.
            assertThat(starts.get(1) - refusedAt).isGreaterThanOrEqualTo(WINDOW);
            assertThat(busiestWindow(starts.subList(1, starts.size()))).isEqualTo(5);
        }
    }

    private static int busiestWindow(List<Long> starts) {
        List<Long> sorted = new ArrayList<>(starts);
        sorted.sort(Long::compare);
        int worst = 0;
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (sorted.get(i) - sorted.get(j) >= WINDOW) {
                j++;
            }
            worst = Math.max(worst, i - j + 1);
        }
        return worst;
    }

    private static int warnings() {
        return (int) CapturedLogs.lines().stream().filter(l -> l.startsWith("WARN " + RedisRateBudgetStore.class.getName())).count();
    }

    private static String lastWarning() {
        List<String> w = CapturedLogs.lines().stream().filter(l -> l.startsWith("WARN " + RedisRateBudgetStore.class.getName())).toList();
        return w.get(w.size() - 1);
    }

    private static long count(RedisClient observer, String key) {
        try (StatefulRedisConnection<String, String> c = observer.connect()) {
            return c.sync().zcard(key);
        } catch (RuntimeException notYet) {
            return 0;
        }
    }
}
