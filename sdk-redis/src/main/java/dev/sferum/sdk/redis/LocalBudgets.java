package dev.sferum.sdk.redis;

import dev.sferum.sdk.core.RateBudgetStore.Budget;

import java.util.ArrayList;
import java.util.List;

/**
 * One key's fallback budget while Redis is away: the same sliding-window rule as the Redis script, in this JVM's
 * monotonic time, over the node's share of the budget. It also remembers which of its starts were already copied to
 * Redis, so the node can hand the recent ones over when Redis is back.
 *
 * <p>Guarded by its own monitor; the critical sections are a few list operations on at most a window's worth of
 * starts.
 */
final class LocalBudgets {
    /** A granted start: local monotonic nanos, the id Redis knows it by, and whether Redis has it. */
    static final class Start {
        final long at;
        final String id;
        volatile boolean recorded;

        Start(long at, String id) {
            this.at = at;
            this.id = id;
        }
    }

    private final List<Start> starts = new ArrayList<>();
    private long blockedUntil;
    private boolean blocked;
    private boolean throttledOnce;
    private long lastRefusal;
    private int floorAfterRefusal;

    /**
     * Grants the next start under {@code share}.
     *
     * @return the start, in local nanos
     */
    synchronized Start reserve(long now, Budget share, String id) {
        int limit = limit(now, share);
        long window = share.window().toNanos();
        long start = now;
        if (blocked && blockedUntil - start > 0) {
            start = blockedUntil;
        }
        int size = starts.size();
        if (size > 0 && starts.get(size - 1).at - start > 0) {
            start = starts.get(size - 1).at;
        }
        if (size >= limit) {
            long kth = starts.get(size - limit).at;
            if (kth + window - start > 0) {
                start = kth + window;
            }
        }
        Start s = new Start(start, id);
        starts.add(s);
        long before = start - window;
        while (!starts.isEmpty() && starts.get(0).at - before < 0) {
            starts.remove(0);
        }
        return s;
    }

    /** Returns an unused start. */
    synchronized void release(Start s) {
        starts.remove(s);
    }

    /** No start before {@code until}: used when the node falls back, so its share does not stack on Redis's grants. */
    synchronized void blockUntil(long until) {
        if (!blocked || until - blockedUntil > 0) {
            blocked = true;
            blockedUntil = until;
        }
    }

    /** A refusal from VK while on the fallback: multiplicative decrease, blocked for one window, then recovery. */
    synchronized void throttled(long now, Budget share) {
        int current = limit(now, share);
        floorAfterRefusal = Math.max(1, (int) Math.floor(current * share.decreaseFactor()));
        lastRefusal = now;
        throttledOnce = true;
        blockUntil(now + share.window().toNanos());
    }

    /** @return the starts not yet copied to Redis that still count: within one window of {@code now} or ahead */
    synchronized List<Start> unrecorded(long now, long windowNanos) {
        List<Start> out = new ArrayList<>();
        for (Start s : starts) {
            if (!s.recorded && s.at - (now - windowNanos) >= 0) {
                out.add(s);
            }
        }
        return out;
    }

    /** Marks starts as copied to Redis. */
    synchronized void recorded(List<Start> copied) {
        for (Start s : copied) {
            s.recorded = true;
        }
    }

    private int limit(long now, Budget share) {
        if (!throttledOnce) {
            return share.permits();
        }
        long recovered = (now - lastRefusal) / share.recoveryInterval().toNanos();
        return (int) Math.min(share.permits(), floorAfterRefusal + Math.max(0, recovered));
    }
}
