package dev.sferum.sdk.max.internal;

import dev.sferum.sdk.core.CallInfo;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.RequestListener;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.core.exception.DeadlineExceededException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.core.internal.HttpTransport;
import dev.sferum.sdk.core.internal.LimitedBody;
import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.core.internal.RetryRules;
import dev.sferum.sdk.max.MaxApiException;
import dev.sferum.sdk.max.MaxBotToken;
import dev.sferum.sdk.max.MaxConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The life of one Bot API call, shared by the sync and async clients: rate budget, exchange (JSON over the JDK
 * {@code HttpClient}, the raw token in {@code Authorization}), decode, and sdk-core's retry rules, all within the
 * call's deadline. The sync path blocks in {@code HttpClient.send} and sleeps on the time source; the async path
 * composes on {@code sendAsync} and delayed futures and never blocks a thread. Neither wraps the other.
 */
public final class MaxPipeline {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.max.call");

    private final MaxConfig config;
    private final MaxBotToken token;
    private final HttpClient http;
    private final String base;
    private final String host;
    private final LimitedBody bodyHandler;
    private final RetryRules retries;
    private final TimeSource time;
    private final RateBudgetStore budgets;
    private final RateBudgetStore.Budget budget;
    private final String budgetKey;
    private final List<RequestListener> listeners;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param config the configuration
     * @param token the bot token every call carries
     */
    public MaxPipeline(MaxConfig config, MaxBotToken token) {
        this.config = config;
        this.token = token;
        this.http = config.httpClient().orElseGet(() -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.connectTimeout())
                .sslContext(config.trust().sslContext())
                .build());
        this.base = config.baseUri().toString();
        this.host = config.baseUri().getHost();
        this.bodyHandler = new LimitedBody(config.maxResponseBytes());
        this.retries = new RetryRules(config.retryPolicy());
        this.time = config.timeSource();
        this.budgets = config.rateBudgetStore();
        this.budget = config.budget();
        this.budgetKey = "max:" + token.fingerprint();
        this.listeners = config.listeners();
    }

    /** @return the configuration */
    public MaxConfig config() {
        return config;
    }

    /** @return the bot token's fingerprint */
    public String fingerprint() {
        return token.fingerprint();
    }

    // ---------------------------------------------------------------- sync

    /**
     * Makes a call on the calling thread.
     *
     * @param request the call
     * @param decode turns the 200 body into the result
     * @param <T> the result
     * @return the result
     * @throws SferumException on failure, after the retries the rules allow
     */
    public <T> T execute(MaxRequest request, Function<JsonNode, T> decode) {
        Call call = new Call(request);
        callStarted(call);
        try {
            RetryRules.Attempts attempts = retries.start(request.idempotent(), !request.retries());
            SferumException last = null;
            while (true) {
                try {
                    JsonNode body = attemptSync(call, last);
                    T result = decode(request, body, decode);
                    finish(call, null);
                    return result;
                } catch (DeadlineExceededException e) {
                    throw e;
                } catch (SferumException e) {
                    last = e;
                    afterFailure(e);
                    SferumException view = MaxErrors.retryView(e);
                    Duration delay = attempts.next(view);
                    if (delay == null) {
                        throw MaxErrors.afterGiveUp(attempts.giveUp(view, call.operation), view, e, call.operation);
                    }
                    checkTime(call, delay, "before its next attempt", e);
                    retryScheduled(call, delay, e);
                    sleep(call, delay);
                }
            }
        } catch (SferumException e) {
            e.withAttempts(Math.max(1, call.attempts));
            finish(call, e);
            throw e;
        }
    }

    private JsonNode attemptSync(Call call, SferumException last) {
        RateBudgetStore.Reservation permit = null;
        if (config.rateLimits().enabled()) {
            while (true) {
                permit = budgets.reserve(budgetKey, budget);
                if (permit.granted()) {
                    break;
                }
                Duration wait = permit.delay();
                checkTime(call, wait, "waiting for the rate budget", last);
                throttled(call, wait);
                sleep(call, wait);
            }
        }
        Duration timeout;
        try {
            timeout = attemptTimeout(call, last);
        } catch (SferumException e) {
            if (permit != null) {
                permit.cancel();
            }
            throw e;
        }
        call.attempts++;
        attemptStarted(call);
        HttpResponse<byte[]> response;
        try {
            response = http.send(httpRequest(call.request, timeout), bodyHandler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(ErrorCategory.TRANSIENT, call.operation, TransportException.Failure.INTERRUPTED, 0, true,
                    call.operation + " was interrupted while waiting for the answer", null, null);
        } catch (IOException | RuntimeException e) {
            throw failure(call.operation, e, timeout);
        } finally {
            if (permit != null) {
                permit.complete();
            }
        }
        return answer(call.operation, response);
    }

    private void sleep(Call call, Duration d) {
        try {
            time.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(ErrorCategory.TRANSIENT, call.operation, TransportException.Failure.INTERRUPTED, 0, false,
                    call.operation + " was interrupted while waiting", null, null);
        }
    }

    // ---------------------------------------------------------------- async

    /**
     * Makes a call without blocking a thread.
     *
     * @param request the call
     * @param decode turns the 200 body into the result
     * @param <T> the result
     * @return the result; cancelling it aborts the exchange and returns any held permit
     */
    public <T> CompletableFuture<T> executeAsync(MaxRequest request, Function<JsonNode, T> decode) {
        AsyncCall<T> call = new AsyncCall<>(new Call(request), decode);
        call.start();
        return call.result;
    }

    /** One async call's steps, each started by the completion of the one before. */
    private final class AsyncCall<T> {
        final Call call;
        final Function<JsonNode, T> decode;
        final CompletableFuture<T> result = new CompletableFuture<>();
        RetryRules.Attempts attempts;
        SferumException last;
        volatile Future<?> pending;
        volatile RateBudgetStore.Reservation permit;

        AsyncCall(Call call, Function<JsonNode, T> decode) {
            this.call = call;
            this.decode = decode;
            result.whenComplete((r, e) -> {
                if (result.isCancelled()) {
                    Future<?> f = pending;
                    if (f != null) {
                        f.cancel(true);
                    }
                    releasePermit(false);
                }
            });
        }

        void start() {
            callStarted(call);
            attempts = retries.start(call.request.idempotent(), !call.request.retries());
            acquire();
        }

        void acquire() {
            if (result.isDone()) {
                return;
            }
            if (!config.rateLimits().enabled()) {
                send();
                return;
            }
            RateBudgetStore.Reservation p = budgets.reserve(budgetKey, budget);
            if (p.granted()) {
                permit = p;
                if (result.isDone()) {
                    releasePermit(false);
                    return;
                }
                send();
                return;
            }
            Duration wait = p.delay();
            try {
                checkTime(call, wait, "waiting for the rate budget", last);
            } catch (DeadlineExceededException e) {
                fail(e);
                return;
            }
            throttled(call, wait);
            CompletableFuture<Void> delay = time.delay(wait);
            pending = delay;
            delay.whenComplete((x, e) -> acquire());
        }

        void send() {
            Duration timeout;
            HttpRequest request;
            try {
                timeout = attemptTimeout(call, last);
                request = httpRequest(call.request, timeout);
            } catch (SferumException e) {
                releasePermit(false);
                fail(e);
                return;
            }
            call.attempts++;
            attemptStarted(call);
            CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, bodyHandler);
            pending = exchange;
            exchange.whenComplete((response, error) -> {
                releasePermit(true);
                if (result.isDone()) {
                    return;
                }
                try {
                    if (error != null) {
                        throw failure(call.operation, error, timeout);
                    }
                    T value = MaxPipeline.decode(call.request, answer(call.operation, response), decode);
                    finish(call, null);
                    result.complete(value);
                } catch (SferumException e) {
                    failed(e);
                } catch (RuntimeException e) {
                    fail(new SferumException(ErrorCategory.TRANSIENT, call.operation, call.operation + " failed inside the SDK: "
                            + e.getClass().getName(), null, e));
                }
            });
            if (result.isDone()) {
                exchange.cancel(true);
            }
        }

        void releasePermit(boolean sent) {
            RateBudgetStore.Reservation p = permit;
            if (p != null) {
                permit = null;
                if (sent) {
                    p.complete();
                } else {
                    p.cancel();
                }
            }
        }

        void failed(SferumException e) {
            last = e;
            afterFailure(e);
            SferumException view = MaxErrors.retryView(e);
            Duration delay = attempts.next(view);
            if (delay == null) {
                fail(MaxErrors.afterGiveUp(attempts.giveUp(view, call.operation), view, e, call.operation));
                return;
            }
            try {
                checkTime(call, delay, "before its next attempt", e);
            } catch (DeadlineExceededException d) {
                fail(d);
                return;
            }
            retryScheduled(call, delay, e);
            CompletableFuture<Void> wait = time.delay(delay);
            pending = wait;
            wait.whenComplete((x, err) -> acquire());
        }

        void fail(SferumException e) {
            e.withAttempts(Math.max(1, call.attempts));
            finish(call, e);
            result.completeExceptionally(e);
        }
    }

    // ---------------------------------------------------------------- shared steps

    private HttpRequest httpRequest(MaxRequest r, Duration timeout) {
        StringBuilder uri = new StringBuilder(base).append(r.path());
        char sep = '?';
        for (Map.Entry<String, String> q : r.query().entrySet()) {
            uri.append(sep).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
            sep = '&';
        }
        if (config.apiVersion().isPresent()) {
            uri.append(sep).append("v=").append(encode(config.apiVersion().get()));
        }
        URI target = URI.create(uri.toString());
        if (!host.equals(target.getHost())) {
            throw new IllegalStateException("refusing to send the bot token to " + target.getHost() + ": only " + host + " is allowed");
        }
        HttpRequest.BodyPublisher body = r.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(Json.write(r.body()).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Authorization", token.reveal())
                .header("Accept", "application/json")
                .header("User-Agent", config.userAgent())
                .method(r.httpMethod(), body);
        if (r.body() != null) {
            b.header("Content-Type", "application/json; charset=utf-8");
        }
        return b.build();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private JsonNode answer(String operation, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        byte[] body = response.body();
        if (status != 200) {
            SferumException e = MaxErrors.failure(operation, status, body, token.reveal());
            if (log.isDebugEnabled()) {
                log.debug("{} answered {} {}", operation, status, e instanceof MaxApiException m ? m.code() : "(no MAX error body)");
            }
            throw e;
        }
        if (body == null || body.length == 0) {
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

    private static <T> T decode(MaxRequest request, JsonNode body, Function<JsonNode, T> decode) {
        try {
            return decode.apply(body);
        } catch (SferumException e) {
            throw e;
        } catch (JacksonException e) {
            throw malformed(request, Json.describe(e));
        } catch (RuntimeException e) {
            throw malformed(request, e.getClass().getSimpleName());
        }
    }

    private static TransportException malformed(MaxRequest request, String what) {
        return new TransportException(ErrorCategory.TRANSIENT, request.operation(), TransportException.Failure.MALFORMED_BODY, 200, true,
                request.operation() + " answered in a shape the SDK could not read (" + what + ")",
                "MAX's answer differs from its published schema; pin MaxConfig.apiVersion, or report it", null);
    }

    private static final HttpTransport.Remedies REMEDIES = new HttpTransport.Remedies(
            "check MaxConfig.baseUrl and the network; the request was not sent",
            "MAX may have processed it; raise MaxConfig.attemptTimeout if the network is slow",
            "ask for fewer items per call, or raise MaxConfig.maxResponseBytes");

    private static SferumException failure(String operation, Throwable error, Duration timeout) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException) {
                return new TransportException(ErrorCategory.TRANSIENT, operation, TransportException.Failure.CONNECT, 0, false,
                        operation + " could not set up TLS with the server (" + t.getClass().getSimpleName() + "); the request was not sent",
                        "if the server's certificate is not trusted, give MAX's root CA (Минцифры) with "
                                + "MaxConfig.trust(MaxTrust.pem(...)) or MaxTrust.pkcs12(...)", null);
            }
        }
        return HttpTransport.failure(operation, error, timeout, REMEDIES);
    }

    private Duration attemptTimeout(Call call, SferumException last) {
        Duration attempt = config.attemptTimeout().plus(call.request.extraAttemptTime());
        long left = call.deadlineNanos - time.nanoTime();
        if (left <= 0) {
            throw deadline(call, "before its next attempt", last);
        }
        return left < attempt.toNanos() ? Duration.ofNanos(left) : attempt;
    }

    private void checkTime(Call call, Duration wait, String what, SferumException last) {
        if (time.nanoTime() + wait.toNanos() - call.deadlineNanos > 0) {
            throw deadline(call, what, last);
        }
    }

    private DeadlineExceededException deadline(Call call, String what, SferumException last) {
        ErrorCategory category = last != null ? last.category() : ErrorCategory.THROTTLED;
        if (!category.retryable()) {
            category = ErrorCategory.TRANSIENT;
        }
        return new DeadlineExceededException(call.operation, call.callTimeout, what, category, last);
    }

    private void afterFailure(SferumException e) {
        boolean refused = (e instanceof MaxApiException m && m.httpStatus() == 429)
                || (e instanceof TransportException t && t.httpStatus().orElse(0) == 429);
        if (refused && config.rateLimits().enabled()) {
            budgets.throttled(budgetKey, budget);
        }
    }

    // ---------------------------------------------------------------- listeners and logs

    private void callStarted(Call call) {
        CallInfo info = call.info;
        for (RequestListener l : listeners) {
            try {
                l.callStarted(info);
            } catch (RuntimeException e) {
                log.debug("listener {} failed in callStarted: {}", l, e.toString());
            }
        }
    }

    private void attemptStarted(Call call) {
        for (RequestListener l : listeners) {
            try {
                l.attemptStarted(call.info, call.attempts);
            } catch (RuntimeException e) {
                log.debug("listener {} failed in attemptStarted: {}", l, e.toString());
            }
        }
    }

    private void throttled(Call call, Duration wait) {
        for (RequestListener l : listeners) {
            try {
                l.throttled(call.info, wait);
            } catch (RuntimeException e) {
                log.debug("listener {} failed in throttled: {}", l, e.toString());
            }
        }
    }

    private void retryScheduled(Call call, Duration delay, SferumException cause) {
        if (log.isDebugEnabled()) {
            log.debug("{} attempt {} failed ({}); retrying in {} ms", call.operation, call.attempts, cause.category(), delay.toMillis());
        }
        for (RequestListener l : listeners) {
            try {
                l.retryScheduled(call.info, call.attempts + 1, delay, cause);
            } catch (RuntimeException e) {
                log.debug("listener {} failed in retryScheduled: {}", l, e.toString());
            }
        }
    }

    private void finish(Call call, SferumException error) {
        Duration took = Duration.ofNanos(time.nanoTime() - call.startedNanos);
        if (log.isDebugEnabled()) {
            if (error == null) {
                log.debug("{} ok in {} ms (bot {}, attempts {})", call.operation, took.toMillis(), token.fingerprint(), call.attempts);
            } else {
                log.debug("{} failed in {} ms (bot {}, attempts {}): {} {}", call.operation, took.toMillis(), token.fingerprint(),
                        call.attempts, error.category(), error.getMessage());
            }
        }
        for (RequestListener l : listeners) {
            try {
                l.callFinished(call.info, took, error);
            } catch (RuntimeException e) {
                log.debug("listener {} failed in callFinished: {}", l, e.toString());
            }
        }
    }

    /** The shared state of one call. Its steps run one at a time, possibly on different threads. */
    private final class Call {
        final MaxRequest request;
        final String operation;
        final long startedNanos;
        final Duration callTimeout;
        final long deadlineNanos;
        final CallInfo info;
        volatile int attempts;

        Call(MaxRequest request) {
            this.request = request;
            this.operation = request.operation();
            this.startedNanos = time.nanoTime();
            this.callTimeout = config.callTimeout().plus(request.extraAttemptTime());
            this.deadlineNanos = startedNanos + callTimeout.toNanos();
            this.info = new CallInfo(ids.incrementAndGet(), operation, TokenKind.BOT, token.fingerprint());
        }
    }

    @Override
    public String toString() {
        return "MaxPipeline[" + base + ", bot " + token.fingerprint() + "]";
    }
}
