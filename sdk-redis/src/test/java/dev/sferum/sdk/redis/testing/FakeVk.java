package dev.sferum.sdk.redis.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small VK-shaped server for the shared-budget tests: it enforces VK's per-token limit in a sliding second the
 * way VK does (answering error 6 to a call over it) and records when each admitted call arrived and from which
 * node (by {@code User-Agent}). Every method answers {@code {"response":1}}.
 */
public final class FakeVk implements AutoCloseable {
    /** One admitted call: arrival in this JVM's nanoTime, and the caller's User-Agent. */
    public record Arrival(long nanos, String node) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final int limitPerSecond;
    private final Deque<Long> window = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private final ConcurrentLinkedQueue<Arrival> refused = new ConcurrentLinkedQueue<>();

    public FakeVk(int limitPerSecond) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.limitPerSecond = limitPerSecond;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(executor);
        server.createContext("/method/", this::handle);
        server.start();
    }

    /** Forgets every call so far, as if they were made with another token (VK counts per token). */
    public synchronized void reset() {
        window.clear();
        arrivals.clear();
        refused.clear();
        requests.set(0);
        refusals.set(0);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int requests() {
        return requests.get();
    }

    /** @return how many calls were answered with error 6 */
    public int refusals() {
        return refusals.get();
    }

    public List<Arrival> arrivals() {
        return new ArrayList<>(arrivals);
    }

    /** @return the most admitted calls within any one-second sliding window */
    public int busiestSecond() {
        return busiestSecond(arrivals(), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * @return the most calls within any one-second sliding window among {@code among} that arrived in
     *     {@code [from, to)} (nanoTime)
     */
    public static int busiestSecond(List<Arrival> among, long from, long to) {
        List<Long> times = new ArrayList<>();
        for (Arrival a : among) {
            if (a.nanos - from >= 0 && a.nanos - to < 0) {
                times.add(a.nanos);
            }
        }
        times.sort(Long::compare);
        int worst = 0;
        for (int i = 0, j = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(j) >= 1_000_000_000L) {
                j++;
            }
            worst = Math.max(worst, i - j + 1);
        }
        return worst;
    }

    /**
     * @param origin nanoTime to count from
     * @param marks named instants to show, such as when Redis died
     * @return admitted calls (and refusals, as {@code !node}) per 100 ms since {@code origin}, for failure messages
     */
    public String timeline(long origin, java.util.Map<String, Long> marks) {
        java.util.TreeMap<Long, StringBuilder> slots = new java.util.TreeMap<>();
        for (Arrival a : arrivals) {
            slots.computeIfAbsent((a.nanos - origin) / 100_000_000L, k -> new StringBuilder()).append(' ').append(a.node);
        }
        for (Arrival a : refused) {
            slots.computeIfAbsent((a.nanos - origin) / 100_000_000L, k -> new StringBuilder()).append(" !").append(a.node);
        }
        marks.forEach((name, at) -> slots.computeIfAbsent((at - origin) / 100_000_000L, k -> new StringBuilder()).append(" <").append(name).append('>'));
        StringBuilder out = new StringBuilder();
        slots.forEach((slot, line) -> out.append(String.format("%6d ms:", slot * 100)).append(line).append('\n'));
        return out.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        exchange.getRequestBody().readAllBytes();
        requests.incrementAndGet();
        if (!admit(now)) {
            refusals.incrementAndGet();
            refused.add(new Arrival(now, String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent"))));
            reply(exchange, "{\"error\":{\"error_code\":6,\"error_msg\":\"Too many requests per second\",\"request_params\":[]}}");
            return;
        }
        arrivals.add(new Arrival(now, String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent"))));
        reply(exchange, "{\"response\":1}");
    }

    private synchronized boolean admit(long now) {
        while (!window.isEmpty() && now - window.peekFirst() >= 1_000_000_000L) {
            window.pollFirst();
        }
        if (window.size() >= limitPerSecond) {
            return false;
        }
        window.addLast(now);
        return true;
    }

    private static void reply(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
