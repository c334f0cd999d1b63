package dev.sferum.sdk.core;

import dev.sferum.sdk.core.internal.Require;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Carries one HTTP exchange with a server the SDK talks to — the VK API, VK ID, the MAX Bot API, long-poll servers:
 * the seam between the SDK's call paths and the network.
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
 * <p>Contract. Send {@code exchange.method()} to {@code exchange.uri()} with the headers {@code User-Agent:
 * exchange.userAgent()}, {@code Content-Type: exchange.contentType()} when that is not {@code null}, {@code
 * Authorization: exchange.authorization().reveal()} when the authorization is not {@code null}, and every entry of
 * {@code exchange.headers()} (such as {@code Accept}), then the body bytes as they are (an empty body is sent as no
 * body); never follow redirects (they could carry the credential elsewhere). Return any HTTP status with its body
 * and its headers — the SDK reads API errors, HTTP errors, HTML pages and {@code Retry-After} itself. Signal
 * failures with the JDK's types so the SDK can tell what may have reached the server:
 * {@link java.net.http.HttpConnectTimeoutException} or {@link java.net.ConnectException} when nothing was sent,
 * {@link java.net.http.HttpTimeoutException} when {@code exchange.timeout()} passed,
 * {@link ResponseTooLargeException} past {@code exchange.maxResponseBytes()}, and any other {@link IOException} for
 * a broken exchange. The authorization is a credential and the URI's query may hold one (a long-poll key): never
 * log either.
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
     * One request to a server the SDK talks to: the VK API, VK ID's OAuth endpoints, the MAX Bot API, a long-poll
     * server.
     *
     * @param method the HTTP method in upper case: {@code GET}, {@code POST}, {@code PUT}, {@code PATCH} or
     *     {@code DELETE}
     * @param uri the full address, query included
     * @param contentType the {@code Content-Type} header value, or {@code null} when the body is empty
     * @param body the body bytes; empty for none
     * @param authorization the whole {@code Authorization} header value ({@code Bearer <token>} on VK, the bare
     *     token on MAX), or {@code null} for none
     * @param headers further request headers, such as {@code Accept}; never {@code Authorization},
     *     {@code Content-Type} or {@code User-Agent}, which have their own parts
     * @param userAgent the {@code User-Agent} header value
     * @param timeout how long the whole exchange may take
     * @param maxResponseBytes the largest body to read; fail with {@link ResponseTooLargeException} past it
     */
    record Exchange(String method, URI uri, String contentType, byte[] body, Secret authorization,
                    Map<String, String> headers, String userAgent, Duration timeout, int maxResponseBytes) {
        /**
         * Checks the parts and copies the headers.
         *
         * @param method the HTTP method in upper case: {@code GET}, {@code POST}, {@code PUT}, {@code PATCH} or
         *     {@code DELETE}
         * @param uri the full address, query included
         * @param contentType the {@code Content-Type} header value, or {@code null} when the body is empty
         * @param body the body bytes; empty for none
         * @param authorization the whole {@code Authorization} header value ({@code Bearer <token>} on VK, the bare
         *     token on MAX), or {@code null} for none
         * @param headers further request headers, such as {@code Accept}; never {@code Authorization},
         *     {@code Content-Type} or {@code User-Agent}, which have their own parts
         * @param userAgent the {@code User-Agent} header value
         * @param timeout how long the whole exchange may take
         * @param maxResponseBytes the largest body to read; fail with {@link ResponseTooLargeException} past it
         */
        public Exchange {
            Require.nonNull("method uri body headers userAgent timeout", method, uri, body, headers, userAgent, timeout);
            if (method.isEmpty() || !method.equals(method.toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("method must be an upper-case HTTP method such as POST: " + method);
            }
            if (contentType == null && body.length > 0) {
                throw new IllegalArgumentException("a body of " + body.length + " bytes needs a contentType");
            }
            if (maxResponseBytes < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be positive: " + maxResponseBytes);
            }
            headers = Map.copyOf(headers);
        }

        /**
         * Names the method, the address without its query, the content type and sizes only: the body, the query
         * (a long-poll key) and the authorization hold personal data and credentials.
         */
        @Override
        public String toString() {
            String target = uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
            return "Exchange[" + method + " " + target + (uri.getRawQuery() == null ? "" : "?…")
                    + (contentType == null ? "" : ", " + contentType) + ", " + body.length + " bytes"
                    + (authorization == null ? "" : ", authorized") + "]";
        }
    }

    /**
     * The server's answer.
     *
     * @param status the HTTP status
     * @param body the body bytes, possibly empty
     * @param headers the response headers, each name in lower case with its first value; a transport returns at
     *     least {@code content-type} and {@code retry-after} when the server sent them
     */
    record Response(int status, byte[] body, Map<String, String> headers) {
        /**
         * Checks the parts and copies the headers.
         *
         * @param status the HTTP status
         * @param body the body bytes, possibly empty
         * @param headers the response headers, each name in lower case with its first value; a transport returns at
         *     least {@code content-type} and {@code retry-after} when the server sent them
         */
        public Response {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(headers, "headers");
            headers = Map.copyOf(headers);
        }

        /**
         * An answer without headers.
         *
         * @param status the HTTP status
         * @param body the body bytes, possibly empty
         */
        public Response(int status, byte[] body) {
            this(status, body, Map.of());
        }

        /**
         * Reads a header of the response.
         *
         * @param name a header name, in any case
         * @return its first value, if the server sent it
         */
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        /** Names the status, the content type and the size only. */
        @Override
        public String toString() {
            String type = headers.get("content-type");
            return "Response[" + status + (type == null ? "" : ", " + type) + ", " + body.length + " bytes]";
        }
    }

    /** The answer's body was larger than {@link Exchange#maxResponseBytes()}; the transport stopped reading. */
    final class ResponseTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        /** The largest body, in bytes, the transport was allowed to read. */
        private final long limit;

        /**
         * Makes the exception for a body larger than the limit.
         *
         * @param limit the limit that was passed
         */
        public ResponseTooLargeException(long limit) {
            super("response body is larger than " + limit + " bytes");
            this.limit = limit;
        }

        /** {@return the limit that was passed} */
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
         * Makes a transport for a client.
         *
         * @param config the client's configuration: connect timeout, pool size, trust, listeners…
         * @param executor the client's executor for async work ({@link ClientConfig#executor()} or threads the client
         *     owns); run blocking exchanges of {@link Transport#sendAsync} here, never on a pool of your own that
         *     nobody closes
         * @return the transport
         */
        Transport create(ClientConfig config, java.util.concurrent.Executor executor);
    }
}
