package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.RetryPolicy;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.OutcomeUnknownException;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.time.Duration;
import java.util.Random;

/**
 * The retry policy on one screen: which failures may be repeated, for which calls, after how long. Attempt
 * counting and the back-off schedule run on Resilience4j's {@link Retry}, configured from our {@link RetryPolicy};
 * idempotency and flood-control limits are decided here, per call.
 */
public final class RetryRules {
    private final RetryPolicy policy;
    private final Retry retry;
    private final Random jitter;

    /**
     * @param policy the policy
     */
    public RetryRules(RetryPolicy policy) {
        this.policy = policy;
        this.jitter = policy.newJitterRandom();
        this.retry = Retry.of("sferum-vk-api", RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .retryOnException(RetryRules::retryable)
                .intervalBiFunction((attempt, outcome) -> backoff(attempt, outcome.isLeft() ? outcome.getLeft() : null).toMillis())
                .failAfterMaxAttempts(false)
                .build());
    }

    /** The retry state of one call. Confined to one thread at a time. */
    public final class Attempts {
        private final Retry.AsyncContext<Object> context = retry.asyncContext();
        private final boolean idempotent;
        private final boolean disabled;
        private int floods;

        Attempts(boolean idempotent, boolean disabled) {
            this.idempotent = idempotent;
            this.disabled = disabled;
        }

        /**
         * Decides what follows a failed attempt.
         *
         * @param e the failure
         * @return the wait before the next attempt, or {@code null} to give up with {@link #giveUp(SferumException, String)}
         */
        public Duration next(SferumException e) {
            if (disabled || !retryable(e)) {
                return null;
            }
            if (needsIdempotency(e) && !idempotent) {
                return null;
            }
            if (isFlood(e)) {
                if (floods >= policy.floodRetries()) {
                    return null;
                }
                floods++;
            }
            long millis = context.onError(e);
            return millis < 0 ? null : Duration.ofMillis(millis);
        }

        /**
         * The exception to throw when giving up: a transport failure after the request was sent, for a call that
         * is not idempotent, becomes {@link OutcomeUnknownException}.
         *
         * @param e the last failure
         * @param method the method
         * @return the exception to throw
         */
        public SferumException giveUp(SferumException e, String method) {
            if (!idempotent && e instanceof TransportException t && t.requestSent() && t.category() == ErrorCategory.TRANSIENT
                    && t.failure() != TransportException.Failure.INTERRUPTED) {
                return new OutcomeUnknownException(method, e);
            }
            return e;
        }
    }

    /**
     * @param idempotent whether the call may be repeated after an unknown outcome
     * @param disabled whether retries are off for the call
     * @return fresh per-call state
     */
    public Attempts start(boolean idempotent, boolean disabled) {
        return new Attempts(idempotent, disabled);
    }

    /**
     * @param e a failure
     * @return whether VK refused it as too many requests (error 6 or 9), which should slow the token's budget
     */
    public static boolean isRefusal(SferumException e) {
        return e instanceof ApiException a && (a.errorCode() == 6 || a.errorCode() == 9);
    }

    static boolean retryable(Throwable t) {
        if (!(t instanceof SferumException e) || !e.category().retryable()) {
            return false;
        }
        return !(e instanceof TransportException te) || te.failure() != TransportException.Failure.INTERRUPTED;
    }

    /** Failures after which the server may have done the action: only idempotent calls may repeat them. */
    static boolean needsIdempotency(SferumException e) {
        if (e instanceof ApiException a) {
            return !isThrottle(a) && !isFlood(a);
        }
        if (e instanceof TransportException t) {
            if (t.failure() == TransportException.Failure.CONNECT) {
                return false;
            }
            return !(t.failure() == TransportException.Failure.HTTP_STATUS && t.httpStatus().orElse(0) == 429);
        }
        return true;
    }

    private static boolean isThrottle(SferumException e) {
        return (e instanceof ApiException a && a.errorCode() == 6)
                || (e instanceof TransportException t && t.httpStatus().orElse(0) == 429);
    }

    private static boolean isFlood(SferumException e) {
        return e instanceof ApiException a && (a.errorCode() == 9 || a.errorCode() == 29);
    }

    /**
     * The wait before retry number {@code attempt} (1 = the first retry).
     *
     * @param attempt attempts made so far
     * @param e the failure
     * @return the wait
     */
    Duration backoff(int attempt, Throwable e) {
        if (e instanceof SferumException s && isThrottle(s)) {
            return withHalfJitter(policy.throttledBackoff());
        }
        if (e instanceof SferumException s && isFlood(s)) {
            return withHalfJitter(policy.floodBackoff());
        }
        long initial = policy.initialBackoff().toMillis();
        long cap = policy.maxBackoff().toMillis();
        long ceiling = attempt >= 31 ? cap : Math.min(cap, initial << Math.max(0, attempt - 1));
        return Duration.ofMillis(nextLong(ceiling + 1));
    }

    private Duration withHalfJitter(Duration base) {
        long ms = base.toMillis();
        return Duration.ofMillis(ms + nextLong(ms / 2 + 1));
    }

    private long nextLong(long bound) {
        synchronized (jitter) {
            return bound <= 1 ? 0 : (long) (jitter.nextDouble() * bound);
        }
    }
}
