package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.Transport;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Exchanges on the JDK {@link HttpClient}: the default transport, and every call's when an {@code HttpClient} is
 * injected. Sync calls are {@code HttpClient.send}; async calls {@code HttpClient.sendAsync}.
 *
 * <p>The client the SDK builds for itself runs its tasks inline ({@code executor(Runnable::run)}): the caller's
 * thread writes the request, the selector thread reads the answer, and the SDK's completion — decoding, listeners,
 * the caller's future — moves once to the client's own executor ({@link ClientThreads}), because nothing of the
 * caller's may run on the selector thread. Measured against the JDK's default executor (which hands each exchange
 * to a worker thread to start it and again to deliver the body) this took about 30% less CPU per async call.
 * Failures are always handed to that executor: the JDK reports them on {@code CompletableFuture}'s default
 * executor, where no caller code may run either.
 *
 * <p>One exception: where {@code CompletableFuture}'s default executor starts a thread per task (JDK 17 on fewer
 * than three cores), {@code sendAsync} would start a platform thread for every exchange inside the JDK (its
 * {@code whenCompleteAsync(…, ASYNC_POOL)} hop). There an async exchange is {@code HttpClient.send} run on the
 * client's executor instead, which finishes the call on that thread (on the 2-core benchmark machine the two
 * paths measured about 2,200 against 12,600 calls/s with 16 in flight; {@code docs/benchmarks.md}).
 *
 * <p>The client the SDK builds speaks HTTP/1.1: against one TLS server speaking both, HTTP/2 on this client ran at
 * 0.3–0.7× the calls/s of HTTP/1.1 with more CPU per call ({@code benchmarks/NOTES.md}). Inject an {@code HttpClient}
 * built with {@code version(HTTP_2)} to use it.
 */
public final class JdkTransport implements Transport, AutoCloseable {
    private static final String SELECTOR_THREAD_CLASS = "jdk.internal.net.http.HttpClientImpl$SelectorManager";
    /**
     * Whether {@code CompletableFuture}'s default executor starts a thread per task: on JDK 17 when the common pool's
     * parallelism is below 2 (fewer than three cores). {@code sendAsync} hands every exchange to that executor.
     */
    private static final boolean THREAD_PER_ASYNC_TASK =
            !(new CompletableFuture<Void>().defaultExecutor() instanceof java.util.concurrent.ForkJoinPool);

    private final Supplier<HttpClient> factory;
    private final boolean ownsClient;
    private final ClientThreads completions;
    private volatile HttpClient http;
    private volatile boolean closed;

    /**
     * A transport on a client the user gave (and owns: {@link #close()} leaves it open).
     *
     * @param http the client
     * @param completions the client's executor, which finishes async exchanges
     */
    public JdkTransport(HttpClient http, ClientThreads completions) {
        this.http = http;
        this.factory = () -> http;
        this.ownsClient = false;
        this.completions = completions;
    }

    /**
     * A transport on a client it builds on first use and closes with {@link #close()}.
     *
     * @param factory builds the client on first use (a JDK client starts a selector thread; sync-only applications
     *     that never need it never pay for it)
     * @param completions the client's executor, which finishes async exchanges
     */
    public JdkTransport(Supplier<HttpClient> factory, ClientThreads completions) {
        this.factory = factory;
        this.ownsClient = true;
        this.completions = completions;
    }

    /** {@return the executor that finishes async exchanges} */
    ClientThreads completions() {
        return completions;
    }

    /** {@return the client, built on first use} */
    public HttpClient httpClient() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                h = http;
                if (h == null) {
                    if (closed) {
                        throw new IllegalStateException("the client is closed; build a new one");
                    }
                    h = factory.get();
                    http = h;
                }
            }
        }
        return h;
    }

    @Override
    public Response send(Exchange exchange) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = httpClient().send(request(exchange), new LimitedBody(exchange.maxResponseBytes(), null, this));
        return new Response(r.statusCode(), r.body(), headers(r.headers()));
    }

    @Override
    public CompletableFuture<Response> sendAsync(Exchange exchange) {
        if (THREAD_PER_ASYNC_TASK) {
            return sendOnClientThreads(exchange);
        }
        CompletableFuture<Response> answer = new CompletableFuture<>();
        CompletableFuture<HttpResponse<byte[]>> http;
        try {
            http = httpClient().sendAsync(request(exchange), new LimitedBody(exchange.maxResponseBytes(), answer, this));
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
            return answer;
        }
        // Failures before the body (connect, timeout, reset) only show on the JDK's future.
        http.whenComplete((r, e) -> {
            if (e != null) {
                failOffSelector(answer, e);
            }
        });
        answer.whenComplete((r, e) -> {
            if (answer.isCancelled()) {
                http.cancel(true);
            }
        });
        return answer;
    }

    /** {@link #send} on the client's executor; cancelling the future interrupts it, which cancels the exchange. */
    private CompletableFuture<Response> sendOnClientThreads(Exchange exchange) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        java.util.concurrent.FutureTask<Void> task = new java.util.concurrent.FutureTask<>(() -> {
            try {
                answer.complete(send(exchange));
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        }, null);
        try {
            completions.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            answer.completeExceptionally(new IllegalStateException("the client is closed; build a new one", e));
            return answer;
        }
        answer.whenComplete((r, e) -> {
            if (answer.isCancelled()) {
                task.cancel(true);
            }
        });
        return answer;
    }

    /**
     * Completes the SDK's future with the answer, never running the SDK's (and so the caller's) continuations on
     * the client's selector thread, where the body arrives when the client runs its tasks inline.
     *
     * @param answer the future
     * @param response the answer
     */
    void completeOffSelector(CompletableFuture<Response> answer, Response response) {
        if (Thread.currentThread().getClass().getName().equals(SELECTOR_THREAD_CLASS)) {
            handOff(answer, () -> answer.complete(response));
        } else {
            answer.complete(response);
        }
    }

    /**
     * Fails the SDK's future, always on the client's executor: the JDK reports failures on the selector thread or
     * on {@code CompletableFuture}'s default executor.
     *
     * @param answer the future
     * @param error the failure
     */
    void failOffSelector(CompletableFuture<Response> answer, Throwable error) {
        if (!answer.isDone()) {
            handOff(answer, () -> answer.completeExceptionally(error));
        }
    }

    private void handOff(CompletableFuture<Response> answer, Runnable completion) {
        try {
            completions.execute(completion);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The client was closed with this call in flight: fail it here rather than leave it hanging.
            answer.completeExceptionally(new IllegalStateException("the client was closed while the call was in flight", e));
        }
    }

    /**
     * Shuts down the JDK client this transport built, aborting exchanges in flight (JDK 21+ ends its selector
     * thread at once; on JDK 17, which has no {@code shutdownNow()}, the thread ends once the dropped client is
     * garbage-collected). An injected client is left open.
     */
    @Override
    public void close() {
        closed = true;
        HttpClient h;
        synchronized (this) {
            h = http;
            if (ownsClient) {
                http = null;
            }
        }
        if (ownsClient && h != null) {
            try {
                HttpClient.class.getMethod("shutdownNow").invoke(h);
            } catch (NoSuchMethodException e) {
                // JDK 17: no way to stop the client but to drop it.
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("could not shut down the JDK HttpClient", e);
            }
        }
    }

    private static HttpRequest request(Exchange e) {
        HttpRequest.Builder b = HttpRequest.newBuilder(e.uri())
                .timeout(e.timeout())
                .header("User-Agent", e.userAgent())
                .method(e.method(), e.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(e.body()));
        if (e.contentType() != null) {
            b.header("Content-Type", e.contentType());
        }
        if (e.authorization() != null) {
            b.header("Authorization", e.authorization().reveal());
        }
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        return b.build();
    }

    /**
     * @param headers the JDK's response headers
     * @return each name in lower case with its first value
     */
    static Map<String, String> headers(HttpHeaders headers) {
        Map<String, List<String>> all = headers.map();
        if (all.isEmpty()) {
            return Map.of();
        }
        Map<String, String> first = new HashMap<>(all.size() * 2);
        for (Map.Entry<String, List<String>> h : all.entrySet()) {
            if (!h.getValue().isEmpty()) {
                first.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue().get(0));
            }
        }
        return first;
    }

    @Override
    public String toString() {
        return "JdkTransport[" + (http == null ? "not started" : http) + "]";
    }
}
