package dev.sferum.sdk.chat.event.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code event_id}s seen recently, bounded in both size and time: an id is remembered for {@code window}
 * after it was first seen, and when more than {@code capacity} are held the oldest are forgotten first. Time comes
 * from the injected clock. Thread-safe (one lock; each operation is a few map steps).
 */
public final class Deduper {
    private final Clock clock;
    private final long windowMillis;
    private final int capacity;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    /**
     * @param clock wall time
     * @param window how long an id is remembered
     * @param capacity the most ids remembered
     */
    public Deduper(Clock clock, Duration window, int capacity) {
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.capacity = capacity;
    }

    /**
     * Remembers the key unless it is already remembered.
     *
     * @param key the event's key
     * @return true if this is the first sighting within the window
     */
    public synchronized boolean add(String key) {
        long now = clock.millis();
        evict(now);
        Long expires = seen.get(key);
        if (expires != null && expires > now) {
            return false;
        }
        seen.remove(key);
        seen.put(key, now + windowMillis);
        while (seen.size() > capacity) {
            Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
            it.next();
            it.remove();
        }
        return true;
    }

    /**
     * @param key the event's key
     * @return whether it was seen within the window
     */
    public synchronized boolean contains(String key) {
        Long expires = seen.get(key);
        return expires != null && expires > clock.millis();
    }

    /**
     * Forgets a key, for an event that was remembered but then could not be accepted (so VK's retry gets through).
     *
     * @param key the event's key
     */
    public synchronized void forget(String key) {
        seen.remove(key);
    }

    /** @return how many ids are held now (expired ones included until the next add) */
    public synchronized int size() {
        return seen.size();
    }

    /** Drops expired ids from the oldest end; ids are kept in the order first seen, so this stops at the first live one. */
    private void evict(long now) {
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() > now) {
                return;
            }
            it.remove();
        }
    }
}
