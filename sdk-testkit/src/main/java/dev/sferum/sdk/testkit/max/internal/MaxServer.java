package dev.sferum.sdk.testkit.max.internal;

import dev.sferum.sdk.testkit.FakeClock;
import dev.sferum.sdk.testkit.StrictViolation;
import dev.sferum.sdk.testkit.internal.server.Backend;
import dev.sferum.sdk.testkit.internal.server.FakeServer;
import dev.sferum.sdk.testkit.internal.server.FaultEffect;
import dev.sferum.sdk.testkit.internal.server.FaultPlan;
import dev.sferum.sdk.testkit.internal.server.Incoming;
import dev.sferum.sdk.testkit.internal.server.RateWindow;
import dev.sferum.sdk.testkit.internal.server.RequestLog;
import dev.sferum.sdk.testkit.internal.server.StrictLog;
import dev.sferum.sdk.testkit.RecordedRequest;
import dev.sferum.sdk.testkit.RecordedRequest.Outcome;
import dev.sferum.sdk.testkit.max.FakeMaxUpdate;
import dev.sferum.sdk.testkit.max.FakeWebhookDelivery;
import dev.sferum.sdk.testkit.max.MaxFault;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake MAX's side of the {@link FakeServer} core: routes by method and path template, authenticates the raw
 * token in {@code Authorization}, counts each token's requests in the core's {@link RateWindow} (429 past the limit),
 * checks requests against MAX's OpenAPI in strict mode, routes to {@link MaxWorld}, holds long polls until an update
 * arrives, records every request, and delivers updates to webhook subscriptions with the
 * {@code X-Max-Bot-Api-Secret} header and retries.
 */
public final class MaxServer implements Backend<MaxFault, MaxReply>, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MaxServer.class.getName());

    /** The settings of one fake. */
    public record Settings(InetAddress bindAddress, int port, int rateLimit, Duration rateWindow, boolean rateLimits, int threads,
                           Duration longPollCap, Duration webhookRetryDelay, int webhookAttempts, boolean strict) {
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
    private final MaxWorld world;
    private final FakeServer<MaxFault, MaxReply> server;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final ExecutorService webhookThread;
    private final HttpClient webhookClient;
    private final RequestLog<RecordedRequest> log = new RequestLog<>(RecordedRequest::sequence, RecordedRequest::operation);
    private final RateWindow rateWindow;
    private final StrictLog strictLog;
    private final Map<Long, List<Runnable>> waiters = new HashMap<>();
    private final List<FakeWebhookDelivery> deliveries = new ArrayList<>();

    /**
     * @param settings the settings
     * @param clock the fake clock
     * @param world the state
     * @param faults the fault plan
     * @param strictLog where strict-mode refusals are recorded
     */
    public MaxServer(Settings settings, FakeClock clock, MaxWorld world, FaultPlan<MaxFault> faults, StrictLog strictLog) {
        this.settings = settings;
        this.world = world;
        this.strictLog = strictLog;
        this.server = new FakeServer<>("fake-max", settings.bindAddress(), settings.port(), settings.threads(), clock, faults);
        this.timer = server.timer();
        this.workers = server.workers();
        this.rateWindow = new RateWindow(settings.rateWindow(), settings.rateLimits());
        this.webhookThread = Executors.newSingleThreadExecutor(FakeServer.daemon("fake-max-webhook"));
        this.webhookClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();
        server.backend(this);
        world.onUpdate(this::updated);
    }

    /** Opens the port. */
    public void start() {
        server.start();
    }

    /** {@return the base URI, such as {@code http://127.0.0.1:41234}, without a trailing slash (as MAX's base)} */
    public URI baseUri() {
        return server.origin();
    }

    @Override
    public void close() {
        server.close();
        webhookThread.shutdownNow();
    }

    // ------------------------------------------------------------------ inspection

    /** {@return the request log} */
    public RequestLog<RecordedRequest> log() {
        return log;
    }

    /** {@return every webhook delivery attempt so far, oldest first} */
    public synchronized List<FakeWebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    // ------------------------------------------------------------------ requests

    @Override
    public Dispatch<MaxReply> dispatch(Incoming request) {
        String method = request.httpMethod();
        String path = request.rawPath();
        Map<String, String> query = parseQuery(request.rawQuery());
        byte[] raw = request.body();
        String authorization = request.authorization();
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
        if (route == null) {
            boolean known = ROUTES.stream().anyMatch(r -> r.pattern.matcher(path).matches());
            return Dispatch.answer(operation, known ? MaxReply.error(405, "method.not.allowed", "Method is not allowed")
                    : MaxReply.error(404, "not.found", "Path " + path + " not found"));
        }
        Optional<Long> bot = world.botFor(authorization == null ? null : authorization.trim());
        if (bot.isEmpty()) {
            return Dispatch.answer(operation, MaxReply.error(401, "verify.token", "Invalid access_token"));
        }
        if (!rateWindow.tryAcquire(authorization.trim(), settings.rateLimit())) {
            return Dispatch.answer(operation, MaxReply.error(429, "too.many.requests", "Too many requests"));
        }
        JsonNode json = raw.length == 0 ? JsonNodeFactory.instance.objectNode() : MaxJson.parseOrNull(raw);
        if (json == null) {
            return Dispatch.answer(operation, MaxReply.error(400, "proto.payload", "The body is not JSON"));
        }
        if (settings.strict()) {
            Optional<StrictViolation> violation = MaxSchema.get().check(operation, pathValues, query, raw.length == 0 ? null : json);
            if (violation.isPresent()) {
                strictLog.add(violation.get());
                return Dispatch.answer(operation, MaxReply.error(400, "proto.payload", violation.get().message()));
            }
        }
        MaxWorld.Req req = new MaxWorld.Req(bot.get(), operation, pathValues, query, json);
        return Dispatch.handle(operation, true, r -> operation.equals("GET /updates") ? longPoll(req)
                : CompletableFuture.completedFuture(world.handle(req)));
    }

    @Override
    public FaultEffect effect(MaxFault fault) {
        return switch (fault.kind()) {
            case NONE -> FaultEffect.NONE;
            case DELAY -> new FaultEffect(FaultEffect.When.PASS, fault.delay());
            case ERROR, HTTP_ERROR -> new FaultEffect(FaultEffect.When.ANSWER_BEFORE, Duration.ZERO);
            case DROP_BEFORE_PROCESSING -> new FaultEffect(FaultEffect.When.DROP_BEFORE, Duration.ZERO);
            case DROP_AFTER_PROCESSING -> new FaultEffect(FaultEffect.When.DROP_AFTER, Duration.ZERO);
            case ERROR_AFTER_PROCESSING, MALFORMED_BODY -> new FaultEffect(FaultEffect.When.ANSWER_AFTER, Duration.ZERO);
        };
    }

    @Override
    public MaxReply faultReply(MaxFault fault, Incoming request, String operation, MaxReply reply) {
        return switch (fault.kind()) {
            case ERROR -> {
                MaxReply r = MaxReply.error(fault.status(), fault.code(), "Injected: " + fault.code());
                yield new MaxReply(r.status(), r.contentType(), r.body(), Outcome.API_ERROR, fault.code(), fault.code() + " (injected)");
            }
            case HTTP_ERROR -> MaxReply.html(fault.status(), Outcome.HTTP_ERROR, "HTTP " + fault.status() + " (injected)");
            case ERROR_AFTER_PROCESSING -> {
                MaxReply r = MaxReply.error(500, "internal.error", "Internal error");
                yield new MaxReply(500, r.contentType(), r.body(), Outcome.API_ERROR, "internal.error", "processed (" + reply.status()
                        + "), then 500 (injected)");
            }
            default -> {
                byte[] truncated = Arrays.copyOf(reply.body(), Math.max(1, reply.body().length / 2));
                yield new MaxReply(200, MaxReply.JSON, truncated, Outcome.MALFORMED_BODY, "", "processed (" + reply.status()
                        + "), then body truncated (injected)");
            }
        };
    }

    @Override
    public MaxReply dropped(MaxFault fault, Incoming request, String operation, MaxReply reply) {
        if (reply == null) {
            return new MaxReply(0, MaxReply.JSON, new byte[0], Outcome.DROPPED_BEFORE_PROCESSING, "",
                    "connection dropped before processing (injected)");
        }
        return new MaxReply(0, MaxReply.JSON, new byte[0], Outcome.DROPPED_AFTER_PROCESSING, "", "processed (" + reply.outcome()
                + " " + reply.status() + "), then connection dropped (injected)");
    }

    @Override
    public MaxReply internalError(Incoming request, String operation, Throwable e) {
        LOG.log(System.Logger.Level.WARNING, "fake MAX failed on " + operation + "; answering 500", e);
        return new MaxReply(500, MaxReply.JSON, "{\"code\":\"internal.error\",\"message\":\"fake failure\"}".getBytes(StandardCharsets.UTF_8),
                Outcome.INTERNAL_ERROR, "internal.error", "fake failure: " + e);
    }

    @Override
    public void record(Incoming request, String operation, MaxReply reply) {
        String authorization = request.authorization();
        Optional<String> fingerprint = authorization == null || authorization.isBlank() ? Optional.empty()
                : Optional.of(fingerprint(authorization));
        log.add(new RecordedRequest(request.sequence(), request.time(), request.httpMethod(), operation, request.rawPath(),
                parseQuery(request.rawQuery()), new String(request.body(), StandardCharsets.UTF_8), fingerprint, reply.outcome(),
                reply.status(), 0, reply.code(), reply.detail()));
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
}
