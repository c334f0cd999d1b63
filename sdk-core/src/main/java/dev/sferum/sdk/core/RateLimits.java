package dev.sferum.sdk.core;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The per-token rate budgets: how many calls each token may start per second, so VK never has to answer error 6.
 *
 * <p>Defaults follow VK's published limits: 3 requests/s for a user token, 20 for a community token, 3 for a
 * service token (VK's figure for those is disputed; raise it if yours allows more). Each token (by fingerprint)
 * has its own budget, shared by every client built with the same config, across threads and across the sync and
 * async clients. A call holds its slot from the moment it may start until one second (plus {@link #margin()})
 * after its answer arrived, so the server — which sees each call between those two moments — never counts more
 * than the limit in any sliding second, however late a busy machine actually sends. When VK still answers 6 or
 * 9, the refused call is retried after the retry policy's throttle back-off; the budget itself is cut (halved, and
 * the token blocked for one window) only when refusals are sustained: at least {@link #minRefusals()} of them within
 * one round (a window and at least ten calls) and more than {@link #refusalShare()} of its calls — another process
 * on the same token, or a real limit lower than configured — never for an isolated one, since the budget never sends
 * more than the configured rate. Refusals of calls granted before a cut do not cut again. After a cut the budget
 * grows back by one call per {@link #recoveryInterval()}.
 *
 * <pre>{@code
 * RateLimits limits = RateLimits.builder().perSecond(TokenKind.SERVICE, 20).build();
 * ClientConfig config = ClientConfig.builder().rateLimits(limits).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RateLimits {
    private final Map<TokenKind, Integer> perSecond;
    private final Duration margin;
    private final double decreaseFactor;
    private final Duration recoveryInterval;
    private final int minRefusals;
    private final double refusalShare;
    private final RateBudgetStore store;
    private final boolean enabled;
    /** One budget per kind, made once: every call asks for its token's. */
    private final Map<TokenKind, RateBudgetStore.Budget> budgets = new EnumMap<>(TokenKind.class);

    private RateLimits(Builder b) {
        this.perSecond = Map.copyOf(b.perSecond);
        this.margin = b.margin;
        this.decreaseFactor = b.decreaseFactor;
        this.recoveryInterval = b.recoveryInterval;
        this.minRefusals = b.minRefusals;
        this.refusalShare = b.refusalShare;
        this.store = b.store;
        this.enabled = b.enabled;
        for (TokenKind kind : TokenKind.values()) {
            budgets.put(kind, new RateBudgetStore.Budget(perSecond(kind), Duration.ofSeconds(1).plus(margin), decreaseFactor, recoveryInterval,
                    minRefusals, refusalShare));
        }
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the defaults} */
    public static RateLimits defaults() {
        return builder().build();
    }

    /** {@return no budget at all: every call starts at once (for tests and for proxies that limit by themselves)} */
    public static RateLimits unlimited() {
        Builder b = builder();
        b.enabled = false;
        return b.build();
    }

    /** {@return a builder holding these limits} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.perSecond.putAll(perSecond);
        b.margin = margin;
        b.decreaseFactor = decreaseFactor;
        b.recoveryInterval = recoveryInterval;
        b.minRefusals = minRefusals;
        b.refusalShare = refusalShare;
        b.store = store;
        b.enabled = enabled;
        return b;
    }

    /** {@return whether budgets apply} */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Tells how many calls per second tokens of a kind get.
     *
     * @param kind a token kind
     * @return calls per second for tokens of that kind
     */
    public int perSecond(TokenKind kind) {
        return perSecond.get(kind);
    }

    /** {@return extra time a completed call keeps its slot beyond VK's one-second window} */
    public Duration margin() {
        return margin;
    }

    /** {@return the factor the budget is multiplied by when sustained refusals cut it} */
    public double decreaseFactor() {
        return decreaseFactor;
    }

    /** {@return how long the budget takes to grow back by one call after a cut} */
    public Duration recoveryInterval() {
        return recoveryInterval;
    }

    /** {@return the fewest refusals (VK error 6 or 9) within one round that may cut the budget} */
    public int minRefusals() {
        return minRefusals;
    }

    /** {@return the share of a round's completed calls that its refusals must exceed to cut the budget} */
    public double refusalShare() {
        return refusalShare;
    }

    /** {@return the store given to the builder, if any; otherwise each config makes an in-memory one} */
    public java.util.Optional<RateBudgetStore> store() {
        return java.util.Optional.ofNullable(store);
    }

    /**
     * Gives the budget of one token of a kind.
     *
     * @param kind a token kind
     * @return the budget for one token of that kind
     */
    public RateBudgetStore.Budget budget(TokenKind kind) {
        return budgets.get(kind);
    }

    @Override
    public String toString() {
        return enabled ? "RateLimits" + perSecond + "[margin=" + margin + "]" : "RateLimits[unlimited]";
    }

    /** Builds {@link RateLimits}. Not thread-safe. */
    public static final class Builder {
        private final Map<TokenKind, Integer> perSecond = new EnumMap<>(Map.of(TokenKind.USER, 3, TokenKind.COMMUNITY, 20, TokenKind.SERVICE, 3, TokenKind.BOT, 30));
        private Duration margin = Duration.ofMillis(20);
        private double decreaseFactor = 0.5;
        private Duration recoveryInterval = Duration.ofSeconds(1);
        private int minRefusals = RateBudgetStore.Budget.DEFAULT_MIN_REFUSALS;
        private double refusalShare = RateBudgetStore.Budget.DEFAULT_REFUSAL_SHARE;
        private RateBudgetStore store;
        private boolean enabled = true;

        private Builder() {
        }

        /**
         * Sets the calls per second of each token of a kind.
         *
         * @param kind a token kind
         * @param calls calls per second for each token of that kind; at least 1
         * @return this builder
         */
        public Builder perSecond(TokenKind kind, int calls) {
            Objects.requireNonNull(kind, "kind");
            if (calls < 1) {
                throw new IllegalArgumentException("calls per second must be at least 1 for " + kind + ": " + calls);
            }
            perSecond.put(kind, calls);
            return this;
        }

        /**
         * Sets the margin added to the one-second window.
         *
         * @param margin added to the one-second window, for a server that counts a little differently; zero or more.
         *     Default 20 ms.
         * @return this builder
         */
        public Builder margin(Duration margin) {
            if (margin.isNegative()) {
                throw new IllegalArgumentException("margin must not be negative: " + margin);
            }
            this.margin = margin;
            return this;
        }

        /**
         * Sets the factor the budget is multiplied by when sustained refusals cut it.
         *
         * @param factor when sustained refusals (VK error 6 or 9, see {@link #refusalThreshold}) cut the budget, it is
         *     multiplied by this; between 0 and 1. Default 0.5.
         * @return this builder
         */
        public Builder decreaseFactor(double factor) {
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("decreaseFactor must be between 0 and 1: " + factor);
            }
            this.decreaseFactor = factor;
            return this;
        }

        /**
         * Sets how fast the budget grows back after a cut: one call per interval.
         *
         * @param interval after a cut, the budget grows back by one call per interval; positive. Default 1 s (one
         *     window): a budget of 20 halved to 10 is whole again 10 s later.
         * @return this builder
         */
        public Builder recoveryInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("recoveryInterval must be positive: " + interval);
            }
            this.recoveryInterval = interval;
            return this;
        }

        /**
         * When refusals (VK error 6 or 9) cut the budget: refusals are counted per round (at least one window and at
         * least ten completed calls), and a round cuts once it holds at least {@code minRefusals} refusals and they
         * are more than {@code share} of its completed calls. Default 3 and 0.1: 1–2 % random refusals of a busy VK
         * almost never cut a 20/s budget, and one random refusal never cuts a 3/s one, while a token another process
         * also uses, or whose real limit is lower, is cut within a round or two. {@code refusalThreshold(1, 0)} cuts
         * on every refusal (as before this release, except that refusals of calls granted before a cut still do not cut
         * again).
         *
         * <pre>{@code
         * RateLimits.builder().refusalThreshold(2, 0.05).build();   // react sooner, e.g. for a token shared with a legacy app
         * }</pre>
         *
         * @param minRefusals the fewest refusals within one round that may cut; at least 1
         * @param share the share of the round's completed calls the refusals must exceed; at least 0, below 1
         * @return this builder
         */
        public Builder refusalThreshold(int minRefusals, double share) {
            if (minRefusals < 1) {
                throw new IllegalArgumentException("minRefusals must be at least 1: " + minRefusals);
            }
            if (!(share >= 0 && share < 1)) {
                throw new IllegalArgumentException("the refusal share must be at least 0 and below 1: " + share);
            }
            this.minRefusals = minRefusals;
            this.refusalShare = share;
            return this;
        }

        /**
         * Sets where budgets live.
         *
         * @param store where budgets live; default an in-memory store per config. Use a shared store (Redis) when
         *     several application nodes use the same token.
         * @return this builder
         */
        public Builder store(RateBudgetStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** {@return the limits} */
        public RateLimits build() {
            return new RateLimits(this);
        }
    }
}
