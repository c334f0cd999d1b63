package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.RateBudgetStore.Reservation;
import java.time.Duration;
import java.util.Objects;

/**
 * A refused {@link Reservation}: no slot, only how long to wait. The one refusal every budget store answers with,
 * created by {@link Reservation#refused(Duration)}.
 *
 * @param delay how long to wait before asking again
 */
public record RefusedReservation(Duration delay) implements Reservation {

    /** Checks the delay. */
    public RefusedReservation {
        Objects.requireNonNull(delay, "delay");
    }

    @Override
    public boolean granted() {
        return false;
    }

    @Override
    public void complete() {
        throw new IllegalStateException("a refused reservation holds no slot");
    }

    @Override
    public void cancel() {
        throw new IllegalStateException("a refused reservation holds no slot");
    }
}
