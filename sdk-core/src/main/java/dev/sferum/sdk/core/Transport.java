package dev.sferum.sdk.core;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Carries one HTTP exchange with the API server: the seam between the SDK's call path and the network.
 *
 * <p>You rarely need this. By default the SDK makes every call with the JDK {@link java.net.http.HttpClient}. Inject
 * your own {@code HttpClient} with {@link ClientConfig.Builder#httpClient} to route both clients through it (for a
 * proxy or a custom SSL context). For sync calls that block on the caller's thread, with a pooled connection
 * manager, add sdk-transport-apache (Apache HttpClient 5) and opt in with one line,
 * {@code ClientConfig.builder().transport(ApacheTransport.factory())}. Implement this interface only for needs
 * beyond that — a corporate HTTP stack, recorded traffic in tests — and pass it, or a {@link Factory} of it, to
 * {@link ClientConfig.Builder#transport}; core stays free of any dependency.
 *
 * <pre>{@code
 * Transport recorded = new Transport() {
 *     public Response send(Exchange e) { return new Response(200, "{\"response\":1}".getBytes(UTF_8)); }
 *     public CompletableFuture<Response> sendAsync(Exchange e) { return CompletableFuture.completedFuture(send(e)); }
 * };
 * ClientConfig config = ClientConfig.builder().transport(recorded).build();
 * }</pre>
 *
 * <p>Contract. Send {@code POST exchange.uri()} with the headers {@code Content-Type:
 * application/x-www-form-urlencoded}, {@code Accept: application/json}, {@code User-Agent: exchange.userAgent()}
 * and, when {@code exchange.authorization()} is not {@code null}, {@code Authorization: <that value>}, and the body
 * bytes as they are; never follow redirects (they could carry the token elsewhere). Return any HTTP status with
 * its body — the SDK reads VK errors, HTTP errors and HTML pages itself. Signal failures with the JDK's types so
 * the SDK can tell what may have reached the server: {@link java.net.http.HttpConnectTimeoutException} or
 * {@link java.net.ConnectException} when nothing was sent, {@link java.net.http.HttpTimeoutException} when
 * {@code exchange.timeout()} passed, {@link ResponseTooLargeException} past {@code exchange.maxResponseBytes()},
 * and any other {@link IOException} for a broken exchange. The authorization value is the raw token: never log it.
 *
 * <p>Implementations must be thread-safe. {@link #send} runs on the calling thread and may block;
 * {@link #sendAsync} must not block, and the SDK finishes the call (decoding, listeners, the caller's future) on
 * the thread that completes the returned future.
 *
 * @since 0.1.0
 */
public interface Transport {

    /**
     * Makes the exchange on the calling thread.
     *
     * @param exchange what to send
     * @return the answer, whatever its status
     * @throws IOException if the exchange fails (see the class contract for which type means what)
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    Response send(Exchange exchange) throws IOException, InterruptedException;

    /**
     * Starts the exchange without blocking.
     *
     * @param exchange what to send
     * @return the answer; fails with the same exceptions as {@link #send}. Cancelling it should abort the exchange.
     */
    CompletableFuture<Response> sendAsync(Exchange exchange);

    /**
     * One request to the API server.
     *
     * @param uri {@code <base>/method/<name>}, always on the configured host
     * @param body the {@code application/x-www-form-urlencoded} body
     * @param authorization the {@code Authorization} header value ({@code Bearer <token>}), or {@code null}
     * @param userAgent the {@code User-Agent} header value
     * @param timeout how long the whole exchange may take
     * @param maxResponseBytes the largest body to read; fail with {@link ResponseTooLargeException} past it
     */
    record Exchange(URI uri, byte[] body, String authorization, String userAgent, Duration timeout, int maxResponseBytes) {
        /** Checks the parts. */
        public Exchange {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(userAgent, "userAgent");
            Objects.requireNonNull(timeout, "timeout");
            if (maxResponseBytes < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be positive: " + maxResponseBytes);
            }
        }

        /** Names the URI and sizes only: the body and the authorization hold personal data and the token. */
        @Override
        public String toString() {
            return "Exchange[POST " + uri + ", " + body.length + " bytes" + (authorization == null ? "" : ", authorized") + "]";
        }
    }

    /**
     * The server's answer.
     *
     * @param status the HTTP status
     * @param body the body bytes, possibly empty
     */
    record Response(int status, byte[] body) {
        /** Checks the parts. */
        public Response {
            Objects.requireNonNull(body, "body");
        }

        /** Names the status and size only. */
        @Override
        public String toString() {
            return "Response[" + status + ", " + body.length + " bytes]";
        }
    }

    /** The answer's body was larger than {@link Exchange#maxResponseBytes()}; the transport stopped reading. */
    final class ResponseTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long limit;

        /**
         * @param limit the limit that was passed
         */
        public ResponseTooLargeException(long limit) {
            super("response body is larger than " + limit + " bytes");
            this.limit = limit;
        }

        /** @return the limit that was passed */
        public long limit() {
            return limit;
        }
    }

    /**
     * Builds a client's transport from its configuration, so that one line on the config builder swaps the HTTP
     * stack and the transport is sized, timed and trusted as the config says. The client calls it once when it is
     * built and, if the transport is {@link AutoCloseable}, closes it when the client is closed.
     *
     * <pre>{@code
     * ClientConfig config = ClientConfig.builder().transport(ApacheTransport.factory()).build();
     * }</pre>
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    interface Factory {
        /**
         * @param config the client's configuration: connect timeout, pool size, trust, listeners…
         * @param executor the client's executor for async work ({@link ClientConfig#executor()} or threads the client
         *     owns); run blocking exchanges of {@link Transport#sendAsync} here, never on a pool of your own that
         *     nobody closes
         * @return the transport
         */
        Transport create(ClientConfig config, java.util.concurrent.Executor executor);
    }
}
