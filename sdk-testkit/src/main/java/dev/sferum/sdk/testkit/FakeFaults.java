package dev.sferum.sdk.testkit;

import dev.sferum.sdk.testkit.internal.server.FaultPlan;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Objects;

/**
 * Schedules misbehaviour of a {@link FakeVk}: in the spirit of OkHttp's MockWebServer scripts and Retrofit's
 * {@code NetworkBehavior}, but per VK method.
 *
 * <pre>{@code
 * fake.faults()
 *     .failNext("messages.send", 1, 10)                       // VK error 10 once
 *     .failNext("messages.send", 1, Fault.dropAfterProcessing()) // then: sent, but the answer is lost
 *     .latency("calls.start", Duration.ofMillis(300));
 * }</pre>
 *
 * <p>Operations are VK method names ({@code messages.send}), {@code "*"} for any VK method, or a path for the
 * other endpoints ({@code /oauth2/auth}, {@code /access_token}, {@code /whp/200001}). Scripted faults are used in
 * the order given, one per request; a method's own queue comes before {@code "*"}, which comes before random
 * faults. Inside {@code execute}, a queued VK error of an inner method fails that slot (the batch itself
 * succeeds); other faults stay queued for the next HTTP request of that method.
 *
 * <p>Thread-safe. Nothing is scheduled by default; {@link #clear()} restores that.
 *
 * @since 0.1.0
 */
public final class FakeFaults {

    /** Matches every VK method in {@link #failNext(String, int, Fault)}. */
    public static final String ANY_METHOD = FaultPlan.ANY;

    private final FaultPlan<Fault> plan;

    FakeFaults(FaultPlan<Fault> plan) {
        this.plan = plan;
    }

    /**
     * Makes the next {@code times} requests of an operation fail with a fault.
     *
     * @param operation a VK method name, {@link #ANY_METHOD}, or a path such as {@code /oauth2/auth}
     * @param times     how many requests, at least 1
     * @param fault     what to do to each
     * @return this, for chaining
     * @throws IllegalArgumentException for a VK error on a non-method path, or {@code times < 1}
     */
    public FakeFaults failNext(String operation, int times, Fault fault) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(fault, "fault");
        if (operation.isBlank()) {
            throw new IllegalArgumentException("operation must be a VK method name such as messages.send, \"*\", "
                    + "or a path such as /oauth2/auth");
        }
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1: " + times);
        }
        if (operation.startsWith("/") && fault.kind() == Fault.Kind.VK_ERROR) {
            throw new IllegalArgumentException("a VK error envelope only makes sense for VK methods, not " + operation
                    + "; use Fault.httpError, a drop or malformedBody for it");
        }
        plan.failNext(operation, times, fault);
        return this;
    }

    /**
     * Makes the next {@code times} calls of a VK method fail with a VK error code, e.g. 10, 6 or 9.
     *
     * @param method      a VK method name or {@link #ANY_METHOD}
     * @param times       how many calls, at least 1
     * @param vkErrorCode the {@code error_code}
     * @return this, for chaining
     */
    public FakeFaults failNext(String method, int times, int vkErrorCode) {
        return failNext(method, times, Fault.error(vkErrorCode));
    }

    /**
     * Delays every request before processing (real time), until changed; zero removes it.
     *
     * @param delay the latency; default zero
     * @return this, for chaining
     */
    public FakeFaults latency(Duration delay) {
        plan.latency(FaultPlan.ANY, checkDelay(delay));
        return this;
    }

    /**
     * Delays every request of one operation before processing (real time), overriding the global latency;
     * zero removes it.
     *
     * @param operation a VK method name or path
     * @param delay     the latency
     * @return this, for chaining
     */
    public FakeFaults latency(String operation, Duration delay) {
        plan.latency(Objects.requireNonNull(operation, "operation"), checkDelay(delay));
        return this;
    }

    /**
     * Makes a share of VK method calls fail, each with one of the given faults, chosen by a generator seeded
     * with {@code seed}: the same seed and the same sequence of calls fail the same way every run. Replaces an
     * earlier random setting; {@code percent} 0 turns it off.
     *
     * @param percent 0 to 100
     * @param seed    the generator's seed
     * @param faults  the faults to choose from (at least one unless percent is 0)
     * @return this, for chaining
     */
    public FakeFaults random(int percent, long seed, Fault... faults) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be 0-100: " + percent);
        }
        List<Fault> list = List.of(faults);
        if (percent > 0 && list.isEmpty()) {
            throw new IllegalArgumentException("give at least one fault to choose from, e.g. Fault.error(10)");
        }
        plan.clearRandom();
        if (percent > 0) {
            plan.random(FaultPlan.ANY, new Random(seed),
                    r -> r.nextInt(100) < percent ? list.get(r.nextInt(list.size())) : null);
        }
        return this;
    }

    /**
     * Removes every scheduled fault, latency and random setting.
     *
     * @return this, for chaining
     */
    public FakeFaults clear() {
        plan.clear();
        return this;
    }

    /**
     * How many scripted faults are still waiting for an operation (not counting {@code "*"} or random).
     *
     * @param operation a VK method name, {@code "*"} or path
     * @return the number left
     */
    public int pending(String operation) {
        return plan.pending(operation);
    }

    private static Duration checkDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + delay);
        }
        return delay;
    }
}
