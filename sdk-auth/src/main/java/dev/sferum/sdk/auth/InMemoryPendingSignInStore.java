package dev.sferum.sdk.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link PendingSignInStore#inMemory()}: a bounded map in start order, under one lock. */
final class InMemoryPendingSignInStore implements PendingSignInStore {
    private final int capacity;
    private final LinkedHashMap<String, PendingSignIn> entries = new LinkedHashMap<>();

    InMemoryPendingSignInStore(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized void put(String key, PendingSignIn pending) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(pending, "pending");
        for (Iterator<Map.Entry<String, PendingSignIn>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            PendingSignIn p = it.next().getValue();
            if (!p.isExpiredAt(pending.createdAt())) {
                // entries are in start order with one timeout, so the ones after an unexpired one are unexpired too
                break;
            }
            it.remove();
        }
        while (entries.size() >= capacity) {
            Iterator<String> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        entries.put(key, pending);
    }

    @Override
    public synchronized Optional<PendingSignIn> take(String key) {
        return Optional.ofNullable(entries.remove(Objects.requireNonNull(key, "key")));
    }

    @Override
    public synchronized String toString() {
        return "PendingSignInStore.inMemory[" + entries.size() + " waiting]";
    }
}
