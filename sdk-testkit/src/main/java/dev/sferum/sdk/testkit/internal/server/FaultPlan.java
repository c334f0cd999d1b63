package dev.sferum.sdk.testkit.internal.server;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The faults a test scheduled on one fake: queues of the next requests of an operation, per-operation and global
 * latency, and seeded random draws. Operations are the backend's names; {@link #ANY} matches every operation that
 * takes wildcard faults. Thread-safe.
 *
 * @param <F> the fake's public fault type
 */
public final class FaultPlan<F> {

    /** The operation name that matches every operation taking wildcard faults. */
    public static final String ANY = "*";

    /** A random rule: draws a fault (or null) for a request of its operation. */
    private record Chance<F>(String operation, Random random, Function<Random, F> draw) {
    }

    private final Map<String, ArrayDeque<F>> scripted = new HashMap<>();
    private final Map<String, Duration> latency = new HashMap<>();
    private final List<Chance<F>> chances = new ArrayList<>();

    /** Queues a fault for the next {@code times} requests of an operation (or {@link #ANY}). */
    public synchronized void failNext(String operation, int times, F fault) {
        ArrayDeque<F> queue = scripted.computeIfAbsent(operation, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.addLast(fault);
        }
    }

    /** Sets latency for one operation or {@link #ANY} (every request); zero removes it. */
    public synchronized void latency(String operation, Duration delay) {
        if (delay.isZero()) {
            latency.remove(operation);
        } else {
            latency.put(operation, delay);
        }
    }

    /**
     * Adds a random rule for an operation or {@link #ANY}: per request, {@code draw} is applied to {@code random}
     * and may return a fault. Rules are tried in the order added.
     */
    public synchronized void random(String operation, Random random, Function<Random, F> draw) {
        chances.add(new Chance<>(operation, random, draw));
    }

    /** Removes every random rule. */
    public synchronized void clearRandom() {
        chances.clear();
    }

    /** Removes every scheduled fault, latency and random rule. */
    public synchronized void clear() {
        scripted.clear();
        latency.clear();
        chances.clear();
    }

    /** How many scripted faults are still queued for an operation. */
    public synchronized int pending(String operation) {
        ArrayDeque<F> queue = scripted.get(operation);
        return queue == null ? 0 : queue.size();
    }

    /** How many scripted faults are still queued in all. */
    public synchronized int pending() {
        return scripted.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /**
     * Takes the fault for a request, if any: the operation's queue, then (for wildcard operations) {@link #ANY}'s,
     * then the random rules.
     */
    public synchronized F take(String operation, boolean wildcard) {
        F fault = poll(operation);
        if (fault == null && wildcard) {
            fault = poll(ANY);
        }
        if (fault == null && wildcard) {
            for (Chance<F> chance : chances) {
                if (chance.operation().equals(operation) || chance.operation().equals(ANY)) {
                    fault = chance.draw().apply(chance.random());
                    if (fault != null) {
                        break;
                    }
                }
            }
        }
        return fault;
    }

    /** Takes the operation's next queued fault only if it matches; else leaves the queue as it is. */
    public synchronized F takeIf(String operation, Predicate<F> matches) {
        ArrayDeque<F> queue = scripted.get(operation);
        if (queue != null && !queue.isEmpty() && matches.test(queue.peekFirst())) {
            return queue.pollFirst();
        }
        return null;
    }

    /** The latency for a request: the operation's, else {@link #ANY}'s, else zero. */
    public synchronized Duration latencyFor(String operation) {
        return latency.getOrDefault(operation, latency.getOrDefault(ANY, Duration.ZERO));
    }

    private F poll(String operation) {
        ArrayDeque<F> queue = scripted.get(operation);
        return queue == null ? null : queue.pollFirst();
    }
}
