package dev.sferum.sdk.testkit.internal.server;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-key request budgets in a sliding window of real elapsed time ({@link System#nanoTime()}): clients really send
 * in real time, so a fake clock would make a rate limit meaningless. A refused request does not use up budget.
 * Thread-safe.
 */
public final class RateWindow {

    private final long windowNanos;
    private final boolean enabled;
    private final Map<String, ArrayDeque<Long>> windows = new HashMap<>();

    /**
     * @param window  the window's length
     * @param enabled false to admit every request
     */
    public RateWindow(Duration window, boolean enabled) {
        this.windowNanos = window.toNanos();
        this.enabled = enabled;
    }

    /** Takes one request from the key's budget of {@code limit} per window; false when the window is full. */
    public synchronized boolean tryAcquire(String key, int limit) {
        if (!enabled) {
            return true;
        }
        long now = System.nanoTime();
        ArrayDeque<Long> window = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!window.isEmpty() && now - window.peekFirst() >= windowNanos) {
            window.pollFirst();
        }
        if (window.size() >= limit) {
            return false;
        }
        window.addLast(now);
        return true;
    }
}
