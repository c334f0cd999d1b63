package dev.sferum.sdk.redis;

import dev.sferum.sdk.core.RateBudgetStore;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared budget's rules, checked on a real Redis, in Redis's own time where it matters. */
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
        return node(Servers.redisUrl());
    }

    private RedisStores node(String url) {
        RedisStores n = RedisStores.connect(RedisConfig.builder().url(url).keyPrefix(prefix)
                // The test machine is shared and busy; these tests are about the rules, not about timeouts.
                .commandTimeout(Duration.ofSeconds(10)).connectTimeout(Duration.ofSeconds(30)).build());
        nodes.add(n);
        return n;
    }

    private String[] keys(String key) {
        String base = prefix + "budget:{" + key + "}:";
        return new String[] {base + "flight", base + "done", base + "state"};
    }

    private static String[] argv(Budget b, String... more) {
        List<String> out = new ArrayList<>(List.of(Integer.toString(b.permits()), Long.toString(b.window().toNanos() / 1000),
                Double.toString(b.decreaseFactor()), Long.toString(b.recoveryInterval().toNanos() / 1000),
                Integer.toString(b.minRefusals()), Double.toString(b.refusalShare())));
        out.addAll(List.of(more));
        return out.toArray(new String[0]);
    }

    private long redisNowMicros(RedisStores node) {
        List<String> t = node.commands().time();
        return Long.parseLong(t.get(0)) * 1_000_000 + Long.parseLong(t.get(1));
    }

    @Test
    void reserve_whenFourNodesCallFromSixteenThreads_neverHoldsMoreThanPermitsSlotsAtOnce() throws Exception {
        Budget budget = new Budget(10, Duration.ofMillis(200), 0.5, Duration.ofSeconds(5));
        List<RedisStores> four = List.of(node(), node(), node(), node());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<long[]>>> futures = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            RedisStores node = four.get(t % 4);
            int thread = t;
            futures.add(pool.submit(() -> {
                go.await();
                List<long[]> calls = new ArrayList<>();
                for (int i = 0; calls.size() < 6; i++) {
                    String id = "t" + thread + "-" + i;
                    List<Object> r = node.eval(BudgetScripts.RESERVE, ScriptOutputType.MULTI, keys("fp"), argv(budget, id, "20000000"));
                    if (((Number) r.get(0)).longValue() == 1) {
                        long granted = ((Number) r.get(2)).longValue();
                        long completed = node.<Long>eval(BudgetScripts.COMPLETE, ScriptOutputType.INTEGER, keys("fp"), argv(budget, id));
                        calls.add(new long[] {granted, completed});
                    } else {
                        // The caller waits the hint, as the SDK does.
                        LockSupport.parkNanos(((Number) r.get(1)).longValue() * 1000);
                    }
                }
                return calls;
            }));
        }
        go.countDown();
        List<long[]> calls = new ArrayList<>();
        for (Future<List<long[]>> f : futures) {
            calls.addAll(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        // Each call occupies [grant, completion + window) on Redis's time line; count the most at any instant.
        long window = budget.window().toNanos() / 1000;
        List<long[]> events = new ArrayList<>();
        for (long[] c : calls) {
            events.add(new long[] {c[0], +1});
            events.add(new long[] {c[1] + window, -1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int occupied = 0;
        int most = 0;
        for (long[] e : events) {
            occupied += (int) e[1];
            most = Math.max(most, occupied);
        }
        assertThat(calls).hasSize(96);
        assertThat(most).as("most slots held at once, over four nodes").isEqualTo(10);
    }

    @Test
    void cancel_whenCallNeverSent_freesTheSlotAtOnce() {
        RedisRateBudgetStore store = node().rateBudgetStore(1);
        Budget budget = new Budget(3, LONG_WINDOW, 0.5, Duration.ofSeconds(5));
        Reservation first = store.reserve("fp", budget);
        store.reserve("fp", budget);
        Reservation third = store.reserve("fp", budget);
        assertThat(List.of(first.granted(), third.granted())).containsOnly(true);
        Reservation fourth = store.reserve("fp", budget);
        assertThat(fourth.granted()).isFalse();
        assertThat(fourth.delay()).as("all slots in flight: nothing frees before a window").isEqualTo(LONG_WINDOW);

        third.cancel();
        third.cancel();
        awaitGranted(store, "fp", budget);
    }

    @Test
    void complete_whenCallIsOver_keepsItsSlotForOneMoreWindow() {
        RedisRateBudgetStore store = node().rateBudgetStore(1);
        Budget budget = new Budget(2, LONG_WINDOW, 0.5, Duration.ofSeconds(5));
        Reservation first = store.reserve("fp", budget);
        Reservation second = store.reserve("fp", budget);
        first.complete();
        second.complete();
        second.complete();

        Reservation third = store.reserve("fp", budget);
        assertThat(third.granted()).isFalse();
        assertThat(third.delay()).isGreaterThan(Duration.ofSeconds(9)).isLessThanOrEqualTo(LONG_WINDOW);
    }

    @Test
    void throttled_whenOneNodeIsRefused_blocksEveryNodeForOneWindowAndHalvesTheLimit() {
        RedisRateBudgetStore a = node().rateBudgetStore(2);
        RedisStores bNode = node();
        RedisRateBudgetStore b = bNode.rateBudgetStore(2);
        Budget budget = new Budget(4, LONG_WINDOW, 0.5, Duration.ofMinutes(10), 1, 0); // cuts on every refusal
        assertThat(b.reserve("fp", budget).granted()).isTrue();

        a.throttled("fp", budget);

        Reservation next = b.reserve("fp", budget);
        assertThat(next.granted()).isFalse();
        assertThat(next.delay()).as("blocked for one window").isGreaterThan(Duration.ofSeconds(9));
        assertThat(bNode.commands().hget(keys("fp")[2], "floor")).isEqualTo("2");
        assertThat(a.shared()).isTrue();
    }

    @Test
    void state_showsEveryNodeTheSharedLimitSlotsAndBlockAndCreatesNoKeyWhenUnused() {
        Budget budget = new Budget(4, LONG_WINDOW, 0.5, Duration.ofMinutes(10), 1, 0);
        RedisStores bNode = node();
        assertThat(bNode.rateBudgetStore(2).state("unused", budget)).contains(new RateBudgetStore.State(4, 0, Duration.ZERO));
        RedisRateBudgetStore a = node().rateBudgetStore(2);
        RedisRateBudgetStore b = bNode.rateBudgetStore(2);
        assertThat(bNode.commands().exists(keys("unused"))).as("reading an unused key creates none").isZero();

        assertThat(a.reserve("fp", budget).granted()).isTrue();
        a.reserve("fp", budget).complete();
        assertThat(b.state("fp", budget)).contains(new RateBudgetStore.State(4, 2, Duration.ZERO));

        b.throttled("fp", budget);
        RateBudgetStore.State after = a.state("fp", budget).orElseThrow();
        assertThat(after.limit()).isEqualTo(2);
        assertThat(after.occupied()).isEqualTo(2);
        assertThat(after.blockedFor()).isGreaterThan(Duration.ofSeconds(9)).isLessThanOrEqualTo(LONG_WINDOW);
        assertThat(a.reserve("fp", budget).granted()).as("still blocked: the reads granted nothing").isFalse();
    }

    @Test
    void throttled_countsRefusalsOverAllNodesPerRoundAndIgnoresCallsGrantedBeforeTheCut() {
        RedisRateBudgetStore a = node().rateBudgetStore(2);
        RedisStores bNode = node();
        RedisRateBudgetStore b = bNode.rateBudgetStore(2);
        Budget budget = new Budget(20, LONG_WINDOW, 0.5, Duration.ofMinutes(10));
        List<Reservation> round = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Reservation r = (i % 2 == 0 ? a : b).reserve("fp", budget);
            assertThat(r.granted()).isTrue();
            r.complete();
            round.add(r);
        }
        a.throttled("fp", budget, round.get(0));
        b.throttled("fp", budget, round.get(1));
        assertThat(b.state("fp", budget).orElseThrow().limit()).as("two refusals: isolated, no cut").isEqualTo(20);

        a.throttled("fp", budget, round.get(2));
        RateBudgetStore.State cut = b.state("fp", budget).orElseThrow();
        assertThat(cut.limit()).as("the third refusal of the round, counted over both nodes").isEqualTo(10);
        assertThat(cut.blockedFor()).isGreaterThan(Duration.ofSeconds(9));
        for (Reservation late : round.subList(3, 20)) {
            b.throttled("fp", budget, late);
        }
        assertThat(a.state("fp", budget).orElseThrow().limit()).as("calls granted before the cut do not cut again").isEqualTo(10);
        assertThat(bNode.commands().hget(keys("fp")[2], "cuts")).isEqualTo("1");
    }

    /**
     * A server that accepts 10 calls per window while the budget says 20, in Redis's real time (100 ms windows): the
     * shared budget converges and afterwards only a small share of calls is refused.
     */
    @Test
    void throttled_whenTheRealLimitIsLower_convergesAndFewCallsAreRefusedThereafter() {
        RedisRateBudgetStore store = node().rateBudgetStore(1);
        Duration window = Duration.ofMillis(100);
        Budget budget = new Budget(20, window, 0.5, window);
        java.util.ArrayDeque<Long> accepted = new java.util.ArrayDeque<>();
        int[] counts = new int[2];
        long start = System.nanoTime();
        long measureFrom = start + Duration.ofSeconds(2).toNanos();
        long end = measureFrom + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() - end < 0) {
            Reservation r = store.reserve("fp", budget);
            if (!r.granted()) {
                LockSupport.parkNanos(Math.min(r.delay().toNanos(), Duration.ofMillis(5).toNanos()));
                continue;
            }
            long now = System.nanoTime();
            while (!accepted.isEmpty() && now - accepted.peekFirst() >= window.toNanos()) {
                accepted.pollFirst();
            }
            boolean refuse = accepted.size() >= 10;
            if (!refuse) {
                accepted.addLast(now);
            }
            r.complete();
            if (refuse) {
                store.throttled("fp", budget, r);
            }
            if (now - measureFrom >= 0) {
                counts[0]++;
                counts[1] += refuse ? 1 : 0;
            }
        }
        assertThat(counts[0]).isGreaterThan(100);
        assertThat((double) counts[1] / counts[0]).as("refused share after convergence (%d of %d)", counts[1], counts[0]).isLessThan(0.15);
    }

    @Test
    void reserve_afterARefusalLongAgo_allowsTheFloorPlusOnePerRecoveryIntervalAndHintsTheNextStep() {
        RedisStores node = node();
        Budget budget = new Budget(10, Duration.ofSeconds(60), 0.5, Duration.ofSeconds(1));
        long now = redisNowMicros(node);
        // A refusal 3.5 recovery intervals ago left floor 2: the limit is now 2 + 3 = 5, and 6 in half a second.
        node.commands().hset(keys("fp")[2], Map.of("floor", "2", "refusal", Long.toString(now - 3_500_000), "blocked", Long.toString(now - 1)));

        int granted = 0;
        List<Object> last = null;
        for (int i = 0; i < 6; i++) {
            last = node.eval(BudgetScripts.RESERVE, ScriptOutputType.MULTI, keys("fp"), argv(budget, "id" + i, "20000000"));
            granted += (int) ((Number) last.get(0)).longValue();
        }
        assertThat(granted).isEqualTo(5);
        assertThat(((Number) last.get(1)).longValue()).as("wait hint: the next recovery step, not the window").isLessThanOrEqualTo(500_000);
    }

    @Test
    void reserve_whenRedisClockSteppedBack_countsTheStepAsNoTime() {
        RedisStores node = node();
        Budget budget = new Budget(5, Duration.ofMillis(1100), 0.5, Duration.ofSeconds(5));
        long now = redisNowMicros(node);
        // As if Redis's clock had read 5 s later a moment ago and has now been stepped back.
        long seen = now + 5_000_000;
        node.commands().hset(keys("fp")[2], Map.of("seen", Long.toString(seen), "skew", "0"));

        List<Object> r = node.eval(BudgetScripts.RESERVE, ScriptOutputType.MULTI, keys("fp"), argv(budget, "a", "20000000"));

        assertThat(((Number) r.get(0)).longValue()).isEqualTo(1);
        assertThat(((Number) r.get(2)).longValue()).as("the time line never goes back").isGreaterThanOrEqualTo(seen);
        assertThat(Long.parseLong(node.commands().hget(keys("fp")[2], "skew"))).isGreaterThanOrEqualTo(4_000_000);
    }

    @Test
    void reserve_whenANodeDiedWithCallsInFlight_countsThemCompletedWhenTheirLeaseEnds() {
        RedisStores node = node();
        RedisRateBudgetStore store = node.rateBudgetStore(1);
        Budget budget = new Budget(2, LONG_WINDOW, 0.5, Duration.ofSeconds(5));
        assertThat(store.reserve("fp", budget).granted()).isTrue();
        assertThat(store.reserve("fp", budget).granted()).isTrue();
        // The node "dies": its two calls are never completed. Move their leases' ends 1 s into the past.
        String flight = keys("fp")[0];
        long now = redisNowMicros(node);
        for (String id : node.commands().zrange(flight, 0, -1)) {
            node.commands().zadd(flight, now - 1_000_000, id);
        }

        Reservation r = store.reserve("fp", budget);
        assertThat(r.granted()).as("lapsed 1 s ago: still within their window").isFalse();
        assertThat(r.delay()).isGreaterThan(Duration.ofSeconds(8)).isLessThan(Duration.ofSeconds(10));

        for (String id : node.commands().zrange(keys("fp")[1], 0, -1)) {
            node.commands().zadd(keys("fp")[1], now - 11_000_000, id);
        }
        assertThat(store.reserve("fp", budget).granted()).as("a window after the leases ended").isTrue();
    }

    @Test
    void reserve_costsOneRoundTripAndCompleteOneMoreNotWaitedFor() throws Exception {
        try (RedisProcess own = RedisProcess.start()) {
            RedisStores node = node(own.url());
            RedisRateBudgetStore store = node.rateBudgetStore(1);
            Budget budget = new Budget(1000, Duration.ofMillis(1100), 0.5, Duration.ofSeconds(5));
            long before = clientCommands(node);
            List<Reservation> held = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                held.add(store.reserve("fp", budget));
            }
            long afterReserves = clientCommands(node);
            held.forEach(Reservation::complete);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (clientCommands(node) < afterReserves + 100 && System.nanoTime() - deadline < 0) {
                Thread.sleep(10); // bounded polling for the completions sent without waiting
            }

            assertThat(afterReserves - before).as("commands sent for 100 reserves").isEqualTo(100);
            assertThat(clientCommands(node) - afterReserves).as("commands sent for 100 completions").isEqualTo(100);
        }
    }

    private static void awaitGranted(RedisRateBudgetStore store, String key, Budget budget) {
        // cancel() is sent without waiting for the answer: poll (bounded) until the freed slot shows.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Reservation r = store.reserve(key, budget);
            if (r.granted()) {
                return;
            }
            assertThat(System.nanoTime() - deadline).as("the cancelled slot was freed").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static final Pattern CALLS = Pattern.compile("cmdstat_(\\w+):calls=(\\d+)");

    /** Commands clients sent themselves: scripts' inner commands and INFO itself are left out. */
    private static long clientCommands(RedisStores node) {
        List<String> fromClients = List.of("evalsha", "eval", "ping", "script");
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
