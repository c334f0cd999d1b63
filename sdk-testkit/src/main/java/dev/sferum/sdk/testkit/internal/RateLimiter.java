package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.TokenKind;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-token request budget in a sliding window, measured in real elapsed time ({@link System#nanoTime()}):
 * clients really send in real time, so a fake clock would make the limit meaningless. Requests answered with
 * error 6 do not use up the budget. Thread-safe.
 */
final class RateLimiter {

    private final Map<TokenKind, Integer> limits;
    private final long windowNanos;
    private final boolean enabled;
    private final Map<String, ArrayDeque<Long>> windows = new HashMap<>();

    RateLimiter(Settings settings) {
        this.limits = settings.rateLimits();
        this.windowNanos = settings.rateLimitWindow().toNanos();
        this.enabled = settings.rateLimitsEnabled();
    }

    /** Takes one request from the token's budget; false when the window is full (answer error 6). */
    synchronized boolean tryAcquire(String fingerprint, TokenKind kind) {
        if (!enabled) {
            return true;
        }
        long now = System.nanoTime();
        ArrayDeque<Long> window = windows.computeIfAbsent(fingerprint, k -> new ArrayDeque<>());
        while (!window.isEmpty() && now - window.peekFirst() >= windowNanos) {
            window.pollFirst();
        }
        if (window.size() >= limits.get(kind)) {
            return false;
        }
        window.addLast(now);
        return true;
    }
}
