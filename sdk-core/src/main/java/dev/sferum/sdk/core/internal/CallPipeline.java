package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.CallInfo;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.RequestListener;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.Transport;
import dev.sferum.sdk.core.exception.DeadlineExceededException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.core.exception.WrongTokenKindException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one call engine of every backend — the VK API, the MAX Bot API, VK ID — shared by the sync and async
 * clients: credential, kind check, rate budget, [coalescing], exchange over the {@link Transport}, decode, retry,
 * all within the call's deadline, with the listeners told each step. What differs between backends is their
 * {@link Wire}. The sync path blocks in {@link Transport#send} and sleeps on the time source; the async path
 * composes on {@link Transport#sendAsync} and delayed futures and never blocks a thread, every step after a
 * wait running on the client's executor. Neither wraps the other.
 *
 * @param <Q> the backend's request
 * @param <C> the backend's credential
 */
public final class CallPipeline<Q, C> {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.core.call");

    private final ClientConfig config;
    private final Wire<Q, C> wire;
    private final Credentials<C> credentials;
    private final HttpTransport transport;
    private final List<RequestListener> listeners;
    private final RetryRules retries;
    private final TimeSource time;
    private final RateBudgetStore budgets;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param config the configuration: timeouts, retries, rate limits, listeners, time
     * @param wire the backend
     * @param credentials where calls without their own credential get one, or {@code null} if calls carry none
     * @param transport the exchanges
     */
    public CallPipeline(ClientConfig config, Wire<Q, C> wire, Credentials<C> credentials, HttpTransport transport) {
        this.config = Objects.requireNonNull(config, "config");
        this.wire = Objects.requireNonNull(wire, "wire");
        this.credentials = credentials;
        this.transport = Objects.requireNonNull(transport, "transport");
        this.listeners = config.listeners();
        this.retries = new RetryRules(config.retryPolicy(), wire::hint);
        this.time = config.timeSource();
        this.budgets = config.rateBudgetStore();
    }

    /** {@return the configuration} */
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

    /** {@return the backend} */
    public Wire<Q, C> wire() {
        return wire;
    }

    /**
     * One call as the engine runs it.
     *
     * @param request the backend's request
     * @param operation its name ({@link Wire#operation})
     * @param idempotent whether repeating it after an unknown outcome is harmless
     * @param retriesDisabled whether it gets one attempt only
     * @param credential the call's own credential, or {@code null} to take the pipeline's
     * @param kinds the credential kinds the call accepts, or {@code null} for any
     * @param callTimeout the deadline of the whole call
     * @param attemptTimeout the limit of each exchange
     * @param <Q> the request
     * @param <C> the credential
     */
    public record Spec<Q, C>(Q request, String operation, boolean idempotent, boolean retriesDisabled, C credential,
                             Set<TokenKind> kinds, Duration callTimeout, Duration attemptTimeout) {
    }

    // ---------------------------------------------------------------- sync

    /**
     * Makes a call on the calling thread.
     *
     * @param spec the call
     * @param decoder turns the answer into the result
     * @param <T> the result
     * @return the result
     * @throws SferumException on failure, after the retries the rules allow
     */
    public <T> T execute(Spec<Q, C> spec, Wire.Decoder<T> decoder) {
        Call call = new Call(spec);
        try {
            C credential = spec.credential() != null ? spec.credential() : credentials == null ? null : credentials.current(spec.operation());
            call.credential(credential);
            callStarted(call);
            checkKind(spec, credential);
            RetryRules.Attempts attempts = retries.start(spec.idempotent(), spec.retriesDisabled());
            boolean renewed = false;
            SferumException last = null;
            while (true) {
                try {
                    T result = decoder.decode(attemptSync(call, credential, last));
                    finish(call, null);
                    return result;
                } catch (DeadlineExceededException e) {
                    throw e;
                } catch (SferumException e) {
                    last = e;
                    afterFailure(call, credential, e);
                    if (!renewed && canRenew(spec, e)) {
                        renewed = true;
                        Optional<C> fresh = credentials.renew(credential);
                        if (fresh.isPresent() && !fresh.get().equals(credential)) {
                            credential = fresh.get();
                            call.credential(credential);
                            continue;
                        }
                    }
                    Duration delay = attempts.next(e);
                    if (delay == null) {
                        throw attempts.giveUp(e, spec.operation());
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

    /** {@return a {@link Transport.Response} from the exchange, or what the coalesced call completed with} */
    private Object attemptSync(Call call, C credential, SferumException last) {
        Spec<Q, C> spec = call.spec;
        CompletableFuture<?> coalesced = null;
        RateBudgetStore.Reservation permit = null;
        call.permit = null;
        Duration timeout;
        try {
            coalesced = credential == null ? null : wire.coalesce(spec.request(), credential);
            if (coalesced == null && credential != null && config.rateLimits().enabled()) {
                RateBudgetStore.Budget budget = config.rateLimits().budget(wire.kind(credential));
                while (true) {
                    RateBudgetStore.Reservation r = budgets.reserve(wire.budgetKey(credential), budget);
                    if (r.granted()) {
                        permit = r;
                        call.permit = r;
                        break;
                    }
                    Duration wait = r.delay();
                    checkTime(call, wait, "waiting for the rate budget", last);
                    throttled(call, wait);
                    sleep(call, wait);
                }
            }
            timeout = attemptTimeout(call, last);
        } catch (SferumException e) {
            if (permit != null) {
                permit.cancel();
            }
            if (coalesced != null) {
                coalesced.cancel(true);
            }
            throw e;
        }
        call.attempts++;
        attemptStarted(call);
        if (coalesced != null) {
            return awaitCoalesced(call, coalesced, timeout);
        }
        try {
            return transport.send(wire.encode(spec.request(), credential, timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(ErrorCategory.TRANSIENT, spec.operation(), TransportException.Failure.INTERRUPTED, 0, true,
                    spec.operation() + " was interrupted while waiting for the answer", null, null);
        } catch (IOException | RuntimeException e) {
            throw wire.failure(spec.operation(), e, timeout);
        } finally {
            if (permit != null) {
                permit.complete();
            }
        }
    }

    private Object awaitCoalesced(Call call, Future<?> answer, Duration timeout) {
        String operation = call.spec.operation();
        try {
            return answer.get(timeout.toNanos() + wire.coalesceWindow().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new TransportException(ErrorCategory.TRANSIENT, operation, TransportException.Failure.INTERRUPTED, 0, true,
                    operation + " was interrupted while waiting for its batch", null, null);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw wire.failure(operation, new java.net.http.HttpTimeoutException("batch timed out"), timeout);
        } catch (ExecutionException e) {
            throw wire.failure(operation, e.getCause(), timeout);
        }
    }

    private void sleep(Call call, Duration d) {
        try {
            time.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(ErrorCategory.TRANSIENT, call.spec.operation(), TransportException.Failure.INTERRUPTED, 0, false,
                    call.spec.operation() + " was interrupted while waiting", null, null);
        }
    }

    // ---------------------------------------------------------------- async

    /**
     * Makes a call without blocking.
     *
     * @param spec the call
     * @param decoder turns the answer into the result
     * @param <T> the result
     * @return the future result; cancelling it aborts the exchange and returns any held permit
     */
    public <T> CompletableFuture<T> executeAsync(Spec<Q, C> spec, Wire.Decoder<T> decoder) {
        AsyncCall<T> call = new AsyncCall<>(new Call(spec), decoder);
        call.start();
        return call.result;
    }

    /** One async call's steps, each scheduled by the completion of the one before. */
    private final class AsyncCall<T> {
        final Call call;
        final Spec<Q, C> spec;
        final Wire.Decoder<T> decoder;
        final CompletableFuture<T> result = new CompletableFuture<>();
        RetryRules.Attempts attempts;
        C credential;
        boolean renewed;
        SferumException last;
        volatile Future<?> pending;
        volatile RateBudgetStore.Reservation permit;

        AsyncCall(Call call, Wire.Decoder<T> decoder) {
            this.call = call;
            this.spec = call.spec;
            this.decoder = decoder;
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
            CompletableFuture<C> credentialFuture;
            try {
                credentialFuture = spec.credential() != null ? CompletableFuture.completedFuture(spec.credential())
                        : credentials == null ? CompletableFuture.completedFuture(null) : credentials.currentAsync(spec.operation());
            } catch (SferumException e) {
                fail(e);
                return;
            }
            credentialFuture.whenComplete((c, error) -> {
                if (error != null) {
                    fail(wire.failure(spec.operation(), error, spec.attemptTimeout()));
                    return;
                }
                credential = c;
                call.credential(c);
                callStarted(call);
                try {
                    checkKind(spec, c);
                } catch (SferumException e) {
                    fail(e);
                    return;
                }
                attempts = retries.start(spec.idempotent(), spec.retriesDisabled());
                acquire();
            });
        }

        void acquire() {
            if (result.isDone()) {
                return;
            }
            call.permit = null;
            CompletableFuture<?> coalesced;
            try {
                coalesced = credential == null ? null : wire.coalesce(spec.request(), credential);
            } catch (SferumException e) {
                fail(e);
                return;
            }
            if (coalesced != null || credential == null || !config.rateLimits().enabled()) {
                send(coalesced);
                return;
            }
            RateBudgetStore.Reservation p = budgets.reserve(wire.budgetKey(credential), config.rateLimits().budget(wire.kind(credential)));
            if (p.granted()) {
                permit = p;
                call.permit = p;
                if (result.isDone()) {
                    releasePermit(false);
                    return;
                }
                send(null);
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

        void send(CompletableFuture<?> coalesced) {
            Duration timeout;
            Transport.Exchange exchange = null;
            try {
                timeout = attemptTimeout(call, last);
            } catch (SferumException e) {
                releasePermit(false);
                if (coalesced != null) {
                    coalesced.cancel(true);
                }
                fail(e);
                return;
            }
            if (coalesced == null) {
                try {
                    exchange = wire.encode(spec.request(), credential, timeout);
                } catch (RuntimeException e) {
                    releasePermit(false);
                    failed(wire.failure(spec.operation(), e, timeout));
                    return;
                }
            }
            call.attempts++;
            attemptStarted(call);
            CompletableFuture<?> running;
            if (coalesced != null) {
                running = coalesced;
                coalesced.whenComplete((a, error) -> completed(a, error, timeout));
            } else {
                CompletableFuture<Transport.Response> http = transport.sendAsync(exchange);
                running = http;
                http.whenComplete((response, error) -> {
                    releasePermit(true);
                    completed(response, error, timeout);
                });
            }
            pending = running;
            if (result.isDone()) {
                running.cancel(true);
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
                    fail(new SferumException(ErrorCategory.INVALID_INPUT, spec.operation(), spec.operation()
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

        void completed(Object outcome, Throwable error, Duration timeout) {
            if (result.isDone()) {
                return;
            }
            try {
                if (error != null) {
                    throw wire.failure(spec.operation(), error, timeout);
                }
                T value = decoder.decode(outcome);
                finish(call, null);
                result.complete(value);
            } catch (SferumException e) {
                failed(e);
            } catch (RuntimeException e) {
                fail(new SferumException(ErrorCategory.TRANSIENT, spec.operation(),
                        spec.operation() + " failed inside the SDK: " + e.getClass().getName(), null, e));
            }
        }

        void failed(SferumException e) {
            last = e;
            afterFailure(call, credential, e);
            if (!renewed && canRenew(spec, e)) {
                renewed = true;
                C rejected = credential;
                credentials.renewAsync(rejected).whenComplete((fresh, renewError) -> {
                    if (renewError != null) {
                        Throwable cause = renewError instanceof CompletionException && renewError.getCause() != null
                                ? renewError.getCause() : renewError;
                        fail(cause instanceof SferumException s ? s : e);
                    } else if (fresh.isPresent() && !fresh.get().equals(rejected)) {
                        credential = fresh.get();
                        call.credential(credential);
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
                fail(attempts.giveUp(e, spec.operation()));
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

    /** The attempt timeout, shortened to what is left of the call's deadline. */
    private Duration attemptTimeout(Call call, SferumException last) {
        Duration attempt = call.spec.attemptTimeout();
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
        return new DeadlineExceededException(call.spec.operation(), call.spec.callTimeout(), what, category, last);
    }

    /**
     * Tells the budget of a refusal of the attempt's own request. A call that went out in a batch held no slot of its
     * own: the batch's refusal was told once, by the batcher.
     */
    private void afterFailure(Call call, C credential, SferumException e) {
        RateBudgetStore.Reservation permit = call.permit;
        if (permit != null && credential != null && config.rateLimits().enabled() && wire.refusal(e)) {
            budgets.throttled(wire.budgetKey(credential), config.rateLimits().budget(wire.kind(credential)), permit);
        }
    }

    private boolean canRenew(Spec<Q, C> spec, SferumException e) {
        return credentials != null && spec.credential() == null && wire.hint(e) == RetryHint.RENEW_CREDENTIAL;
    }

    private void checkKind(Spec<Q, C> spec, C credential) {
        if (spec.kinds() != null && credential != null && !spec.kinds().contains(wire.kind(credential))) {
            throw new WrongTokenKindException(spec.operation(), spec.kinds(), wire.kind(credential));
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
        final Spec<Q, C> spec;
        final long startedNanos;
        final long deadlineNanos;
        final long id = ids.incrementAndGet();
        volatile C credential;
        volatile int attempts;
        volatile boolean started;
        /** The budget slot of the latest attempt, if it held one of its own (not coalesced into a batch). */
        volatile RateBudgetStore.Reservation permit;
        private volatile CallInfo info;

        Call(Spec<Q, C> spec) {
            this.spec = spec;
            this.startedNanos = time.nanoTime();
            this.deadlineNanos = startedNanos + spec.callTimeout().toNanos();
        }

        void credential(C c) {
            this.credential = c;
            this.info = null;
        }

        CallInfo info() {
            CallInfo i = info;
            if (i == null) {
                C c = credential;
                i = new CallInfo(id, spec.operation(), c == null ? null : wire.kind(c), c == null ? null : wire.fingerprint(c));
                info = i;
            }
            return i;
        }
    }

    @Override
    public String toString() {
        return "CallPipeline[" + wire + "]";
    }
}
