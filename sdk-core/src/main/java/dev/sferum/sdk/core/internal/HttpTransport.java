package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * One HTTP exchange with the VK API on the JDK client: a form POST to {@code <base>/method/<name>} with the token
 * in the {@code Authorization} header, the body read up to the configured limit, and every failure typed.
 */
public final class HttpTransport {
    private final HttpClient http;
    private final String methodPrefix;
    private final String apiHost;
    private final String userAgent;
    private final LimitedBody bodyHandler;
    private final Map<String, URI> uris = new ConcurrentHashMap<>();

    /**
     * @param config the client configuration
     */
    public HttpTransport(ClientConfig config) {
        this.http = config.httpClient().orElseGet(() -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.connectTimeout())
                .build());
        this.methodPrefix = config.baseUri().toString() + "/method/";
        this.apiHost = config.baseUri().getHost();
        this.userAgent = config.userAgent();
        this.bodyHandler = new LimitedBody(config.maxResponseBytes());
    }

    /** @return the JDK client in use */
    public HttpClient httpClient() {
        return http;
    }

    /**
     * Sends one request and waits for its answer.
     *
     * @param method the API method
     * @param body the form body
     * @param token the token, or {@code null}
     * @param timeout the attempt timeout
     * @return the parsed answer
     * @throws SferumException on any failure
     */
    public Answer send(String method, byte[] body, AccessToken token, Duration timeout) {
        HttpRequest request = request(method, body, token, timeout);
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, bodyHandler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(ErrorCategory.TRANSIENT, method, TransportException.Failure.INTERRUPTED, 0, true,
                    method + " was interrupted while waiting for the answer", null, null);
        } catch (IOException | RuntimeException e) {
            throw failure(method, e, timeout);
        }
        return ResponseParser.parse(method, response.statusCode(), response.body());
    }

    /**
     * Sends one request without blocking.
     *
     * @param method the API method
     * @param body the form body
     * @param token the token, or {@code null}
     * @param timeout the attempt timeout
     * @return the exchange; cancelling it aborts the exchange
     */
    public CompletableFuture<HttpResponse<byte[]>> sendAsync(String method, byte[] body, AccessToken token, Duration timeout) {
        return http.sendAsync(request(method, body, token, timeout), bodyHandler);
    }

    /**
     * Maps what {@link #sendAsync} produced into an answer.
     *
     * @param method the method
     * @param response the response, or {@code null} on failure
     * @param error the failure, or {@code null}
     * @param timeout the attempt timeout, for messages
     * @return the answer
     * @throws SferumException on failure
     */
    public Answer complete(String method, HttpResponse<byte[]> response, Throwable error, Duration timeout) {
        if (error != null) {
            throw failure(method, error, timeout);
        }
        return ResponseParser.parse(method, response.statusCode(), response.body());
    }

    private HttpRequest request(String method, byte[] body, AccessToken token, Duration timeout) {
        URI uri = uris.computeIfAbsent(method, m -> URI.create(methodPrefix + m));
        if (!apiHost.equals(uri.getHost())) {
            throw new IllegalStateException("refusing to send a token to " + uri.getHost() + ": only " + apiHost + " is allowed");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token.reveal());
        }
        return b.build();
    }

    /**
     * Types a failure of the exchange.
     *
     * @param method the method
     * @param error what the HTTP client threw
     * @param timeout the attempt timeout
     * @return the typed exception
     */
    public static SferumException failure(String method, Throwable error, Duration timeout) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof SferumException s) {
            return s;
        }
        LimitedBody.TooLargeException tooLarge = find(e, LimitedBody.TooLargeException.class);
        if (tooLarge != null) {
            return new TransportException(ErrorCategory.INVALID_INPUT, method, TransportException.Failure.BODY_TOO_LARGE, 0, true,
                    method + " got a response body larger than " + tooLarge.limit + " bytes",
                    "ask for fewer items per call, or raise ClientConfig.maxResponseBytes", null);
        }
        if (e instanceof HttpConnectTimeoutException || find(e, ConnectException.class) != null
                || find(e, UnresolvedAddressException.class) != null) {
            return new TransportException(ErrorCategory.TRANSIENT, method, TransportException.Failure.CONNECT, 0, false,
                    method + " could not connect to the API server (" + e.getClass().getSimpleName() + ")",
                    "check the API base URL and the network; the request was not sent", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new TransportException(ErrorCategory.TRANSIENT, method, TransportException.Failure.TIMEOUT, 0, true,
                    method + " got no answer within " + timeout.toMillis() + " ms",
                    "the server may have processed it; raise the attempt timeout if the method is slow", e);
        }
        if (e instanceof java.util.concurrent.CancellationException) {
            return new TransportException(ErrorCategory.TRANSIENT, method, TransportException.Failure.INTERRUPTED, 0, true,
                    method + " was cancelled", null, null);
        }
        return new TransportException(ErrorCategory.TRANSIENT, method, TransportException.Failure.IO, 0, true,
                method + " failed during the exchange (" + e.getClass().getSimpleName() + ")",
                "the connection broke; the server may have processed the request", e);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
