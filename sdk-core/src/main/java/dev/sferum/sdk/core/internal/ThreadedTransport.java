package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.Transport;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * Async exchanges run as blocking ones on threads of {@link ExchangeThreads}: virtual threads on JDK 21+, the SDK's
 * small pool of reused daemon platform threads on JDK 17. The blocking exchange is the caller-thread one with
 * {@code ClientConfig.directExchange(true)}, {@code HttpClient.send} on the default transport. The SDK's completion
 * (decoding, listeners, the caller's future) then runs on that thread, never on an HTTP selector thread.
 *
 * <p>Why: {@code HttpClient.sendAsync} completes every exchange through {@code CompletableFuture}'s default
 * executor, which on JDK 17 with fewer than three cores starts a new platform thread per exchange; a reused thread
 * blocking in a read costs a fraction of that (see {@code docs/benchmarks.md}).
 *
 * <p>Cancelling the returned future interrupts the thread: the caller-thread exchange aborts its read, and
 * {@code HttpClient.send} cancels its exchange. When the threads refuse the exchange (the pool is at its bound) it
 * goes to {@code overflow} at once instead of waiting in a queue.
 */
final class ThreadedTransport implements Transport {
    private final Transport blocking;
    private final ExecutorService threads;
    private final Transport overflow;

    /**
     * @param blocking does each exchange on the calling thread
     * @param threads runs the blocking exchanges
     * @param overflow takes the exchanges {@code threads} refuses, or {@code null} to fail them
     */
    ThreadedTransport(Transport blocking, ExecutorService threads, Transport overflow) {
        this.blocking = blocking;
        this.threads = threads;
        this.overflow = overflow;
    }

    @Override
    public Response send(Exchange exchange) throws IOException, InterruptedException {
        return blocking.send(exchange);
    }

    @Override
    public CompletableFuture<Response> sendAsync(Exchange exchange) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        Future<?> task;
        try {
            task = threads.submit(() -> {
                try {
                    answer.complete(blocking.send(exchange));
                } catch (Throwable t) {
                    answer.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            if (overflow != null) {
                return overflow.sendAsync(exchange);
            }
            answer.completeExceptionally(e);
            return answer;
        }
        answer.whenComplete((r, e) -> {
            if (answer.isCancelled()) {
                task.cancel(true);
            }
        });
        return answer;
    }

    @Override
    public String toString() {
        return "ThreadedTransport[" + blocking + "]";
    }
}
