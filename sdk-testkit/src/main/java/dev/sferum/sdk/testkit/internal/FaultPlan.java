package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.Fault;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The faults a test scheduled: the next N requests of an operation, per-operation and global latency, and
 * seeded random faults for VK methods. Thread-safe.
 */
public final class FaultPlan {

    /** The operation name that matches every VK method. */
    public static final String ANY_METHOD = "*";

    private final Map<String, ArrayDeque<Fault>> scripted = new HashMap<>();
    private final Map<String, Duration> latency = new HashMap<>();
    private Duration globalLatency = Duration.ZERO;
    private Random random;
    private int randomPercent;
    private List<Fault> randomFaults = List.of();

    /** Queues a fault for the next {@code times} requests of an operation. */
    public synchronized void failNext(String operation, int times, Fault fault) {
        ArrayDeque<Fault> queue = scripted.computeIfAbsent(operation, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.addLast(fault);
        }
    }

    /** Sets latency for every request ({@code operation} null) or one operation; zero removes it. */
    public synchronized void latency(String operation, Duration delay) {
        if (operation == null) {
            globalLatency = delay;
        } else if (delay.isZero()) {
            latency.remove(operation);
        } else {
            latency.put(operation, delay);
        }
    }

    /** Makes {@code percent} % of VK method calls fail with one of the faults, drawn from a seeded generator. */
    public synchronized void random(int percent, long seed, List<Fault> faults) {
        this.random = percent == 0 ? null : new Random(seed);
        this.randomPercent = percent;
        this.randomFaults = List.copyOf(faults);
    }

    /** Removes every scheduled fault, latency and random fault. */
    public synchronized void clear() {
        scripted.clear();
        latency.clear();
        globalLatency = Duration.ZERO;
        random = null;
        randomPercent = 0;
        randomFaults = List.of();
    }

    /** How many scripted faults are still queued for an operation. */
    public synchronized int pending(String operation) {
        ArrayDeque<Fault> queue = scripted.get(operation);
        return queue == null ? 0 : queue.size();
    }

    /** Takes the fault for this request, if any: the operation's queue, then {@code *}, then random. */
    synchronized Fault take(String operation, boolean vkMethod) {
        Fault fault = poll(operation);
        if (fault == null && vkMethod) {
            fault = poll(ANY_METHOD);
        }
        if (fault == null && vkMethod && random != null && random.nextInt(100) < randomPercent) {
            fault = randomFaults.get(random.nextInt(randomFaults.size()));
        }
        return fault;
    }

    /**
     * Takes a queued VK error for a call inside {@code execute}. Transport faults cannot apply to an inner call,
     * so they stay queued for the next HTTP request of that method.
     */
    synchronized Fault takeInner(String method) {
        ArrayDeque<Fault> queue = scripted.get(method);
        if (queue != null && !queue.isEmpty() && queue.peekFirst().kind() == Fault.Kind.VK_ERROR) {
            return queue.pollFirst();
        }
        return null;
    }

    /** The latency for a request: the operation's, else the global one. */
    synchronized Duration latencyFor(String operation) {
        return latency.getOrDefault(operation, globalLatency);
    }

    private Fault poll(String operation) {
        ArrayDeque<Fault> queue = scripted.get(operation);
        return queue == null ? null : queue.pollFirst();
    }
}
