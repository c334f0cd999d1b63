package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.core.internal.Require;

import java.util.Optional;

/**
 * A message was deleted: MAX's {@code message_removed} update ({@code MessageRemovedUpdate}: {@code message_id},
 * {@code chat_id}, {@code user_id}). VK's Callback API and Bots Long Poll send no such event, so VK streams never carry
 * it.
 *
 * <pre>{@code
 * events.on(MessageDeleted.class, d -> archive.markDeleted(d.message(), d.by()));
 * }</pre>
 *
 * <p>MAX names the chat by its {@code chat_id} also for a dialog, while MAX's other updates name a dialog by the user
 * (as VK does), so a deletion in a dialog runs in the chat's lane, not the user's: it is not ordered after that
 * dialog's messages.
 *
 * @param meta the envelope and the raw JSON
 * @param message the deleted message: in {@code chat}, keyed by MAX's {@code mid}
 * @param chat the chat the message was in
 * @param by who deleted it
 * @since 0.1.0
 */
public record MessageDeleted(EventMeta meta, MessageRef message, PeerId chat, UserId by) implements ChatEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param message see the record component
     * @param chat see the record component
     * @param by see the record component
     * @throws IllegalArgumentException if the message is not in {@code chat}
     */
    public MessageDeleted {
        Require.nonNull("meta message chat by", meta, message, chat, by);
        if (!message.peer().equals(chat)) {
            throw new IllegalArgumentException("the deleted message " + message + " is not in " + chat);
        }
    }

    /** {@return the chat the message was deleted from} */
    @Override
    public Optional<PeerId> peer() {
        return Optional.of(chat);
    }

    /** {@return the ids; never texts} */
    @Override
    public String toString() {
        return "MessageDeleted[" + meta + ", message=" + message + ", by=" + by + "]";
    }
}
