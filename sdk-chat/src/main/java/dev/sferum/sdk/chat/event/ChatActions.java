package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.PeerId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The checks every {@link ChatActionEvent} makes of the values it shares with its service message. */
final class ChatActions {

    private ChatActions() {
    }

    /**
     * @param chat the chat
     * @param actor who acted
     * @param at when
     * @param message the service message, if the backend has one
     * @throws IllegalArgumentException if the message is in another chat, from another author or of another time
     */
    static void check(PeerId chat, PeerId actor, Instant at, Optional<Message> message) {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(message, "message");
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
}
