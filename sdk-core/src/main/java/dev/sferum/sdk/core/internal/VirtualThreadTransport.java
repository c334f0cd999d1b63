package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.Transport;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * Async exchanges on JDK 21 and later: each one runs the caller-thread exchange on its own virtual thread, which
 * parks — holding no platform thread — while it waits for the answer. The SDK's completion (decoding, listeners,
 * the caller's future) then runs on that virtual thread, never on an HTTP selector thread.
 *
 * <p>Why: on the JDK {@code HttpClient} every async exchange crosses threads several times, and on machines with
 * fewer than three cores the JDK also starts a platform thread per exchange; a virtual thread blocking in a socket
 * read costs a fraction of that (see {@code docs/benchmarks.md}). On JDK 17 {@link #available()} is false and the
 * SDK keeps the JDK client for async calls. Found by reflection, so the jar stays a plain Java 17 jar.
 */
final class VirtualThreadTransport implements Transport {
    private static final ExecutorService VIRTUAL = virtualThreads();

    private final Transport blocking;

    VirtualThreadTransport(Transport blocking) {
        this.blocking = blocking;
    }

    /** @return whether this JDK has virtual threads */
    static boolean available() {
        return VIRTUAL != null;
    }

    private static ExecutorService virtualThreads() {
        if (Boolean.getBoolean("sferum.async.virtualThreads.disabled")) {
            return null;
        }
        try {
            Method m = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) m.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public Response send(Exchange exchange) throws java.io.IOException, InterruptedException {
        return blocking.send(exchange);
    }

    @Override
    public CompletableFuture<Response> sendAsync(Exchange exchange) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        Future<?> task;
        try {
            task = VIRTUAL.submit(() -> {
                try {
                    answer.complete(blocking.send(exchange));
                } catch (Throwable t) {
                    answer.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
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
        return "VirtualThreadTransport[" + blocking + "]";
    }
}
