package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.RetryPolicy;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.OutcomeUnknownException;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.time.Duration;
import java.util.Random;
import java.util.function.Function;

/**
 * The retry policy on one screen: which failures may be repeated, for which calls, after how long. Attempt
 * counting and the back-off schedule run on Resilience4j's {@link Retry}, configured from our {@link RetryPolicy};
 * idempotency and flood-control limits are decided here, per call, from the {@link RetryHint} the backend's wire
 * reads out of each failure (no backend's error codes are known here).
 */
public final class RetryRules {
    private final RetryPolicy policy;
    private final Function<SferumException, RetryHint> hints;
    private final Retry retry;
    private final Random jitter;

    /**
     * @param policy the policy
     * @param hints reads a failure's hint (the backend's {@link Wire#hint})
     */
    public RetryRules(RetryPolicy policy, Function<SferumException, RetryHint> hints) {
        this.policy = policy;
        this.hints = hints;
        this.jitter = policy.newJitterRandom();
        this.retry = Retry.of("sferum-calls", RetryConfig.custom()
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
            RetryHint hint = hints.apply(e);
            if (needsIdempotency(hint) && !idempotent) {
                return null;
            }
            if (hint == RetryHint.FLOOD) {
                if (floods >= policy.floodRetries()) {
                    return null;
                }
                floods++;
            }
            long millis = context.onError(e);
            return millis < 0 ? null : Duration.ofMillis(millis);
        }

        /**
         * The exception to throw when giving up: a failure whose outcome is unknown ({@link RetryHint#OUTCOME_UNKNOWN}),
         * for a call that is not idempotent, becomes {@link OutcomeUnknownException} with the failure as its cause.
         *
         * @param e the last failure
         * @param operation the call
         * @return the exception to throw
         */
        public SferumException giveUp(SferumException e, String operation) {
            if (!idempotent && e.category() == ErrorCategory.TRANSIENT && hints.apply(e) == RetryHint.OUTCOME_UNKNOWN
                    && !(e instanceof TransportException t && t.failure() == TransportException.Failure.INTERRUPTED)) {
                return new OutcomeUnknownException(operation, e);
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

    static boolean retryable(Throwable t) {
        if (!(t instanceof SferumException e) || !e.category().retryable()) {
            return false;
        }
        return !(e instanceof TransportException te) || te.failure() != TransportException.Failure.INTERRUPTED;
    }

    /** Failures after which the server may have done the action: only idempotent calls may repeat them. */
    static boolean needsIdempotency(RetryHint hint) {
        return hint == RetryHint.SENT || hint == RetryHint.OUTCOME_UNKNOWN || hint == RetryHint.RENEW_CREDENTIAL;
    }

    /**
     * The wait before retry number {@code attempt} (1 = the first retry).
     *
     * @param attempt attempts made so far
     * @param e the failure
     * @return the wait
     */
    Duration backoff(int attempt, Throwable e) {
        RetryHint hint = e instanceof SferumException s ? hints.apply(s) : RetryHint.SENT;
        if (hint == RetryHint.THROTTLE) {
            return withHalfJitter(policy.throttledBackoff());
        }
        if (hint == RetryHint.FLOOD) {
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
