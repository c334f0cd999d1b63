package dev.sferum.sdk.chat.spi;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The calls in flight of one async chat operation, whatever the backend: each call is tracked while it runs, so that
 * {@link #cancel()} cancels it; once cancelled, no further call starts. Make one per operation and hand its result
 * out through {@link #bind(Flow)}.
 *
 * <pre>{@code
 * InFlight calls = new InFlight();
 * Flow<Sent> sent = calls.call("messages.send", () -> api.call(request, type), BackendErrors::toChatError);
 * CompletableFuture<Sent> result = calls.bind(sent); // cancelling result cancels the call
 * }</pre>
 *
 * <p>Thread-safe: calls complete and the caller cancels on any thread.
 *
 * @since 0.1.0
 */
public final class InFlight {
    private final Set<CompletableFuture<?>> calls = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    /** An operation with nothing in flight yet. */
    public InFlight() {
    }

    /**
     * Starts one call of the operation, unless the operation was cancelled.
     *
     * @param what names the call for the cancellation message, e.g. the API method
     * @param start starts the call; an exception it throws fails the flow as it is
     * @param translate turns the call's failure into the backend's chat exception (or returns it unchanged)
     * @param <T> the call's result
     * @return the async flow of the call; failed with a {@link CancellationException} if the operation was cancelled
     */
    public <T> Flow<T> call(String what, Supplier<CompletableFuture<T>> start, UnaryOperator<RuntimeException> translate) {
        if (cancelled) {
            return Flow.later(CompletableFuture.failedFuture(new CancellationException("the operation was cancelled before " + what)));
        }
        CompletableFuture<T> call;
        try {
            call = start.get();
        } catch (RuntimeException e) {
            return Flow.later(CompletableFuture.failedFuture(e));
        }
        return track(call, translate);
    }

    /**
     * Tracks a future the operation waits on (a call or a pause), cancelling it at once if the operation is cancelled.
     *
     * @param call the future
     * @param translate turns its failure into the backend's chat exception (or returns it unchanged)
     * @param <T> its value
     * @return the async flow of its outcome, failures unwrapped and translated
     */
    public <T> Flow<T> track(CompletableFuture<T> call, UnaryOperator<RuntimeException> translate) {
        Objects.requireNonNull(translate, "translate");
        calls.add(call);
        if (cancelled) {
            call.cancel(true);
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        call.whenComplete((v, e) -> {
            calls.remove(call);
            if (e == null) {
                out.complete(v);
            } else {
                Throwable cause = Flow.unwrap(e);
                out.completeExceptionally(cause instanceof RuntimeException r ? translate.apply(r) : cause);
            }
        });
        return Flow.later(out);
    }

    /**
     * Ties the operation's result to these calls: the returned future completes with the flow, and cancelling it
     * cancels the call in flight.
     *
     * @param flow the operation's flow
     * @param <T> its value
     * @return the future to hand to the caller
     */
    public <T> CompletableFuture<T> bind(Flow<T> flow) {
        return AsyncScope.bind(flow, this::cancel);
    }

    /** Cancels the calls in flight and refuses further calls. */
    public void cancel() {
        cancelled = true;
        for (CompletableFuture<?> f : calls) {
            f.cancel(true);
        }
    }
}
