package dev.sferum.sdk.testkit.internal.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sferum.sdk.testkit.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP core every fake runs on: a JDK {@link HttpServer} on a port, worker threads and a timer, and one request
 * path: read the request, let the {@link Backend} route it, take its scheduled fault and latency from the
 * {@link FaultPlan}, run the handler, apply the fault, answer, record. The backends add only their API handlers and
 * state.
 *
 * <p>Answers may be produced later than the handler returns (latency, long poll); the exchange is completed from a
 * timer or worker thread then, which the JDK server supports. Thread-safe.
 *
 * @param <F> the fake's public fault type
 * @param <R> the fake's reply type
 */
public final class FakeServer<F, R extends ServerReply> implements AutoCloseable {

    /** Largest body a fake reads; the rest is discarded. */
    public static final int MAX_BODY = 8 * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(FakeServer.class.getName());
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private final String name;
    private final InetAddress bindAddress;
    private final int port;
    private final FakeClock clock;
    private final FaultPlan<F> faults;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private volatile Backend<F, R> backend;
    private HttpServer server;
    private URI origin;

    /**
     * Creates a server; {@link #backend(Backend)} then {@link #start()} make it serve.
     *
     * @param name        thread name prefix, such as {@code fake-vk}
     * @param bindAddress the address to listen on
     * @param port        the port, 0 for a free one
     * @param threads     worker threads
     * @param clock       the fake clock that stamps requests
     * @param faults      the fault plan
     */
    public FakeServer(String name, InetAddress bindAddress, int port, int threads, FakeClock clock,
            FaultPlan<F> faults) {
        this.name = name;
        this.bindAddress = bindAddress;
        this.port = port;
        this.clock = clock;
        this.faults = faults;
        this.workers = Executors.newFixedThreadPool(threads, daemon(name + "-http"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon(name + "-timer"));
    }

    /** Sets the backend; call once, before {@link #start()}. */
    public void backend(Backend<F, R> backend) {
        this.backend = backend;
    }

    /** The scheduler for timeouts, retries and delayed answers; tasks must be short. */
    public ScheduledExecutorService timer() {
        return timer;
    }

    /** The worker threads. */
    public ExecutorService workers() {
        return workers;
    }

    /** The fault plan. */
    public FaultPlan<F> faults() {
        return faults;
    }

    /** Opens the port and starts serving. */
    public void start() {
        if (backend == null) {
            throw new IllegalStateException("no backend set");
        }
        // On JDK 17 the built-in server leaves Nagle's algorithm on and writes the response head and body in two
        // writes, so every answer waits ~40 ms for the client's delayed ACK. The switch is read once, when the
        // server classes initialize, so it must be set before the first HttpServer of this JVM. A value the user
        // set explicitly is respected.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bindAddress.getHostAddress() + ":" + port
                    + " (is the port taken? use port 0 for a free one)", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
        String host = bindAddress.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        origin = URI.create("http://" + host + ":" + server.getAddress().getPort());
    }

    /** Scheme, host and port of the running server, without a trailing slash: {@code http://127.0.0.1:41234}. */
    public URI origin() {
        return origin;
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
        Incoming request;
        try {
            request = read(exchange);
        } catch (IOException e) {
            exchange.close();
            return;
        }
        Backend.Dispatch<R> dispatch = backend.dispatch(request);
        String operation = dispatch.operation();
        if (dispatch.immediate() != null) {
            finish(request, operation, dispatch.immediate());
            return;
        }
        F fault = faults.take(operation, dispatch.wildcardFaults());
        FaultEffect effect = fault == null ? FaultEffect.NONE : backend.effect(fault);
        Duration delay = faults.latencyFor(operation).plus(effect.delay());
        if (delay.isZero()) {
            proceed(request, dispatch, fault, effect);
        } else {
            timer.schedule(() -> workers.execute(() -> proceed(request, dispatch, fault, effect)), delay.toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    private Incoming read(HttpExchange exchange) throws IOException {
        long seq = sequence.incrementAndGet();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY);
            in.transferTo(OutputStream.nullOutputStream());
        }
        return new Incoming(seq, clock.instant(), exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), body, exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange);
    }

    private void proceed(Incoming request, Backend.Dispatch<R> dispatch, F fault, FaultEffect effect) {
        String operation = dispatch.operation();
        switch (effect.when()) {
            case DROP_BEFORE -> {
                drop(request, operation, backend.dropped(fault, request, operation, null));
                return;
            }
            case ANSWER_BEFORE -> {
                finish(request, operation, backend.faultReply(fault, request, operation, null));
                return;
            }
            default -> {
            }
        }
        CompletableFuture<R> answer;
        try {
            answer = dispatch.handler().apply(request);
        } catch (RuntimeException | Error e) {
            answer = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<R> result = answer;
        if (result.isDone()) {
            complete(request, operation, fault, effect, result);
        } else {
            result.whenCompleteAsync((r, e) -> complete(request, operation, fault, effect, result), workers);
        }
    }

    private void complete(Incoming request, String operation, F fault, FaultEffect effect, CompletableFuture<R> answer) {
        R reply;
        try {
            reply = answer.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.log(System.Logger.Level.WARNING, name + " failed on " + operation + "; answering as an internal error",
                    cause);
            reply = backend.internalError(request, operation, cause);
        }
        switch (effect.when()) {
            case DROP_AFTER -> drop(request, operation, backend.dropped(fault, request, operation, reply));
            case ANSWER_AFTER -> finish(request, operation, backend.faultReply(fault, request, operation, reply));
            default -> finish(request, operation, reply);
        }
    }

    private void drop(Incoming request, String operation, R recorded) {
        backend.record(request, operation, recorded);
        request.exchange().close();
    }

    private void finish(Incoming request, String operation, R reply) {
        backend.record(request, operation, reply);
        HttpExchange exchange = request.exchange();
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

    /** A thread factory of daemon threads named {@code name-1}, {@code name-2}, ... */
    public static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
