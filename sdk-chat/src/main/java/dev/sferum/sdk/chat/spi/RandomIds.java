package dev.sferum.sdk.chat.spi;

import java.security.SecureRandom;

/**
 * Idempotency keys and the per-call {@code random_id}s derived from them.
 *
 * <p>A key is a positive 63-bit value from a {@link SecureRandom}. VK checks {@code random_id} for uniqueness per
 * (app, sender) over the whole history, so values must not repeat across processes: random 63-bit values collide
 * with probability about n²/2⁶⁴ (below 10⁻⁷ for a billion messages). A request sent as several calls (parts of a
 * long text, groups of 100 peers) uses the key itself for call 0 and a SplitMix64 mix of key and call index for
 * the others: deterministic, so a re-send repeats exactly the same ids.
 *
 * @since 0.1.0
 */
public final class RandomIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private RandomIds() {
    }

    /** {@return a fresh positive 63-bit key} */
    public static long next() {
        long v;
        do {
            v = RANDOM.nextLong() & Long.MAX_VALUE;
        } while (v == 0);
        return v;
    }

    /**
     * Derives the {@code random_id} of one call of a request from the request's key.
     *
     * @param key the request's key
     * @param call the call's index within the request, from 0
     * @return the positive {@code random_id} of that call; {@code key} itself for call 0
     */
    public static long forCall(long key, int call) {
        if (call == 0) {
            return key;
        }
        long z = key + GOLDEN * call;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        long v = z & Long.MAX_VALUE;
        return v == 0 ? 1 : v;
    }
}
