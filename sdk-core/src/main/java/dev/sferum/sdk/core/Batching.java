package dev.sferum.sdk.core;

import java.time.Duration;

/**
 * Opt-in coalescing of calls into VK's {@code execute}: calls made within {@link #window()} for the same token
 * go out as one request of at most {@link #maxCalls()} API calls, which counts once against the rate budget.
 *
 * <p>Each caller still gets its own result or its own typed error (VK marks a failed call's slot {@code false}
 * and lists its error in {@code execute_errors}). Methods that cannot run inside {@code execute} are sent on their
 * own. A sync caller waits for its batch. Batching adds up to one window of latency to each call; it pays off
 * for bulk work such as roster sync at a community token's 20 requests/s.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder().batching(Batching.within(Duration.ofMillis(20))).build();
 * }</pre>
 *
 * @param enabled whether to batch
 * @param window how long the first call of a batch waits for others; positive
 * @param maxCalls the most calls per {@code execute}, 1 to 25
 * @since 0.1.0
 */
public record Batching(boolean enabled, Duration window, int maxCalls) {
    /** Off: every call is its own request. The default. */
    public static final Batching OFF = new Batching(false, Duration.ofMillis(10), 25);

    /**
     * Checks the values.
     *
     * @param enabled whether to batch
     * @param window how long the first call of a batch waits for others; positive
     * @param maxCalls the most calls per {@code execute}, 1 to 25
     */
    public Batching {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("batching window must be positive: " + window);
        }
        if (maxCalls < 1 || maxCalls > 25) {
            throw new IllegalArgumentException("maxCalls must be between 1 and 25 (VK's limit per execute): " + maxCalls);
        }
    }

    /**
     * Turns batching on with the given window.
     *
     * @param window how long the first call of a batch waits for others
     * @return batching with up to 25 calls per {@code execute}
     */
    public static Batching within(Duration window) {
        return new Batching(true, window, 25);
    }
}
