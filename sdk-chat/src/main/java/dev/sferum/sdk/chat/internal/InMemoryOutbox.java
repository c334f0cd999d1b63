package dev.sferum.sdk.chat.internal;

import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.OutboxEntry;
import dev.sferum.sdk.chat.OutboxRefusal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@link MessageOutbox#inMemory()}: entries in insertion order, guarded by this object's lock. */
public final class InMemoryOutbox implements MessageOutbox {
    private final Map<Long, OutboxEntry> entries = new LinkedHashMap<>();
    private final Map<Long, OutboxRefusal> refusals = new LinkedHashMap<>();

    @Override
    public synchronized void add(OutboxEntry entry) {
        Objects.requireNonNull(entry, "entry");
        entries.put(entry.key(), entry);
    }

    @Override
    public synchronized void remove(long key) {
        entries.remove(key);
        refusals.remove(key);
    }

    @Override
    public synchronized void refuse(OutboxRefusal refusal) {
        Objects.requireNonNull(refusal, "refusal");
        entries.remove(refusal.key());
        refusals.remove(refusal.key());
        refusals.put(refusal.key(), refusal);
    }

    @Override
    public synchronized List<OutboxRefusal> refused() {
        return List.copyOf(refusals.values());
    }

    @Override
    public synchronized List<OutboxEntry> pending() {
        return List.copyOf(new ArrayList<>(entries.values()));
    }

    @Override
    public synchronized String toString() {
        return "MessageOutbox[in-memory, " + entries.size() + " pending, " + refusals.size() + " refused]";
    }
}
