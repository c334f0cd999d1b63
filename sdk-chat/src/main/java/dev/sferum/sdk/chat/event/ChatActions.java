package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.internal.Require;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The checks every {@link ChatActionEvent} makes of the values it shares with its service message. */
final class ChatActions {

    private ChatActions() {
    }

    /**
     * Checks that a chat action's parts agree with its service message.
     *
     * @param meta the envelope
     * @param chat the chat
     * @param actor who acted
     * @param at when
     * @param message the service message, if the backend has one
     * @throws IllegalArgumentException if the message is in another chat, from another author or of another time
     */
    static void check(EventMeta meta, PeerId chat, PeerId actor, Instant at, Optional<Message> message) {
        Require.nonNull("meta chat actor at message", meta, chat, actor, at, message);
        if (message.isEmpty()) {
            return;
        }
        Message m = message.get();
        if (!m.ref().peer().equals(chat) || !m.from().equals(actor) || !m.date().equals(at)) {
            throw new IllegalArgumentException("the service message " + m.ref() + " from " + m.from() + " at " + m.date()
                    + " does not match the action's chat " + chat + ", actor " + actor + " and time " + at
                    + "; pass the message's own values");
        }
    }

    /**
     * The checks of a pin or an unpin ({@link MessagePinned}, {@link MessageUnpinned}).
     *
     * @param meta the envelope
     * @param chat the chat
     * @param actor who acted
     * @param at when
     * @param message the service message, if the backend has one
     * @param by who pinned or unpinned
     * @param conversationMessageId the message's id in the chat, or 0 if not sent
     * @throws IllegalArgumentException as {@link #check}, or if {@code conversationMessageId} is negative
     */
    static void checkPin(EventMeta meta, PeerId chat, PeerId actor, Instant at, Optional<Message> message, PeerId by,
            long conversationMessageId) {
        check(meta, chat, actor, at, message);
        Objects.requireNonNull(by, "by");
        Require.notNegative(conversationMessageId, "conversation_message_id");
    }

    /**
     * Names the pinned or unpinned message of a chat action.
     *
     * @param chat the chat
     * @param conversationMessageId the pinned or unpinned message's id in the chat, or 0 if not sent
     * @return the message, if named
     */
    static Optional<MessageRef> pinRef(PeerId chat, long conversationMessageId) {
        return conversationMessageId > 0 ? Optional.of(MessageRef.of(chat, 0, conversationMessageId)) : Optional.empty();
    }
}
