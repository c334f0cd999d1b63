package dev.sferum.sdk.vk.testing;

import dev.sferum.sdk.core.TimeSource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** Virtual time for the SDK's back-off and budget waits: every wait returns at once and moves the clock forward. */
public final class VirtualTime implements TimeSource {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

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

    private void advance(Duration d) {
        if (!d.isNegative()) {
            nanos.addAndGet(d.toNanos());
        }
    }
}
