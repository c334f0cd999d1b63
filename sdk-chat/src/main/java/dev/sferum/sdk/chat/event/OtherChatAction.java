package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.internal.Json;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat service action without a type of its own here: {@code chat_screenshot}, and any action VK adds later.
 *
 * @param meta VK's envelope and the raw JSON
 * @param chat the chat the action happened in
 * @param actor who acted: on VK the service message's {@code from}
 * @param at when it happened
 * @param message the service message, on VK; empty on MAX, which has none
 * @param actionType VK's {@code action.type}, such as {@code chat_screenshot}; not blank
 * @param actionJson the {@code action} object as JSON text
 * @since 0.1.0
 */
public record OtherChatAction(EventMeta meta, PeerId chat, PeerId actor, Instant at, Optional<Message> message,
        String actionType, String actionJson) implements ChatActionEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param chat see the record component
     * @param actor see the record component
     * @param at see the record component
     * @param message see the record component
     * @param actionType see the record component
     * @param actionJson see the record component
     * @throws IllegalArgumentException if {@code actionType} is blank
     */
    public OtherChatAction {
        ChatActions.check(meta, chat, actor, at, message);
        Objects.requireNonNull(actionType, "actionType");
        Objects.requireNonNull(actionJson, "actionJson");
        if (actionType.isBlank()) {
            throw new IllegalArgumentException("action type must not be blank");
        }
    }

    /** {@return the {@code action} object as a fresh tree, which the caller may change} */
    public JsonNode action() {
        return Json.mapper().readTree(actionJson);
    }

    /** {@return the ids and the action type; never the action's texts} */
    @Override
    public String toString() {
        return "OtherChatAction[" + meta + ", chat=" + chat + ", actor=" + actor + ", at=" + at + ", message="
                + message.map(Message::toString).orElse("none") + ", actionType=" + actionType + "]";
    }
}
