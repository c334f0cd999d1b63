package dev.sferum.sdk.core;

import dev.sferum.sdk.core.internal.InMemoryRateBudgets;
import dev.sferum.sdk.core.internal.Require;
import dev.sferum.sdk.core.internal.Reservations;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the per-token rate budgets live: in this JVM by default, or somewhere all application nodes share (the
 * {@code sdk-redis} module), since VK counts requests per token, not per process.
 *
 * <p>The guarantee a store gives is causal, so it holds whatever the network or the machine's load does: a call
 * occupies one of the key's {@link Budget#permits()} slots from the moment it is granted until one
 * {@link Budget#window()} after its exchange {@linkplain Reservation#complete() completed}. Since the server sees
 * a call after it was granted and before it completed, no window of that length at the server can hold more than
 * {@code permits} calls of the key. {@link #throttled} tells the store the server still refused a call (VK error 6
 * or 9): it then blocks the key for one window and lowers the limit (multiplicative decrease), which grows back by
 * one per {@link Budget#recoveryInterval()} (additive increase).
 *
 * <p>Use: {@code reserve}; if not {@linkplain Reservation#granted() granted}, wait {@link Reservation#delay()} and
 * ask again; once granted, send, then {@code complete()} — or {@code cancel()} if the call was never sent.
 * Implementations must be thread-safe.
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
     * Asks for a slot to start one call of {@code key} now.
     *
     * @param key the budget key: a token's fingerprint
     * @param budget the limits for the key
     * @return a granted slot, or a refusal saying how long to wait before asking again
     */
    Reservation reserve(String key, Budget budget);

    /**
     * Tells the store that the server refused a call of {@code key} for sending too much, not saying which: counted
     * as a call granted since the last cut.
     *
     * @param key the budget key
     * @param budget the limits for the key
     */
    void throttled(String key, Budget budget);

    /**
     * Tells the store that the server refused {@code call}, a call of {@code key} it granted (and that was
     * {@linkplain Reservation#complete() completed}), for sending too much. A store that knows when it granted the
     * call ignores the refusal if the limit was cut after the grant: that cut already answered it. The default
     * forgets which call it was: {@link #throttled(String, Budget)}.
     *
     * @param key the budget key
     * @param budget the limits for the key
     * @param call the refused call's reservation, as this store granted it
     * @since 0.1.0
     */
    default void throttled(String key, Budget budget, Reservation call) {
        throttled(key, budget);
    }

    /**
     * What the store knows of {@code key} now, read without taking a slot or changing a decision: for health checks
     * and dashboards (the Spring Boot starter's health indicator shows it). Never use it to decide whether to call:
     * only {@link #reserve} grants.
     *
     * <pre>{@code
     * store.state(key, limits.budget(TokenKind.COMMUNITY))
     *      .ifPresent(s -> log.info("budget {}/{} occupied, blocked {}", s.occupied(), s.limit(), s.blockedFor()));
     * }</pre>
     *
     * @param key the budget key: a token's fingerprint
     * @param budget the limits for the key
     * @return the state; empty if this store cannot tell right now (the default, for stores that do not implement
     *     it, and a shared store whose server cannot be reached)
     * @since 0.1.0
     */
    default Optional<State> state(String key, Budget budget) {
        return Optional.empty();
    }

    /**
     * One key's budget at one moment, as {@link #state} reads it.
     *
     * @param limit how many calls may occupy the window now: the budget's {@link Budget#permits()}, or fewer while
     *     the limit grows back after a cut
     * @param occupied how many slots are held now: calls in flight and calls completed less than a window ago
     * @param blockedFor how long the key stays blocked after a cut; zero when not blocked
     * @since 0.1.0
     */
    record State(int limit, int occupied, Duration blockedFor) {
        /**
         * Checks the values.
         *
         * @param limit how many calls may occupy the window now
         * @param occupied how many slots are held now
         * @param blockedFor how long the key stays blocked; zero when not blocked
         */
        public State {
            if (limit < 0 || occupied < 0) {
                throw new IllegalArgumentException("limit and occupied must not be negative: " + limit + ", " + occupied);
            }
            if (blockedFor == null || blockedFor.isNegative()) {
                throw new IllegalArgumentException("blockedFor must be zero or positive: " + blockedFor);
            }
        }
    }

    /**
     * The answer to {@link #reserve}: a slot, or a wait.
     */
    interface Reservation {
        /** {@return whether the call may start now and holds a slot} */
        boolean granted();

        /** {@return when not granted, how long to wait before asking again; zero when granted} */
        Duration delay();

        /**
         * The call's exchange is over, whatever its outcome: its slot counts for one more window from now. Only for
         * granted reservations; idempotent.
         */
        void complete();

        /** The call was never sent: its slot is free at once. Only for granted reservations; idempotent. */
        void cancel();

        /**
         * A refusal: no slot, ask again after {@code delay}. Its {@link #complete()} and {@link #cancel()} throw
         * {@link IllegalStateException}, since it holds nothing. For stores' implementations:
         *
         * <pre>{@code
         * return wait.isZero() ? grant(key, budget) : Reservation.refused(wait);
         * }</pre>
         *
         * @param delay how long to wait before asking again
         * @return the refusal
         * @throws NullPointerException if {@code delay} is null
         * @since 0.1.0
         */
        static Reservation refused(Duration delay) {
            return new Reservations.Refused(delay);
        }

        /**
         * A granted slot for stores' implementations: {@link #complete()} and {@link #cancel()} are idempotent, and only
         * the first of them runs its action, once.
         *
         * <pre>{@code
         * return Reservation.granted(() -> slots.completed(key, clock.nanoTime()), () -> slots.free(key));
         * }</pre>
         *
         * @param onComplete what the store does when the call's exchange is over (the slot counts for one more window)
         * @param onCancel what the store does when the call was never sent (the slot is free at once)
         * @return the reservation
         * @throws NullPointerException if an action is null
         * @since 0.1.0
         */
        static Reservation granted(Runnable onComplete, Runnable onCancel) {
            return new Reservations.Granted(onComplete, onCancel);
        }
    }

    /**
     * The limits of one key.
     *
     * @param permits how many calls may occupy the window at once; at least 1
     * @param window how long a completed call keeps occupying its slot: VK's second plus a safety margin
     * @param decreaseFactor when the limit is cut, it is multiplied by this (0 &lt; f &lt; 1)
     * @param recoveryInterval after a cut, the limit grows back by one permit per interval
     * @param minRefusals the fewest refusals within one round that may cut the limit; at least 1
     * @param refusalShare the share of a round's completed calls its refusals must exceed to cut the limit; 0 or more,
     *     below 1
     */
    record Budget(int permits, Duration window, double decreaseFactor, Duration recoveryInterval, int minRefusals, double refusalShare) {
        /** {@link #minRefusals()} of a budget made without it, and of {@link RateLimits#defaults()}. */
        public static final int DEFAULT_MIN_REFUSALS = 3;
        /** {@link #refusalShare()} of a budget made without it, and of {@link RateLimits#defaults()}. */
        public static final double DEFAULT_REFUSAL_SHARE = 0.1;

        /**
         * Checks the values.
         *
         * @param permits how many calls may occupy the window at once; at least 1
         * @param window how long a completed call keeps occupying its slot: VK's second plus a safety margin
         * @param decreaseFactor when the limit is cut, it is multiplied by this (0 &lt; f &lt; 1)
         * @param recoveryInterval after a cut, the limit grows back by one permit per interval
         * @param minRefusals the fewest refusals within one round that may cut the limit; at least 1
         * @param refusalShare the share of a round's completed calls its refusals must exceed to cut the limit
         */
        public Budget {
            Require.atLeast(permits, 1, "permits");
            Require.positive(window, "window");
            if (!(decreaseFactor > 0 && decreaseFactor < 1)) {
                throw new IllegalArgumentException("decreaseFactor must be between 0 and 1: " + decreaseFactor);
            }
            Require.positive(recoveryInterval, "recoveryInterval");
            Require.atLeast(minRefusals, 1, "minRefusals");
            if (!(refusalShare >= 0 && refusalShare < 1)) {
                throw new IllegalArgumentException("refusalShare must be at least 0 and below 1: " + refusalShare);
            }
        }

        /**
         * A budget with the default refusal threshold ({@value #DEFAULT_MIN_REFUSALS} refusals, more than 10 % of a
         * round's calls).
         *
         * @param permits how many calls may occupy the window at once; at least 1
         * @param window how long a completed call keeps occupying its slot
         * @param decreaseFactor when the limit is cut, it is multiplied by this (0 &lt; f &lt; 1)
         * @param recoveryInterval after a cut, the limit grows back by one permit per interval
         */
        public Budget(int permits, Duration window, double decreaseFactor, Duration recoveryInterval) {
            this(permits, window, decreaseFactor, recoveryInterval, DEFAULT_MIN_REFUSALS, DEFAULT_REFUSAL_SHARE);
        }

        /**
         * Makes this budget with other permits and window, the refusal rules kept: a store's share of a budget.
         *
         * @param permits the permits of the new budget; at least 1
         * @param window the window of the new budget
         * @return this budget with other permits and window, the rest kept
         */
        public Budget withPermits(int permits, Duration window) {
            return new Budget(permits, window, decreaseFactor, recoveryInterval, minRefusals, refusalShare);
        }
    }
}
