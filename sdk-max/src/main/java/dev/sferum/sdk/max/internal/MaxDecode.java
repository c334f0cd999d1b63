package dev.sferum.sdk.max.internal;

import dev.sferum.sdk.chat.Chat;
import dev.sferum.sdk.chat.ChatMember;
import dev.sferum.sdk.chat.ChatState;
import dev.sferum.sdk.chat.Conversation;
import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MAX's JSON models (OpenAPI schema 0.0.30: {@code Chat}, {@code ChatMember}, {@code Message}) to the chat module's
 * values. Lenient: unknown fields are ignored, missing optional ones become empty.
 */
public final class MaxDecode {

    private MaxDecode() {
    }

    /**
     * @param c a {@code Chat}
     * @return the chat
     */
    public static Chat chat(JsonNode c) {
        long id = c.path("chat_id").asLong(0);
        long owner = c.path("owner_id").asLong(0);
        String title = c.path("title").isString() ? c.path("title").asString() : "";
        return new Chat(PeerId.chat(id), title, owner > 0 ? PeerId.user(owner) : null, Math.max(0, c.path("participants_count").asInt(0)),
                state(c.path("status").asString("")), List.of());
    }

    /**
     * @param status MAX's {@code ChatStatus}
     * @return the bot's standing
     */
    public static ChatState state(String status) {
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "active" -> ChatState.IN;
            case "removed" -> ChatState.KICKED;
            case "left" -> ChatState.LEFT;
            case "closed", "suspended" -> ChatState.OUT;
            default -> ChatState.UNKNOWN;
        };
    }

    /**
     * @param c a {@code Chat} of type {@code chat}, {@code channel} or {@code dialog}
     * @return the conversation: a chat's details, or a dialog with its user
     */
    public static Conversation conversation(JsonNode c) {
        Instant last = c.path("last_event_time").asLong(0) > 0 ? Instant.ofEpochMilli(c.path("last_event_time").asLong()) : null;
        if ("dialog".equals(c.path("type").asString(""))) {
            long user = c.path("dialog_with_user").path("user_id").asLong(0);
            PeerId peer = user > 0 ? PeerId.user(user) : PeerId.chat(c.path("chat_id").asLong());
            return new Conversation(peer, null, 0, 0, last);
        }
        Chat chat = chat(c);
        return new Conversation(chat.peer(), chat, 0, 0, last);
    }

    /**
     * @param m a {@code ChatMember}
     * @return the member
     */
    public static ChatMember member(JsonNode m) {
        long join = m.path("join_time").asLong(0);
        return new ChatMember(PeerId.user(m.path("user_id").asLong()), m.path("is_admin").asBoolean(false),
                m.path("is_owner").asBoolean(false), null, join > 0 ? Instant.ofEpochMilli(join) : null);
    }

    /**
     * @param m a {@code Message}
     * @param peer the peer the caller knows the message's chat as (a dialog's user, or the chat)
     * @return the message, its text without the SDK's marker and the marker's id as {@link Message#randomId()}; or
     *     {@code null} if it has no {@code mid}
     */
    public static Message message(JsonNode m, PeerId peer) {
        JsonNode body = m.path("body");
        String mid = body.path("mid").asString("");
        if (mid.isBlank()) {
            return null;
        }
        String raw = body.path("text").isString() ? body.path("text").asString() : "";
        long sender = m.path("sender").path("user_id").asLong(0);
        PeerId from = sender > 0 ? PeerId.user(sender) : peer;
        return new Message(MessageRef.keyed(peer, mid), from, Instant.ofEpochMilli(m.path("timestamp").asLong(0)), Marker.strip(raw),
                attachments(body.path("attachments")), Marker.find(raw).orElse(0), null);
    }

    /**
     * The peer a message is in, by MAX's {@code recipient}: the chat (dialogs too have a chat id), or the user when
     * MAX gave no chat id.
     *
     * @param m a {@code Message}
     * @return the peer
     */
    public static PeerId peerOf(JsonNode m) {
        JsonNode r = m.path("recipient");
        long chat = r.path("chat_id").asLong(0);
        return chat != 0 ? PeerId.chat(chat) : PeerId.user(r.path("user_id").asLong());
    }

    /**
     * Attachments in the SDK's MAX wire form {@code <type>:<token>} (or {@code <type>} when MAX gave no token).
     *
     * @param list MAX's {@code attachments}
     * @return the wire forms
     */
    static List<String> attachments(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : list) {
            String type = a.path("type").asString("");
            if (type.isEmpty()) {
                continue;
            }
            String token = a.path("payload").path("token").asString("");
            out.add(token.isEmpty() || token.chars().anyMatch(ch -> ch == ',' || Character.isWhitespace(ch)) ? type : type + ":" + token);
        }
        return out;
    }
}
