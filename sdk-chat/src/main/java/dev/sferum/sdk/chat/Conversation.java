package dev.sferum.sdk.chat;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the acting account's conversation list: a chat, or a dialog with a user or community.
 *
 * @since 0.1.0
 */
public final class Conversation {
    private final PeerId peer;
    private final Chat chat;
    private final int unreadCount;
    private final long lastConversationMessageId;
    private final Instant lastMessageAt;

    /**
     * Creates the value; the SDK does this when it lists conversations.
     *
     * @param peer the peer
     * @param chat the chat's details, for chats; {@code null} for dialogs
     * @param unreadCount how many messages are unread
     * @param lastConversationMessageId the cmid of the newest message, or 0
     * @param lastMessageAt when the newest message was sent, or {@code null} if unknown
     * @throws IllegalArgumentException if {@code chat} is given for a peer that is not that chat
     */
    public Conversation(PeerId peer, Chat chat, int unreadCount, long lastConversationMessageId, Instant lastMessageAt) {
        this.peer = Objects.requireNonNull(peer, "peer");
        if (chat != null && !chat.peer().equals(peer)) {
            throw new IllegalArgumentException("chat " + chat.peer() + " does not belong to conversation " + peer);
        }
        this.chat = chat;
        this.unreadCount = unreadCount;
        this.lastConversationMessageId = lastConversationMessageId;
        this.lastMessageAt = lastMessageAt;
    }

    /** {@return the peer} */
    public PeerId peer() {
        return peer;
    }

    /** {@return the chat's details (title, owner, members), for chats} */
    public Optional<Chat> chat() {
        return Optional.ofNullable(chat);
    }

    /** {@return how many messages are unread} */
    public int unreadCount() {
        return unreadCount;
    }

    /** {@return the cmid of the newest message, or 0} */
    public long lastConversationMessageId() {
        return lastConversationMessageId;
    }

    /** {@return when the newest message was sent, if known} */
    public Optional<Instant> lastMessageAt() {
        return Optional.ofNullable(lastMessageAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Conversation c && c.peer.equals(peer) && Objects.equals(c.chat, chat) && c.unreadCount == unreadCount
                && c.lastConversationMessageId == lastConversationMessageId && Objects.equals(c.lastMessageAt, lastMessageAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(peer, chat, unreadCount, lastConversationMessageId, lastMessageAt);
    }

    @Override
    public String toString() {
        return "Conversation[" + peer + (chat != null ? ", members=" + chat.membersCount() : "") + ", unread=" + unreadCount + "]";
    }
}
