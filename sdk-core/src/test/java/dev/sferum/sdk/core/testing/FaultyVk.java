package dev.sferum.sdk.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small VK-shaped server for the resilience tests: it keeps {@code messages.send} deliveries deduplicated by
 * {@code random_id} the way VK does, records when each call arrived, can enforce VK's per-token limit in a sliding
 * second (answering error 6), and injects seeded faults: HTTP 500, VK error 10, a dropped connection before
 * processing, and a dropped connection after processing.
 */
public final class FaultyVk implements AutoCloseable {
    public enum Fault { NONE, HTTP_500, ERROR_10, DROP_BEFORE, DROP_AFTER }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final Random random;
    private volatile double faultRate;
    private volatile int limitPerSecond;
    private final Map<Long, Integer> delivered = new ConcurrentHashMap<>();
    private final Map<Long, Long> messageIds = new ConcurrentHashMap<>();
    private final AtomicInteger nextMessageId = new AtomicInteger(100);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private final Map<Fault, AtomicInteger> faults = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
    private final List<Long> window = new ArrayList<>();
    private final AtomicInteger chatsCreated = new AtomicInteger();

    public FaultyVk(long seed) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.random = new Random(seed);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(executor);
        server.createContext("/method/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FaultyVk faultRate(double rate) {
        this.faultRate = rate;
        return this;
    }

    public FaultyVk limitPerSecond(int limit) {
        this.limitPerSecond = limit;
        return this;
    }

    public Map<Long, Integer> deliveriesByRandomId() {
        return Map.copyOf(delivered);
    }

    public int requests() {
        return requests.get();
    }

    public int refusals() {
        return refusals.get();
    }

    public int faults(Fault f) {
        return faults.computeIfAbsent(f, k -> new AtomicInteger()).get();
    }

    public int chatsCreated() {
        return chatsCreated.get();
    }

    /** @return the most calls that arrived within any one-second sliding window */
    public int busiestSecond() {
        List<Long> times = new ArrayList<>(arrivals);
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

    private Fault nextFault() {
        synchronized (random) {
            if (random.nextDouble() >= faultRate) {
                return Fault.NONE;
            }
            Fault[] kinds = {Fault.HTTP_500, Fault.ERROR_10, Fault.DROP_BEFORE, Fault.DROP_AFTER};
            return kinds[random.nextInt(kinds.length)];
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        requests.incrementAndGet();
        Map<String, String> params = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String method = exchange.getRequestURI().getPath().substring("/method/".length());
        if (limitPerSecond > 0 && !admit(now)) {
            refusals.incrementAndGet();
            reply(exchange, 200, "{\"error\":{\"error_code\":6,\"error_msg\":\"Too many requests per second\"}}");
            return;
        }
        arrivals.add(now);
        Fault fault = nextFault();
        faults.computeIfAbsent(fault, k -> new AtomicInteger()).incrementAndGet();
        switch (fault) {
            case HTTP_500 -> {
                reply(exchange, 500, "<html><body>500 Internal Server Error</body></html>");
                return;
            }
            case ERROR_10 -> {
                reply(exchange, 200, "{\"error\":{\"error_code\":10,\"error_msg\":\"Internal server error\"}}");
                return;
            }
            case DROP_BEFORE -> {
                exchange.close();
                return;
            }
            default -> {
            }
        }
        String body = process(method, params);
        if (fault == Fault.DROP_AFTER) {
            exchange.close();
            return;
        }
        reply(exchange, 200, body);
    }

    private synchronized boolean admit(long now) {
        window.removeIf(t -> now - t >= 1_000_000_000L);
        if (window.size() >= limitPerSecond) {
            return false;
        }
        window.add(now);
        return true;
    }

    private String process(String method, Map<String, String> params) {
        switch (method) {
            case "messages.send" -> {
                long randomId = Long.parseLong(params.getOrDefault("random_id", "0"));
                long id = messageIds.computeIfAbsent(randomId, r -> {
                    delivered.merge(r, 1, Integer::sum);
                    return (long) nextMessageId.incrementAndGet();
                });
                return "{\"response\":" + id + "}";
            }
            case "messages.createChat" -> {
                return "{\"response\":{\"chat_id\":" + chatsCreated.incrementAndGet() + ",\"peer_ids\":[]}}";
            }
            default -> {
                return "{\"response\":1}";
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
