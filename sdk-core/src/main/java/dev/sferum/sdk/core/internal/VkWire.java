package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.TokenProvider;
import dev.sferum.sdk.core.Transport;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The VK API's wire: a form POST to {@code <base>/method/<name>} ({@link FormEncoder}) with the token as
 * {@code Authorization: Bearer}, answers read by {@link ResponseParser} and typed by {@link VkErrors}, VK's retry
 * hints (error 6 throttle, 9 and 29 flood, 5 and 1117 renew the token), budgets per token, and {@code execute}
 * batches ({@link Batcher}) when {@link ClientConfig#batching()} is on.
 */
public final class VkWire implements Wire<ApiRequest, AccessToken> {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Map<String, String> ACCEPT_JSON = Map.of("Accept", "application/json");

    private final ClientConfig config;
    private final String methodPrefix;
    private final String apiHost;
    private final Map<String, URI> uris = new ConcurrentHashMap<>();
    private final Batcher batcher;
    private volatile Bearer bearer;

    /** The last token's header value, so a fixed token is not concatenated again on every call. */
    private record Bearer(AccessToken token, Secret header) {
    }

    /**
     * @param config the client configuration
     * @param transport the exchanges, for batches
     */
    public VkWire(ClientConfig config, HttpTransport transport) {
        String host = config.baseUri().getHost().toLowerCase(java.util.Locale.ROOT);
        if (host.equals("max.ru") || host.endsWith(".max.ru")) {
            throw new IllegalArgumentException("baseUrl " + config.baseUri().getHost() + " is MAX's bot API, not the VK API; "
                    + "build a MAX client with sdk-max (MaxChats, from MaxChats.defaultConfig()) instead");
        }
        this.config = config;
        this.methodPrefix = config.baseUri().toString() + "/method/";
        this.apiHost = config.baseUri().getHost();
        this.batcher = config.batching().enabled() ? new Batcher(config, this, transport) : null;
    }

    /**
     * Checks a VK API version, as the configs and per-call options take it.
     *
     * @param version such as {@code 5.199}
     * @return it
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if it is not two numbers joined by a dot
     */
    public static String apiVersion(String version) {
        Objects.requireNonNull(version, "version");
        if (!version.matches("\\d+\\.\\d+")) {
            throw new IllegalArgumentException("apiVersion must look like 5.199: \"" + version + "\"");
        }
        return version;
    }

    /**
     * A VK pipeline on one configuration.
     *
     * @param config the configuration
     * @param tokens the token provider, or {@code null} if every call brings its own token
     * @return the pipeline
     */
    public static CallPipeline<ApiRequest, AccessToken> pipeline(ClientConfig config, TokenProvider tokens) {
        HttpTransport transport = new HttpTransport(config);
        return new CallPipeline<>(config, new VkWire(config, transport), credentials(tokens), transport);
    }

    /**
     * @param config the configuration, for the default timeouts
     * @param request a VK call
     * @return the call as the engine runs it
     */
    public static CallPipeline.Spec<ApiRequest, AccessToken> spec(ClientConfig config, ApiRequest request) {
        return new CallPipeline.Spec<>(request, request.method(), request.idempotent(), request.options().retriesDisabled(),
                request.options().token().orElse(null), request.tokenKinds(),
                request.options().callTimeout().orElse(config.callTimeout()),
                request.options().attemptTimeout().orElse(config.attemptTimeout()));
    }

    @Override
    public String operation(ApiRequest request) {
        return request.method();
    }

    @Override
    public Transport.Exchange encode(ApiRequest request, AccessToken token, Duration timeout) {
        return exchange(request.method(), FormEncoder.encode(request.params(), request.options().apiVersion().orElse(config.apiVersion())),
                token, timeout);
    }

    /**
     * @param method the API method
     * @param body the form body
     * @param token the token, or {@code null}
     * @param timeout the attempt timeout
     * @return the exchange
     * @throws IllegalStateException if the method's address is not on the configured host
     */
    Transport.Exchange exchange(String method, byte[] body, AccessToken token, Duration timeout) {
        URI uri = uris.get(method);
        if (uri == null) {
            uri = uris.computeIfAbsent(method, m -> URI.create(methodPrefix + m));
        }
        if (!apiHost.equals(uri.getHost())) {
            throw new IllegalStateException("refusing to send a token to " + uri.getHost() + ": only " + apiHost + " is allowed");
        }
        return new Transport.Exchange("POST", uri, FORM, body, token == null ? null : authorization(token), ACCEPT_JSON,
                config.userAgent(), timeout, config.maxResponseBytes());
    }

    private Secret authorization(AccessToken token) {
        Bearer b = bearer;
        if (b == null || b.token() != token) {
            b = new Bearer(token, Secret.of("Bearer " + token.reveal()));
            bearer = b;
        }
        return b.header();
    }

    @Override
    public RetryHint hint(SferumException failure) {
        return hintOf(failure);
    }

    /**
     * VK's hints: error 6 throttles, 9 and 29 are flood control, 5 and 1117 ask for a fresh token; anything else
     * by its transport failure ({@link RetryHint#of}).
     *
     * @param e a failure
     * @return its hint
     */
    public static RetryHint hintOf(SferumException e) {
        if (e instanceof ApiException a) {
            return switch (a.errorCode()) {
                case 6 -> RetryHint.THROTTLE;
                case 9, 29 -> RetryHint.FLOOD;
                case 5, 1117 -> RetryHint.RENEW_CREDENTIAL;
                default -> RetryHint.SENT;
            };
        }
        return RetryHint.of(e);
    }

    @Override
    public boolean refusal(SferumException failure) {
        return isRefusal(failure);
    }

    /**
     * @param e a failure
     * @return whether VK refused it as too many requests (error 6 or 9), which should slow the token's budget
     */
    static boolean isRefusal(SferumException e) {
        return e instanceof ApiException a && (a.errorCode() == 6 || a.errorCode() == 9);
    }

    @Override
    public SferumException failure(String operation, Throwable error, Duration timeout) {
        return HttpTransport.failure(operation, error, timeout);
    }

    @Override
    public TokenKind kind(AccessToken credential) {
        return credential.kind();
    }

    @Override
    public String fingerprint(AccessToken credential) {
        return credential.fingerprint();
    }

    @Override
    public CompletableFuture<?> coalesce(ApiRequest request, AccessToken credential) {
        return batcher != null && Batcher.batchable(request, credential.kind()) ? batcher.submit(credential, request) : null;
    }

    @Override
    public Duration coalesceWindow() {
        return config.batching().window();
    }

    /**
     * Decodes what an attempt produced: a typed result straight from the bytes when the answer is a plain success,
     * otherwise through the tree, which types every error exactly as before.
     *
     * @param method the method
     * @param type the result type
     * @param <T> the result
     * @return the decoder
     */
    @SuppressWarnings("unchecked")
    public static <T> Decoder<T> decoder(String method, ResultType<T> type) {
        return outcome -> {
            if (outcome instanceof Answer a) {
                return decode(method, a.response(), type);
            }
            Transport.Response r = (Transport.Response) outcome;
            ObjectReader reader = ResultReaders.reader(type);
            if (reader != null) {
                Object value = ResponseParser.readSuccess(r.status(), r.body(), reader);
                if (value != ResponseParser.NOT_A_PLAIN_SUCCESS) {
                    return (T) value;
                }
            }
            return decode(method, ResponseParser.parse(method, r.status(), r.body()).response(), type);
        };
    }

    private static <T> T decode(String method, JsonNode response, ResultType<T> type) {
        try {
            return type.decode(response);
        } catch (SferumException e) {
            throw e;
        } catch (JacksonException e) {
            throw new TransportException(ErrorCategory.TRANSIENT, method, TransportException.Failure.MALFORMED_BODY, 200, true,
                    method + " answered in a shape the SDK could not read as " + type + ": " + Json.describe(e),
                    "the API version or answer differs from what the SDK expects; pin ClientConfig.apiVersion", null);
        } catch (RuntimeException e) {
            throw new TransportException(ErrorCategory.TRANSIENT, method, TransportException.Failure.MALFORMED_BODY, 200, true,
                    method + " answered in a shape the SDK could not read as " + type + " (" + e.getClass().getSimpleName() + ")",
                    "the API version or answer differs from what the SDK expects; pin ClientConfig.apiVersion", null);
        }
    }

    /**
     * @param tokens a token provider, or {@code null}
     * @return the pipeline's credentials: the provider's tokens, or an error naming the fix when there is none
     */
    static Credentials<AccessToken> credentials(TokenProvider tokens) {
        return new Credentials<>() {
            @Override
            public AccessToken current(String operation) {
                return require(operation).token();
            }

            @Override
            public CompletableFuture<AccessToken> currentAsync(String operation) {
                return require(operation).tokenAsync();
            }

            @Override
            public Optional<AccessToken> renew(AccessToken rejected) {
                return tokens == null ? Optional.empty() : tokens.renew(rejected);
            }

            @Override
            public CompletableFuture<Optional<AccessToken>> renewAsync(AccessToken rejected) {
                return tokens == null ? CompletableFuture.completedFuture(Optional.empty()) : tokens.renewAsync(rejected);
            }

            private TokenProvider require(String operation) {
                if (tokens == null) {
                    throw new SferumException(ErrorCategory.TOKEN, operation, operation + " has no token to use",
                            "configure ApiClient.builder().token(...) or tokenProvider(...), or pass RequestOptions.token(...) with the call",
                            null);
                }
                return tokens;
            }
        };
    }

    @Override
    public String toString() {
        return "VkWire[" + config.baseUri() + "]";
    }
}
