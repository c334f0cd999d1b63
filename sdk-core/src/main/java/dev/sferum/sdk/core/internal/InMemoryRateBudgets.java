package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.TimeSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Budgets in memory, one per key, with the causal rule of {@link RateBudgetStore}: a call holds a slot from its
 * grant until one window after its exchange completed.
 *
 * <p>Each key keeps a count of calls in flight and the completion times of recent calls, sorted. A call is granted
 * when fewer than {@code limit} slots are occupied (in flight, or completed less than a window ago) and the key is
 * not blocked by a recent refusal. A refused caller is told when the oldest occupying completion expires; if the
 * slots are held by calls still in flight, it is told to ask again after a short poll interval.
 */
public final class InMemoryRateBudgets implements RateBudgetStore {
    /** How long to wait when every slot is held by a call still in flight. */
    static final Duration IN_FLIGHT_POLL = Duration.ofMillis(10);

    private final TimeSource time;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * @param time the time source
     */
    public InMemoryRateBudgets(TimeSource time) {
        this.time = time;
    }

    @Override
    public Reservation reserve(String key, Budget budget) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        long now = time.nanoTime();
        long wait = w.tryAcquire(now, budget);
        return wait == 0 ? new Held(w, budget) : new Refused(Duration.ofNanos(wait));
    }

    @Override
    public void throttled(String key, Budget budget) {
        windows.computeIfAbsent(key, k -> new Window()).throttled(time.nanoTime(), budget);
    }

    /**
     * The limit in force for a key now; for tests and diagnostics.
     *
     * @param key the key
     * @param budget its budget
     * @return the current limit
     */
    public int currentLimit(String key, Budget budget) {
        Window w = windows.get(key);
        return w == null ? budget.permits() : w.limit(time.nanoTime(), budget);
    }

    private record Refused(Duration delay) implements Reservation {
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

    private final class Held implements Reservation {
        private final Window window;
        private final Budget budget;
        private boolean done;

        Held(Window window, Budget budget) {
            this.window = window;
            this.budget = budget;
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
        public synchronized void complete() {
            if (!done) {
                done = true;
                window.completed(time.nanoTime(), budget);
            }
        }

        @Override
        public synchronized void cancel() {
            if (!done) {
                done = true;
                window.cancelled();
            }
        }
    }

    /** One key's state, guarded by its monitor; every critical section is a few array operations. */
    static final class Window {
        private int inFlight;
        private long[] completions = new long[32];
        private int size;
        private boolean throttledOnce;
        private long blockedUntil;
        private long lastRefusal;
        private int floorAfterRefusal;

        /** @return 0 if a slot was taken, else nanoseconds to wait before asking again */
        synchronized long tryAcquire(long now, Budget budget) {
            long window = budget.window().toNanos();
            expire(now - window);
            if (throttledOnce && blockedUntil - now > 0) {
                return blockedUntil - now;
            }
            int limit = limit(now, budget);
            int occupied = inFlight + size;
            if (occupied < limit) {
                inFlight++;
                return 0;
            }
            int mustExpire = occupied - limit + 1;
            if (mustExpire <= size) {
                return Math.max(1, completions[mustExpire - 1] + window - now);
            }
            return IN_FLIGHT_POLL.toNanos();
        }

        synchronized void completed(long now, Budget budget) {
            inFlight--;
            if (size == completions.length) {
                completions = Arrays.copyOf(completions, size * 2);
            }
            int i = size;
            while (i > 0 && completions[i - 1] - now > 0) {
                completions[i] = completions[i - 1];
                i--;
            }
            completions[i] = now;
            size++;
        }

        synchronized void cancelled() {
            inFlight--;
        }

        synchronized void throttled(long now, Budget budget) {
            int current = limit(now, budget);
            floorAfterRefusal = Math.max(1, (int) Math.floor(current * budget.decreaseFactor()));
            lastRefusal = now;
            throttledOnce = true;
            blockedUntil = now + budget.window().toNanos();
        }

        synchronized int limit(long now, Budget budget) {
            if (!throttledOnce) {
                return budget.permits();
            }
            long recovered = (now - lastRefusal) / budget.recoveryInterval().toNanos();
            return (int) Math.min(budget.permits(), floorAfterRefusal + Math.max(0, recovered));
        }

        private void expire(long before) {
            int drop = 0;
            while (drop < size && completions[drop] - before <= 0) {
                drop++;
            }
            if (drop > 0) {
                System.arraycopy(completions, drop, completions, 0, size - drop);
                size -= drop;
            }
        }
    }
}
