package dev.sferum.sdk.vk.internal;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;

/** VK's peer-id arithmetic, kept here and nowhere else: chats are 2,000,000,000 + chat_id, communities negative. */
public final class VkPeers {
    /** The offset of chat peers: {@value}. */
    public static final long CHAT_OFFSET = 2_000_000_000L;
    /** The largest VK chat id: {@value}. */
    public static final long MAX_CHAT_ID = 100_000_000L;

    private VkPeers() {
    }

    /**
     * @param peer a peer
     * @return its VK {@code peer_id}
     * @throws IllegalArgumentException if a chat id is outside 1..100,000,000 or a user or community id is not a VK one
     */
    public static long toVk(PeerId peer) {
        return switch (peer.type()) {
            case USER -> userId(peer.id());
            case COMMUNITY -> -checkBelowChats(peer.id(), "community");
            case CHAT -> CHAT_OFFSET + chatId(peer);
        };
    }

    /**
     * @param chat a chat peer
     * @return its VK {@code chat_id}
     * @throws IllegalArgumentException if it is not a chat or its id is outside 1..100,000,000
     */
    public static long chatId(PeerId chat) {
        chat.requireChat("chat");
        if (chat.id() < 1 || chat.id() > MAX_CHAT_ID) {
            throw new IllegalArgumentException("a VK chat id is between 1 and " + MAX_CHAT_ID + ": " + chat);
        }
        return chat.id();
    }

    /**
     * @param user a user
     * @return its VK user id
     * @throws IllegalArgumentException if it is not below 2,000,000,000
     */
    public static long userId(UserId user) {
        return userId(user.value());
    }

    private static long userId(long id) {
        return checkBelowChats(id, "user");
    }

    private static long checkBelowChats(long id, String kind) {
        if (id >= CHAT_OFFSET) {
            throw new IllegalArgumentException("a VK " + kind + " id is below " + CHAT_OFFSET + ": " + id
                    + (id - CHAT_OFFSET <= MAX_CHAT_ID ? "; for the chat peer " + id + " use PeerId.chat(" + (id - CHAT_OFFSET) + ")" : ""));
        }
        return id;
    }

    /**
     * @param peerId a VK {@code peer_id}
     * @return the peer
     * @throws IllegalArgumentException for 0
     */
    public static PeerId fromVk(long peerId) {
        if (peerId > CHAT_OFFSET) {
            return PeerId.chat(peerId - CHAT_OFFSET);
        }
        if (peerId < 0) {
            return PeerId.community(-peerId);
        }
        return PeerId.user(peerId);
    }
}
