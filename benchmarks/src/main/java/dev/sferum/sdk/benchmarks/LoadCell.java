package dev.sferum.sdk.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One cell of the load table, run in its own JVM: one contender, one concurrency, against an already running
 * {@link VkLikeServer}. Warms up, then measures calls, this process's CPU time and the server's CPU time over a fixed
 * window, and prints one {@code RESULT {...}} line of JSON.
 *
 * <p>Client CPU is the whole process's CPU time (every thread: callers, the HTTP client's selector and executor,
 * JIT and GC) divided by successful calls. The server runs in another process, so none of its work is counted here.
 */
public final class LoadCell {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Contenders.Kind kind;
    private final int threads;
    private final String baseUrl;
    private final int serverPort;
    private final long warmupNanos;
    private final long measureNanos;
    private final Contenders.Counters counters = new Contenders.Counters();
    private final LongAdder ok = new LongAdder();
    private final AtomicInteger randomIds = new AtomicInteger();
    private volatile boolean running = true;

    LoadCell(Contenders.Kind kind, int threads, int serverPort, double warmupSeconds, double measureSeconds) {
        this.kind = kind;
        this.threads = threads;
        this.serverPort = serverPort;
        this.baseUrl = "http://127.0.0.1:" + serverPort;
        this.warmupNanos = (long) (warmupSeconds * 1e9);
        this.measureNanos = (long) (measureSeconds * 1e9);
    }

    /**
     * @param args {@code <contender> <threads> <server port> <warmup s> <measure s>}
     * @throws Exception if the cell cannot run
     */
    public static void main(String[] args) throws Exception {
        LoadCell cell = new LoadCell(Contenders.Kind.byId(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Double.parseDouble(args[3]), Double.parseDouble(args[4]));
        ObjectNode result = cell.run();
        System.out.println("RESULT " + JSON.writeValueAsString(result));
        System.out.flush();
        System.exit(0);
    }

    ObjectNode run() throws Exception {
        List<Thread> workers = new ArrayList<>();
        AutoCloseable client;
        if (kind.async()) {
            Contenders.Async c = Contenders.async(kind, baseUrl, counters);
            client = c;
            Thread driver = new Thread(() -> driveAsync(c), "load-driver");
            workers.add(driver);
        } else {
            Contenders.Blocking c = Contenders.blocking(kind, baseUrl, counters);
            client = c;
            for (int i = 0; i < threads; i++) {
                workers.add(new Thread(() -> driveBlocking(c), "load-" + i));
            }
        }
        workers.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });
        LockSupport.parkNanos(warmupNanos);
        long extraWarmup = warmUntilCompiled();
        Snapshot before = snapshot();
        LockSupport.parkNanos(measureNanos);
        Snapshot after = snapshot();
        running = false;
        for (Thread t : workers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        client.close();

        long calls = after.calls - before.calls;
        double seconds = (after.nanos - before.nanos) / 1e9;
        long serverRequests = after.serverRequests - before.serverRequests;
        ObjectNode r = JSON.createObjectNode();
        r.put("contender", kind.id());
        r.put("threads", threads);
        r.put("jdk", Runtime.version().toString());
        r.put("seconds", seconds);
        r.put("calls", calls);
        r.put("callsPerSecond", calls / seconds);
        r.put("clientCpuMicrosPerCall", calls == 0 ? 0 : (after.cpuNanos - before.cpuNanos) / 1e3 / calls);
        r.put("serverRequests", serverRequests);
        r.put("serverCpuMicrosPerRequest", serverRequests == 0 ? 0 : (after.serverCpuNanos - before.serverCpuNanos) / 1e3 / serverRequests);
        r.put("serverErrorAnswers", after.serverErrors - before.serverErrors);
        r.put("gcMillis", after.gcMillis - before.gcMillis);
        r.put("jitMillis", after.jitMillis - before.jitMillis);
        r.put("extraWarmupSeconds", extraWarmup / 1e9);
        r.put("totalCalls", ok.sum());
        r.set("failures", counts(counters.failures));
        r.set("retries", counts(counters.retries));
        r.put("completionsOnSelectorThread", counters.onSelectorThread.sum());
        return r;
    }

    private ObjectNode counts(Map<String, LongAdder> m) {
        ObjectNode n = JSON.createObjectNode();
        m.forEach((k, v) -> n.put(k, v.sum()));
        return n;
    }

    private void driveBlocking(Contenders.Blocking c) {
        while (running) {
            try {
                c.send(randomIds.incrementAndGet());
                ok.increment();
            } catch (Exception e) {
                counters.failure(e);
            }
        }
    }

    private void driveAsync(Contenders.Async c) {
        Semaphore inFlight = new Semaphore(threads);
        while (running) {
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                return;
            }
            CompletableFuture<?> f;
            try {
                f = c.send(randomIds.incrementAndGet());
            } catch (RuntimeException e) {
                counters.failure(e);
                inFlight.release();
                continue;
            }
            f.whenComplete((v, e) -> {
                if (Thread.currentThread().getName().contains("SelectorManager")) {
                    counters.onSelectorThread.increment();
                }
                if (e == null) {
                    ok.increment();
                } else {
                    counters.failure(e);
                }
                inFlight.release();
            });
        }
        inFlight.acquireUninterruptibly(threads);
    }

    /**
     * After the fixed warm-up, keeps warming while the JIT compiler is still busy (more than 5% of a second spent
     * compiling in the last second), for at most half the warm-up's length again. A contender with more code to compile
     * (the SDKs' longer call paths) would otherwise be measured partly before its code is compiled, and the
     * compiler threads' CPU would count as its cost per call; with this every contender is measured warmed up alike.
     *
     * @return how long the warm-up was extended, in nanoseconds
     */
    private long warmUntilCompiled() {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long start = System.nanoTime();
        long step = TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() - start < warmupNanos / 2) {
            long before = jit.getTotalCompilationTime();
            LockSupport.parkNanos(step);
            if (jit.getTotalCompilationTime() - before < 50) {
                break;
            }
        }
        return System.nanoTime() - start;
    }

    private record Snapshot(long nanos, long calls, long cpuNanos, long serverRequests, long serverErrors, long serverCpuNanos,
            long gcMillis, long jitMillis) {
    }

    private Snapshot snapshot() throws IOException {
        JsonNode stats = serverStats(serverPort);
        long calls = ok.sum();
        long nanos = System.nanoTime();
        long cpu = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long gc = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, b.getCollectionTime());
        }
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
        return new Snapshot(nanos, calls, cpu, stats.path("requests").asLong(), stats.path("errors").asLong(),
                stats.path("cpu_ns").asLong(), gc, jitMillis);
    }

    /**
     * Asks the server for its counters over a fresh connection (so no contender's pool is touched).
     *
     * @param port the server's port
     * @return {@code {"requests":..,"errors":..,"cpu_ns":..}}
     * @throws IOException if the server does not answer
     */
    static JsonNode serverStats(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write("GET /stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int body = answer.indexOf("\r\n\r\n");
            if (body < 0) {
                throw new IOException("bad stats answer: " + answer);
            }
            return JSON.readTree(answer.substring(body + 4));
        }
    }
}
