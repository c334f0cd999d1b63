package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.CallInfo;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RequestListener;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.TokenProvider;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.core.exception.WrongTokenKindException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The life of one call, shared by the sync and async clients: token, kind check, encode, exchange, decode, and
 * one renewal of a token VK rejected as expired. The sync path blocks in {@code HttpClient.send}; the async path
 * composes on {@code sendAsync}; neither wraps the other.
 */
public final class CallPipeline {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.core.call");

    private final ClientConfig config;
    private final TokenProvider tokens;
    private final HttpTransport transport;
    private final List<RequestListener> listeners;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param config the configuration
     * @param tokens the token provider, or {@code null} if every call brings its own token
     */
    public CallPipeline(ClientConfig config, TokenProvider tokens) {
        this.config = config;
        this.tokens = tokens;
        this.transport = new HttpTransport(config);
        this.listeners = config.listeners();
    }

    /** @return the configuration */
    public ClientConfig config() {
        return config;
    }

    /**
     * Makes a call on the calling thread.
     *
     * @param request the call
     * @param type the result type
     * @param <T> the result
     * @return the result
     */
    public <T> T execute(ApiRequest request, ResultType<T> type) {
        long started = System.nanoTime();
        Call call = new Call(request, started);
        try {
            AccessToken token = request.options().token().orElseGet(() -> requireProvider(request).token());
            call.token(token);
            callStarted(call);
            checkKind(request, token);
            boolean renewed = false;
            while (true) {
                try {
                    Answer answer = attemptSync(call, token);
                    T result = decode(request.method(), answer.response(), type);
                    finish(call, null);
                    return result;
                } catch (ApiException e) {
                    if (!renewed && isExpiredToken(e) && tokens != null && request.options().token().isEmpty()) {
                        renewed = true;
                        Optional<AccessToken> fresh = tokens.renew(token);
                        if (fresh.isPresent() && !fresh.get().equals(token)) {
                            token = fresh.get();
                            call.token(token);
                            continue;
                        }
                    }
                    throw e;
                }
            }
        } catch (SferumException e) {
            e.withAttempts(Math.max(1, call.attempts));
            if (!call.started) {
                callStarted(call);
            }
            finish(call, e);
            throw e;
        }
    }

    /**
     * Makes a call without blocking.
     *
     * @param request the call
     * @param type the result type
     * @param <T> the result
     * @return the future result; cancelling it aborts the exchange
     */
    public <T> CompletableFuture<T> executeAsync(ApiRequest request, ResultType<T> type) {
        long started = System.nanoTime();
        Call call = new Call(request, started);
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<AccessToken> tokenFuture;
        try {
            tokenFuture = request.options().token().map(CompletableFuture::completedFuture)
                    .orElseGet(() -> requireProvider(request).tokenAsync());
        } catch (SferumException e) {
            callStarted(call);
            finish(call, e);
            return CompletableFuture.failedFuture(e);
        }
        tokenFuture.whenComplete((token, error) -> {
            if (error != null) {
                fail(call, result, HttpTransport.failure(request.method(), error, attemptTimeout(request)));
                return;
            }
            call.token(token);
            callStarted(call);
            try {
                checkKind(request, token);
            } catch (SferumException e) {
                fail(call, result, e);
                return;
            }
            attemptAsync(call, token, false, type, result);
        });
        return result;
    }

    private <T> void attemptAsync(Call call, AccessToken token, boolean renewed, ResultType<T> type, CompletableFuture<T> result) {
        ApiRequest request = call.request;
        Duration timeout = attemptTimeout(request);
        call.attempts++;
        attemptStarted(call);
        byte[] body = FormEncoder.encode(request.params(), request.options().apiVersion().orElse(config.apiVersion()));
        var exchange = transport.sendAsync(request.method(), body, token, timeout);
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                exchange.cancel(true);
            }
        });
        exchange.whenComplete((response, error) -> {
            if (result.isDone()) {
                return;
            }
            try {
                Answer answer = transport.complete(request.method(), response, error, timeout);
                T value = decode(request.method(), answer.response(), type);
                finish(call, null);
                result.complete(value);
            } catch (ApiException e) {
                if (!renewed && isExpiredToken(e) && tokens != null && request.options().token().isEmpty()) {
                    tokens.renewAsync(token).whenComplete((fresh, renewError) -> {
                        if (renewError == null && fresh.isPresent() && !fresh.get().equals(token)) {
                            call.token(fresh.get());
                            attemptAsync(call, fresh.get(), true, type, result);
                        } else {
                            fail(call, result, e);
                        }
                    });
                    return;
                }
                fail(call, result, e);
            } catch (SferumException e) {
                fail(call, result, e);
            } catch (RuntimeException e) {
                fail(call, result, new SferumException(ErrorCategory.TRANSIENT, request.method(),
                        request.method() + " failed inside the SDK: " + e.getClass().getName(), null, e));
            }
        });
    }

    private Answer attemptSync(Call call, AccessToken token) {
        ApiRequest request = call.request;
        call.attempts++;
        attemptStarted(call);
        byte[] body = FormEncoder.encode(request.params(), request.options().apiVersion().orElse(config.apiVersion()));
        return transport.send(request.method(), body, token, attemptTimeout(request));
    }

    private Duration attemptTimeout(ApiRequest request) {
        return request.options().attemptTimeout().orElse(config.attemptTimeout());
    }

    private TokenProvider requireProvider(ApiRequest request) {
        if (tokens == null) {
            throw new SferumException(ErrorCategory.TOKEN, request.method(), request.method() + " has no token to use",
                    "configure ApiClient.builder().token(...) or tokenProvider(...), or pass RequestOptions.token(...) with the call", null);
        }
        return tokens;
    }

    private static void checkKind(ApiRequest request, AccessToken token) {
        if (!request.tokenKinds().contains(token.kind())) {
            throw new WrongTokenKindException(request.method(), request.tokenKinds(), token.kind());
        }
    }

    private static boolean isExpiredToken(ApiException e) {
        return e.errorCode() == 5 || e.errorCode() == 1117;
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

    private <T> void fail(Call call, CompletableFuture<T> result, SferumException e) {
        e.withAttempts(Math.max(1, call.attempts));
        if (!call.started) {
            callStarted(call);
        }
        finish(call, e);
        result.completeExceptionally(e);
    }

    private void callStarted(Call call) {
        call.started = true;
        CallInfo info = call.info();
        for (RequestListener l : listeners) {
            try {
                l.callStarted(info);
            } catch (RuntimeException e) {
                log.debug("listener {} failed in callStarted: {}", l, e.toString());
            }
        }
    }

    private void attemptStarted(Call call) {
        CallInfo info = call.info();
        for (RequestListener l : listeners) {
            try {
                l.attemptStarted(info, call.attempts);
            } catch (RuntimeException e) {
                log.debug("listener {} failed in attemptStarted: {}", l, e.toString());
            }
        }
    }

    private void finish(Call call, SferumException error) {
        Duration took = Duration.ofNanos(System.nanoTime() - call.startedNanos);
        CallInfo info = call.info();
        if (log.isDebugEnabled()) {
            if (error == null) {
                log.debug("{} ok in {} ms (token {} {}, attempts {})", info.method(), took.toMillis(), info.tokenKind(),
                        info.tokenFingerprint(), call.attempts);
            } else {
                log.debug("{} failed in {} ms (token {} {}, attempts {}): {} {}", info.method(), took.toMillis(), info.tokenKind(),
                        info.tokenFingerprint(), call.attempts, error.category(), error.getMessage());
            }
        }
        for (RequestListener l : listeners) {
            try {
                l.callFinished(info, took, error);
            } catch (RuntimeException e) {
                log.debug("listener {} failed in callFinished: {}", l, e.toString());
            }
        }
    }

    /** The mutable state of one call; confined to one thread at a time. */
    private final class Call {
        final ApiRequest request;
        final long startedNanos;
        final long id = ids.incrementAndGet();
        volatile AccessToken token;
        volatile int attempts;
        volatile boolean started;
        private volatile CallInfo info;

        Call(ApiRequest request, long startedNanos) {
            this.request = request;
            this.startedNanos = startedNanos;
        }

        void token(AccessToken t) {
            this.token = t;
            this.info = null;
        }

        CallInfo info() {
            CallInfo i = info;
            if (i == null) {
                AccessToken t = token;
                i = new CallInfo(id, request.method(), t == null ? null : t.kind(), t == null ? null : t.fingerprint());
                info = i;
            }
            return i;
        }
    }

    /**
     * Unwraps a future's failure to the SDK exception inside.
     *
     * @param e the failure
     * @return the SDK exception, or the failure itself
     */
    public static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
