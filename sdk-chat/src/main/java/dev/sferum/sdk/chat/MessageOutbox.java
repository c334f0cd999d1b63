package dev.sferum.sdk.chat;

import dev.sferum.sdk.chat.internal.FileOutbox;
import dev.sferum.sdk.chat.internal.InMemoryOutbox;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a chat client keeps messages between "about to send" and "sent", so that an application that crashes
 * and restarts can re-send them with the same idempotency key and VK drops the duplicates.
 *
 * <pre>{@code
 * MessageOutbox outbox = MessageOutbox.file(Path.of("/var/lib/school-bot/outbox.json"));
 * ChatClient chats = VkChats.builder().actor(ChatActor.community(123456)).outbox(outbox).buildClient(api);
 * chats.resendPending();            // at start-up: finish what the last run left
 * }</pre>
 *
 * <p>The client calls {@link #add} before the first attempt of a send and returns only after it succeeded, then
 * settles the entry: {@link #remove} once it is delivered, {@link #refuse} once the backend refused it for good (a
 * permission or input error, such as VK 950 "reply timed out"): the entry leaves the pending set and is kept in
 * {@link #refused()} with the reason, until {@link #remove} forgets it. Entries whose send failed in a way a retry
 * can fix (a dropped connection, throttling, an expired token, an unknown outcome) stay pending, and
 * {@link ChatClient#resendPending()} sends them again.
 *
 * <p>Ships with {@link #inMemory()} (the default: survives failed calls, not restarts) and {@link #file(Path)}
 * (survives restarts). A database-backed one (PostgreSQL with leases, for several nodes) fits the same
 * interface. Implementations must be thread-safe, and {@link #add} must be durable when it returns. The async
 * client calls these methods on its calling and completing threads, so keep them short (a local write).
 *
 * @since 0.1.0
 */
public interface MessageOutbox {

    /**
     * A process-local outbox: keeps pending messages across failed calls, loses them when the process ends.
     *
     * @return a new, empty outbox
     */
    static MessageOutbox inMemory() {
        return new InMemoryOutbox();
    }

    /**
     * An outbox in one JSON file, rewritten atomically (temp file, fsync, atomic move, owner-only permissions) on
     * every change. Use one file per process; several processes must not share it.
     *
     * @param file the file; its folder is created if missing
     * @return the outbox, holding whatever the file already holds
     * @throws java.io.UncheckedIOException if the file exists but cannot be read
     * @throws IllegalStateException if the file is not an outbox file
     */
    static MessageOutbox file(Path file) {
        return new FileOutbox(file);
    }

    /**
     * Stores a message about to be sent; replaces an entry with the same key. Durable when it returns.
     *
     * @param entry the entry
     */
    void add(OutboxEntry entry);

    /**
     * Forgets a settled message, pending or refused; a key not present is ignored.
     *
     * @param key the request's idempotency key
     */
    void remove(long key);

    /** {@return the messages not yet settled, oldest first; never a refused one} */
    List<OutboxEntry> pending();

    /**
     * How many messages are not yet settled, for monitoring (gauges, health checks): unlike {@link #pending()}, a
     * shared outbox answers without claiming entries for this node. The default counts {@link #pending()}.
     *
     * @return the number of pending messages; refused ones are not counted
     * @since 0.1.0
     */
    default int size() {
        return pending().size();
    }

    /**
     * Takes a message out of the pending set because the backend refused it for good, and records the refusal
     * (replacing an earlier one for the same key). Durable when it returns. The client calls it; an entry not
     * pending is recorded all the same.
     *
     * @param refusal the refused entry and why
     */
    void refuse(OutboxRefusal refusal);

    /**
     * {@return the refusals recorded and not yet {@linkplain #remove removed}, oldest first}
     */
    List<OutboxRefusal> refused();
}
