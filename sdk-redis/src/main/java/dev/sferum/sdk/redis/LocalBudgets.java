package dev.sferum.sdk.redis;

import dev.sferum.sdk.core.RateBudgetStore.Budget;
import dev.sferum.sdk.core.internal.Slowdown;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * This node's own use of one budget key, in its monotonic time: the calls it has in flight and those it completed
 * recently — shared grants and local ones alike. While Redis is reachable it is only bookkeeping; while Redis is
 * away it decides grants under the node's share, with the same causal rule as the Redis script (a call holds a slot
 * from its grant until one window after it completed); when Redis is back, its contents are copied there.
 *
 * <p>Guarded by its own monitor; the critical sections are a few list operations on at most a window's worth of
 * calls.
 */
final class LocalBudgets {
    /** One call of this node: its id (as Redis knows it), the local share's cut count at its grant, and when it completed. */
    static final class Slot {
        final String id;
        final long epoch;
        long completedAt;

        Slot(String id, long epoch) {
            this.id = id;
            this.epoch = epoch;
        }
    }

    private final Set<Slot> inFlight = new LinkedHashSet<>();
    private final List<Slot> done = new ArrayList<>();
    private long keepNanos;
    private boolean blocked;
    private long blockedUntil;
    /** The refusal rule of the local share: only refusals seen while it decides (Redis away) matter to it. */
    private final Slowdown slowdown = new Slowdown();

    /** Counts a call granted elsewhere (by Redis) as this node's, in flight; {@code window} is its budget's. */
    synchronized Slot track(String id, long windowNanos) {
        keepNanos = Math.max(keepNanos, windowNanos);
        Slot s = new Slot(id, slowdown.epoch());
        inFlight.add(s);
        return s;
    }

    /**
     * Grants a slot under {@code share} if one is free.
     *
     * @return the slot, or {@code null} with {@link #waitNanos} set
     */
    synchronized Slot tryAcquire(long now, Budget share, String id, long[] waitNanos) {
        long window = share.window().toNanos();
        keepNanos = Math.max(keepNanos, window);
        expire(now);
        long held = Math.max(slowdown.blockedFor(now), blocked ? blockedUntil - now : 0);
        if (held > 0) {
            waitNanos[0] = held;
            return null;
        }
        int limit = slowdown.limit(now, share);
        int occupied = inFlight.size() + countWithin(now, window);
        if (occupied < limit) {
            return track(id, window);
        }
        int mustExpire = occupied - limit + 1;
        long wait = window;
        List<Slot> recent = within(now, window);
        if (mustExpire <= recent.size()) {
            wait = Math.max(1, recent.get(mustExpire - 1).completedAt + window - now);
        }
        waitNanos[0] = wait;
        return null;
    }

    /** The slot's call is over; it occupies its slot for one more window from {@code now}, and counts in the share's round. */
    synchronized void complete(Slot s, long now, Budget share) {
        if (inFlight.remove(s)) {
            slowdown.completed(now, share);
            s.completedAt = now;
            int i = done.size();
            while (i > 0 && done.get(i - 1).completedAt - now > 0) {
                i--;
            }
            done.add(i, s);
        }
        expire(now);
    }

    /** The slot's call was never sent: its slot is free. */
    synchronized void cancel(Slot s) {
        inFlight.remove(s);
    }

    /** No local grant before {@code until}: so the share does not stack on other nodes' recent calls. */
    synchronized void blockUntil(long until) {
        if (!blocked || until - blockedUntil > 0) {
            blocked = true;
            blockedUntil = until;
        }
    }

    /**
     * A refusal from VK, by sdk-core's rule on the share: counted in its round (not if the share was cut after the
     * call's grant, {@code epoch} being the share's cut count then, negative if unknown); a round with sustained
     * refusals cuts the share and blocks it for one window.
     */
    synchronized void throttled(long now, Budget share, long epoch) {
        slowdown.refused(now, share, epoch);
    }

    /** {@return the calls in flight now} */
    synchronized List<Slot> inFlight() {
        return new ArrayList<>(inFlight);
    }

    /** {@return the calls that completed less than {@code windowNanos} ago} */
    synchronized List<Slot> completedWithin(long now, long windowNanos) {
        keepNanos = Math.max(keepNanos, windowNanos);
        expire(now);
        return within(now, windowNanos);
    }

    private List<Slot> within(long now, long window) {
        List<Slot> out = new ArrayList<>();
        for (Slot s : done) {
            if (s.completedAt - (now - window) > 0) {
                out.add(s);
            }
        }
        return out;
    }

    private int countWithin(long now, long window) {
        int n = 0;
        for (Slot s : done) {
            if (s.completedAt - (now - window) > 0) {
                n++;
            }
        }
        return n;
    }

    /** Drops completions older than the longest window asked about: they can no longer matter. */
    private void expire(long now) {
        done.removeIf(s -> s.completedAt - (now - keepNanos) <= 0);
    }
}
