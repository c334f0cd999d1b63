package dev.sferum.sdk.core;

import dev.sferum.sdk.core.internal.Require;

import java.time.Duration;
import java.util.Random;

/**
 * When and how long the SDK waits before repeating a failed attempt.
 *
 * <p>What is retried: failures to connect (the request was never sent); VK errors 6 (too many requests — VK
 * rejected the call before doing anything); and, only for idempotent calls (reads, and {@code messages.send}
 * with its fixed {@code random_id}), VK errors 1 and 10, HTTP 5xx, timeouts and broken connections after the
 * request was sent. A write that is not idempotent and may have reached the server is never repeated blindly:
 * it fails with {@link dev.sferum.sdk.core.exception.OutcomeUnknownException}. Flood control (VK errors 9 and
 * 29) gets a separate, much slower back-off and at most {@link #floodRetries()} retries. Token, permission,
 * input and captcha errors are never retried.
 *
 * <p>Back-off is exponential with full jitter: before retry {@code n} the SDK waits a random time in
 * {@code [0, min(maxBackoff, initialBackoff * 2^(n-1))]}. After error 6 it waits {@code throttledBackoff} plus up
 * to half of it again, at random. Every wait also ends the call if it would pass the call's deadline.
 *
 * <pre>{@code
 * RetryPolicy patient = RetryPolicy.builder().maxAttempts(6).maxBackoff(Duration.ofSeconds(20)).build();
 * ClientConfig config = ClientConfig.builder().retryPolicy(patient).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).floodRetries(0).build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration throttledBackoff;
    private final Duration floodBackoff;
    private final int floodRetries;
    private final Long jitterSeed;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.throttledBackoff = b.throttledBackoff;
        this.floodBackoff = b.floodBackoff;
        this.floodRetries = b.floodRetries;
        this.jitterSeed = b.jitterSeed;
    }

    /** {@return the defaults: 4 attempts, 200 ms initial and 5 s maximum back-off, 1 s after error 6, 1 flood retry after 10 s} */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** {@return a policy that makes exactly one attempt} */
    public static RetryPolicy none() {
        return NONE;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this policy} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxAttempts = maxAttempts;
        b.initialBackoff = initialBackoff;
        b.maxBackoff = maxBackoff;
        b.throttledBackoff = throttledBackoff;
        b.floodBackoff = floodBackoff;
        b.floodRetries = floodRetries;
        b.jitterSeed = jitterSeed;
        return b;
    }

    /** {@return the most attempts one call makes, counting the first} */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** {@return the back-off cap before the first retry} */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** {@return the largest back-off between attempts} */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** {@return the base wait after VK error 6 or HTTP 429} */
    public Duration throttledBackoff() {
        return throttledBackoff;
    }

    /** {@return the base wait after VK errors 9 and 29 (flood control)} */
    public Duration floodBackoff() {
        return floodBackoff;
    }

    /** {@return how many times one call may retry after flood control} */
    public int floodRetries() {
        return floodRetries;
    }

    /**
     * {@return a new random source for jitter: seeded when {@link Builder#jitterSeed(long)} was set (so tests
     *     reproduce), otherwise unseeded}
     */
    public Random newJitterRandom() {
        return jitterSeed == null ? new Random() : new Random(jitterSeed);
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
                + ", throttledBackoff=" + throttledBackoff + ", floodBackoff=" + floodBackoff + ", floodRetries=" + floodRetries + "]";
    }

    /** Builds a {@link RetryPolicy}. Not thread-safe. */
    public static final class Builder {
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration throttledBackoff = Duration.ofSeconds(1);
        private Duration floodBackoff = Duration.ofSeconds(10);
        private int floodRetries = 1;
        private Long jitterSeed;

        private Builder() {
        }

        /**
         * Sets the most attempts per call, counting the first.
         *
         * @param attempts the most attempts per call, counting the first; at least 1 (1 = never retry). Default 4.
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1 (1 means no retries): " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Sets the back-off cap before the first retry.
         *
         * @param backoff the back-off cap before the first retry; positive. Default 200 ms.
         * @return this builder
         */
        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = Require.positive(backoff, "initialBackoff");
            return this;
        }

        /**
         * Sets the largest back-off.
         *
         * @param backoff the largest back-off; not less than the initial one. Default 5 s.
         * @return this builder
         */
        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = Require.positive(backoff, "maxBackoff");
            return this;
        }

        /**
         * Sets the base wait after VK error 6 or HTTP 429.
         *
         * @param backoff the base wait after VK error 6 or HTTP 429; positive. Default 1 s (VK's window).
         * @return this builder
         */
        public Builder throttledBackoff(Duration backoff) {
            this.throttledBackoff = Require.positive(backoff, "throttledBackoff");
            return this;
        }

        /**
         * Sets the base wait after VK errors 9 and 29.
         *
         * @param backoff the base wait after VK errors 9 and 29; positive. Default 10 s.
         * @return this builder
         */
        public Builder floodBackoff(Duration backoff) {
            this.floodBackoff = Require.positive(backoff, "floodBackoff");
            return this;
        }

        /**
         * Sets how often one call may retry after flood control.
         *
         * @param retries how often one call may retry after flood control; 0 or more. Default 1.
         * @return this builder
         */
        public Builder floodRetries(int retries) {
            this.floodRetries = Require.notNegative(retries, "floodRetries");
            return this;
        }

        /**
         * Makes the jitter reproducible, for tests.
         *
         * @param seed the seed of the jitter's random source
         * @return this builder
         */
        public Builder jitterSeed(long seed) {
            this.jitterSeed = seed;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalStateException if {@code maxBackoff} is less than {@code initialBackoff}
         */
        public RetryPolicy build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalStateException("maxBackoff (" + maxBackoff + ") is less than initialBackoff (" + initialBackoff + ")");
            }
            return new RetryPolicy(this);
        }
    }
}
