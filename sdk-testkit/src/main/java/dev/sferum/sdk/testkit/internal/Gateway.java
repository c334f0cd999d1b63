package dev.sferum.sdk.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sferum.sdk.testkit.Fault;
import dev.sferum.sdk.testkit.FakeToken;
import dev.sferum.sdk.testkit.RecordedRequest;
import dev.sferum.sdk.testkit.RecordedRequest.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP side: a JDK {@link HttpServer} on a free port, routing by path, applying scheduled faults and
 * latency, recording every request and writing the answer.
 *
 * <p>Answers may be produced later than the handler returns (latency, long poll); the exchange is completed
 * from a scheduler or worker thread then, which the JDK server supports.
 */
public final class Gateway implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Gateway.class.getName());
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    /** Handles the requests under one path prefix. */
    @FunctionalInterface
    public interface Endpoint {
        /** Produces the answer; may complete later (long poll). Never completes exceptionally for bad input. */
        CompletableFuture<Reply> handle(HttpCall call, String operation);
    }

    /** A path prefix, how to name its operations, and its endpoint. */
    private record Route(String prefix, boolean vkMethod, boolean exact, Endpoint endpoint) {
    }

    private final Settings settings;
    private final FaultPlan faults;
    private final RequestLog log;
    private final List<Route> routes = new ArrayList<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private HttpServer server;
    private URI baseUri;

    /** Creates a gateway; {@link #start()} opens the port. */
    public Gateway(Settings settings, FaultPlan faults, RequestLog log) {
        this.settings = settings;
        this.faults = faults;
        this.log = log;
        this.workers = Executors.newFixedThreadPool(settings.serverThreads(), daemon("fake-vk-http"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("fake-vk-timer"));
    }

    /** Routes {@code /method/<name>}: the operation is the VK method name. */
    public void methods(Endpoint endpoint) {
        routes.add(new Route("/method/", true, false, endpoint));
    }

    /** Routes one exact path, or every path under a prefix ending in {@code /}: the operation is the path. */
    public void path(String path, Endpoint endpoint) {
        routes.add(new Route(path, false, !path.endsWith("/"), endpoint));
    }

    /** The scheduler for timeouts and retries; tasks must be short. */
    public ScheduledExecutorService timer() {
        return timer;
    }

    /** Opens the port and starts serving. */
    public void start() {
        // On JDK 17 the built-in server leaves Nagle's algorithm on and writes the response head and body in
        // two writes, so every answer waits ~40 ms for the client's delayed ACK. The switch is read once, when
        // the server classes initialize, so it must be set before the first HttpServer is created in this JVM.
        // A value the user set explicitly is respected.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.bindAddress().getHostAddress() + ":"
                    + settings.port() + " (is the port taken? use port 0 for a free one)", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
        String host = settings.bindAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        baseUri = URI.create("http://" + host + ":" + server.getAddress().getPort() + "/");
    }

    /** The base URI, e.g. {@code http://127.0.0.1:41234/}. */
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (server != null) {
            server.stop(0);
        }
        timer.shutdownNow();
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        long sequence = log.nextSequence();
        Instant time = settings.clock().instant();
        HttpCall call;
        try {
            call = HttpCall.read(exchange);
        } catch (IOException e) {
            exchange.close();
            return;
        }
        Route route = route(call.path());
        if (route == null) {
            Reply reply = Reply.htmlError(404, "Not Found", Outcome.HTTP_ERROR, "no such path: " + call.path());
            finish(exchange, call, sequence, time, call.path(), false, reply);
            return;
        }
        String operation = route.vkMethod() ? call.path().substring(route.prefix().length()) : call.path();
        Fault fault = faults.take(operation, route.vkMethod());
        Duration delay = faults.latencyFor(operation);
        if (fault != null && fault.kind() == Fault.Kind.DELAY) {
            delay = delay.plus(fault.delay());
        }
        if (delay.isZero()) {
            proceed(exchange, call, sequence, time, route, operation, fault);
        } else {
            timer.schedule(() -> workers.execute(() -> proceed(exchange, call, sequence, time, route, operation,
                    fault)), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private Route route(String path) {
        for (Route route : routes) {
            if (route.exact() ? path.equals(route.prefix()) : path.startsWith(route.prefix())) {
                return route;
            }
        }
        return null;
    }

    private void proceed(HttpExchange exchange, HttpCall call, long sequence, Instant time, Route route,
            String operation, Fault fault) {
        Fault.Kind kind = fault == null ? null : fault.kind();
        if (kind == Fault.Kind.DROP_BEFORE_PROCESSING) {
            record(call, sequence, time, operation, route.vkMethod(), Outcome.DROPPED_BEFORE_PROCESSING, 0,
                    "connection dropped before processing (injected)");
            exchange.close();
            return;
        }
        if (kind == Fault.Kind.HTTP_ERROR) {
            finish(exchange, call, sequence, time, operation, route.vkMethod(),
                    Reply.htmlError(fault.code(), "Error", Outcome.HTTP_ERROR,
                            "HTTP " + fault.code() + " (injected)"));
            return;
        }
        if (kind == Fault.Kind.VK_ERROR) {
            ApiException error = new ApiException(fault.code());
            finish(exchange, call, sequence, time, operation, route.vkMethod(),
                    ApiEndpoint.errorReply(error, operation, call, "VK error " + fault.code() + " (injected)"));
            return;
        }
        CompletableFuture<Reply> answer = handleSafely(route, call, operation);
        if (answer.isDone()) {
            complete(exchange, call, sequence, time, route, operation, kind, answer);
        } else {
            answer.whenCompleteAsync((r, e) -> complete(exchange, call, sequence, time, route, operation, kind,
                    answer), workers);
        }
    }

    private static CompletableFuture<Reply> handleSafely(Route route, HttpCall call, String operation) {
        try {
            return route.endpoint().handle(call, operation);
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void complete(HttpExchange exchange, HttpCall call, long sequence, Instant time, Route route,
            String operation, Fault.Kind kind, CompletableFuture<Reply> answer) {
        Reply reply;
        try {
            reply = answer.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.log(System.Logger.Level.WARNING, "fake VK failed on " + operation + "; answering as VK error 10",
                    cause);
            reply = internalError(call, operation, route.vkMethod(), cause);
        }
        if (kind == Fault.Kind.DROP_AFTER_PROCESSING) {
            record(call, sequence, time, operation, route.vkMethod(), Outcome.DROPPED_AFTER_PROCESSING,
                    reply.errorCode(), "processed (" + reply.outcome() + "), then connection dropped (injected)");
            exchange.close();
            return;
        }
        if (kind == Fault.Kind.MALFORMED_BODY) {
            byte[] body = reply.body();
            byte[] truncated = Arrays.copyOf(body, Math.max(1, body.length / 2));
            reply = new Reply(200, Reply.JSON, truncated, Map.of(), Outcome.MALFORMED_BODY, reply.errorCode(),
                    "processed (" + reply.outcome() + "), then body truncated (injected)");
        }
        finish(exchange, call, sequence, time, operation, route.vkMethod(), reply);
    }

    private static Reply internalError(HttpCall call, String operation, boolean vkMethod, Throwable cause) {
        String detail = "fake failure: " + cause;
        if (vkMethod) {
            Reply vk = ApiEndpoint.errorReply(new ApiException(10), operation, call, detail);
            return new Reply(vk.status(), vk.contentType(), vk.body(), Map.of(), Outcome.INTERNAL_ERROR, 10, detail);
        }
        ObjectNode body = Json.object();
        body.put("error", "server_error");
        body.put("error_description", "Internal server error");
        return Reply.json(500, body, Outcome.INTERNAL_ERROR, 0, detail);
    }

    private void finish(HttpExchange exchange, HttpCall call, long sequence, Instant time, String operation,
            boolean vkMethod, Reply reply) {
        record(call, sequence, time, operation, vkMethod, reply.outcome(), reply.errorCode(), reply.detail());
        try {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            byte[] body = reply.body();
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException clientWentAway) {
            // The client closed the connection (e.g. its own timeout); the request is recorded already.
        } finally {
            exchange.close();
        }
    }

    private void record(HttpCall call, long sequence, Instant time, String operation, boolean vkMethod,
            Outcome outcome, int errorCode, String detail) {
        String token = call.bearerToken();
        if (token == null) {
            token = call.params().get("access_token");
        }
        if (token == null || token.isEmpty()) {
            token = call.params().get("refresh_token");
        }
        Optional<String> fingerprint = token == null || token.isEmpty() ? Optional.empty()
                : Optional.of(FakeToken.fingerprintOf(token));
        log.add(new RecordedRequest(sequence, time, call.httpMethod(), operation,
                RequestLog.redact(call.params(), vkMethod), fingerprint, outcome, errorCode, detail));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
