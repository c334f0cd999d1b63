package dev.sferum.sdk.testkit.internal;

import java.util.HashMap;
import java.util.Map;

/** A mailbox owner (user or community) with its own numbering of chats. Guarded by the World lock. */
final class Account {

    final long ownerId;
    private long nextLocalChatId = 1;
    final Map<Long, Conversation> chatsByLocalId = new HashMap<>();

    Account(long ownerId) {
        this.ownerId = ownerId;
    }

    boolean isCommunity() {
        return ownerId < 0;
    }

    /** Gives the chat this account's next chat id, once; later calls return the same id. */
    long localIdFor(Conversation chat) {
        Long existing = chat.localIds.get(ownerId);
        if (existing != null) {
            return existing;
        }
        long local = nextLocalChatId++;
        chat.localIds.put(ownerId, local);
        chatsByLocalId.put(local, chat);
        return local;
    }
}
