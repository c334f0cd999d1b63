package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.TokenKind;
import dev.sferum.sdk.testkit.internal.server.RateWindow;
import java.util.Map;

/**
 * Per-token request budget by token kind, over the core's sliding {@link RateWindow}. Requests answered with error 6
 * do not use up the budget. Thread-safe.
 */
final class RateLimiter {

    private final Map<TokenKind, Integer> limits;
    private final RateWindow window;

    RateLimiter(Settings settings) {
        this.limits = settings.rateLimits();
        this.window = new RateWindow(settings.rateLimitWindow(), settings.rateLimitsEnabled());
    }

    /** Takes one request from the token's budget; false when the window is full (answer error 6). */
    boolean tryAcquire(String fingerprint, TokenKind kind) {
        return window.tryAcquire(fingerprint, limits.get(kind));
    }
}
