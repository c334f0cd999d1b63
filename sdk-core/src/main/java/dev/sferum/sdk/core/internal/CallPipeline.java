package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.CallInfo;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.RequestListener;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.core.TokenProvider;
import dev.sferum.sdk.core.Transport;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.DeadlineExceededException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.core.exception.WrongTokenKindException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The life of one call, shared by the sync and async clients: token, kind check, rate budget, [batch], exchange,
 * decode, retry — all within the call's deadline. The sync path blocks in {@code Transport.send} and sleeps on
 * the time source; the async path composes on {@code Transport.sendAsync} and delayed futures and never blocks a
 * thread, every step after a wait running on the client's executor. Neither wraps the other.
 */
public final class CallPipeline {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.core.call");

    private final ClientConfig config;
    private final TokenProvider tokens;
    private final HttpTransport transport;
    private final List<RequestListener> listeners;
    private final RetryRules retries;
    private final TimeSource time;
    private final RateBudgetStore budgets;
    private final Batcher batcher;
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
        this.retries = new RetryRules(config.retryPolicy());
        this.time = config.timeSource();
        this.budgets = config.rateBudgetStore();
        this.batcher = config.batching().enabled() ? new Batcher(config, transport) : null;
    }

    /** @return the configuration */
    public ClientConfig config() {
        return config;
    }

    /**
     * Closes the transport this pipeline built and ends the threads it owns; calls in flight on the async path
     * fail. A transport, {@code HttpClient} or executor given in the config is left open.
     */
    public void close() {
        transport.close();
    }

    // ---------------------------------------------------------------- sync

    /**
     * Makes a call on the calling thread.
     *
     * @param request the call
     * @param type the result type
     * @param <T> the result
     * @return the result
     */
    public <T> T execute(ApiRequest request, ResultType<T> type) {
        Call call = new Call(request);
        try {
            AccessToken token = request.options().token().orElseGet(() -> requireProvider(request).token());
            call.token(token);
            callStarted(call);
            checkKind(request, token);
            RetryRules.Attempts attempts = retries.start(request.idempotent(), request.options().retriesDisabled());
            boolean renewed = false;
            SferumException last = null;
            while (true) {
                try {
                    T result = read(request.method(), attemptSync(call, token, last), type);
                    finish(call, null);
                    return result;
                } catch (DeadlineExceededException e) {
                    throw e;
                } catch (SferumException e) {
                    last = e;
                    afterFailure(call, token, e);
                    if (!renewed && canRenew(request, e)) {
                        renewed = true;
                        Optional<AccessToken> fresh = tokens.renew(token);
                        if (fresh.isPresent() && !fresh.get().equals(token)) {
                            token = fresh.get();
                            call.token(token);
                            continue;
                        }
                    }
                    Duration delay = attempts.next(e);
                    if (delay == null) {
                        throw attempts.giveUp(e, request.method());
                    }
                    checkTime(call, delay, "before its next attempt", e);
                    retryScheduled(call, delay, e);
                    sleep(call, delay);
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

    /** @return a {@link Transport.Response} from the exchange, or an {@link Answer} from a batch */
    private Object attemptSync(Call call, AccessToken token, SferumException last) {
        ApiRequest request = call.request;
        boolean batched = batcher != null && Batcher.batchable(request);
        RateBudgetStore.Reservation permit = null;
        if (!batched && config.rateLimits().enabled()) {
            RateBudgetStore.Budget budget = config.rateLimits().budget(token.kind());
            while (true) {
                permit = budgets.reserve(token.fingerprint(), budget);
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
        if (batched) {
            return awaitBatch(call, batcher.submit(token, request), timeout);
        }
        try {
            return transport.send(request.method(), body(request), token, timeout);
        } finally {
            if (permit != null) {
                permit.complete();
            }
        }
    }

    private Answer awaitBatch(Call call, Future<Answer> answer, Duration timeout) {
        try {
            return answer.get(timeout.toNanos() + config.batching().window().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new TransportException(ErrorCategory.TRANSIENT, call.request.method(), TransportException.Failure.INTERRUPTED, 0, true,
                    call.request.method() + " was interrupted while waiting for its batch", null, null);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw HttpTransport.failure(call.request.method(), new java.net.http.HttpTimeoutException("batch timed out"), timeout);
        } catch (ExecutionException e) {
            throw HttpTransport.failure(call.request.method(), e.getCause(), timeout);
        }
    }

    private void sleep(Call call, Duration d) {
        try {
            time.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(ErrorCategory.TRANSIENT, call.request.method(), TransportException.Failure.INTERRUPTED, 0, false,
                    call.request.method() + " was interrupted while waiting", null, null);
        }
    }

    // ---------------------------------------------------------------- async

    /**
     * Makes a call without blocking.
     *
     * @param request the call
     * @param type the result type
     * @param <T> the result
     * @return the future result; cancelling it aborts the exchange and returns any held permit
     */
    public <T> CompletableFuture<T> executeAsync(ApiRequest request, ResultType<T> type) {
        AsyncCall<T> call = new AsyncCall<>(new Call(request), type);
        call.start();
        return call.result;
    }

    /** One async call's steps, each scheduled by the completion of the one before. */
    private final class AsyncCall<T> {
        final Call call;
        final ResultType<T> type;
        final CompletableFuture<T> result = new CompletableFuture<>();
        RetryRules.Attempts attempts;
        AccessToken token;
        boolean renewed;
        SferumException last;
        volatile Future<?> pending;
        volatile RateBudgetStore.Reservation permit;

        AsyncCall(Call call, ResultType<T> type) {
            this.call = call;
            this.type = type;
            result.whenComplete((r, e) -> {
                if (result.isCancelled()) {
                    Future<?> f = pending;
                    if (f != null) {
                        f.cancel(true);
                    }
                }
            });
        }

        void start() {
            ApiRequest request = call.request;
            CompletableFuture<AccessToken> tokenFuture;
            try {
                tokenFuture = request.options().token().map(CompletableFuture::completedFuture)
                        .orElseGet(() -> requireProvider(request).tokenAsync());
            } catch (SferumException e) {
                fail(e);
                return;
            }
            tokenFuture.whenComplete((t, error) -> {
                if (error != null) {
                    fail(HttpTransport.failure(request.method(), error, config.attemptTimeout()));
                    return;
                }
                token = t;
                call.token(t);
                callStarted(call);
                try {
                    checkKind(request, t);
                } catch (SferumException e) {
                    fail(e);
                    return;
                }
                attempts = retries.start(request.idempotent(), request.options().retriesDisabled());
                acquire();
            });
        }

        void acquire() {
            if (result.isDone()) {
                return;
            }
            ApiRequest request = call.request;
            boolean batched = batcher != null && Batcher.batchable(request);
            if (batched || !config.rateLimits().enabled()) {
                send(batched);
                return;
            }
            RateBudgetStore.Reservation p = budgets.reserve(token.fingerprint(), config.rateLimits().budget(token.kind()));
            if (p.granted()) {
                permit = p;
                if (result.isDone()) {
                    p.cancel();
                    return;
                }
                send(false);
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
            after(delay);
        }

        void send(boolean batched) {
            ApiRequest request = call.request;
            Duration timeout;
            try {
                timeout = attemptTimeout(call, last);
            } catch (SferumException e) {
                releasePermit(false);
                fail(e);
                return;
            }
            call.attempts++;
            attemptStarted(call);
            CompletableFuture<?> exchange;
            if (batched) {
                CompletableFuture<Answer> answer = batcher.submit(token, request);
                exchange = answer;
                answer.whenComplete((a, error) -> completed(error == null ? () -> a : () -> {
                    throw HttpTransport.failure(request.method(), error, timeout);
                }));
            } else {
                var http = transport.sendAsync(request.method(), body(request), token, timeout);
                exchange = http;
                http.whenComplete((response, error) -> {
                    releasePermit(true);
                    completed(() -> {
                        if (error != null) {
                            throw HttpTransport.failure(request.method(), error, timeout);
                        }
                        return response;
                    });
                });
            }
            pending = exchange;
            if (result.isDone()) {
                exchange.cancel(true);
            }
        }

        /**
         * Goes on with {@link #acquire()} once {@code delay} is over, on the client's executor: a delay completes on
         * the time source's timer thread, where no caller code may run.
         */
        void after(CompletableFuture<Void> delay) {
            delay.whenComplete((x, e) -> {
                try {
                    transport.threads().execute(this::acquire);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    fail(new SferumException(ErrorCategory.INVALID_INPUT, call.request.method(), call.request.method()
                            + " was not finished: its client was closed while it waited", "keep the client open until its calls finish", null));
                }
            });
        }

        /** Gives back the slot: counted for one more window if the request went out, freed if it never did. */
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

        /** @param answer supplies a {@link Transport.Response} or a batch's {@link Answer}, or throws the failure */
        void completed(java.util.function.Supplier<Object> answer) {
            if (result.isDone()) {
                return;
            }
            try {
                T value = read(call.request.method(), answer.get(), type);
                finish(call, null);
                result.complete(value);
            } catch (SferumException e) {
                failed(e);
            } catch (RuntimeException e) {
                fail(new SferumException(ErrorCategory.TRANSIENT, call.request.method(),
                        call.request.method() + " failed inside the SDK: " + e.getClass().getName(), null, e));
            }
        }

        void failed(SferumException e) {
            last = e;
            afterFailure(call, token, e);
            ApiRequest request = call.request;
            if (!renewed && canRenew(request, e)) {
                renewed = true;
                AccessToken rejected = token;
                tokens.renewAsync(rejected).whenComplete((fresh, renewError) -> {
                    if (renewError != null) {
                        Throwable cause = renewError instanceof java.util.concurrent.CompletionException && renewError.getCause() != null
                                ? renewError.getCause() : renewError;
                        fail(cause instanceof SferumException s ? s : e);
                    } else if (fresh.isPresent() && !fresh.get().equals(rejected)) {
                        token = fresh.get();
                        call.token(token);
                        acquire();
                    } else {
                        retryOrFail(e);
                    }
                });
                return;
            }
            retryOrFail(e);
        }

        void retryOrFail(SferumException e) {
            Duration delay = attempts.next(e);
            if (delay == null) {
                fail(attempts.giveUp(e, call.request.method()));
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
            after(wait);
        }

        void fail(SferumException e) {
            e.withAttempts(Math.max(1, call.attempts));
            if (!call.started) {
                callStarted(call);
            }
            finish(call, e);
            result.completeExceptionally(e);
        }
    }

    // ---------------------------------------------------------------- shared steps

    private byte[] body(ApiRequest request) {
        return FormEncoder.encode(request.params(), request.options().apiVersion().orElse(config.apiVersion()));
    }

    private Duration callTimeout(ApiRequest request) {
        return request.options().callTimeout().orElse(config.callTimeout());
    }

    /** The attempt timeout, shortened to what is left of the call's deadline. */
    private Duration attemptTimeout(Call call, SferumException last) {
        Duration attempt = call.request.options().attemptTimeout().orElse(config.attemptTimeout());
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
        return new DeadlineExceededException(call.request.method(), callTimeout(call.request), what, category, last);
    }

    private void afterFailure(Call call, AccessToken token, SferumException e) {
        if (token != null && RetryRules.isRefusal(e) && config.rateLimits().enabled()) {
            budgets.throttled(token.fingerprint(), config.rateLimits().budget(token.kind()));
        }
    }

    private boolean canRenew(ApiRequest request, SferumException e) {
        return tokens != null && request.options().token().isEmpty() && e instanceof ApiException a
                && (a.errorCode() == 5 || a.errorCode() == 1117);
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

    /**
     * Decodes what an attempt produced: a typed result straight from the bytes when the answer is a plain success,
     * otherwise through the tree, which types every error exactly as before.
     */
    @SuppressWarnings("unchecked")
    private static <T> T read(String method, Object outcome, ResultType<T> type) {
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

    // ---------------------------------------------------------------- listeners and logs

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

    private void throttled(Call call, Duration wait) {
        CallInfo info = call.info();
        for (RequestListener l : listeners) {
            try {
                l.throttled(info, wait);
            } catch (RuntimeException e) {
                log.debug("listener {} failed in throttled: {}", l, e.toString());
            }
        }
    }

    private void retryScheduled(Call call, Duration delay, SferumException cause) {
        CallInfo info = call.info();
        if (log.isDebugEnabled()) {
            log.debug("{} attempt {} failed ({}); retrying in {} ms", info.method(), call.attempts, cause.category(), delay.toMillis());
        }
        for (RequestListener l : listeners) {
            try {
                l.retryScheduled(info, call.attempts + 1, delay, cause);
            } catch (RuntimeException e) {
                log.debug("listener {} failed in retryScheduled: {}", l, e.toString());
            }
        }
    }

    private void finish(Call call, SferumException error) {
        Duration took = Duration.ofNanos(time.nanoTime() - call.startedNanos);
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

    /** The shared state of one call. Its steps run one at a time, possibly on different threads. */
    private final class Call {
        final ApiRequest request;
        final long startedNanos;
        final long deadlineNanos;
        final long id = ids.incrementAndGet();
        volatile AccessToken token;
        volatile int attempts;
        volatile boolean started;
        private volatile CallInfo info;

        Call(ApiRequest request) {
            this.request = request;
            this.startedNanos = time.nanoTime();
            this.deadlineNanos = startedNanos + callTimeout(request).toNanos();
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
}
