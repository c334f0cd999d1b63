package dev.sferum.sdk.chat.internal;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.roster.ChatMapping;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.CreateIntent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link ChatMappingStore#inMemory()}, and the in-memory state behind the file store. */
public class InMemoryMappingStore implements ChatMappingStore {
    /** The mappings by class id, in first-recorded order; guarded by {@code this}. */
    protected final Map<String, ChatMapping> mappings = new LinkedHashMap<>();

    @Override
    public synchronized Optional<ChatMapping> find(String classId) {
        return Optional.ofNullable(mappings.get(Objects.requireNonNull(classId, "classId")));
    }

    @Override
    public synchronized List<ChatMapping> all() {
        return List.copyOf(mappings.values());
    }

    @Override
    public synchronized void recordIntent(String classId, CreateIntent intent) {
        Objects.requireNonNull(intent, "intent");
        ChatMapping before = mappings.get(classId);
        change(classId, new ChatMapping(classId, before == null ? null : before.chat().orElse(null), intent), before);
    }

    @Override
    public synchronized void recordChat(String classId, PeerId chat) {
        Objects.requireNonNull(chat, "chat");
        change(classId, new ChatMapping(classId, chat, null), mappings.get(classId));
    }

    @Override
    public synchronized void remove(String classId) {
        ChatMapping before = mappings.remove(Objects.requireNonNull(classId, "classId"));
        if (before != null) {
            try {
                persist();
            } catch (RuntimeException e) {
                mappings.put(classId, before);
                throw e;
            }
        }
    }

    private void change(String classId, ChatMapping after, ChatMapping before) {
        mappings.put(classId, after);
        try {
            persist();
        } catch (RuntimeException e) {
            if (before == null) {
                mappings.remove(classId);
            } else {
                mappings.put(classId, before);
            }
            throw e;
        }
    }

    /** Makes the current mappings durable; nothing in memory. Called under the lock. */
    protected void persist() {
    }

    @Override
    public synchronized String toString() {
        return "ChatMappingStore[in-memory, " + mappings.size() + " classes]";
    }
}
