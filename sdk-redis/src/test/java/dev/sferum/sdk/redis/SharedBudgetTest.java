package dev.sferum.sdk.redis;

import dev.sferum.sdk.redis.testing.FakeVk;
import dev.sferum.sdk.redis.testing.Mode;
import dev.sferum.sdk.redis.testing.Node;
import dev.sferum.sdk.redis.testing.NodeMain;
import dev.sferum.sdk.redis.testing.RedisProcess;
import dev.sferum.sdk.redis.testing.Servers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several application nodes — separate SDK clients, each with its own Redis connection and budget store, on
 * separate threads or in separate JVMs — calling one fake VK with one community token. The fake enforces VK's
 * 20 calls per sliding second and answers error 6 above it, as VK does.
 */
class SharedBudgetTest {
    private static final int LIMIT = 20;

    @ParameterizedTest
    @EnumSource(Mode.class)
    void calls_whenFourNodesCallFromSixteenThreadsEach_neverExceedTheTokenLimitAtTheServer(Mode mode) throws Exception {
        String prefix = "test:" + UUID.randomUUID() + ":";
        try (FakeVk vk = new FakeVk(LIMIT)) {
            List<Node> nodes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                nodes.add(new Node("node-" + i, mode, Servers.redisUrl(), prefix, 4, vk.baseUrl()));
            }
            try {
                warmUp(nodes, vk);
                ExecutorService pool = Executors.newFixedThreadPool(64);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> calls = new ArrayList<>();
                for (int t = 0; t < 64; t++) {
                    Node node = nodes.get(t % 4);
                    calls.add(pool.submit(() -> {
                        go.await();
                        node.call();
                        return null;
                    }));
                }
                long start = System.nanoTime();
                go.countDown();
                for (Future<?> f : calls) {
                    f.get(120, TimeUnit.SECONDS);
                }
                pool.shutdown();

                assertThat(vk.refusals()).as("error 6 answers; timeline:\n%s", vk.timeline(start, java.util.Map.of())).isZero();
                assertThat(vk.requests()).isEqualTo(64);
                assertThat(vk.busiestSecond()).as("calls in the busiest sliding second").isLessThanOrEqualTo(LIMIT);
                assertThat(nodes).allMatch(n -> n.budgets().shared());
            } finally {
                nodes.forEach(Node::close);
            }
        }
    }

    @Test
    void calls_fromThreeJvms_neverExceedTheTokenLimitAtTheServer() throws Exception {
        String prefix = "test:" + UUID.randomUUID() + ":";
        String redisUrl = Servers.redisUrl();
        try (FakeVk vk = new FakeVk(LIMIT)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<Process> jvms = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classPath, NodeMain.class.getName(),
                            "jvm-" + i, i % 2 == 0 ? "SYNC" : "ASYNC", redisUrl, prefix, "3", vk.baseUrl(), "8", "2");
                    pb.redirectErrorStream(true);
                    jvms.add(pb.start());
                }
                List<BufferedReader> outs = new ArrayList<>();
                for (Process p : jvms) {
                    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    outs.add(out);
                    assertThat(out.readLine()).as("child JVM started").isEqualTo("ready");
                }
                vk.reset();
                for (Process p : jvms) {
                    OutputStream in = p.getOutputStream();
                    in.write('\n');
                    in.flush();
                }
                for (int i = 0; i < jvms.size(); i++) {
                    assertThat(jvms.get(i).waitFor(180, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
                    StringBuilder rest = new StringBuilder();
                    for (String line; (line = outs.get(i).readLine()) != null; ) {
                        rest.append(line).append('\n');
                    }
                    assertThat(jvms.get(i).exitValue()).as("child JVM exit; output:\n" + rest).isZero();
                }
            } finally {
                jvms.forEach(Process::destroyForcibly);
            }
            assertThat(vk.refusals()).as("error 6 answers").isZero();
            assertThat(vk.requests()).isEqualTo(3 * 8 * 2);
            assertThat(vk.busiestSecond()).isLessThanOrEqualTo(LIMIT);
        }
    }

    @Test
    void calls_whenRedisRestartsMidLoad_stayWithinEachNodesShareAndShareAgainAfterwards() throws Exception {
        String prefix = "test:" + UUID.randomUUID() + ":";
        try (RedisProcess redis = RedisProcess.start(); FakeVk vk = new FakeVk(LIMIT)) {
            List<Node> nodes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                nodes.add(new Node("node-" + i, i < 2 ? Mode.SYNC : Mode.ASYNC, redis.url(), prefix, 4, vk.baseUrl()));
            }
            warmUp(nodes, vk);
            AtomicBoolean stop = new AtomicBoolean();
            long down;
            long up;
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                for (int t = 0; t < 16; t++) {
                    Node node = nodes.get(t % 4);
                    pool.submit(() -> {
                        while (!stop.get()) {
                            try {
                                node.call();
                            } catch (RuntimeException e) {
                                failures.add(e);
                            }
                        }
                    });
                }
                awaitTrue(() -> vk.requests() >= 30, "shared load running");

                redis.kill();
                down = System.nanoTime();
                awaitTrue(() -> nodes.stream().noneMatch(n -> n.budgets().shared()), "every node on its local share");
                int atOutage = vk.requests();
                awaitTrue(() -> vk.requests() >= atOutage + 40, "load running on local shares");

                redis.startAgain();
                up = System.nanoTime();
                awaitTrue(() -> nodes.stream().allMatch(n -> n.budgets().shared()), "every node shared again");
                int atRecovery = vk.requests();
                awaitTrue(() -> vk.requests() >= atRecovery + 30, "shared load running again");
            } finally {
                stop.set(true);
                pool.shutdown();
                assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
                nodes.forEach(Node::close);
            }

            String timeline = vk.timeline(down, java.util.Map.of("redis down", down, "redis up", up));
            assertThat(failures).as("failed calls").isEmpty();
            assertThat(vk.refusals()).as("error 6 answers; timeline:\n%s", timeline).isZero();
            assertThat(vk.busiestSecond()).as("calls in the busiest sliding second").isLessThanOrEqualTo(LIMIT);
            // Once the calls granted by Redis before it died are out (16 threads: under one window of backlog), each
            // node keeps to its share: 20 / 4 nodes.
            List<FakeVk.Arrival> arrivals = vk.arrivals();
            for (Node n : nodes) {
                List<FakeVk.Arrival> mine = arrivals.stream().filter(a -> a.node().equals(n.name())).toList();
                assertThat(FakeVk.busiestSecond(mine, down + TimeUnit.MILLISECONDS.toNanos(1500), up))
                        .as("calls of %s in its busiest second without Redis", n.name()).isLessThanOrEqualTo(LIMIT / 4);
                assertThat(FakeVk.busiestSecond(mine, down + TimeUnit.MILLISECONDS.toNanos(1500), up))
                        .as("%s kept calling without Redis", n.name()).isPositive();
            }
        }
    }

    private static void warmUp(List<Node> nodes, FakeVk vk) {
        nodes.forEach(Node::warmUp);
        vk.reset();
    }

    /** Bounded polling on real time: the load and the reconnects run in real time. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
