package dev.sferum.sdk.benchmarks;

import dev.sferum.sdk.core.TimeSource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time that runs {@code factor} times faster than the machine's: a reading advances {@code factor} ns per real ns,
 * and a wait of {@code d} takes {@code d / factor} of real time. Given to the SDK as its {@link TimeSource}, it makes
 * the rate budget's one-second window, its back-off and the batching window all {@code factor} times shorter in real
 * time, so a school-sized roster sync runs in seconds while every rule keeps its proportions.
 */
final class ScaledTime implements TimeSource {
    private final long origin = System.nanoTime();
    private final int factor;

    ScaledTime(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("factor must be at least 1: " + factor);
        }
        this.factor = factor;
    }

    int factor() {
        return factor;
    }

    /** {@return a real duration as scaled time} */
    Duration scaled(long realNanos) {
        return Duration.ofNanos(realNanos * factor);
    }

    /** {@return the real duration that a scaled one takes} */
    Duration real(Duration scaled) {
        return Duration.ofNanos(Math.max(1, scaled.toNanos() / factor));
    }

    @Override
    public long nanoTime() {
        return (System.nanoTime() - origin) * factor;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        long nanos = duration.toNanos() / factor;
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    @Override
    public CompletableFuture<Void> delay(Duration duration) {
        long nanos = duration.toNanos() / factor;
        if (nanos <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(() -> f.complete(null));
        return f;
    }

    @Override
    public String toString() {
        return "ScaledTime[x" + factor + "]";
    }
}
