package dev.sferum.sdk.core;

import dev.sferum.sdk.core.exception.SferumException;

import java.time.Duration;

/**
 * Observes calls: for metrics, tracing and audit without a dependency on any of them.
 *
 * <p>For each call the SDK reports {@link #callStarted} once, then {@link #attemptStarted} for each HTTP attempt,
 * {@link #throttled} when it waits for the rate budget, {@link #retryScheduled} before each retry, and
 * {@link #callFinished} once. Events of one call carry the same {@link CallInfo#callId()}.
 *
 * <p>Contract: methods are called on the calling thread or the HTTP client's threads; they must be fast, must not
 * block, and must not call the SDK. An exception a listener throws is logged at DEBUG and otherwise ignored.
 * Every method has an empty default, so implement only what you need.
 *
 * <pre>{@code
 * RequestListener timer = new RequestListener() {
 *     public void callFinished(CallInfo call, Duration took, SferumException error) {
 *         metrics.timer("vk." + call.method()).record(took);
 *     }
 * };
 * }</pre>
 *
 * @since 0.1.0
 */
public interface RequestListener {

    /**
     * Called when a call starts, before its first attempt.
     *
     * @param call the call that started
     */
    default void callStarted(CallInfo call) {
    }

    /**
     * Called when an attempt of a call starts.
     *
     * @param call the call
     * @param attempt the attempt number, from 1
     */
    default void attemptStarted(CallInfo call, int attempt) {
    }

    /**
     * Called when a call waits for a permit of its token's rate budget.
     *
     * @param call the call
     * @param wait how long it will wait for a permit of the token's rate budget
     */
    default void throttled(CallInfo call, Duration wait) {
    }

    /**
     * Called when a failed attempt will be retried after a back-off.
     *
     * @param call the call
     * @param nextAttempt the number of the attempt that will follow
     * @param delay the back-off before it
     * @param cause why the previous attempt failed
     */
    default void retryScheduled(CallInfo call, int nextAttempt, Duration delay, SferumException cause) {
    }

    /**
     * Called when a call ends, with its result or its failure.
     *
     * @param call the call
     * @param elapsed how long the whole call took
     * @param error the failure, or {@code null} if the call succeeded
     */
    default void callFinished(CallInfo call, Duration elapsed, SferumException error) {
    }
}
