package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.core.internal.Require;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.util.Optional;

/**
 * A user pressed a callback button on a keyboard the community sent ({@code message_event}; on MAX
 * {@code message_callback}, with the button's {@code callback_id} as {@link #buttonEventId()}). Answer within a few
 * seconds with {@code messages.sendMessageEventAnswer(event_id, user_id, peer_id)} using {@link #buttonEventId()},
 * or the user's client shows a spinner until it gives up.
 *
 * <pre>{@code
 * events.on(MessageEvent.class, press -> {
 *     long lesson = press.payloadTree().path("lesson").asLong();
 *     api.call("messages.sendMessageEventAnswer", Map.of("event_id", press.buttonEventId(),
 *             "user_id", press.user().value(), "peer_id", peerIds.toVk(press.conversation())));
 * });
 * }</pre>
 *
 * <p>VK's schema types the button's {@code payload} as a string, yet clients usually receive the JSON object
 * itself; both are read. {@link #payload()} is the payload as JSON text; {@link #payloadTree()} parses it.
 * {@link #toString()} shows only the payload's length.
 *
 * @param meta VK's envelope and the raw JSON
 * @param user who pressed the button
 * @param conversation the chat or dialog the button's message is in
 * @param buttonEventId the press's own id ({@code object.event_id}, not the envelope's), needed to answer it; not
 *     blank
 * @param payload the button's payload as JSON text (an object sent by VK is written out; a string is kept as it
 *     came); empty if the button had none
 * @param conversationMessageId the button message's {@code conversation_message_id}, or 0 if VK did not send it
 *     (always 0 on MAX)
 * @param messageKey the button message's string id on a backend that names messages so (MAX's {@code mid}), or
 *     empty (always on VK)
 * @since 0.1.0
 */
public record MessageEvent(EventMeta meta, UserId user, PeerId conversation, String buttonEventId, String payload,
                           long conversationMessageId, String messageKey) implements ChatEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param user see the record component
     * @param conversation see the record component
     * @param buttonEventId see the record component
     * @param payload see the record component
     * @param conversationMessageId see the record component
     * @param messageKey see the record component
     * @throws IllegalArgumentException if {@code buttonEventId} is blank, {@code conversationMessageId} is negative,
     *     {@code messageKey} is blank but not empty, or both a {@code conversationMessageId} and a {@code messageKey}
     *     are given
     */
    public MessageEvent {
        Require.nonNull("meta user conversation buttonEventId payload messageKey", meta, user, conversation, buttonEventId, payload, messageKey);
        if (buttonEventId.isBlank()) {
            throw new IllegalArgumentException("a message_event needs its object.event_id to be answered; it is blank");
        }
        Require.notNegative(conversationMessageId, "conversation_message_id");
        if (!messageKey.isEmpty() && messageKey.isBlank()) {
            throw new IllegalArgumentException("a message key must be empty (none) or not blank");
        }
        if (!messageKey.isEmpty() && conversationMessageId > 0) {
            throw new IllegalArgumentException("a button message is named by a conversation_message_id (VK) or a key (MAX), not both: cmid "
                    + conversationMessageId + ", key " + messageKey);
        }
    }

    /**
     * A press on VK, whose messages have numeric ids only.
     *
     * @param meta see the record component
     * @param user see the record component
     * @param conversation see the record component
     * @param buttonEventId see the record component
     * @param payload see the record component
     * @param conversationMessageId see the record component
     * @throws IllegalArgumentException if {@code buttonEventId} is blank or {@code conversationMessageId} is negative
     */
    public MessageEvent(EventMeta meta, UserId user, PeerId conversation, String buttonEventId, String payload,
                        long conversationMessageId) {
        this(meta, user, conversation, buttonEventId, payload, conversationMessageId, "");
    }

    /**
     * The payload as a fresh JSON tree, which the caller may change. A payload that is not JSON comes back as a
     * string node; no payload as an empty object.
     *
     * @return the payload tree
     */
    public JsonNode payloadTree() {
        if (payload.isEmpty()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return Json.mapper().readTree(payload);
        } catch (JacksonException e) {
            return JsonNodeFactory.instance.stringNode(payload);
        }
    }

    /**
     * {@return the message whose button was pressed: on VK by its {@code conversation_message_id}, on MAX by its
     *     {@code mid} ({@link MessageRef#key()}); empty if the backend did not name it (VK sent no cmid, or MAX's
     *     message was already deleted)}
     */
    public Optional<MessageRef> message() {
        if (!messageKey.isEmpty()) {
            return Optional.of(MessageRef.keyed(conversation, messageKey));
        }
        return conversationMessageId > 0 ? Optional.of(MessageRef.of(conversation, 0, conversationMessageId)) : Optional.empty();
    }

    /** {@return the chat or dialog of the button's message} */
    @Override
    public Optional<PeerId> peer() {
        return Optional.of(conversation);
    }

    /** {@return the ids and the payload's length; never the payload} */
    @Override
    public String toString() {
        return "MessageEvent[" + meta + ", user=" + user + ", conversation=" + conversation + ", buttonEventId=" + buttonEventId
                + ", payloadLength=" + payload.length() + ", conversationMessageId=" + conversationMessageId
                + (messageKey.isEmpty() ? "" : ", messageKey=" + messageKey) + "]";
    }
}
