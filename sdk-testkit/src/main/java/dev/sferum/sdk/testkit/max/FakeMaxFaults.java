package dev.sferum.sdk.testkit.max;

import dev.sferum.sdk.testkit.internal.server.FaultPlan;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Schedules misbehaviour of a {@link FakeMax}, per operation ({@code "POST /messages"}, {@code "GET /chats/{chatId}"},
 * or {@value #ANY} for any).
 *
 * <pre>{@code
 * fake.faults()
 *     .failNext("POST /messages", 2, MaxFault.dropAfterProcessing())   // the next two sends happen, answers lost
 *     .failRandomly("POST /messages", 0.2, MaxFault.dropAfterProcessing())
 *     .latency("GET /updates", Duration.ofMillis(50));
 * }</pre>
 *
 * <p>Scripted faults are used in order, one per request; an operation's own queue comes before {@value #ANY}'s, which
 * comes before random faults. Random faults draw from a {@link java.util.Random} seeded with the fake's seed, so a
 * run reproduces. Thread-safe; nothing is scheduled by default, and {@link #clear()} restores that.
 *
 * @since 0.1.0
 */
public final class FakeMaxFaults {
    /** Matches every operation: {@value}. */
    public static final String ANY = "*";

    private final FaultPlan<MaxFault> plan;
    private final Random random;

    /**
     * Wraps the fake's plan; the fake does this.
     *
     * @param plan the plan
     * @param seed the seed of random faults
     */
    FakeMaxFaults(FaultPlan<MaxFault> plan, long seed) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.random = new Random(seed);
    }

    /**
     * Makes the next {@code count} requests of an operation fail this way.
     *
     * @param operation such as {@code POST /messages}, or {@value #ANY}
     * @param count at least 1
     * @param fault the fault
     * @return this
     */
    public FakeMaxFaults failNext(String operation, int count, MaxFault fault) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        plan.failNext(Objects.requireNonNull(operation, "operation"), count, Objects.requireNonNull(fault, "fault"));
        return this;
    }

    /**
     * Makes each request of an operation fail this way with a probability, until {@link #clear()}.
     *
     * @param operation such as {@code POST /messages}, or {@value #ANY}
     * @param probability greater than 0, at most 1
     * @param fault the fault
     * @return this
     */
    public FakeMaxFaults failRandomly(String operation, double probability, MaxFault fault) {
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1]: " + probability);
        }
        Objects.requireNonNull(fault, "fault");
        plan.random(Objects.requireNonNull(operation, "operation"), random, r -> r.nextDouble() < probability ? fault : null);
        return this;
    }

    /**
     * Delays every request of an operation (real time), until {@link #clear()}.
     *
     * @param operation the operation, or {@value #ANY}
     * @param latency zero or more
     * @return this
     */
    public FakeMaxFaults latency(String operation, Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        plan.latency(Objects.requireNonNull(operation, "operation"), latency);
        return this;
    }

    /** {@return how many scripted faults are still queued} */
    public int pending() {
        return plan.pending();
    }

    /** Removes every scheduled fault and latency. */
    public void clear() {
        plan.clear();
    }
}
