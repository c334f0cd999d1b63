package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.core.internal.Require;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * How roster sync plans and applies: the rate it estimates with, whom it never removes, what happens to classes
 * that left the roster, how it hands out invite links, and how many classes it works on at once.
 *
 * <pre>{@code
 * RosterSyncConfig config = RosterSyncConfig.builder()
 *         .keep(UserId.of(777))                          // the school's admin stays in every chat
 *         .retiredClasses(RosterSyncConfig.Retired.REMOVE_MEMBERS)
 *         .inviteMessage("Присоединяйтесь к чату класса:")
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RosterSyncConfig {
    /** What to do with the chat of a class that is no longer in the roster. */
    public enum Retired {
        /** Leave the chat and its members as they are; the plan notes it. The default: nothing is lost by accident. */
        KEEP,
        /** Remove its members (the chat and its history stay, with its owner) and forget the mapping. */
        REMOVE_MEMBERS
    }

    /** The most classes apply works on at once: {@value}. */
    public static final int MAX_CONCURRENCY = 256;

    private final double requestsPerSecond;
    private final boolean removeExtraMembers;
    private final Set<UserId> keep;
    private final Retired retiredClasses;
    private final String inviteMessage;
    private final Duration clockSkew;
    private final int reconcileScanLimit;
    private final int concurrency;
    private final int maxTriesPerClass;
    private final Duration retryBackoff;
    private final Duration maxRetryBackoff;
    private final int circuitBreakerThreshold;
    private final Duration deadline;

    private RosterSyncConfig(Builder b) {
        this.requestsPerSecond = b.requestsPerSecond;
        this.removeExtraMembers = b.removeExtraMembers;
        this.keep = Set.copyOf(b.keep);
        this.retiredClasses = b.retiredClasses;
        this.inviteMessage = b.inviteMessage;
        this.clockSkew = b.clockSkew;
        this.reconcileScanLimit = b.reconcileScanLimit;
        this.concurrency = b.concurrency;
        this.maxTriesPerClass = b.maxTriesPerClass;
        this.retryBackoff = b.retryBackoff;
        this.maxRetryBackoff = b.maxRetryBackoff;
        this.circuitBreakerThreshold = b.circuitBreakerThreshold;
        this.deadline = b.deadline;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the defaults} */
    public static RosterSyncConfig defaults() {
        return builder().build();
    }

    /** {@return a builder holding this config} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.requestsPerSecond = requestsPerSecond;
        b.removeExtraMembers = removeExtraMembers;
        b.keep.addAll(keep);
        b.retiredClasses = retiredClasses;
        b.inviteMessage = inviteMessage;
        b.clockSkew = clockSkew;
        b.reconcileScanLimit = reconcileScanLimit;
        b.concurrency = concurrency;
        b.maxTriesPerClass = maxTriesPerClass;
        b.retryBackoff = retryBackoff;
        b.maxRetryBackoff = maxRetryBackoff;
        b.circuitBreakerThreshold = circuitBreakerThreshold;
        b.deadline = deadline;
        return b;
    }

    /** {@return the rate to estimate with, if set; otherwise the API client's rate budget or the backend's rate} */
    public OptionalDouble requestsPerSecond() {
        return requestsPerSecond > 0 ? OptionalDouble.of(requestsPerSecond) : OptionalDouble.empty();
    }

    /** {@return whether members not in the roster are removed} */
    public boolean removeExtraMembers() {
        return removeExtraMembers;
    }

    /** {@return users never removed from any chat} */
    public Set<UserId> keep() {
        return keep;
    }

    /** {@return what happens to classes that left the roster} */
    public Retired retiredClasses() {
        return retiredClasses;
    }

    /** {@return the text sent before the invite link to users who cannot be added, if sending is on} */
    public Optional<String> inviteMessage() {
        return Optional.ofNullable(inviteMessage);
    }

    /** {@return how far the backend's clock may be behind ours, when looking for a chat a crashed run created} */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** {@return how many conversations to look through at most for a chat a crashed run created} */
    public int reconcileScanLimit() {
        return reconcileScanLimit;
    }

    /** {@return how many classes apply works on at once; 1 (the default) runs every step on the calling thread} */
    public int concurrency() {
        return concurrency;
    }

    /** {@return how many times apply tries a class whose steps fail in ways that may pass, the first try included} */
    public int maxTriesPerClass() {
        return maxTriesPerClass;
    }

    /** {@return the wait before a class's first retry; later retries wait exponentially longer, with jitter} */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /** {@return the longest wait before a retry} */
    public Duration maxRetryBackoff() {
        return maxRetryBackoff;
    }

    /** {@return after how many failed calls in a row, across classes, apply stops as the service looks down} */
    public int circuitBreakerThreshold() {
        return circuitBreakerThreshold;
    }

    /** {@return how long one apply may take at most, if limited; when it passes, apply stops and a re-run resumes} */
    public Optional<Duration> deadline() {
        return Optional.ofNullable(deadline);
    }

    @Override
    public String toString() {
        return "RosterSyncConfig[requestsPerSecond=" + (requestsPerSecond > 0 ? requestsPerSecond : "backend") + ", removeExtraMembers="
                + removeExtraMembers + ", keep=" + keep.size() + ", retiredClasses=" + retiredClasses + ", inviteMessage="
                + (inviteMessage != null) + ", concurrency=" + concurrency + ", maxTriesPerClass=" + maxTriesPerClass + ", retryBackoff="
                + retryBackoff + ".." + maxRetryBackoff + ", circuitBreakerThreshold=" + circuitBreakerThreshold
                + (deadline != null ? ", deadline=" + deadline : "") + "]";
    }

    /** Builds a {@link RosterSyncConfig}. Not thread-safe. */
    public static final class Builder {
        private double requestsPerSecond;
        private boolean removeExtraMembers = true;
        private final Set<UserId> keep = new LinkedHashSet<>();
        private Retired retiredClasses = Retired.KEEP;
        private String inviteMessage;
        private Duration clockSkew = Duration.ofMinutes(10);
        private int reconcileScanLimit = 1000;
        private int concurrency = 1;
        private int maxTriesPerClass = 8;
        private Duration retryBackoff = Duration.ofSeconds(1);
        private Duration maxRetryBackoff = Duration.ofSeconds(30);
        private int circuitBreakerThreshold = 25;
        private Duration deadline;

        private Builder() {
        }

        /**
         * The request rate the plan's duration estimate assumes. Default: the rate budget of the VK client's API
         * client for its token ({@code RateLimits.perSecond}, VK's 3 for a user token and 20 for a community token
         * unless configured otherwise), or the chat client's {@code capabilities().requestsPerSecond()} for other
         * backends and for an API client without budgets. Set it when other work shares the token's budget.
         *
         * @param rate requests per second, positive
         * @return this builder
         */
        public Builder requestsPerSecond(double rate) {
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("requestsPerSecond must be positive and finite: " + rate);
            }
            this.requestsPerSecond = rate;
            return this;
        }

        /**
         * Whether to remove members the roster does not list. Default true. The chat's owner, communities (the bot
         * itself) and {@link #keep} users are never removed.
         *
         * @param remove whether to remove
         * @return this builder
         */
        public Builder removeExtraMembers(boolean remove) {
            this.removeExtraMembers = remove;
            return this;
        }

        /**
         * Users never removed from any chat, such as the school's administrators.
         *
         * @param users the users
         * @return this builder
         */
        public Builder keep(UserId... users) {
            for (UserId u : users) {
                keep.add(Objects.requireNonNull(u, "user"));
            }
            return this;
        }

        /**
         * What to do with the chat of a class that left the roster. Default {@link Retired#KEEP}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder retiredClasses(Retired policy) {
            this.retiredClasses = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sends the invite link to users the account cannot add, as a message "{@code text}\n{@code link}". By
         * default the link is only reported in the apply result (for your own channel, such as the school journal).
         * A message only reaches users who allowed messages from the community; the others are reported.
         *
         * @param text the text before the link, not blank
         * @return this builder
         */
        public Builder inviteMessage(String text) {
            Objects.requireNonNull(text, "text");
            if (text.isBlank()) {
                throw new IllegalArgumentException("the invite message must not be blank");
            }
            this.inviteMessage = text;
            return this;
        }

        /**
         * How far the backend's clock may be behind ours. A chat a crashed run created is looked for among
         * conversations active since the creation began minus this. Default 10 minutes.
         *
         * @param skew not negative
         * @return this builder
         */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = Require.notNegative(skew, "clockSkew");
            return this;
        }

        /**
         * How many conversations to look through at most for a chat a crashed run created. Default 1000.
         *
         * @param limit positive
         * @return this builder
         */
        public Builder reconcileScanLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("reconcileScanLimit must be positive: " + limit);
            }
            this.reconcileScanLimit = limit;
            return this;
        }

        /**
         * How many classes apply works on at once. Default 1: every step runs on the calling thread, one after
         * another, as listed in the plan. With more, apply starts that many threads of its own for its duration;
         * the steps of one class still run in plan order on one thread (its creation before its member changes),
         * steps of different classes overlap. Each call still waits for the token's rate budget, so VK never sees
         * more than its limit; concurrency only stops apply waiting for one round trip at a time. Worth it with
         * batching on ({@code ClientConfig.batching(Batching.within(...))}): calls made at once then go out together
         * in one {@code execute} of up to 25 calls, which counts once against the budget. 25 to 50 fills batches;
         * more gains little. Apply never works on more classes at once than the VK client's rate budget can serve at
         * once — its requests per second × the calls one request carries (a community token without batching: 20;
         * a user token with batching: 75) — because the rest would only wait for the budget, past their deadline in
         * the end. The mapping store and the chat client must be thread-safe (the shipped ones are).
         *
         * @param classes 1 to 256
         * @return this builder
         */
        public Builder concurrency(int classes) {
            this.concurrency = Require.between(classes, 1, MAX_CONCURRENCY, "concurrency");
            return this;
        }

        /**
         * How many times apply tries one class whose steps fail in ways that may pass (the network, VK's internal
         * errors, throttling, an unknown outcome), the first try included. Between tries the class waits
         * ({@link #retryBackoff}) while other classes go on. A class that fails on every try is reported as
         * {@link ClassStatus#NEEDS_PERSON} with the last failure; a re-run tries it again. Default 8.
         *
         * @param tries 1 (no retries) to 100
         * @return this builder
         */
        public Builder maxTriesPerClass(int tries) {
            this.maxTriesPerClass = Require.between(tries, 1, 100, "maxTriesPerClass");
            return this;
        }

        /**
         * The waits between a class's tries: {@code initial} before the first retry, doubling up to {@code max}, each
         * with ±50 % jitter; after throttling (VK errors 6, 9, 29) at least four times {@code initial}. The doubling
         * applies only while failures dominate the latest calls across classes: while most of them succeed (random
         * faults of a working service), every retry waits about {@code initial}, so a class that was unlucky twice
         * does not hold up the end of the run. The calls of
         * a retry still wait for the token's rate budget. Defaults 1 s and 30 s. The wait before a retry is also the
         * pause before a creation with an unknown outcome is checked against the account's conversations.
         *
         * @param initial positive
         * @param max at least {@code initial}
         * @return this builder
         */
        public Builder retryBackoff(Duration initial, Duration max) {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("retryBackoff needs 0 < initial <= max: " + initial + ", " + max);
            }
            this.retryBackoff = initial;
            this.maxRetryBackoff = max;
            return this;
        }

        /**
         * After how many calls in a row fail in ways that may pass, across all classes, apply stops with
         * {@link RosterStop.Reason#SERVICE_DOWN}: the service is down, and trying every class to exhaustion would only
         * add load. A call that succeeds, or that the service refuses for a reason of its own (a permission, a bad
         * member), resets the count. Counted on a Resilience4j circuit breaker. Default 25.
         *
         * @param failures 2 to 10,000
         * @return this builder
         */
        public Builder circuitBreakerThreshold(int failures) {
            if (failures < 2 || failures > 10_000) {
                throw new IllegalArgumentException("circuitBreakerThreshold must be between 2 and 10000: " + failures);
            }
            this.circuitBreakerThreshold = failures;
            return this;
        }

        /**
         * The most one apply may take. When it passes, no new step starts, the steps running finish, and apply returns
         * with {@link RosterStop.Reason#DEADLINE}; everything done is recorded, so the next run resumes. A retry that
         * could only start after the deadline ends the apply at once. Measured on the sync's time source. Default: no
         * limit.
         *
         * @param limit positive
         * @return this builder
         */
        public Builder deadline(Duration limit) {
            this.deadline = Require.positive(limit, "deadline");
            return this;
        }

        /** {@return the config} */
        public RosterSyncConfig build() {
            return new RosterSyncConfig(this);
        }
    }
}
