package dev.sferum.sdk.redis;

import dev.sferum.sdk.core.RateBudgetStore.Budget;
import dev.sferum.sdk.core.RateBudgetStore.Reservation;
import dev.sferum.sdk.redis.testing.RedisProcess;
import dev.sferum.sdk.redis.testing.Servers;
import io.lettuce.core.ScriptOutputType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared budget's rules, checked on a real Redis through the scripts' own answers (Redis time). */
class RedisRateBudgetStoreTest {
    private static final Duration LONG_WINDOW = Duration.ofSeconds(10);

    private final List<RedisStores> nodes = new ArrayList<>();
    private String prefix;

    @BeforeEach
    void prefix() {
        prefix = "test:" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void close() {
        nodes.forEach(RedisStores::close);
    }

    private RedisStores node() {
        RedisStores n = RedisStores.connect(RedisConfig.builder().url(Servers.redisUrl()).keyPrefix(prefix)
                // The test machine is shared and busy; these tests are about the rules, not about timeouts.
                .commandTimeout(Duration.ofSeconds(10)).connectTimeout(Duration.ofSeconds(30)).build());
        nodes.add(n);
        return n;
    }

    /** Calls the reserve script directly: returns the granted start in Redis microseconds. */
    private static long reserveStart(RedisStores node, String key, Budget b) {
        String base = node.config().keyPrefix() + "budget:{" + key + "}:";
        List<Object> answer = node.eval(BudgetScripts.RESERVE, ScriptOutputType.MULTI, new String[] {base + "starts", base + "state"},
                Integer.toString(b.permits()), Long.toString(b.window().toNanos() / 1000), Double.toString(b.decreaseFactor()),
                Long.toString(b.recoveryInterval().toNanos() / 1000), UUID.randomUUID().toString());
        return ((Number) answer.get(1)).longValue();
    }

    private static long redisNowMicros(RedisStores node) {
        List<String> t = node.commands().time();
        return Long.parseLong(t.get(0)) * 1_000_000 + Long.parseLong(t.get(1));
    }

    @Test
    void reserve_whenFourNodesReserveFromSixteenThreads_neverGrantsMoreThanPermitsInAnyWindow() throws Exception {
        Budget budget = new Budget(20, Duration.ofMillis(1100), 0.5, Duration.ofSeconds(5));
        List<RedisStores> four = List.of(node(), node(), node(), node());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            RedisStores node = four.get(t % 4);
            futures.add(pool.submit(() -> {
                go.await();
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    mine.add(reserveStart(node, "fp-shared", budget));
                }
                return mine;
            }));
        }
        go.countDown();
        List<Long> starts = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            starts.addAll(f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();

        Collections.sort(starts);
        long window = budget.window().toNanos() / 1000;
        int busiest = 0;
        for (int i = 0, j = 0; i < starts.size(); i++) {
            while (starts.get(i) - starts.get(j) >= window) {
                j++;
            }
            busiest = Math.max(busiest, i - j + 1);
        }
        assertThat(starts).hasSize(160);
        assertThat(busiest).as("most starts in one sliding window").isEqualTo(20);
        // Saturated, every start is exactly one window after the one 20 places back: the budget is used in full.
        for (int i = 20; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 20)).isGreaterThanOrEqualTo(window);
        }
        assertThat(starts.get(159) - starts.get(0)).isLessThan(8 * window);
    }

    @Test
    void cancel_whenReservationUnused_givesThePermitToTheNextCaller() {
        RedisRateBudgetStore store = node().rateBudgetStore(1);
        Budget budget = new Budget(3, LONG_WINDOW, 0.5, Duration.ofSeconds(5));
        Reservation first = store.reserve("fp", budget);
        store.reserve("fp", budget);
        Reservation third = store.reserve("fp", budget);
        assertThat(List.of(first.delay(), third.delay())).allMatch(Duration::isZero);

        third.cancel();
        third.cancel();
        assertThat(store.reserve("fp", budget).delay()).as("the returned permit").isZero();
        assertThat(store.reserve("fp", budget).delay()).as("the budget is full again").isGreaterThan(Duration.ofSeconds(5));
    }

    @Test
    void throttled_whenOneNodeIsRefused_slowsEveryNodeForOneWindowAtTheDecreasedLimit() {
        RedisRateBudgetStore a = node().rateBudgetStore(2);
        RedisRateBudgetStore b = node().rateBudgetStore(2);
        Budget budget = new Budget(4, LONG_WINDOW, 0.5, Duration.ofMinutes(10));
        assertThat(b.reserve("fp", budget).delay()).isZero();

        a.throttled("fp", budget);

        Duration first = b.reserve("fp", budget).delay();
        Duration second = b.reserve("fp", budget).delay();
        Duration third = a.reserve("fp", budget).delay();
        assertThat(first).as("blocked for one window").isGreaterThan(Duration.ofSeconds(9));
        assertThat(second.minus(first)).as("limit 2: the second start shares the first one's time").isLessThan(Duration.ofSeconds(1));
        assertThat(third.minus(first)).as("limit 2: the third waits a window more").isGreaterThan(Duration.ofSeconds(9));
        assertThat(a.shared()).isTrue();
    }

    @Test
    void reserve_afterARefusalLongAgo_allowsTheFloorPlusOnePermitPerRecoveryInterval() {
        RedisStores node = node();
        Budget budget = new Budget(10, Duration.ofSeconds(60), 0.5, Duration.ofSeconds(1));
        String state = prefix + "budget:{fp}:state";
        long now = redisNowMicros(node);
        // A refusal 3.5 recovery intervals ago left floor 2: the limit is now 2 + 3 = 5.
        node.commands().hset(state, java.util.Map.of("floor", "2", "refusal", Long.toString(now - 3_500_000), "blocked", Long.toString(now - 1)));

        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            starts.add(reserveStart(node, "fp", budget));
        }
        assertThat(starts.get(4) - starts.get(0)).as("five starts at once").isLessThan(1_000_000);
        assertThat(starts.get(5) - starts.get(0)).as("the sixth a window later").isGreaterThanOrEqualTo(60_000_000);
    }

    @Test
    void reserve_whenRedisClockSteppedBack_countsTheStepAsNoTimeAndNeverStartsEarlier() {
        RedisStores node = node();
        Budget budget = new Budget(5, Duration.ofMillis(1100), 0.5, Duration.ofSeconds(5));
        String state = prefix + "budget:{fp}:state";
        long now = redisNowMicros(node);
        // As if Redis's clock had read 5 s later a moment ago and has now been stepped back.
        long seen = now + 5_000_000;
        node.commands().hset(state, java.util.Map.of("seen", Long.toString(seen), "skew", "0"));

        long start = reserveStart(node, "fp", budget);
        long delayMicros = ((Number) node.<List<Object>>eval(BudgetScripts.RESERVE, ScriptOutputType.MULTI,
                new String[] {prefix + "budget:{fp}:starts", state}, "5", "1100000", "0.5", "5000000", "second").get(0)).longValue();

        assertThat(start).as("the time line never goes back").isGreaterThanOrEqualTo(seen);
        assertThat(delayMicros).as("no 5 s wait because of the step").isLessThan(1_000_000);
        assertThat(Long.parseLong(node.commands().hget(state, "skew"))).isGreaterThanOrEqualTo(4_000_000);
    }

    @Test
    void reserve_costsOneRoundTripAndCancelOneMore() throws Exception {
        try (RedisProcess own = RedisProcess.start()) {
            RedisStores node = RedisStores.connect(RedisConfig.builder().url(own.url()).keyPrefix(prefix)
                    .commandTimeout(Duration.ofSeconds(10)).connectTimeout(Duration.ofSeconds(30)).build());
            nodes.add(node);
            RedisRateBudgetStore store = node.rateBudgetStore(1);
            Budget budget = new Budget(1000, Duration.ofMillis(1100), 0.5, Duration.ofSeconds(5));
            long before = clientCommands(node);
            for (int i = 0; i < 100; i++) {
                store.reserve("fp", budget);
            }
            long afterReserves = clientCommands(node);
            store.reserve("fp", budget).cancel();
            long afterCancel = clientCommands(node);

            assertThat(afterReserves - before).as("commands sent for 100 reserves").isEqualTo(100);
            assertThat(afterCancel - afterReserves).as("reserve + cancel").isEqualTo(2);
        }
    }

    private static final Pattern CALLS = Pattern.compile("cmdstat_(\\w+):calls=(\\d+)");

    /** Commands clients sent themselves (scripts' inner commands excluded; INFO itself excluded). */
    private static long clientCommands(RedisStores node) {
        List<String> fromClients = List.of("evalsha", "eval", "zrem", "ping", "script");
        Matcher m = CALLS.matcher(node.commands().info("commandstats"));
        long total = 0;
        while (m.find()) {
            if (fromClients.contains(m.group(1))) {
                total += Long.parseLong(m.group(2));
            }
        }
        return total;
    }
}
