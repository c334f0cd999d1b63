package dev.sferum.sdk.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Monotonic time and waiting, as the SDK uses them for back-off, rate budgets and deadlines.
 *
 * <p>Wall-clock time (token expiry, lesson schedules) comes from {@link ClientConfig#clock()}; elapsed time and
 * waits come from here, so tests can replace both and run without sleeping.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder().timeSource(myVirtualTime).build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
public interface TimeSource {

    /**
     * The real time: {@link System#nanoTime()}, {@link Thread#sleep}, and delays completed on the JDK's one timer
     * thread of {@code CompletableFuture.delayedExecutor} (no thread of the SDK's own is started, and no task goes
     * to {@code CompletableFuture}'s default executor; the SDK moves what follows a delay to the client's executor).
     *
     * @return the system time source
     */
    static TimeSource system() {
        return SystemTime.INSTANCE;
    }

    /** {@return a monotonic reading in nanoseconds, comparable only with other readings of this source} */
    long nanoTime();

    /**
     * Blocks the calling thread for {@code duration}.
     *
     * @param duration how long; zero or negative returns at once
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * A future that completes after {@code duration} without holding a thread while it waits. Cancelling it is
     * allowed and harmless.
     *
     * @param duration how long; zero or negative completes at once
     * @return the future
     */
    CompletableFuture<Void> delay(Duration duration);
}

/** The real time source. Stateless. */
final class SystemTime implements TimeSource {
    static final SystemTime INSTANCE = new SystemTime();

    private SystemTime() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        long nanos = duration.toNanos();
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    @Override
    public CompletableFuture<Void> delay(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS, Runnable::run).execute(() -> f.complete(null));
        return f;
    }

    @Override
    public String toString() {
        return "TimeSource.system()";
    }
}
