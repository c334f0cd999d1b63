package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.Transport;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Exchanges on the JDK {@link HttpClient}: the async client's default, and every call's when an {@code HttpClient}
 * is injected or a proxy applies.
 */
public final class JdkTransport implements Transport {
    private static final String SELECTOR_THREAD_CLASS = "jdk.internal.net.http.HttpClientImpl$SelectorManager";

    private final Supplier<HttpClient> factory;
    private volatile HttpClient http;

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
        HttpResponse<byte[]> r = httpClient().send(request(exchange), new LimitedBody(exchange.maxResponseBytes(), null));
        return new Response(r.statusCode(), r.body());
    }

    @Override
    public CompletableFuture<Response> sendAsync(Exchange exchange) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        CompletableFuture<HttpResponse<byte[]>> http;
        try {
            http = httpClient().sendAsync(request(exchange), new LimitedBody(exchange.maxResponseBytes(), answer));
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
            return answer;
        }
        // Failures before the body (connect, timeout, reset) only show on the JDK's future.
        http.whenComplete((r, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
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
     * the client's selector thread: with an injected client whose executor runs tasks inline, the body arrives
     * there.
     *
     * @param answer the future
     * @param response the answer
     */
    static void completeOffSelector(CompletableFuture<Response> answer, Response response) {
        if (Thread.currentThread().getClass().getName().equals(SELECTOR_THREAD_CLASS)) {
            answer.completeAsync(() -> response);
        } else {
            answer.complete(response);
        }
    }

    private static HttpRequest request(Exchange e) {
        HttpRequest.Builder b = HttpRequest.newBuilder(e.uri())
                .timeout(e.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("User-Agent", e.userAgent())
                .POST(HttpRequest.BodyPublishers.ofByteArray(e.body()));
        if (e.authorization() != null) {
            b.header("Authorization", e.authorization());
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "JdkTransport[" + (http == null ? "not started" : http) + "]";
    }
}
