package dev.sferum.sdk.auth;

import dev.sferum.sdk.core.TimeSource;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The refresh leases of stores that have none of their own ({@link TokenStore#tryLease}'s default): one lock per
 * (store instance, grant key) in this JVM, with the same expiry as a shared lease, on this JVM's monotonic clock.
 * Entries live only while a lease is held, so the map does not grow with the number of grants.
 */
final class LocalRefreshLeases {
    private static final TimeSource TIME = TimeSource.system();
    private static final ConcurrentHashMap<Slot, Held> HELD = new ConcurrentHashMap<>();

    private LocalRefreshLeases() {
    }

    /** Which grant of which store; stores compare by identity unless they define equality. */
    private record Slot(TokenStore store, String key) {
    }

    private static final class Held implements RefreshLease {
        private final Slot slot;
        private final long until;

        Held(Slot slot, long until) {
            this.slot = slot;
            this.until = until;
        }

        @Override
        public void close() {
            HELD.remove(slot, this);
        }

        @Override
        public String toString() {
            return "local refresh lease of " + slot.key();
        }
    }

    static Optional<RefreshLease> tryLease(TokenStore store, String key, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ttl, "ttl");
        long now = TIME.nanoTime();
        Slot slot = new Slot(store, key);
        Held mine = new Held(slot, now + Math.max(1, ttl.toNanos()));
        Held after = HELD.compute(slot, (s, current) -> current == null || now - current.until >= 0 ? mine : current);
        return after == mine ? Optional.of(mine) : Optional.empty();
    }
}
