package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.internal.FileMappingStore;
import dev.sferum.sdk.chat.internal.InMemoryMappingStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Remembers which chat belongs to which class (class id to chat peer), and which creations are in flight.
 *
 * <pre>{@code
 * ChatMappingStore mappings = ChatMappingStore.file(Path.of("/var/lib/school-bot/chats-school-42.json"));
 * }</pre>
 *
 * <p>Roster sync writes a {@link CreateIntent} before every chat creation ({@link #recordIntent}) and the chat
 * after it ({@link #recordChat}); both must be durable when they return. VK chat ids are local to the account
 * that sees the chat, so keep one store per acting account (per community token).
 *
 * <p>Ships with {@link #inMemory()} and {@link #file(Path)}; a database-backed one fits the same interface.
 * Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
public interface ChatMappingStore {

    /** {@return a new, empty store in memory (for tests and one-off runs)} */
    static ChatMappingStore inMemory() {
        return new InMemoryMappingStore();
    }

    /**
     * A store in one JSON file, rewritten atomically (temp file, fsync, atomic move, owner-only permissions) on
     * every change. One process at a time.
     *
     * @param file the file; its folder is created if missing
     * @return the store, holding whatever the file holds
     * @throws java.io.UncheckedIOException if the file exists but cannot be read
     * @throws IllegalStateException if the file is not a mapping file
     */
    static ChatMappingStore file(Path file) {
        return new FileMappingStore(file);
    }

    /**
     * Finds what is known about a class's chat.
     *
     * @param classId a class id
     * @return what is known about the class, if anything
     */
    Optional<ChatMapping> find(String classId);

    /** {@return every mapping, in the order first recorded} */
    List<ChatMapping> all();

    /**
     * Records that a chat for the class is about to be created; keeps any chat already recorded. Durable when it
     * returns.
     *
     * @param classId the class id
     * @param intent the creation
     */
    void recordIntent(String classId, CreateIntent intent);

    /**
     * Records the class's chat and clears any pending creation. Durable when it returns.
     *
     * @param classId the class id
     * @param chat the chat
     */
    void recordChat(String classId, PeerId chat);

    /**
     * Forgets a class; an unknown class is ignored.
     *
     * @param classId the class id
     */
    void remove(String classId);
}
