package dev.sferum.sdk.testkit.max.internal;

import dev.sferum.sdk.testkit.max.MaxFault;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The faults scheduled on a fake MAX. Thread-safe. */
public final class MaxFaultPlan {
    /** Matches every operation. */
    public static final String ANY = "*";

    private record Chance(String operation, double probability, MaxFault fault) {
    }

    private final Map<String, Deque<MaxFault>> queues = new HashMap<>();
    private final List<Chance> chances = new ArrayList<>();
    private final Map<String, Duration> latencies = new HashMap<>();
    private final Random random;

    /**
     * @param seed the seed of random faults
     */
    public MaxFaultPlan(long seed) {
        this.random = new Random(seed);
    }

    synchronized void queueInternal(String operation, int count, MaxFault fault) {
        Deque<MaxFault> q = queues.computeIfAbsent(operation, k -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            q.add(fault);
        }
    }

    /**
     * @param operation the operation or {@link #ANY}
     * @param count how many
     * @param fault the fault
     */
    public void queue(String operation, int count, MaxFault fault) {
        queueInternal(operation, count, fault);
    }

    /**
     * @param operation the operation or {@link #ANY}
     * @param probability the chance per request
     * @param fault the fault
     */
    public synchronized void random(String operation, double probability, MaxFault fault) {
        chances.add(new Chance(operation, probability, fault));
    }

    /**
     * @param operation the operation or {@link #ANY}
     * @param latency the delay
     */
    public synchronized void latency(String operation, Duration latency) {
        latencies.put(operation, latency);
    }

    /** @return how many scripted faults are queued */
    public synchronized int pending() {
        return queues.values().stream().mapToInt(Deque::size).sum();
    }

    /** Forgets everything scheduled. */
    public synchronized void clear() {
        queues.clear();
        chances.clear();
        latencies.clear();
    }

    /**
     * @param operation the request's operation
     * @return the fault to apply to it, or {@code null}
     */
    synchronized MaxFault take(String operation) {
        Deque<MaxFault> own = queues.get(operation);
        if (own != null && !own.isEmpty()) {
            return own.poll();
        }
        Deque<MaxFault> any = queues.get(ANY);
        if (any != null && !any.isEmpty()) {
            return any.poll();
        }
        for (Chance c : chances) {
            if ((c.operation.equals(operation) || c.operation.equals(ANY)) && random.nextDouble() < c.probability) {
                return c.fault;
            }
        }
        return null;
    }

    /**
     * @param operation the request's operation
     * @return the latency to add
     */
    synchronized Duration latencyFor(String operation) {
        return latencies.getOrDefault(operation, latencies.getOrDefault(ANY, Duration.ZERO));
    }
}
