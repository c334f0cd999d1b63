package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.TimeSource;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sliding-window budgets in memory, one per key.
 *
 * <p>Each key keeps the start times of its most recent reservations, in order. A new reservation starts at the
 * earliest time that is not before the previous one, not before any "blocked until" set by a refusal, and at
 * least one window after the reservation {@code limit} places back — so no window of that length ever holds more
 * than {@code limit} starts. After a refusal the limit drops by the decrease factor and the key is blocked for one
 * window; the limit then grows back by one per recovery interval (AIMD).
 */
public final class InMemoryRateBudgets implements RateBudgetStore {
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
        long start = w.reserve(now, budget);
        return new Held(w, start, Math.max(0, start - now));
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

    private static final class Held implements Reservation {
        private final Window window;
        private final long start;
        private final long delayNanos;
        private boolean cancelled;

        Held(Window window, long start, long delayNanos) {
            this.window = window;
            this.start = start;
            this.delayNanos = delayNanos;
        }

        @Override
        public Duration delay() {
            return delayNanos == 0 ? Duration.ZERO : Duration.ofNanos(delayNanos);
        }

        @Override
        public synchronized void cancel() {
            if (!cancelled) {
                cancelled = true;
                window.release(start);
            }
        }
    }

    /** One key's state. Guarded by its own monitor; the critical sections are a few array operations. */
    static final class Window {
        private long[] starts = new long[32];
        private int head;
        private int size;
        private long blockedUntil = Long.MIN_VALUE;
        private boolean throttledOnce;
        private long lastRefusal;
        private int floorAfterRefusal;

        synchronized long reserve(long now, Budget budget) {
            int limit = limit(now, budget);
            ensureCapacity(Math.max(limit, budget.permits()));
            long window = budget.window().toNanos();
            long start = now;
            if (throttledOnce && blockedUntil - start > 0) {
                start = blockedUntil;
            }
            if (size > 0) {
                long last = at(size - 1);
                if (last - start > 0) {
                    start = last;
                }
            }
            if (size >= limit) {
                long kth = at(size - limit);
                if (kth + window - start > 0) {
                    start = kth + window;
                }
            }
            append(start);
            trim(start - window);
            return start;
        }

        synchronized void release(long start) {
            for (int i = size - 1; i >= 0; i--) {
                if (at(i) == start) {
                    for (int j = i; j < size - 1; j++) {
                        starts[(head + j) % starts.length] = at(j + 1);
                    }
                    size--;
                    return;
                }
            }
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

        private long at(int i) {
            return starts[(head + i) % starts.length];
        }

        private void append(long start) {
            starts[(head + size) % starts.length] = start;
            size++;
        }

        private void trim(long before) {
            // Starts more than one window before the newest can never bind a later reservation again.
            while (size > 0 && at(0) - before < 0) {
                head = (head + 1) % starts.length;
                size--;
            }
        }

        private void ensureCapacity(int limit) {
            if (size + 1 > starts.length || limit * 2 > starts.length) {
                int capacity = Math.max(starts.length * 2, limit * 2 + 2);
                long[] grown = new long[capacity];
                for (int i = 0; i < size; i++) {
                    grown[i] = at(i);
                }
                starts = grown;
                head = 0;
            }
        }
    }
}
