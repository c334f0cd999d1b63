package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;

import java.time.Instant;
import java.util.Optional;

/**
 * A message was unpinned in a chat ({@code chat_unpin_message}).
 *
 * @param meta VK's envelope and the raw JSON (the unpinned message's text is in {@code action.message})
 * @param chat the chat the action happened in
 * @param actor who acted: on VK the service message's {@code from}
 * @param at when it happened
 * @param message the service message, on VK; empty on MAX, which has none
 * @param by who did it ({@code action.member_id}, or the {@link #actor()} if VK sent none)
 * @param conversationMessageId the unpinned message's {@code conversation_message_id}, or 0 if VK did not send it
 * @since 0.1.0
 */
public record MessageUnpinned(EventMeta meta, PeerId chat, PeerId actor, Instant at, Optional<Message> message,
        PeerId by, long conversationMessageId) implements ChatActionEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param chat see the record component
     * @param actor see the record component
     * @param at see the record component
     * @param message see the record component
     * @param by see the record component
     * @param conversationMessageId see the record component
     * @throws IllegalArgumentException if {@code conversationMessageId} is negative
     */
    public MessageUnpinned {
        ChatActions.checkPin(meta, chat, actor, at, message, by, conversationMessageId);
    }

    /** {@return the unpinned message, if VK named it} */
    public Optional<MessageRef> unpinned() {
        return ChatActions.pinRef(chat, conversationMessageId);
    }
}
