package dev.sferum.sdk.chat.internal;

import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.OutboxEntry;
import dev.sferum.sdk.chat.OutboxRefusal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outbox rules every local outbox keeps, written once: pending entries and refused ones in insertion order,
 * guarded by this object's lock; {@code remove} forgets both, {@code refuse} moves an entry from pending to refused.
 * A subclass that persists the state does so in {@link #changed()}; if that throws, the change is undone and the
 * exception passes to the caller.
 */
abstract class MapOutbox implements MessageOutbox {
    final Map<Long, OutboxEntry> entries = new LinkedHashMap<>();
    final Map<Long, OutboxRefusal> refusals = new LinkedHashMap<>();

    /** Called with the lock held after every change; persists the state, or does nothing. */
    abstract void changed();

    @Override
    public synchronized void add(OutboxEntry entry) {
        Objects.requireNonNull(entry, "entry");
        OutboxEntry before = entries.put(entry.key(), entry);
        try {
            changed();
        } catch (RuntimeException e) {
            if (before == null) {
                entries.remove(entry.key());
            } else {
                entries.put(entry.key(), before);
            }
            throw e;
        }
    }

    @Override
    public synchronized void remove(long key) {
        OutboxEntry before = entries.remove(key);
        OutboxRefusal refusedBefore = refusals.remove(key);
        if (before != null || refusedBefore != null) {
            try {
                changed();
            } catch (RuntimeException e) {
                restore(key, before, refusedBefore);
                throw e;
            }
        }
    }

    @Override
    public synchronized void refuse(OutboxRefusal refusal) {
        Objects.requireNonNull(refusal, "refusal");
        long key = refusal.key();
        OutboxEntry before = entries.remove(key);
        OutboxRefusal refusedBefore = refusals.remove(key);
        refusals.put(key, refusal);
        try {
            changed();
        } catch (RuntimeException e) {
            refusals.remove(key);
            restore(key, before, refusedBefore);
            throw e;
        }
    }

    private void restore(long key, OutboxEntry entry, OutboxRefusal refusal) {
        if (entry != null) {
            entries.put(key, entry);
        }
        if (refusal != null) {
            refusals.put(key, refusal);
        }
    }

    @Override
    public synchronized List<OutboxRefusal> refused() {
        return List.copyOf(refusals.values());
    }

    @Override
    public synchronized List<OutboxEntry> pending() {
        return List.copyOf(new ArrayList<>(entries.values()));
    }

    /**
     * @param kind what the outbox is, such as {@code "in-memory"}
     * @return its description with the counts
     */
    synchronized String describe(String kind) {
        return "MessageOutbox[" + kind + ", " + entries.size() + " pending, " + refusals.size() + " refused]";
    }
}
