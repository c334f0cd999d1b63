package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.RateBudgetStore.Reservation;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The two {@link Reservation}s every budget store answers with, created by {@link Reservation#refused(Duration)} and
 * {@link Reservation#granted(Runnable, Runnable)}: the rules of a reservation (a refusal holds nothing; a granted slot
 * ends once, by {@code complete} or {@code cancel}) written once for the in-memory and the Redis store.
 */
public final class Reservations {
    private Reservations() {
    }

    /**
     * A refusal: no slot, only how long to wait.
     *
     * @param delay how long to wait before asking again
     */
    public record Refused(Duration delay) implements Reservation {

        /** Checks the delay. */
        public Refused {
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

    /**
     * A granted slot whose end runs the store's action once: the first of {@code complete} and {@code cancel}. It
     * remembers the key's {@link Slowdown#epoch()} at the grant, so a refusal of it after a later cut is not counted.
     */
    public static class Granted implements Reservation {
        private final Runnable onComplete;
        private final Runnable onCancel;
        private final long epoch;
        private final AtomicBoolean done = new AtomicBoolean();

        /**
         * @param onComplete what the store does when the call's exchange is over
         * @param onCancel what the store does when the call was never sent
         */
        public Granted(Runnable onComplete, Runnable onCancel) {
            this(onComplete, onCancel, -1);
        }

        /**
         * @param onComplete what the store does when the call's exchange is over
         * @param onCancel what the store does when the call was never sent
         * @param epoch the key's cut count at the grant; negative if unknown
         */
        public Granted(Runnable onComplete, Runnable onCancel, long epoch) {
            this.onComplete = Objects.requireNonNull(onComplete, "onComplete");
            this.onCancel = Objects.requireNonNull(onCancel, "onCancel");
            this.epoch = epoch;
        }

        /**
         * @param r a reservation
         * @return the key's cut count when {@code r} was granted, if it is a {@link Granted} that knows it; else -1
         */
        public static long epochOf(Reservation r) {
            return r instanceof Granted g ? g.epoch : -1;
        }

        @Override
        public boolean granted() {
            return true;
        }

        @Override
        public Duration delay() {
            return Duration.ZERO;
        }

        @Override
        public void complete() {
            if (done.compareAndSet(false, true)) {
                onComplete.run();
            }
        }

        @Override
        public void cancel() {
            if (done.compareAndSet(false, true)) {
                onCancel.run();
            }
        }
    }
}
