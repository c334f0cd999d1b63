package dev.sferum.sdk.chat;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Points at one message in one peer, in whatever ids the backend gave it.
 *
 * <pre>{@code
 * MessageRef sent = chats.send(r -> r.peer(chat).text("Домашнее задание")).messages().get(0);
 * chats.pin(sent);
 * MessageRef byCmid = MessageRef.of(chat, 0, 89);  // a VK community bot often only knows the cmid in chats
 * }</pre>
 *
 * <p>Backends with numeric ids give a message id (the id in the caller's own mailbox: VK's {@code message_id},
 * which community bots often get as {@code 0} in chats) and a conversation message id (a per-peer counter, the
 * same for every participant: VK's {@code conversation_message_id}, "cmid"); at least one of them is known.
 * Backends with string message ids (MAX's {@code mid}) use {@link #key()}.
 *
 * @since 0.1.0
 */
public final class MessageRef {
    private final PeerId peer;
    private final long messageId;
    private final long conversationMessageId;
    private final String key;

    private MessageRef(PeerId peer, long messageId, long conversationMessageId, String key) {
        this.peer = Objects.requireNonNull(peer, "peer");
        this.messageId = messageId;
        this.conversationMessageId = conversationMessageId;
        this.key = key;
    }

    /**
     * A message of a backend that names messages by number (VK).
     *
     * @param peer where the message is
     * @param messageId the id in the caller's mailbox (VK's {@code message_id}), or 0 if unknown
     * @param conversationMessageId the per-peer counter (VK's {@code conversation_message_id}), or 0 if unknown
     * @return the reference
     * @throws IllegalArgumentException if an id is negative or both are 0
     */
    public static MessageRef of(PeerId peer, long messageId, long conversationMessageId) {
        if (messageId < 0 || conversationMessageId < 0) {
            throw new IllegalArgumentException("message ids must not be negative: message_id " + messageId
                    + ", conversation_message_id " + conversationMessageId);
        }
        if (messageId == 0 && conversationMessageId == 0) {
            throw new IllegalArgumentException("a numbered message needs a message_id or a conversation_message_id; both are 0");
        }
        return new MessageRef(peer, messageId, conversationMessageId, null);
    }

    /**
     * A message of a backend that names messages by string (MAX's {@code mid}).
     *
     * @param peer where the message is
     * @param key the backend's message id, not blank
     * @return the reference
     * @throws IllegalArgumentException if the key is blank
     */
    public static MessageRef keyed(PeerId peer, String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("a message key must not be blank");
        }
        return new MessageRef(peer, 0, 0, key);
    }

    /** {@return the peer the message is in} */
    public PeerId peer() {
        return peer;
    }

    /** {@return the id in the caller's mailbox (VK's {@code message_id}), if known (not 0)} */
    public OptionalLong messageId() {
        return messageId > 0 ? OptionalLong.of(messageId) : OptionalLong.empty();
    }

    /** {@return the per-peer counter (VK's {@code conversation_message_id}), if known (not 0)} */
    public OptionalLong conversationMessageId() {
        return conversationMessageId > 0 ? OptionalLong.of(conversationMessageId) : OptionalLong.empty();
    }

    /** {@return the backend's string message id, for backends that use one} */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageRef m && peer.equals(m.peer) && messageId == m.messageId
                && conversationMessageId == m.conversationMessageId && Objects.equals(key, m.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(peer, messageId, conversationMessageId, key);
    }

    /** {@return a short form such as {@code MessageRef[chat:12 id=0 cmid=89]}} */
    @Override
    public String toString() {
        return "MessageRef[" + peer + (key != null ? " key=" + key : " id=" + messageId + " cmid=" + conversationMessageId) + "]";
    }
}
