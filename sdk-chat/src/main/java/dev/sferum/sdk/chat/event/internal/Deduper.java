package dev.sferum.sdk.chat.event.internal;

import dev.sferum.sdk.chat.event.EventDedupeStore;
import dev.sferum.sdk.core.internal.Require;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The default {@link EventDedupeStore}: the keys seen recently, in this JVM's memory, bounded in both size and time: a
 * key is remembered for its window after it was first marked, and when more than {@code capacity} are held the oldest
 * are forgotten first. Time comes from the injected clock. Thread-safe (one lock; each operation is a few map steps);
 * never fails.
 */
public final class Deduper implements EventDedupeStore {
    private final Clock clock;
    private final int capacity;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    /**
     * @param clock wall time
     * @param capacity the most keys remembered
     */
    public Deduper(Clock clock, int capacity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.capacity = Require.atLeast(capacity, 1, "capacity");
    }

    @Override
    public synchronized boolean markFirst(String key, Duration window) {
        checkKey(key);
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the de-duplication window must be positive: " + window);
        }
        long now = clock.millis();
        evict(now);
        Long expires = seen.get(key);
        if (expires != null && expires > now) {
            return false;
        }
        seen.remove(key);
        seen.put(key, now + window.toMillis());
        while (seen.size() > capacity) {
            Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
            it.next();
            it.remove();
        }
        return true;
    }

    @Override
    public synchronized void forget(String key) {
        checkKey(key);
        seen.remove(key);
    }

    /** {@return how many keys are held now (expired ones included until the next mark)} */
    public synchronized int size() {
        return seen.size();
    }

    static void checkKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an event de-duplication key must not be null or blank: " + (key == null ? "null" : "\"" + key + "\""));
        }
    }

    /** Drops expired keys from the oldest end; one stream uses one window, so this stops at the first live key. */
    private void evict(long now) {
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() > now) {
                return;
            }
            it.remove();
        }
    }

    @Override
    public String toString() {
        return "in-memory event de-duplication (" + size() + " of " + capacity + " keys)";
    }
}
