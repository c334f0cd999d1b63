package dev.sferum.sdk.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to: the fake's notion of "now" for token and code expiry, message dates,
 * call times and recorded requests.
 *
 * <p>It is a {@link Clock}, so the code under test can share it and see the same time as the fake:
 *
 * <pre>{@code
 * FakeClock clock = FakeClock.at(Instant.parse("2025-09-01T08:00:00Z"));
 * FakeVk fake = FakeVk.builder().clock(clock).start();
 * clock.advance(Duration.ofHours(1));      // every VK ID access token issued before now has expired
 * }</pre>
 *
 * <p>Rate limits and latency are not driven by this clock: clients send in real time, so those use real
 * elapsed time. Thread-safe; {@link #withZone(ZoneId)} returns a view that shares the same instant.
 *
 * @since 0.1.0
 */
public final class FakeClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private FakeClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Returns a clock standing at the given instant, in UTC.
     *
     * @param start the initial instant
     * @return a new clock
     */
    public static FakeClock at(Instant start) {
        Objects.requireNonNull(start, "start");
        return new FakeClock(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    /**
     * Returns the current fake instant (same as {@link #instant()}).
     *
     * @return now, by this clock
     */
    public Instant now() {
        return now.get();
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far; zero is allowed
     * @return the new current instant
     * @throws IllegalArgumentException if the duration is negative
     */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a fake clock only moves forward; got " + duration
                    + ". Use set(Instant) to jump to an earlier time on purpose.");
        }
        return now.updateAndGet(current -> current.plus(duration));
    }

    /**
     * Sets the clock to an instant, forward or back. Moving back makes expired tokens valid again and may give
     * new messages earlier dates than old ones; prefer {@link #advance(Duration)}.
     *
     * @param instant the new current instant
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new FakeClock(now, Objects.requireNonNull(newZone, "zone"));
    }

    @Override
    public String toString() {
        return "FakeClock[" + now.get() + ", " + zone + "]";
    }
}
