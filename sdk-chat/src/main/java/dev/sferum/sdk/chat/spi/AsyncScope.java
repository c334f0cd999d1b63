package dev.sferum.sdk.chat.spi;

import java.util.concurrent.CompletableFuture;

/**
 * The call context of one async chat operation, and how its result is handed to the caller: cancelling the handed
 * future cancels the call in flight and starts no more. Make one per operation.
 *
 * @param <C> the call context the backend's operations run on
 * @since 0.1.0
 */
public interface AsyncScope<C> {

    /** {@return the context to run the operation on} */
    C context();

    /**
     * Ties the operation's result to this scope.
     *
     * @param flow the operation's flow
     * @param <T> its value
     * @return the future to hand to the caller; cancelling it cancels the call in flight
     */
    <T> CompletableFuture<T> bind(Flow<T> flow);

    /**
     * The usual {@link #bind}: the caller's future completes with the flow (unwrapped), and cancelling it runs
     * {@code cancel}.
     *
     * @param flow the operation's flow
     * @param cancel cancels the scope's call in flight
     * @param <T> its value
     * @return the future to hand to the caller
     */
    static <T> CompletableFuture<T> bind(Flow<T> flow, Runnable cancel) {
        CompletableFuture<T> outer = new CompletableFuture<>();
        flow.future().whenComplete((v, e) -> {
            if (e == null) {
                outer.complete(v);
            } else {
                outer.completeExceptionally(Flow.unwrap(e));
            }
        });
        outer.whenComplete((v, e) -> {
            if (outer.isCancelled()) {
                cancel.run();
            }
        });
        return outer;
    }
}
