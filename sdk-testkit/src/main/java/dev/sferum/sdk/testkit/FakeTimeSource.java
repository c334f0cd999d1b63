package dev.sferum.sdk.testkit;

import dev.sferum.sdk.core.TimeSource;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual time for the SDK's own waits (retry back-off, rate-budget waits, settle pauses): every
 * {@link #sleep(Duration)} and {@link #delay(Duration)} returns at once, moves this source's monotonic time forward by
 * its length and is recorded, so a test never sleeps and can assert the waits the SDK chose.
 *
 * <pre>{@code
 * FakeTimeSource time = new FakeTimeSource();
 * ClientConfig config = ClientConfig.builder().baseUri(fake.baseUri()).timeSource(time).build();
 * // ... a call that VK throttles twice, then answers ...
 * assertThat(time.waits()).hasSize(2);
 * }</pre>
 *
 * <p>It is the monotonic counterpart of {@link FakeClock} (wall time for expiry and dates); the two are independent.
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class FakeTimeSource implements TimeSource {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    /** Creates a source standing at one second, with no waits recorded. */
    public FakeTimeSource() {
    }

    /**
     * The current monotonic time.
     *
     * @return nanoseconds; starts at one second and moves only by waits and {@link #advance(Duration)}
     */
    @Override
    public long nanoTime() {
        return nanos.get();
    }

    /**
     * Returns at once, moving the time forward by {@code duration} and recording it (a zero or negative wait is
     * neither).
     *
     * @param duration how long the caller wanted to wait
     */
    @Override
    public void sleep(Duration duration) {
        waited(duration);
    }

    /**
     * Returns a completed future, moving the time forward by {@code duration} and recording it (a zero or negative
     * wait is neither).
     *
     * @param duration how long the caller wanted to wait
     * @return an already completed future
     */
    @Override
    public CompletableFuture<Void> delay(Duration duration) {
        waited(duration);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Moves the time forward without counting it as a wait: time that passes while the code under test does nothing,
     * such as a rate-budget window running out.
     *
     * @param duration how far; not negative
     * @throws IllegalArgumentException if {@code duration} is negative (monotonic time never goes back)
     */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("monotonic time never goes back: " + duration);
        }
        nanos.addAndGet(duration.toNanos());
    }

    /**
     * The waits so far.
     *
     * @return every positive {@code sleep} and {@code delay}, oldest first
     */
    public List<Duration> waits() {
        return List.copyOf(waits);
    }

    private void waited(Duration duration) {
        if (!duration.isNegative() && !duration.isZero()) {
            waits.add(duration);
            nanos.addAndGet(duration.toNanos());
        }
    }
}
