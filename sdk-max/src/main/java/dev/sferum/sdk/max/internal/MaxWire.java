package dev.sferum.sdk.max.internal;

import dev.sferum.sdk.core.ServerTrust;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.Transport;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.core.internal.CallPipeline;
import dev.sferum.sdk.core.internal.HttpTransport;
import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.core.internal.RetryHint;
import dev.sferum.sdk.core.internal.Wire;
import dev.sferum.sdk.max.MaxApiException;
import dev.sferum.sdk.max.MaxBotToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The MAX Bot API's wire: JSON over {@code GET/POST/PUT/PATCH/DELETE <base><path>?query}, the bare bot token as
 * {@code Authorization}, answers other than 200 typed by {@link MaxErrors}, and MAX's retry hints: 429 throttles (and
 * slows the bot's budget), an upload not yet processed had no effect, a 5xx or 408 leaves the outcome unknown. One
 * budget per bot token ({@code max:<fingerprint>}) at the configuration's {@link TokenKind#BOT} rate.
 */
public final class MaxWire implements Wire<MaxRequest, MaxBotToken> {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.max.call");
    private static final String JSON = "application/json; charset=utf-8";
    private static final Map<String, String> ACCEPT_JSON = Map.of("Accept", "application/json");
    private static final HttpTransport.Remedies REMEDIES = new HttpTransport.Remedies(
            "check the MAX base URL (ClientConfig.baseUrl) and the network; the request was not sent",
            "MAX may have processed it; raise ClientConfig.attemptTimeout if the network is slow",
            "ask for fewer items per call, or raise ClientConfig.maxResponseBytes");

    private final ClientConfig config;
    private final String base;
    private final String host;
    private final String apiVersion;
    private final MaxBotToken token;
    private final Secret authorization;

    /**
     * @param config the configuration (its base URL is MAX's)
     * @param apiVersion the Bot API version sent as {@code v}, or {@code null} to send none
     * @param token the bot token every call carries
     */
    public MaxWire(ClientConfig config, String apiVersion, MaxBotToken token) {
        this.config = config;
        this.base = config.baseUri().toString();
        this.host = config.baseUri().getHost();
        this.apiVersion = apiVersion;
        this.token = token;
        this.authorization = Secret.of(token.reveal());
    }

    /**
     * @param request a Bot API call
     * @return the call as the engine runs it: the bot's token, no kind check, the configured timeouts plus the
     *     call's extra time (a long poll's wait)
     */
    public CallPipeline.Spec<MaxRequest, MaxBotToken> spec(MaxRequest request) {
        return new CallPipeline.Spec<>(request, request.operation(), request.idempotent(), !request.retries(), token, null,
                config.callTimeout().plus(request.extraAttemptTime()), config.attemptTimeout().plus(request.extraAttemptTime()));
    }

    @Override
    public String operation(MaxRequest request) {
        return request.operation();
    }

    @Override
    public Transport.Exchange encode(MaxRequest r, MaxBotToken credential, Duration timeout) {
        StringBuilder uri = new StringBuilder(base).append(r.path());
        char sep = '?';
        for (Map.Entry<String, String> q : r.query().entrySet()) {
            uri.append(sep).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
            sep = '&';
        }
        if (apiVersion != null) {
            uri.append(sep).append("v=").append(encode(apiVersion));
        }
        URI target = URI.create(uri.toString());
        if (!host.equals(target.getHost())) {
            throw new IllegalStateException("refusing to send the bot token to " + target.getHost() + ": only " + host + " is allowed");
        }
        byte[] body = r.body() == null ? new byte[0] : Json.write(r.body()).getBytes(StandardCharsets.UTF_8);
        return new Transport.Exchange(r.httpMethod(), target, r.body() == null ? null : JSON, body,
                credential == token ? authorization : Secret.of(credential.reveal()), ACCEPT_JSON, config.userAgent(), timeout,
                config.maxResponseBytes());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public RetryHint hint(SferumException e) {
        if (e instanceof MaxApiException m) {
            if (MaxErrors.ATTACHMENT_NOT_READY.equals(m.code())) {
                return RetryHint.NOT_SENT;
            }
            if (m.httpStatus() == 429) {
                return RetryHint.THROTTLE;
            }
            return m.category() == ErrorCategory.TRANSIENT ? RetryHint.OUTCOME_UNKNOWN : RetryHint.SENT;
        }
        return RetryHint.of(e);
    }

    @Override
    public boolean refusal(SferumException e) {
        return (e instanceof MaxApiException m && m.httpStatus() == 429)
                || (e instanceof TransportException t && t.httpStatus().orElse(0) == 429);
    }

    @Override
    public SferumException failure(String operation, Throwable error, Duration timeout) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException) {
                return new TransportException(ErrorCategory.TRANSIENT, operation, TransportException.Failure.CONNECT, 0, false,
                        operation + " could not set up TLS with the server (" + t.getClass().getSimpleName() + "); the request was not sent",
                        "if the server's certificate is not trusted, give MAX's root CA (Минцифры) with "
                                + "ClientConfig.Builder.trust(ServerTrust.pem(...)) or ServerTrust.pkcs12(...)", null);
            }
        }
        return HttpTransport.failure(operation, error, timeout, REMEDIES);
    }

    @Override
    public TokenKind kind(MaxBotToken credential) {
        return TokenKind.BOT;
    }

    @Override
    public String fingerprint(MaxBotToken credential) {
        return credential.fingerprint();
    }

    @Override
    public String budgetKey(MaxBotToken credential) {
        return "max:" + credential.fingerprint();
    }

    /**
     * @param request the call
     * @param decode turns the 200 body (MAX's JSON, or {@code null} JSON for an empty body) into the result
     * @param <T> the result
     * @return the decoder
     */
    public <T> Decoder<T> decoder(MaxRequest request, Function<JsonNode, T> decode) {
        return outcome -> {
            JsonNode body = answer(request.operation(), (Transport.Response) outcome);
            try {
                return decode.apply(body);
            } catch (SferumException e) {
                throw e;
            } catch (JacksonException e) {
                throw malformed(request, Json.describe(e));
            } catch (RuntimeException e) {
                throw malformed(request, e.getClass().getSimpleName());
            }
        };
    }

    private JsonNode answer(String operation, Transport.Response response) {
        int status = response.status();
        byte[] body = response.body();
        if (status != 200) {
            SferumException e = MaxErrors.failure(operation, status, body, token.reveal());
            if (log.isDebugEnabled()) {
                log.debug("{} answered {} {}", operation, status, e instanceof MaxApiException m ? m.code() : "(no MAX error body)");
            }
            throw e;
        }
        if (body.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return Json.read(body);
        } catch (JacksonException e) {
            throw new TransportException(ErrorCategory.TRANSIENT, operation, TransportException.Failure.MALFORMED_BODY, 200, true,
                    operation + " answered 200 with a body that is not JSON: " + Json.describe(e),
                    "a proxy or MAX sent something else; the SDK retries what is safe to repeat", null);
        }
    }

    private static TransportException malformed(MaxRequest request, String what) {
        return new TransportException(ErrorCategory.TRANSIENT, request.operation(), TransportException.Failure.MALFORMED_BODY, 200, true,
                request.operation() + " answered in a shape the SDK could not read (" + what + ")",
                "MAX's answer differs from its published schema; pin the Bot API version (MaxChats.Builder.apiVersion), or report it",
                null);
    }

    @Override
    public String toString() {
        return "MaxWire[" + base + ", bot " + token.fingerprint() + "]";
    }
}
