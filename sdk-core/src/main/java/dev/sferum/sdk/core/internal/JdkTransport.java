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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Exchanges on the JDK {@link HttpClient}: the default transport, and every call's when an {@code HttpClient} is
 * injected or a proxy applies. Where {@code sendAsync} would start a thread per exchange (JDK 17, fewer than three
 * cores) the SDK's own client does async calls as {@link #send} on {@link ExchangeThreads} instead
 * ({@link ThreadedTransport}); {@link #sendAsync} then carries only what those threads refuse.
 *
 * <p>The client the SDK builds for itself runs its tasks inline ({@code executor(Runnable::run)}): the caller's
 * thread writes the request, the selector thread reads the answer, and the SDK's completion — decoding, listeners,
 * the caller's future — moves once to a completion thread ({@link #completions()}), because nothing of the
 * caller's may run on the selector thread. Measured against the JDK's default executor (which hands each exchange
 * to a worker thread to start it and again to deliver the body) this took about 30% less CPU per async call.
 */
public final class JdkTransport implements Transport {
    private static final String SELECTOR_THREAD_CLASS = "jdk.internal.net.http.HttpClientImpl$SelectorManager";
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Supplier<HttpClient> factory;
    private volatile HttpClient http;
    private volatile ExecutorService completions;

    /**
     * @param http the client
     */
    public JdkTransport(HttpClient http) {
        this.http = http;
        this.factory = () -> http;
    }

    /**
     * @param factory builds the client on first use (a JDK client starts a selector thread; sync-only applications
     *     that never need it never pay for it)
     */
    public JdkTransport(Supplier<HttpClient> factory) {
        this.factory = factory;
    }

    /**
     * The threads that finish async calls whose answer arrived on the selector thread: daemon, created on demand,
     * ended after a minute idle — like the JDK client's own default executor.
     *
     * @return the executor
     */
    ExecutorService completions() {
        ExecutorService c = completions;
        if (c == null) {
            synchronized (this) {
                c = completions;
                if (c == null) {
                    int pool = POOLS.incrementAndGet();
                    AtomicInteger n = new AtomicInteger();
                    c = Executors.newCachedThreadPool(r -> {
                        Thread t = new Thread(r, "sferum-async-" + pool + "-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                    completions = c;
                }
            }
        }
        return c;
    }

    /** @return the client, built on first use */
    public HttpClient httpClient() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                h = http;
                if (h == null) {
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

    /**
     * Completes the SDK's future with the answer, never running the SDK's (and so the caller's) continuations on
     * the client's selector thread, where the body arrives when the client runs its tasks inline.
     *
     * @param answer the future
     * @param response the answer
     */
    void completeOffSelector(CompletableFuture<Response> answer, Response response) {
        if (Thread.currentThread().getClass().getName().equals(SELECTOR_THREAD_CLASS)) {
            answer.completeAsync(() -> response, completions());
        } else {
            answer.complete(response);
        }
    }

    /**
     * Fails the SDK's future, off the selector thread like {@link #completeOffSelector}.
     *
     * @param answer the future
     * @param error the failure
     */
    void failOffSelector(CompletableFuture<Response> answer, Throwable error) {
        if (Thread.currentThread().getClass().getName().equals(SELECTOR_THREAD_CLASS)) {
            completions().execute(() -> answer.completeExceptionally(error));
        } else {
            answer.completeExceptionally(error);
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
