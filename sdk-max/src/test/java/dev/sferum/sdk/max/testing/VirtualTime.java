package dev.sferum.sdk.max.testing;

import dev.sferum.sdk.core.TimeSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual time for the SDK's back-off, budget and settle waits: every wait returns at once, moves the clock forward and
 * is recorded, so tests never sleep and can assert the waits.
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
        advance(duration);
    }

    @Override
    public CompletableFuture<Void> delay(Duration duration) {
        advance(duration);
        return CompletableFuture.completedFuture(null);
    }

    /** @return every positive wait so far, in order */
    public List<Duration> waits() {
        return List.copyOf(waits);
    }

    private void advance(Duration d) {
        if (!d.isNegative() && !d.isZero()) {
            waits.add(d);
            nanos.addAndGet(d.toNanos());
        }
    }
}
