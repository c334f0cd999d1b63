package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.Fault;
import dev.sferum.sdk.testkit.FakeToken;
import dev.sferum.sdk.testkit.RecordedRequest;
import dev.sferum.sdk.testkit.RecordedRequest.Outcome;
import dev.sferum.sdk.testkit.internal.server.Backend;
import dev.sferum.sdk.testkit.internal.server.FakeServer;
import dev.sferum.sdk.testkit.internal.server.FaultEffect;
import dev.sferum.sdk.testkit.internal.server.FaultPlan;
import dev.sferum.sdk.testkit.internal.server.Incoming;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake VK's side of the {@link FakeServer} core: routes by path ({@code /method/<name>} named by the VK method,
 * other endpoints by their path), puts {@link Fault}s on VK's wire and records {@link RecordedRequest}s.
 */
public final class Gateway implements Backend<Fault, Reply>, AutoCloseable {

    /** Handles the requests under one path prefix. */
    @FunctionalInterface
    public interface Endpoint {
        /** Produces the answer; may complete later (long poll). Never completes exceptionally for bad input. */
        CompletableFuture<Reply> handle(HttpCall call, String operation);
    }

    /** A path prefix, how to name its operations, and its endpoint. */
    private record Route(String prefix, boolean vkMethod, boolean exact, Endpoint endpoint) {
    }

    private final FakeServer<Fault, Reply> server;
    private final RequestLog log;
    private final List<Route> routes = new ArrayList<>();

    /** Creates a gateway; {@link #start()} opens the port. */
    public Gateway(Settings settings, FaultPlan<Fault> faults, RequestLog log) {
        this.log = log;
        this.server = new FakeServer<>("fake-vk", settings.bindAddress(), settings.port(), settings.serverThreads(),
                settings.clock(), faults);
        server.backend(this);
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
        return server.timer();
    }

    /** Opens the port and starts serving. */
    public void start() {
        server.start();
    }

    /** The base URI, e.g. {@code http://127.0.0.1:41234/}. */
    public URI baseUri() {
        return URI.create(server.origin() + "/");
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public Dispatch<Reply> dispatch(Incoming request) {
        HttpCall call = HttpCall.of(request);
        Route route = route(call.path());
        if (route == null) {
            return Dispatch.answer(call.path(),
                    Reply.htmlError(404, "Not Found", Outcome.HTTP_ERROR, "no such path: " + call.path()));
        }
        String operation = route.vkMethod() ? call.path().substring(route.prefix().length()) : call.path();
        return Dispatch.handle(operation, route.vkMethod(), r -> route.endpoint().handle(call, operation));
    }

    private Route route(String path) {
        for (Route route : routes) {
            if (route.exact() ? path.equals(route.prefix()) : path.startsWith(route.prefix())) {
                return route;
            }
        }
        return null;
    }

    @Override
    public FaultEffect effect(Fault fault) {
        return switch (fault.kind()) {
            case VK_ERROR, HTTP_ERROR -> new FaultEffect(FaultEffect.When.ANSWER_BEFORE, fault.delay());
            case DROP_BEFORE_PROCESSING -> new FaultEffect(FaultEffect.When.DROP_BEFORE, fault.delay());
            case DROP_AFTER_PROCESSING -> new FaultEffect(FaultEffect.When.DROP_AFTER, fault.delay());
            case MALFORMED_BODY -> new FaultEffect(FaultEffect.When.ANSWER_AFTER, fault.delay());
            case DELAY -> new FaultEffect(FaultEffect.When.PASS, fault.delay());
        };
    }

    @Override
    public Reply faultReply(Fault fault, Incoming request, String operation, Reply processed) {
        return switch (fault.kind()) {
            case HTTP_ERROR -> Reply.htmlError(fault.code(), "Error", Outcome.HTTP_ERROR,
                    "HTTP " + fault.code() + " (injected)");
            case VK_ERROR -> ApiEndpoint.errorReply(new ApiException(fault.code()), operation, HttpCall.of(request),
                    "VK error " + fault.code() + " (injected)");
            default -> {
                byte[] body = processed.body();
                byte[] truncated = Arrays.copyOf(body, Math.max(1, body.length / 2));
                yield new Reply(200, Reply.JSON, truncated, Map.of(), Outcome.MALFORMED_BODY, processed.errorCode(),
                        "processed (" + processed.outcome() + "), then body truncated (injected)");
            }
        };
    }

    @Override
    public Reply dropped(Fault fault, Incoming request, String operation, Reply processed) {
        if (processed == null) {
            return new Reply(0, Reply.JSON, new byte[0], Map.of(), Outcome.DROPPED_BEFORE_PROCESSING, 0,
                    "connection dropped before processing (injected)");
        }
        return new Reply(0, Reply.JSON, new byte[0], Map.of(), Outcome.DROPPED_AFTER_PROCESSING,
                processed.errorCode(), "processed (" + processed.outcome() + "), then connection dropped (injected)");
    }

    @Override
    public Reply internalError(Incoming request, String operation, Throwable cause) {
        String detail = "fake failure: " + cause;
        if (!operation.startsWith("/")) {
            Reply vk = ApiEndpoint.errorReply(new ApiException(10), operation, HttpCall.of(request), detail);
            return new Reply(vk.status(), vk.contentType(), vk.body(), Map.of(), Outcome.INTERNAL_ERROR, 10, detail);
        }
        ObjectNode body = Json.object();
        body.put("error", "server_error");
        body.put("error_description", "Internal server error");
        return Reply.json(500, body, Outcome.INTERNAL_ERROR, 0, detail);
    }

    @Override
    public void record(Incoming request, String operation, Reply reply) {
        HttpCall call = HttpCall.of(request);
        boolean vkMethod = !operation.startsWith("/");
        String token = call.bearerToken();
        if (token == null) {
            token = call.params().get("access_token");
        }
        if (token == null || token.isEmpty()) {
            token = call.params().get("refresh_token");
        }
        Optional<String> fingerprint = token == null || token.isEmpty() ? Optional.empty()
                : Optional.of(FakeToken.fingerprintOf(token));
        log.add(new RecordedRequest(request.sequence(), request.time(), call.httpMethod(), operation,
                request.rawPath(), RequestLog.redact(call.params(), vkMethod), "", fingerprint, reply.outcome(),
                reply.status(), reply.errorCode(), "", reply.detail()));
    }
}
