package dev.sferum.sdk.auth.internal;

import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.Transport;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.core.internal.CallPipeline;
import dev.sferum.sdk.core.internal.FormEncoder;
import dev.sferum.sdk.core.internal.HttpTransport;
import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.core.internal.RetryHint;
import dev.sferum.sdk.core.internal.Wire;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * VK ID's wire: one form POST to VK ID or the legacy OAuth server, only to the configured hosts, with every failure
 * typed, run by sdk-core's {@link CallPipeline} over the configuration's {@link dev.sferum.sdk.core.Transport} — so an
 * injected {@code HttpClient}, a proxy, a custom transport and the listeners apply to VK ID as to every other call.
 * Never retried (a code is good once) and never rate-limited. Secrets travel only in form bodies, never in URLs.
 */
public final class OAuthHttp implements Wire<OAuthHttp.Request, Void> {
    /** The largest OAuth answer read: token and user-info answers are a few kilobytes. */
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Map<String, String> ACCEPT_JSON = Map.of("Accept", "application/json");

    /**
     * What the server answered.
     *
     * @param endpoint the endpoint's name, for messages
     * @param status the HTTP status
     * @param body the JSON object
     */
    public record Answer(String endpoint, int status, JsonNode body) {
        /** {@return whether the body is an OAuth error ({@code {"error": "..."}})} */
        public boolean isError() {
            return body.has("error");
        }
    }

    /**
     * One form POST, ready to send.
     *
     * @param uri where to
     * @param form the encoded body (it holds codes and secrets: never logged)
     */
    public record Request(URI uri, byte[] form) {
        /** Names the address only. */
        @Override
        public String toString() {
            return "Request[POST " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "]";
        }
    }

    private final ClientConfig calls;
    private final Set<String> allowedHosts;
    private final CallPipeline<Request, Void> pipeline;

    private static final HttpTransport.Remedies REMEDIES = new HttpTransport.Remedies(
            "check the VK ID base URL and the network; the request was not sent",
            "the server may have processed it; raise the attempt timeout of VkIdConfig.calls if the network is slow",
            "check the configured VK ID base URL; OAuth answers are small");

    /**
     * @param calls how exchanges are made (timeouts, transport, listeners, user agent)
     * @param allowedBases the only bases requests may go to
     */
    public OAuthHttp(ClientConfig calls, Collection<URI> allowedBases) {
        this.calls = calls;
        this.allowedHosts = allowedBases.stream().map(u -> u.getScheme() + "://" + u.getAuthority()).collect(Collectors.toUnmodifiableSet());
        this.pipeline = new CallPipeline<>(calls, this, null, new HttpTransport(calls));
    }

    /**
     * Builds a form POST.
     *
     * @param uri where to
     * @param form the body parameters, in order
     * @return the request
     * @throws IllegalStateException if {@code uri} is not on a configured host
     */
    public Request post(URI uri, Map<String, String> form) {
        if (!allowedHosts.contains(uri.getScheme() + "://" + uri.getAuthority())) {
            throw new IllegalStateException("refusing to send credentials to " + uri.getHost() + ": only " + allowedHosts + " are configured");
        }
        return new Request(uri, FormEncoder.encode(form));
    }

    /**
     * Exchanges on the calling thread.
     *
     * @param endpoint a name for messages, such as {@code VK ID /oauth2/auth}
     * @param request the request
     * @return the answer
     * @throws SferumException on a transport failure or a body that is not a JSON object
     */
    public Answer send(String endpoint, Request request) {
        return pipeline.execute(spec(endpoint, request), outcome -> read(endpoint, (Transport.Response) outcome));
    }

    /**
     * Exchanges without blocking.
     *
     * @param endpoint a name for messages
     * @param request the request
     * @return the answer; it fails with a {@link SferumException}; cancelling it aborts the exchange
     */
    public CompletableFuture<Answer> sendAsync(String endpoint, Request request) {
        return pipeline.executeAsync(spec(endpoint, request), outcome -> read(endpoint, (Transport.Response) outcome));
    }

    private CallPipeline.Spec<Request, Void> spec(String endpoint, Request request) {
        return new CallPipeline.Spec<>(request, endpoint, false, true, null, null, calls.callTimeout(), calls.attemptTimeout());
    }

    private static Answer read(String endpoint, Transport.Response response) {
        return parse(endpoint, response.status(), response.body());
    }

    @Override
    public String operation(Request request) {
        return "POST " + request.uri().getRawPath();
    }

    @Override
    public Transport.Exchange encode(Request request, Void credential, Duration timeout) {
        return new Transport.Exchange("POST", request.uri(), FORM, request.form(), null, ACCEPT_JSON, calls.userAgent(), timeout,
                MAX_BODY_BYTES);
    }

    /** VK ID's calls are never retried and fail with their own failure, never an unknown outcome: every hint is SENT. */
    @Override
    public RetryHint hint(SferumException failure) {
        return RetryHint.SENT;
    }

    @Override
    public boolean refusal(SferumException failure) {
        return false;
    }

    @Override
    public SferumException failure(String operation, Throwable error, Duration timeout) {
        return HttpTransport.failure(operation, error, timeout, REMEDIES);
    }

    @Override
    public TokenKind kind(Void credential) {
        throw new IllegalStateException("VK ID calls carry no access token");
    }

    @Override
    public String fingerprint(Void credential) {
        throw new IllegalStateException("VK ID calls carry no access token");
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

    @Override
    public String toString() {
        return "OAuthHttp" + allowedHosts;
    }
}
