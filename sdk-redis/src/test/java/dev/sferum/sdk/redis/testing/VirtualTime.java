package dev.sferum.sdk.redis.testing;

import dev.sferum.sdk.core.TimeSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual time for tests: every wait returns at once and moves the clock forward by its length, and every wait
 * is recorded, so back-off and budget waits can be asserted without sleeping.
 */
public final class VirtualTime implements TimeSource {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public void sleep(Duration duration) {
        record(duration);
    }

    @Override
    public CompletableFuture<Void> delay(Duration duration) {
        record(duration);
        return CompletableFuture.completedFuture(null);
    }

    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    /** @return every wait so far, in order */
    public List<Duration> waits() {
        return List.copyOf(waits);
    }

    private void record(Duration d) {
        if (!d.isNegative() && !d.isZero()) {
            waits.add(d);
            nanos.addAndGet(d.toNanos());
        }
    }
}
