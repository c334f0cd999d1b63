package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.TimeSource;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Budgets in memory, one per key, with the causal rule of {@link RateBudgetStore}: a call holds a slot from its
 * grant until one window after its exchange completed.
 *
 * <p>Each key keeps a count of calls in flight and the completion times of recent calls, sorted. A call is granted
 * when fewer than {@code limit} slots are occupied (in flight, or completed less than a window ago) and the key is
 * not blocked by a recent cut. Refusals cut the limit by the rule of {@link Slowdown}. A refused caller is told when the oldest occupying completion expires; if the
 * slots are held by calls still in flight, it is told to ask again after a short poll interval.
 *
 * <p>A key whose state says nothing any more — no call in flight, no completion within its window, no slow-down
 * after a refusal still in force — is forgotten at the next sweep (at most one per {@link #SWEEP_INTERVAL}, done by
 * whichever caller finds it due), so a server that sees thousands of short-lived user tokens keeps memory only for
 * the ones in use. Forgetting such a key changes no decision: a fresh key grants exactly what the idle one would.
 */
public final class InMemoryRateBudgets implements RateBudgetStore {
    /** How long to wait when every slot is held by a call still in flight. */
    static final Duration IN_FLIGHT_POLL = Duration.ofMillis(10);
    /** How often idle keys are looked for. */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(60);
    /** What {@link Window#tryAcquire} answers when the window was swept away under the caller: ask the map again. */
    private static final long RETIRED = -1;
    /** The bit {@link Window#tryAcquire} sets on a grant; the bits below it carry the key's epoch then. */
    private static final long GRANTED = 1L << 62;

    private final TimeSource time;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;

    /**
     * @param time the time source
     */
    public InMemoryRateBudgets(TimeSource time) {
        this.time = time;
        this.nextSweep = new AtomicLong(time.nanoTime() + SWEEP_INTERVAL.toNanos());
    }

    @Override
    public Reservation reserve(String key, Budget budget) {
        long now = time.nanoTime();
        sweepIfDue(now);
        for (;;) {
            Window w = windows.computeIfAbsent(key, k -> new Window());
            long wait = w.tryAcquire(now, budget);
            if (wait >= 0 && (wait & GRANTED) != 0) {
                return new Reservations.Granted(() -> w.completed(time.nanoTime(), budget), w::cancelled, wait & ~GRANTED);
            }
            if (wait != RETIRED) {
                return Reservation.refused(Duration.ofNanos(wait));
            }
        }
    }

    @Override
    public void throttled(String key, Budget budget) {
        throttled(key, budget, -1);
    }

    @Override
    public void throttled(String key, Budget budget, Reservation call) {
        throttled(key, budget, Reservations.Granted.epochOf(call));
    }

    private void throttled(String key, Budget budget, long epoch) {
        long now = time.nanoTime();
        while (!windows.computeIfAbsent(key, k -> new Window()).throttled(now, budget, epoch)) {
            Thread.onSpinWait();
        }
    }

    @Override
    public Optional<State> state(String key, Budget budget) {
        Window w = windows.get(key);
        if (w == null) {
            return Optional.of(new State(budget.permits(), 0, Duration.ZERO));
        }
        return Optional.of(w.state(time.nanoTime(), budget));
    }

    /** {@return how many keys hold state now; for tests and diagnostics} */
    public int keys() {
        return windows.size();
    }

    /** Forgets idle keys if a sweep is due and no other caller took it. */
    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_INTERVAL.toNanos())) {
            return;
        }
        for (Map.Entry<String, Window> e : windows.entrySet()) {
            if (e.getValue().retireIfIdle(now)) {
                windows.remove(e.getKey(), e.getValue());
            }
        }
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

    /**
     * One key's state, guarded by its monitor; every critical section is a few array operations. Once retired by a
     * sweep it grants nothing: callers holding it look the key up again and get a fresh window.
     */
    static final class Window {
        private boolean retired;
        private Budget lastBudget;
        private int inFlight;
        /**
         * Completion times, oldest first, in a ring: {@code size} entries from {@code head}, capacity a power of two.
         * Expiring the oldest and appending the newest (the usual order of a completion) cost O(1), so a budget that
         * admits thousands of calls per window does not copy them all on every grant.
         */
        private long[] completions = new long[32];
        private int head;
        private int size;
        private final Slowdown slowdown = new Slowdown();

        /**
         * Takes a slot if one is free.
         *
         * @return {@link #GRANTED} with the key's epoch in the bits below if a slot was taken, {@link #RETIRED}, else
         *     nanoseconds to wait before asking again (below {@code GRANTED})
         */
        synchronized long tryAcquire(long now, Budget budget) {
            if (retired) {
                return RETIRED;
            }
            lastBudget = budget;
            long window = budget.window().toNanos();
            expire(now - window);
            long blocked = slowdown.blockedFor(now);
            if (blocked > 0) {
                return blocked;
            }
            int limit = slowdown.limit(now, budget);
            int occupied = inFlight + size;
            if (occupied < limit) {
                inFlight++;
                return GRANTED | slowdown.epoch();
            }
            int mustExpire = occupied - limit + 1;
            if (mustExpire <= size) {
                return Math.max(1, completion(mustExpire - 1) + window - now);
            }
            return IN_FLIGHT_POLL.toNanos();
        }

        synchronized void completed(long now, Budget budget) {
            inFlight--;
            slowdown.completed(now, budget);
            if (size == completions.length) {
                long[] grown = new long[size * 2];
                for (int k = 0; k < size; k++) {
                    grown[k] = completion(k);
                }
                completions = grown;
                head = 0;
            }
            int mask = completions.length - 1;
            int i = size;
            while (i > 0 && completion(i - 1) - now > 0) {
                completions[(head + i) & mask] = completion(i - 1);
                i--;
            }
            completions[(head + i) & mask] = now;
            size++;
        }

        /** {@return the {@code k}-th oldest completion time} */
        private long completion(int k) {
            return completions[(head + k) & (completions.length - 1)];
        }

        synchronized void cancelled() {
            inFlight--;
        }

        /** {@return false if this window was retired: the caller must look the key up again} */
        synchronized boolean throttled(long now, Budget budget, long epoch) {
            if (retired) {
                return false;
            }
            lastBudget = budget;
            slowdown.refused(now, budget, epoch);
            return true;
        }

        /**
         * Retires this window if it holds nothing a fresh one would not: no call in flight, no completion inside the
         * window, and any slow-down over.
         *
         * @return whether it was retired
         */
        synchronized boolean retireIfIdle(long now) {
            if (retired || inFlight > 0 || lastBudget == null) {
                return retired;
            }
            expire(now - lastBudget.window().toNanos());
            if (size > 0 || !slowdown.idle(now, lastBudget)) {
                return false;
            }
            retired = true;
            return true;
        }

        /** The state now, read only: nothing expires or changes. */
        synchronized State state(long now, Budget budget) {
            long before = now - budget.window().toNanos();
            int recent = 0;
            for (int i = size - 1; i >= 0 && completion(i) - before > 0; i--) {
                recent++;
            }
            return new State(slowdown.limit(now, budget), inFlight + recent, Duration.ofNanos(slowdown.blockedFor(now)));
        }

        synchronized int limit(long now, Budget budget) {
            return slowdown.limit(now, budget);
        }

        private void expire(long before) {
            int mask = completions.length - 1;
            while (size > 0 && completions[head] - before <= 0) {
                head = (head + 1) & mask;
                size--;
            }
        }
    }
}
