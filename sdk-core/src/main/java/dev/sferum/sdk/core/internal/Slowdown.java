package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.RateBudgetStore.Budget;

/**
 * How one budget key reacts when the server still refuses calls for sending too much (VK error 6 or 9): the rule of
 * {@link dev.sferum.sdk.core.RateBudgetStore#throttled}, written once for the in-memory store and the Redis store's
 * local share (its Lua script follows the same rule on the server).
 *
 * <p>The budget is causal, so it never sends more than the configured rate: one refusal is no evidence that the
 * limit is too high (VK refuses a share of calls at random under load), a sustained share of refusals is (another
 * process uses the same token, or the token's real limit is lower). So, as loss-tolerant congestion control does:
 * <ul>
 *   <li>Refusals are counted per <em>round</em>: at least one window and at least {@link #ROUND_CALLS} completed
 *       calls (at most {@link #ROUND_MAX_WINDOWS} windows). The limit is cut (multiplied by {@link Budget#decreaseFactor()}, and the key blocked for one window)
 *       only when a round holds at least {@link Budget#minRefusals()} refusals and they are more than
 *       {@link Budget#refusalShare()} of the calls completed in it.</li>
 *   <li>One cut per congestion event: a refusal of a call granted before the last cut ({@link #epoch()} of its
 *       grant older than the current one) is not counted; the cut already answered it.</li>
 *   <li>After a cut the limit grows back by one permit per {@link Budget#recoveryInterval()} up to the budget's
 *       permits.</li>
 * </ul>
 *
 * <p>Not thread-safe: each store guards one per key with that key's lock.
 */
public final class Slowdown {
    /** The fewest completed calls a round counts before it may end (and a new one begin). */
    public static final int ROUND_CALLS = 10;
    /** A round ends after this many windows however few calls it counted, so an idle key's old refusals lapse. */
    public static final int ROUND_MAX_WINDOWS = 10;

    /** How many cuts this key has had; a key with none is at the budget's permits and never blocked. */
    private long epoch;
    private long lastCut;
    private int floor;
    private long blockedUntil;
    private boolean roundOpen;
    private long roundStart;
    private int roundCompleted;
    private int roundRefused;

    /** @return how many cuts this key has had: a grant remembers it, so a refusal of a call granted before a cut is not counted again */
    public long epoch() {
        return epoch;
    }

    /**
     * @param now the store's time, in nanoseconds
     * @param budget the key's budget
     * @return the limit in force now: the budget's permits, or fewer while it grows back after a cut
     */
    public int limit(long now, Budget budget) {
        if (epoch == 0) {
            return budget.permits();
        }
        long recovered = Math.max(0, (now - lastCut) / budget.recoveryInterval().toNanos());
        return (int) Math.min(budget.permits(), floor + recovered);
    }

    /**
     * @param now the store's time, in nanoseconds
     * @return how long the key stays blocked after its last cut, in nanoseconds; 0 when it is not
     */
    public long blockedFor(long now) {
        return epoch > 0 && blockedUntil - now > 0 ? blockedUntil - now : 0;
    }

    /**
     * @return whether forgetting this state would change no decision: no block, the limit grown back, and no refusal
     *     counted in a round still under way
     */
    public boolean idle(long now, Budget budget) {
        return blockedFor(now) == 0 && limit(now, budget) >= budget.permits() && (roundRefused == 0 || roundOver(now, budget));
    }

    /** One granted call's exchange is over: it counts in the round. */
    public void completed(long now, Budget budget) {
        roll(now, budget);
        roundCompleted++;
    }

    /**
     * The server refused a call for sending too much.
     *
     * @param now the store's time, in nanoseconds
     * @param budget the key's budget
     * @param grantEpoch the {@link #epoch()} when the refused call was granted, or a negative number if unknown (it
     *     then counts as granted since the last cut)
     * @return whether this refusal cut the limit
     */
    public boolean refused(long now, Budget budget, long grantEpoch) {
        if (grantEpoch >= 0 && grantEpoch < epoch) {
            return false;
        }
        roll(now, budget);
        roundRefused++;
        if (roundRefused < budget.minRefusals() || roundRefused <= budget.refusalShare() * roundCompleted) {
            return false;
        }
        floor = Math.max(1, (int) Math.floor(limit(now, budget) * budget.decreaseFactor()));
        lastCut = now;
        blockedUntil = now + budget.window().toNanos();
        epoch++;
        startRound(now);
        return true;
    }

    /** Ends the round if it is over and starts the next one at {@code now}. */
    private void roll(long now, Budget budget) {
        if (!roundOpen || roundOver(now, budget)) {
            startRound(now);
        }
    }

    private void startRound(long now) {
        roundOpen = true;
        roundStart = now;
        roundCompleted = 0;
        roundRefused = 0;
    }

    private boolean roundOver(long now, Budget budget) {
        long window = budget.window().toNanos();
        long age = now - roundStart;
        return age >= window && (roundCompleted >= ROUND_CALLS || age >= window * ROUND_MAX_WINDOWS);
    }
}
