package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;

import java.util.Objects;
import java.util.Optional;

/**
 * A message was pinned in a chat ({@code chat_pin_message}).
 *
 * @param meta VK's envelope and the raw JSON (the pinned message's text is in {@code action.message})
 * @param message the service message
 * @param by who did it ({@code action.member_id}, or the message's author if VK sent none)
 * @param conversationMessageId the pinned message's {@code conversation_message_id}, or 0 if VK did not send it
 * @since 0.1.0
 */
public record MessagePinned(EventMeta meta, Message message, PeerId by, long conversationMessageId) implements ChatActionEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param message see the record component
     * @param by see the record component
     * @param conversationMessageId see the record component
     * @throws IllegalArgumentException if {@code conversationMessageId} is negative
     */
    public MessagePinned {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(by, "by");
        if (conversationMessageId < 0) {
            throw new IllegalArgumentException("conversation_message_id must not be negative: " + conversationMessageId);
        }
    }

    /** @return the pinned message, if VK named it */
    public Optional<MessageRef> pinned() {
        return conversationMessageId > 0 ? Optional.of(MessageRef.vk(chat(), 0, conversationMessageId)) : Optional.empty();
    }
}
