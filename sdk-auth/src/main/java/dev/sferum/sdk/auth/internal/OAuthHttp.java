package dev.sferum.sdk.auth.internal;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.core.internal.FormEncoder;
import dev.sferum.sdk.core.internal.HttpTransport;
import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.core.internal.LimitedBody;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * One form POST to VK ID or the legacy OAuth server on the JDK client, only to the configured hosts, with the body
 * read up to a limit and every failure typed. Secrets travel only in form bodies, never in URLs.
 */
public final class OAuthHttp {
    /** The largest OAuth answer read: token and user-info answers are a few kilobytes. */
    static final int MAX_BODY_BYTES = 1 << 20;

    /**
     * What the server answered.
     *
     * @param endpoint the endpoint's name, for messages
     * @param status the HTTP status
     * @param body the JSON object
     */
    public record Answer(String endpoint, int status, JsonNode body) {
        /** @return whether the body is an OAuth error ({@code {"error": "..."}}) */
        public boolean isError() {
            return body.has("error");
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final String userAgent;
    private final Set<String> allowedHosts;
    private final LimitedBody bodyHandler = new LimitedBody(MAX_BODY_BYTES);

    private static final HttpTransport.Remedies REMEDIES = new HttpTransport.Remedies(
            "check the VK ID base URL and the network; the request was not sent",
            "the server may have processed it; raise VkIdConfig.requestTimeout if the network is slow",
            "check the configured VK ID base URL; OAuth answers are small");

    /**
     * @param injected the application's client, or {@code null} to build one
     * @param connectTimeout the connect timeout for a built client
     * @param timeout the time one exchange may take
     * @param userAgent the {@code User-Agent}
     * @param allowedBases the only bases requests may go to
     */
    public OAuthHttp(HttpClient injected, Duration connectTimeout, Duration timeout, String userAgent, Collection<URI> allowedBases) {
        this.http = injected != null ? injected : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
        this.timeout = timeout;
        this.userAgent = userAgent;
        this.allowedHosts = allowedBases.stream().map(u -> u.getScheme() + "://" + u.getAuthority()).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Builds a form POST.
     *
     * @param uri where to
     * @param form the body parameters, in order
     * @return the request
     * @throws IllegalStateException if {@code uri} is not on a configured host
     */
    public HttpRequest post(URI uri, Map<String, String> form) {
        if (!allowedHosts.contains(uri.getScheme() + "://" + uri.getAuthority())) {
            throw new IllegalStateException("refusing to send credentials to " + uri.getHost() + ": only " + allowedHosts + " are configured");
        }
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofByteArray(FormEncoder.encode(form)))
                .build();
    }

    /**
     * Exchanges on the calling thread.
     *
     * @param endpoint a name for messages, such as {@code VK ID /oauth2/auth}
     * @param request the request
     * @return the answer
     * @throws SferumException on a transport failure or a body that is not a JSON object
     */
    public Answer send(String endpoint, HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, bodyHandler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(ErrorCategory.TRANSIENT, endpoint, TransportException.Failure.INTERRUPTED, 0, true,
                    endpoint + " was interrupted while waiting for the answer", null, null);
        } catch (IOException | RuntimeException e) {
            throw failure(endpoint, e);
        }
        return parse(endpoint, response.statusCode(), response.body());
    }

    /**
     * Exchanges without blocking.
     *
     * @param endpoint a name for messages
     * @param request the request
     * @return the answer; it fails with a {@link SferumException}; cancelling it aborts the exchange
     */
    public CompletableFuture<Answer> sendAsync(String endpoint, HttpRequest request) {
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            exchange = http.sendAsync(request, bodyHandler);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(failure(endpoint, e));
        }
        CompletableFuture<Answer> result = new CompletableFuture<>();
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                exchange.cancel(true);
            }
        });
        exchange.whenComplete((response, error) -> {
            try {
                if (error != null) {
                    throw failure(endpoint, error);
                }
                result.complete(parse(endpoint, response.statusCode(), response.body()));
            } catch (SferumException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(new SferumException(ErrorCategory.TRANSIENT, endpoint,
                        endpoint + " failed inside the SDK: " + e.getClass().getName(), null, e));
            }
        });
        return result;
    }

    static Answer parse(String endpoint, int status, byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? null : Json.read(body);
        } catch (JacksonException e) {
            root = null;
        } catch (RuntimeException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            if (status >= 500 || status == 429) {
                return failStatus(endpoint, status);
            }
            throw new TransportException(status >= 400 ? ErrorCategory.INVALID_INPUT : ErrorCategory.TRANSIENT, endpoint,
                    TransportException.Failure.MALFORMED_BODY, status, true,
                    endpoint + " answered with something that is not a JSON object (HTTP " + status + ")",
                    "check the configured VK ID base URL (is a proxy or a wrong host answering?)", null);
        }
        if ((status >= 500 || status == 429) && !root.has("error")) {
            return failStatus(endpoint, status);
        }
        return new Answer(endpoint, status, root);
    }

    private static Answer failStatus(String endpoint, int status) {
        if (status == 429) {
            throw new TransportException(ErrorCategory.THROTTLED, endpoint, TransportException.Failure.HTTP_STATUS, status, true,
                    "HTTP 429 Too Many Requests from " + endpoint, "slow down and try again later", null);
        }
        throw new TransportException(ErrorCategory.TRANSIENT, endpoint, TransportException.Failure.HTTP_STATUS, status, true,
                "HTTP " + status + " from " + endpoint, "a server or proxy failure; try again later", null);
    }

    private SferumException failure(String endpoint, Throwable error) {
        return HttpTransport.failure(endpoint, error, timeout, REMEDIES);
    }
}
