package dev.sferum.sdk.testkit.max.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sferum.sdk.testkit.FakeClock;
import dev.sferum.sdk.testkit.max.FakeMaxRequest;
import dev.sferum.sdk.testkit.max.FakeMaxRequest.Outcome;
import dev.sferum.sdk.testkit.max.FakeMaxUpdate;
import dev.sferum.sdk.testkit.max.FakeWebhookDelivery;
import dev.sferum.sdk.testkit.max.MaxFault;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP side of the fake MAX: a JDK {@link HttpServer} on a free port that authenticates the raw token in
 * {@code Authorization}, counts each token's requests per second (answering 429 past the limit), applies scheduled
 * faults, routes to {@link MaxWorld}, holds long polls until an update arrives, records every request, and delivers
 * updates to webhook subscriptions with the {@code X-Max-Bot-Api-Secret} header and retries.
 */
public final class MaxServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MaxServer.class.getName());
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    /** The settings of one fake. */
    public record Settings(InetAddress bindAddress, int port, int rateLimit, Duration rateWindow, boolean rateLimits, int threads,
                           Duration longPollCap, Duration webhookRetryDelay, int webhookAttempts) {
    }

    private record Route(String method, Pattern pattern, String template, List<String> names) {
    }

    private static final List<Route> ROUTES = new ArrayList<>();

    static {
        for (String spec : List.of("GET /me", "GET /chats", "GET /chats/{chatId}", "PATCH /chats/{chatId}", "DELETE /chats/{chatId}",
                "GET /chats/{chatId}/members", "POST /chats/{chatId}/members", "DELETE /chats/{chatId}/members",
                "GET /chats/{chatId}/members/me", "DELETE /chats/{chatId}/members/me", "GET /chats/{chatId}/members/admins",
                "GET /chats/{chatId}/pin", "PUT /chats/{chatId}/pin", "DELETE /chats/{chatId}/pin", "POST /chats/{chatId}/actions",
                "GET /messages", "POST /messages", "PUT /messages", "DELETE /messages", "GET /messages/{messageId}",
                "GET /updates", "GET /subscriptions", "POST /subscriptions", "DELETE /subscriptions")) {
            int space = spec.indexOf(' ');
            String template = spec.substring(space + 1);
            List<String> names = new ArrayList<>();
            Matcher m = Pattern.compile("\\{(\\w+)}").matcher(template);
            StringBuilder regex = new StringBuilder();
            int at = 0;
            while (m.find()) {
                regex.append(Pattern.quote(template.substring(at, m.start()))).append("([^/]+)");
                names.add(m.group(1));
                at = m.end();
            }
            regex.append(Pattern.quote(template.substring(at)));
            ROUTES.add(new Route(spec.substring(0, space), Pattern.compile(regex.toString()), template, names));
        }
    }

    private final Settings settings;
    private final FakeClock clock;
    private final MaxWorld world;
    private final MaxFaultPlan faults;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final ExecutorService webhookThread;
    private final HttpClient webhookClient;
    private final List<FakeMaxRequest> log = new ArrayList<>();
    private final Map<String, Deque<Long>> windows = new HashMap<>();
    private final Map<Long, List<Runnable>> waiters = new HashMap<>();
    private final List<FakeWebhookDelivery> deliveries = new ArrayList<>();
    private long sequence;
    private HttpServer server;
    private URI baseUri;

    /**
     * @param settings the settings
     * @param clock the fake clock
     * @param world the state
     * @param faults the fault plan
     */
    public MaxServer(Settings settings, FakeClock clock, MaxWorld world, MaxFaultPlan faults) {
        this.settings = settings;
        this.clock = clock;
        this.world = world;
        this.faults = faults;
        this.workers = Executors.newFixedThreadPool(settings.threads(), daemon("fake-max-http"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("fake-max-timer"));
        this.webhookThread = Executors.newSingleThreadExecutor(daemon("fake-max-webhook"));
        this.webhookClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();
        world.onUpdate(this::updated);
    }

    /** Opens the port. */
    public void start() {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.bindAddress().getHostAddress() + ":" + settings.port()
                    + " (is the port taken? use port 0 for a free one)", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
        String host = settings.bindAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        baseUri = URI.create("http://" + host + ":" + server.getAddress().getPort());
    }

    /** @return the base URI, such as {@code http://127.0.0.1:41234}, without a trailing slash (as MAX's base) */
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        timer.shutdownNow();
        webhookThread.shutdownNow();
        workers.shutdownNow();
    }

    // ------------------------------------------------------------------ inspection

    /** @return every request so far, oldest first */
    public synchronized List<FakeMaxRequest> requests() {
        return List.copyOf(log);
    }

    /** Forgets the recorded requests. */
    public synchronized void clearRequests() {
        log.clear();
    }

    /** @return every webhook delivery attempt so far, oldest first */
    public synchronized List<FakeWebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    // ------------------------------------------------------------------ requests

    private void handle(HttpExchange exchange) {
        long seq;
        synchronized (this) {
            seq = ++sequence;
        }
        Instant time = clock.instant();
        String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
        byte[] raw;
        try {
            raw = exchange.getRequestBody().readNBytes(8 * 1024 * 1024);
        } catch (IOException e) {
            exchange.close();
            return;
        }
        String body = new String(raw, StandardCharsets.UTF_8);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Optional<String> fingerprint = authorization == null || authorization.isBlank() ? Optional.empty() : Optional.of(fingerprint(authorization));
        Route route = null;
        Map<String, String> pathValues = new LinkedHashMap<>();
        for (Route r : ROUTES) {
            Matcher m = r.pattern.matcher(path);
            if (r.method.equals(method) && m.matches()) {
                route = r;
                for (int i = 0; i < r.names.size(); i++) {
                    pathValues.put(r.names.get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
                }
                break;
            }
        }
        String operation = route == null ? method + " " + path : route.method + " " + route.template;
        Call call = new Call(exchange, seq, time, method, operation, path, query, body, fingerprint);
        if (route == null) {
            boolean known = ROUTES.stream().anyMatch(r -> r.pattern.matcher(path).matches());
            finish(call, known ? MaxReply.error(405, "method.not.allowed", "Method is not allowed")
                    : MaxReply.error(404, "not.found", "Path " + path + " not found"));
            return;
        }
        Optional<Long> bot = world.botFor(authorization == null ? null : authorization.trim());
        if (bot.isEmpty()) {
            finish(call, MaxReply.error(401, "verify.token", "Invalid access_token"));
            return;
        }
        if (settings.rateLimits() && !admit(authorization.trim())) {
            finish(call, MaxReply.error(429, "too.many.requests", "Too many requests"));
            return;
        }
        JsonNode json = raw.length == 0 ? JsonNodeFactory.instance.objectNode() : MaxJson.parseOrNull(raw);
        if (json == null) {
            finish(call, MaxReply.error(400, "proto.payload", "The body is not JSON"));
            return;
        }
        MaxFault fault = faults.take(operation);
        Duration delay = faults.latencyFor(operation);
        if (fault != null && fault.kind() == MaxFault.Kind.DELAY) {
            delay = delay.plus(fault.delay());
        }
        MaxWorld.Req req = new MaxWorld.Req(bot.get(), operation, pathValues, query, json);
        if (delay.isZero()) {
            proceed(call, req, fault);
        } else {
            timer.schedule(() -> workers.execute(() -> proceed(call, req, fault)), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void proceed(Call call, MaxWorld.Req req, MaxFault fault) {
        MaxFault.Kind kind = fault == null ? null : fault.kind();
        if (kind == MaxFault.Kind.DROP_BEFORE_PROCESSING) {
            record(call, Outcome.DROPPED_BEFORE_PROCESSING, 0, "", "connection dropped before processing (injected)");
            call.exchange.close();
            return;
        }
        if (kind == MaxFault.Kind.ERROR) {
            MaxReply r = MaxReply.error(fault.status(), fault.code(), "Injected: " + fault.code());
            finish(call, new MaxReply(r.status(), r.contentType(), r.body(), Outcome.API_ERROR, fault.code(), fault.code() + " (injected)"));
            return;
        }
        if (kind == MaxFault.Kind.HTTP_ERROR) {
            finish(call, MaxReply.html(fault.status(), Outcome.HTTP_ERROR, "HTTP " + fault.status() + " (injected)"));
            return;
        }
        CompletableFuture<MaxReply> answer;
        try {
            answer = req.operation().equals("GET /updates") ? longPoll(req) : CompletableFuture.completedFuture(world.handle(req));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fake MAX failed on " + req.operation() + "; answering 500", e);
            answer = CompletableFuture.completedFuture(new MaxReply(500, MaxReply.JSON,
                    "{\"code\":\"internal.error\",\"message\":\"fake failure\"}".getBytes(StandardCharsets.UTF_8), Outcome.INTERNAL_ERROR,
                    "internal.error", "fake failure: " + e));
        }
        answer.whenComplete((reply, error) -> complete(call, reply, kind));
    }

    private void complete(Call call, MaxReply reply, MaxFault.Kind kind) {
        if (kind == MaxFault.Kind.DROP_AFTER_PROCESSING) {
            record(call, Outcome.DROPPED_AFTER_PROCESSING, 0, "", "processed (" + reply.outcome() + " " + reply.status()
                    + "), then connection dropped (injected)");
            call.exchange.close();
            return;
        }
        if (kind == MaxFault.Kind.ERROR_AFTER_PROCESSING) {
            MaxReply r = MaxReply.error(500, "internal.error", "Internal error");
            finish(call, new MaxReply(500, r.contentType(), r.body(), Outcome.API_ERROR, "internal.error", "processed (" + reply.status()
                    + "), then 500 (injected)"));
            return;
        }
        if (kind == MaxFault.Kind.MALFORMED_BODY) {
            byte[] truncated = Arrays.copyOf(reply.body(), Math.max(1, reply.body().length / 2));
            finish(call, new MaxReply(200, MaxReply.JSON, truncated, Outcome.MALFORMED_BODY, "", "processed (" + reply.status()
                    + "), then body truncated (injected)"));
            return;
        }
        finish(call, reply);
    }

    private CompletableFuture<MaxReply> longPoll(MaxWorld.Req req) {
        long bot = req.botId();
        if (world.subscribed(bot)) {
            return CompletableFuture.completedFuture(MaxReply.error(405, "method.not.allowed",
                    "Long polling is not available while a webhook subscription exists"));
        }
        Long marker;
        int limit;
        int timeout;
        try {
            marker = req.q("marker") == null || req.q("marker").isBlank() || req.q("marker").equals("null") ? null
                    : MaxWorld.longParam("marker", req.q("marker"), 0);
            limit = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, MaxWorld.longParam("limit", req.q("limit"), 100)));
            timeout = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, MaxWorld.longParam("timeout", req.q("timeout"), 30)));
        } catch (MaxWorld.BadParam e) {
            return CompletableFuture.completedFuture(MaxReply.error(400, "proto.payload", e.getMessage()));
        }
        if (limit < 1 || limit > 1000 || timeout < 0 || timeout > 90) {
            return CompletableFuture.completedFuture(MaxReply.error(400, "proto.payload", "limit must be 1-1000 and timeout 0-90"));
        }
        Set<String> types = new HashSet<>();
        if (req.q("types") != null && !req.q("types").isBlank()) {
            types.addAll(List.of(req.q("types").split(",")));
        }
        JsonNode now = world.poll(bot, marker, limit, types);
        if (now != null || timeout == 0) {
            return CompletableFuture.completedFuture(MaxReply.ok(now != null ? now : world.emptyPoll(bot)));
        }
        CompletableFuture<MaxReply> answer = new CompletableFuture<>();
        Runnable check = () -> {
            JsonNode ready = world.poll(bot, null, limit, types);
            if (ready != null) {
                answer.complete(MaxReply.ok(ready));
            }
        };
        synchronized (waiters) {
            waiters.computeIfAbsent(bot, k -> new ArrayList<>()).add(check);
        }
        check.run();
        Duration wait = Duration.ofSeconds(timeout).compareTo(settings.longPollCap()) < 0 ? Duration.ofSeconds(timeout) : settings.longPollCap();
        timer.schedule(() -> answer.complete(MaxReply.ok(world.emptyPoll(bot))), wait.toNanos(), TimeUnit.NANOSECONDS);
        answer.whenComplete((r, e) -> {
            synchronized (waiters) {
                List<Runnable> list = waiters.get(bot);
                if (list != null) {
                    list.remove(check);
                }
            }
        });
        return answer;
    }

    private boolean admit(String token) {
        long now = System.nanoTime();
        synchronized (windows) {
            Deque<Long> w = windows.computeIfAbsent(token, k -> new ArrayDeque<>());
            while (!w.isEmpty() && now - w.peekFirst() >= settings.rateWindow().toNanos()) {
                w.pollFirst();
            }
            if (w.size() >= settings.rateLimit()) {
                return false;
            }
            w.addLast(now);
            return true;
        }
    }

    private void finish(Call call, MaxReply reply) {
        record(call, reply.outcome(), reply.status(), reply.code(), reply.detail());
        HttpExchange exchange = call.exchange;
        try {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            byte[] body = reply.body();
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException clientWentAway) {
            // the client closed the connection (its own timeout); the request is recorded already
        } finally {
            exchange.close();
        }
    }

    private void record(Call call, Outcome outcome, int status, String code, String detail) {
        FakeMaxRequest r = new FakeMaxRequest(call.sequence, call.time, call.method, call.operation, call.path, call.query, call.body,
                call.fingerprint, outcome, status, code, detail);
        synchronized (this) {
            int i = log.size();
            while (i > 0 && log.get(i - 1).sequence() > r.sequence()) {
                i--;
            }
            log.add(i, r);
        }
    }

    private record Call(HttpExchange exchange, long sequence, Instant time, String method, String operation, String path,
                        Map<String, String> query, String body, Optional<String> fingerprint) {
    }

    // ------------------------------------------------------------------ updates: long polls and webhooks

    private void updated(MaxWorld.UpdateEvent event) {
        List<Runnable> ready;
        synchronized (waiters) {
            ready = List.copyOf(waiters.getOrDefault(event.botId(), List.of()));
        }
        if (!ready.isEmpty()) {
            workers.execute(() -> ready.forEach(Runnable::run));
        }
        webhookThread.execute(() -> deliver(event.botId(), event.update(), 1));
    }

    /**
     * Posts an update to the bot's webhook again, as MAX's retries would: for duplicate-handling tests.
     *
     * @param botId the bot
     * @param update the update
     * @return the delivery, once made
     */
    public CompletableFuture<FakeWebhookDelivery> redeliver(long botId, FakeMaxUpdate update) {
        return CompletableFuture.supplyAsync(() -> post(botId, update, 0), webhookThread);
    }

    private void deliver(long botId, FakeMaxUpdate update, int attempt) {
        FakeWebhookDelivery d = post(botId, update, attempt);
        if (d != null && !d.delivered() && attempt < settings.webhookAttempts()) {
            timer.schedule(() -> webhookThread.execute(() -> deliver(botId, update, attempt + 1)),
                    settings.webhookRetryDelay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private FakeWebhookDelivery post(long botId, FakeMaxUpdate update, int attempt) {
        Optional<ObjectNode> sub = world.subscription(botId);
        if (sub.isEmpty()) {
            return null;
        }
        JsonNode types = sub.get().path("update_types");
        if (types.isArray() && !types.isEmpty()) {
            boolean wanted = false;
            for (JsonNode t : types) {
                wanted |= t.asString("").equals(update.type());
            }
            if (!wanted) {
                return null;
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sub.get().path("url").asString()))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(update.json(), StandardCharsets.UTF_8));
        if (sub.get().path("secret").isString()) {
            b.header("X-Max-Bot-Api-Secret", sub.get().path("secret").asString());
        }
        FakeWebhookDelivery d;
        try {
            HttpResponse<Void> response = webhookClient.send(b.build(), HttpResponse.BodyHandlers.discarding());
            d = new FakeWebhookDelivery(botId, update.marker(), update.type(), attempt, response.statusCode(),
                    response.statusCode() == 200 ? "" : "HTTP " + response.statusCode());
        } catch (IOException e) {
            d = new FakeWebhookDelivery(botId, update.marker(), update.type(), attempt, 0, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        synchronized (this) {
            deliveries.add(d);
        }
        return d;
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(name, value);
        }
        return out;
    }

    /**
     * @param secret a token
     * @return the first 12 hex digits of its SHA-256, as the SDK fingerprints tokens
     */
    public static String fingerprint(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.trim().getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                sb.append(String.format("%02x", d[i]));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
