package dev.sferum.sdk.core;

import dev.sferum.sdk.core.internal.InMemoryRateBudgets;

import java.time.Duration;

/**
 * Where the per-token rate budgets live: in this JVM by default, or somewhere all application nodes share (the
 * {@code sdk-redis} module), since VK counts requests per token, not per process.
 *
 * <p>A store must guarantee that for each key it grants at most {@link Budget#permits()} reservations whose
 * start times fall in any window of {@link Budget#window()} length — a sliding window, not a calendar second.
 * {@link #throttled} tells it the server still refused a call (VK error 6 or 9): it must then slow the key down
 * (multiplicative decrease) and recover gradually (additive increase).
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
public interface RateBudgetStore {

    /**
     * A store in this JVM's memory.
     *
     * @param time the time source for windows and recovery
     * @return the store
     */
    static RateBudgetStore inMemory(TimeSource time) {
        return new InMemoryRateBudgets(time);
    }

    /**
     * Reserves the next permit for {@code key}. The caller must wait {@link Reservation#delay()} before sending, or
     * {@link Reservation#cancel()} the reservation if it gives up.
     *
     * @param key the budget key: a token's fingerprint
     * @param budget the limits for the key
     * @return the reservation
     */
    Reservation reserve(String key, Budget budget);

    /**
     * Tells the store that the server refused a call of {@code key} for sending too much.
     *
     * @param key the budget key
     * @param budget the limits for the key
     */
    void throttled(String key, Budget budget);

    /**
     * A granted permit.
     */
    interface Reservation {
        /** @return how long the caller must wait before its call starts; zero when it may start now */
        Duration delay();

        /** Returns the permit unused, so another call can have it. Idempotent. */
        void cancel();
    }

    /**
     * The limits of one key.
     *
     * @param permits how many calls may start in any one window; at least 1
     * @param window the sliding window, VK's second plus a safety margin
     * @param decreaseFactor after a refusal, the limit is multiplied by this (0 &lt; f &lt; 1)
     * @param recoveryInterval after a refusal, the limit grows back by one permit per interval
     */
    record Budget(int permits, Duration window, double decreaseFactor, Duration recoveryInterval) {
        /** Checks the values. */
        public Budget {
            if (permits < 1) {
                throw new IllegalArgumentException("permits must be at least 1: " + permits);
            }
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be positive: " + window);
            }
            if (!(decreaseFactor > 0 && decreaseFactor < 1)) {
                throw new IllegalArgumentException("decreaseFactor must be between 0 and 1: " + decreaseFactor);
            }
            if (recoveryInterval.isNegative() || recoveryInterval.isZero()) {
                throw new IllegalArgumentException("recoveryInterval must be positive: " + recoveryInterval);
            }
        }
    }
}
