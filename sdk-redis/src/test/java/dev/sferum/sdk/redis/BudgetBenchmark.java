package dev.sferum.sdk.redis;

import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.RateBudgetStore.Budget;
import dev.sferum.sdk.core.RateBudgetStore.Reservation;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.redis.testing.Servers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * The cost of one budget acquire on Redis, for {@code docs/benchmarks.md}. Off by default; run with
 * {@code mvn -B -q -pl sdk-redis -am verify -Dsferum.bench=true -Dtest=BudgetBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * and read {@code sdk-redis/target/budget-benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "sferum.bench", matches = "true")
class BudgetBenchmark {
    private static final int WARMUP = 5_000;
    private static final int MEASURED = 20_000;

    @Test
    void reserveAndComplete_onLoopback() throws IOException {
        Budget budget = new Budget(1_000_000, Duration.ofMillis(1020), 0.5, Duration.ofSeconds(5));
        StringBuilder out = new StringBuilder();
        try (RedisStores redis = RedisStores.connect(RedisConfig.builder().url(Servers.redisUrl())
                .keyPrefix("bench:" + UUID.randomUUID() + ":").connectTimeout(Duration.ofSeconds(30)).build())) {
            out.append(measurePing(redis));
            out.append(measure("Redis reserve (1 round trip) + complete (sent without waiting)", redis.rateBudgetStore(1), budget));
            String info = redis.commands().info("server");
            out.append("redis ").append(info.lines().filter(l -> l.startsWith("redis_version")).findFirst().orElse("?")).append('\n');
        }
        out.append(measure("in-memory reserve + complete (for comparison)", RateBudgetStore.inMemory(TimeSource.system()), budget));
        out.append("machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, java ")
                .append(System.getProperty("java.version")).append('\n');
        Files.writeString(Path.of("target", "budget-benchmark.txt"), out);
        System.out.print(out);
    }

    private static String measurePing(RedisStores redis) {
        for (int i = 0; i < WARMUP; i++) {
            redis.commands().ping();
        }
        long[] nanos = new long[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long t = System.nanoTime();
            redis.commands().ping();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        return String.format(Locale.ROOT, "Redis PING (a bare round trip, for comparison): n=%d p50=%.1f µs p90=%.1f µs p99=%.1f µs%n",
                MEASURED, nanos[MEASURED / 2] / 1e3, nanos[MEASURED * 9 / 10] / 1e3, nanos[MEASURED * 99 / 100] / 1e3);
    }

    private static String measure(String what, RateBudgetStore store, Budget budget) {
        for (int i = 0; i < WARMUP; i++) {
            store.reserve("warm", budget).complete();
        }
        long[] nanos = new long[MEASURED];
        long all = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            long t = System.nanoTime();
            Reservation r = store.reserve("fp", budget);
            nanos[i] = System.nanoTime() - t;
            r.complete();
        }
        long total = System.nanoTime() - all;
        Arrays.sort(nanos);
        return String.format(Locale.ROOT, "%s: n=%d p50=%.1f µs p90=%.1f µs p99=%.1f µs max=%.1f ms, %.0f acquires/s on one thread%n",
                what, MEASURED, nanos[MEASURED / 2] / 1e3, nanos[MEASURED * 9 / 10] / 1e3, nanos[MEASURED * 99 / 100] / 1e3,
                nanos[MEASURED - 1] / 1e6, MEASURED / (total / 1e9));
    }
}
